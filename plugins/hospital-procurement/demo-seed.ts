import type { DemoSeedContext } from '../../core/plugin-api';
import { addDays, dayOfNextMonth, demoCreditCode, monthOf, nextMonth, nextQuarter, num, quarterBounds, quarterOf, seededRandom } from '../../core/plugin-api';
import { reportDueDays } from './rules';

/**
 * A year of procurement for the demo county hospital, dated relative to the seeding day so the
 * planted violations are the same whatever day it runs. Names are invented (示范县 is fictional).
 * Ordinary data is built to stay clear of every rule; each PLANTED entry breaks exactly one.
 */

export const DEFAULT_TENDER_THRESHOLD_FEN = 20_000_000;

type Cat = 'drugs' | 'consumables' | 'devices' | 'equipment' | 'works' | 'services';

const SUPPLIER_NAMES: Record<Cat, string[]> = {
  drugs: ['示范县青禾医药有限公司', '示范县百川药业有限公司', '示范县康泰医药贸易有限公司', '示范县仁和堂医药有限公司', '示范县春晖药品配送有限公司', '示范县天衡医药有限公司', '示范县瑞丰药业有限公司', '示范县鹤年医药有限公司', '示范县安宁医药物流有限公司', '示范县博济医药有限公司'],
  consumables: ['示范县洁康医用材料有限公司', '示范县恒安卫材有限公司', '示范县益生医疗用品有限公司', '示范县华普耗材有限公司', '示范县立信医疗器材有限公司', '示范县润泽医用品有限公司', '示范县德源卫生材料有限公司', '示范县鼎盛医疗用品有限公司'],
  devices: ['示范县精诚医疗器械有限公司', '示范县光明医疗设备有限公司', '示范县东岳器械有限公司', '示范县远航医疗科技有限公司', '示范县同济医疗器械有限公司', '示范县泰和医疗器械有限公司', '示范县宏图医疗器械有限公司'],
  equipment: ['示范县科瑞医疗装备有限公司', '示范县众联设备有限公司', '示范县新源机电设备有限公司', '示范县嘉禾医学影像设备有限公司', '示范县卓越医疗装备有限公司'],
  works: ['示范县建安工程有限公司', '示范县弘基建设有限公司', '示范县筑诚装饰工程有限公司', '示范县中和建筑安装有限公司', '示范县永固建设工程有限公司'],
  services: ['示范县安居物业服务有限公司', '示范县清源保洁服务有限公司', '示范县信达信息技术有限公司', '示范县平安保安服务有限公司', '示范县惠民餐饮服务有限公司'],
};

const ITEMS: Record<Cat, string[]> = {
  drugs: ['阿莫西林胶囊', '头孢呋辛酯片', '左氧氟沙星注射液', '奥美拉唑肠溶胶囊', '硝苯地平控释片', '二甲双胍片', '阿托伐他汀钙片', '氯化钠注射液', '葡萄糖注射液', '布洛芬缓释胶囊', '盐酸氨溴索注射液', '复方甘草片', '维生素C注射液', '甲硝唑氯化钠注射液', '地塞米松磷酸钠注射液', '胰岛素注射液', '低分子肝素钙注射液', '缬沙坦胶囊', '阿司匹林肠溶片', '氯吡格雷片', '利巴韦林颗粒', '蒙脱石散', '多潘立酮片', '雷贝拉唑钠肠溶片', '头孢曲松钠', '青霉素钠', '丹参注射液', '银杏叶片', '板蓝根颗粒', '连花清瘟胶囊', '甘露醇注射液', '碳酸氢钠注射液', '呋塞米注射液', '硝酸甘油片', '美托洛尔片', '氨氯地平片', '格列齐特缓释片', '叶酸片', '铁剂口服液', '钙尔奇D片'],
  consumables: ['一次性使用无菌注射器', '一次性输液器', '医用外科口罩', '医用检查手套', '无菌纱布块', '医用棉签', '静脉留置针', '一次性导尿包', '医用胶带', '真空采血管', '一次性手术衣', '医用防护服', '吸氧管', '雾化器面罩', '心电电极片', '一次性中单', '缝合线', '手术刀片', '引流袋', '医用酒精', '碘伏消毒液', '止血带', '压舌板', '输液贴', '采血针', '弹力绷带', '医用冰袋', '鼻饲管', '护理垫', '口腔护理包'],
  devices: ['电子血压计', '指夹式脉搏血氧仪', '医用红外体温计', '血糖仪', '雾化吸入器', '医用轮椅', '听诊器', '输液泵', '注射泵', '吸痰器', '医用推车', '病床护栏', '负压引流器', '医用电子秤', '心电图机导联线', '除颤电极', '喉镜片', '血压袖带', '医用冷藏箱', '紫外线消毒车'],
  equipment: ['彩色多普勒超声诊断仪', '全自动生化分析仪', '数字化X射线摄影系统', '多参数监护仪', '呼吸机', '麻醉机', '血液透析机', '全自动血细胞分析仪', '电子胃肠镜', '高压蒸汽灭菌器'],
  works: ['门诊楼外立面改造工程', '住院部病房装修工程', '医疗污水处理站改造工程', '院区道路及管网改造工程', '发热门诊改扩建工程', '手术室净化工程', '消防设施改造工程', '供氧系统改造工程', '停车场建设工程', '食堂改造工程'],
  services: ['保洁服务', '保安服务', '信息系统运维服务', '医疗废物转运服务', '被服洗涤服务', '电梯维保服务', '绿化养护服务', '食堂托管服务', '设备维保服务', '档案整理服务', '网络安全测评服务', '空调维保服务', '消防维保服务', '车辆租赁服务', '病历打印服务'],
};

const DEPARTMENT: Record<Cat, string> = { drugs: '药剂科', consumables: '总务科', devices: '设备科', equipment: '设备科', works: '总务科', services: '院办公室' };
// Who handles each department's purchases: 陈思远 is the demo's buyer account (hosp-buyer); the others are invented.
const BUYER: Record<Cat, string> = { drugs: '陈思远', consumables: '马国栋', devices: '林振华', equipment: '林振华', works: '马国栋', services: '何丽娟' };

// Invented staff who sit in the separated roles; offsets keep the three roles disjoint.
const STAFF = ['赵敏华', '钱立群', '孙晓东', '李春燕', '周海涛', '吴文静', '郑志刚', '王雪梅', '冯建军', '陈晓丽', '褚国庆', '卫小红', '蒋文斌', '沈玉兰', '韩志强', '杨丽萍', '朱永红', '秦海燕', '尤建华', '许美玲'];
const APPROVERS = ['吴海波', '周明远'];

export interface DemoProject {
  key: string;
  category: Cat;
  supplier: string;
  name: string;
  items: { itemName: string; spec?: string; quantity: number; unitPriceFen: number; referencePriceFen?: number }[];
  totalFen: number;
  method: string;
  methodReason?: string;
  awardedOn: string;
  roles: { reviewer: string; evaluators: string[]; decider: string };
  decision: boolean;
  planted?: string;
}

export interface DemoReport {
  kind: 'monthly-finance' | 'quarterly-supervision';
  period: string;
  filedOn: string;
  planted?: string;
}

export interface DemoYear {
  suppliers: { name: string; category: Cat; creditCode: string; blacklist?: { from: string; to: string; reason: string } }[];
  projects: DemoProject[];
  reports: DemoReport[];
}

/** The whole demo year as plain data (tests check it against the rules without a database). */
export function buildDemoYear(today: string, opts: { tenderThresholdFen: number; majorMatterThresholdFen: number; monthlyDueDay?: number; quarterlyDueDay?: number }): DemoYear {
  const rand = seededRandom(20260701);
  const T = opts.tenderThresholdFen;
  const M = opts.majorMatterThresholdFen;
  const day = (offset: number) => addDays(today, offset);
  const between = (lo: number, hi: number) => Math.round(lo + (hi - lo) * rand());
  const suppliers: DemoYear['suppliers'] = [];
  for (const [cat, names] of Object.entries(SUPPLIER_NAMES) as [Cat, string[]][]) for (const name of names) suppliers.push({ name, category: cat, creditCode: demoCreditCode(rand, '361099') });
  const SPLIT_SUPPLIER = SUPPLIER_NAMES.consumables[7];
  const BLACKLISTED = SUPPLIER_NAMES.devices[6];
  suppliers.find((s) => s.name === BLACKLISTED)!.blacklist = { from: day(-120), to: day(245), reason: '投标时提供虚假资质证明材料，经核实列入黑名单' };
  const active: Record<Cat, string[]> = {
    drugs: SUPPLIER_NAMES.drugs,
    consumables: SUPPLIER_NAMES.consumables.filter((n) => n !== SPLIT_SUPPLIER),
    devices: SUPPLIER_NAMES.devices.filter((n) => n !== BLACKLISTED),
    equipment: SUPPLIER_NAMES.equipment,
    works: SUPPLIER_NAMES.works,
    services: SUPPLIER_NAMES.services,
  };
  const nextSupplier: Record<string, number> = {};
  const pickSupplier = (cat: Cat) => {
    const i = nextSupplier[cat] ?? 0;
    nextSupplier[cat] = i + 1;
    return active[cat][i % active[cat].length];
  };
  const nextItem: Record<string, number> = {};
  const pickItem = (cat: Cat) => {
    const i = nextItem[cat] ?? 0;
    nextItem[cat] = i + 1;
    return ITEMS[cat][i % ITEMS[cat].length];
  };
  let roleSeq = 0;
  const roles = () => {
    const i = roleSeq++;
    return { reviewer: STAFF[i % 20], evaluators: [STAFF[(i + 1) % 20], STAFF[(i + 2) % 20], STAFF[(i + 3) % 20]], decider: STAFF[(i + 5) % 20] };
  };
  const projects: DemoProject[] = [];

  // Small purchases: each below 0.28 × the tender threshold, so three from one supplier within 30 days stay below it.
  const smallPattern: Cat[] = ['drugs', 'consumables', 'drugs', 'devices', 'consumables', 'drugs', 'services', 'consumables', 'drugs', 'devices'];
  const SMALL = 540;
  for (let i = 0; i < SMALL; i++) {
    const cat = smallPattern[i % smallPattern.length];
    const total = between(0.02 * T, 0.28 * T);
    const itemName = pickItem(cat);
    const quantity = cat === 'services' ? 1 : between(10, 400);
    const unit = Math.floor(total / quantity);
    const withRef = cat === 'drugs' || cat === 'consumables';
    // Every 40th small purchase is single source (a sole maker's spare part), all well after the year's first quarter.
    const single = i % 40 === 20;
    projects.push({
      key: `small-${i}`,
      category: cat,
      supplier: pickSupplier(cat),
      name: cat === 'services' ? itemName : `${itemName}采购`,
      items: [{ itemName, quantity, unitPriceFen: unit, ...(withRef ? { referencePriceFen: Math.round(unit * (1 + rand() * 0.12)) } : {}) }],
      totalFen: unit * quantity,
      method: single ? 'single-source' : 'inquiry',
      methodReason: single ? '原厂专用配件，仅该供应商供货' : undefined,
      awardedOn: day(-362 + Math.floor((i * 358) / SMALL)),
      roles: roles(),
      decision: false,
    });
  }

  // Tendered purchases: equipment, works and large devices, spread over the year.
  const large: { cat: Cat; n: number; lo: number; hi: number; method: string }[] = [
    { cat: 'equipment', n: 25, lo: 1.1 * T, hi: 2.2 * T, method: 'public-tender' },
    { cat: 'works', n: 10, lo: 1.1 * M, hi: 1.5 * M, method: 'public-tender' },
    { cat: 'devices', n: 12, lo: 1.05 * T, hi: 1.8 * T, method: 'invitation-tender' },
  ];
  let li = 0;
  for (const g of large) {
    for (let k = 0; k < g.n; k++, li++) {
      const total = between(g.lo, g.hi);
      const itemName = g.cat === 'works' ? ITEMS.works[k % ITEMS.works.length] : pickItem(g.cat);
      projects.push({
        key: `large-${li}`,
        category: g.cat,
        supplier: pickSupplier(g.cat),
        name: g.cat === 'works' ? itemName : `${itemName}采购项目`,
        items: [{ itemName, quantity: 1, unitPriceFen: total }],
        totalFen: total,
        method: g.method,
        awardedOn: day(-340 + ((li * 37) % 320)),
        roles: roles(),
        decision: total >= M,
      });
    }
  }

  // PLANTED, one per rule.
  const plant = (p: Omit<DemoProject, 'roles' | 'decision'> & Partial<Pick<DemoProject, 'roles' | 'decision'>>) => projects.push({ roles: roles(), decision: p.totalFen >= M, ...p });
  plant({ key: 'planted-major', planted: 'major-matter-without-decision', category: 'works', supplier: SUPPLIER_NAMES.works[2], name: '住院部屋面防水维修工程', items: [{ itemName: '住院部屋面防水维修工程', quantity: 1, unitPriceFen: Math.round(M * 1.1) }], totalFen: Math.round(M * 1.1), method: 'public-tender', awardedOn: day(-170), decision: false });
  plant({
    key: 'planted-separation',
    planted: 'three-separation-breach',
    category: 'equipment',
    supplier: SUPPLIER_NAMES.equipment[1],
    name: '全自动化学发光免疫分析仪采购项目',
    items: [{ itemName: '全自动化学发光免疫分析仪', quantity: 1, unitPriceFen: Math.round(T * 1.5) }],
    totalFen: Math.round(T * 1.5),
    method: 'public-tender',
    awardedOn: day(-130),
    roles: { reviewer: '钱立群', evaluators: ['钱立群', '陈晓丽', '蒋文斌'], decider: '许美玲' },
  });
  plant({ key: 'planted-share', planted: 'supplier-share-too-high', category: 'services', supplier: SUPPLIER_NAMES.services[0], name: '院区物业管理服务项目（三年）', items: [{ itemName: '院区物业管理服务', quantity: 1, unitPriceFen: 10 * T }], totalFen: 10 * T, method: 'public-tender', awardedOn: day(-220) });
  for (const [k, offset] of [-95, -85, -76].entries()) {
    plant({ key: `planted-split-${k}`, planted: 'split-purchase', category: 'consumables', supplier: SPLIT_SUPPLIER, name: `手术室定制敷料包采购（第${k + 1}批）`, items: [{ itemName: '手术室定制敷料包', quantity: 400, unitPriceFen: Math.round((0.4 * T) / 400) }], totalFen: 400 * Math.round((0.4 * T) / 400), method: 'inquiry', awardedOn: day(offset) });
  }
  plant({ key: 'planted-price', planted: 'price-above-reference', category: 'drugs', supplier: SUPPLIER_NAMES.drugs[4], name: '注射用头孢哌酮钠舒巴坦钠采购', items: [{ itemName: '注射用头孢哌酮钠舒巴坦钠', spec: '1.5g', quantity: 200, unitPriceFen: 5000, referencePriceFen: 4000 }], totalFen: 200 * 5000, method: 'inquiry', awardedOn: day(-45) });
  plant({ key: 'planted-blacklist', planted: 'award-to-blacklisted-supplier', category: 'devices', supplier: BLACKLISTED, name: '病房呼叫系统配件采购', items: [{ itemName: '病房呼叫系统配件', quantity: 30, unitPriceFen: Math.round((0.15 * T) / 30) }], totalFen: 30 * Math.round((0.15 * T) / 30), method: 'inquiry', awardedOn: day(-60) });

  // Emergency burst in the quarter 200 days back: six purchases of about 7% of that quarter's other spend each.
  const q = quarterOf(day(-200));
  const qSpend = projects.filter((p) => quarterOf(p.awardedOn) === q).reduce((s, p) => s + p.totalFen, 0);
  const qb = quarterBounds(q);
  const emergencySuppliers: [Cat, string][] = [['drugs', SUPPLIER_NAMES.drugs[1]], ['drugs', SUPPLIER_NAMES.drugs[6]], ['drugs', SUPPLIER_NAMES.drugs[8]], ['consumables', SUPPLIER_NAMES.consumables[0]], ['consumables', SUPPLIER_NAMES.consumables[3]], ['consumables', SUPPLIER_NAMES.consumables[5]]];
  emergencySuppliers.forEach(([cat, supplier], k) => {
    const total = Math.round(qSpend * 0.07);
    plant({ key: `planted-emergency-${k}`, planted: 'non-competitive-share-too-high', category: cat, supplier, name: `突发传染病应急物资采购（第${k + 1}批）`, items: [{ itemName: `应急防控物资（${k + 1}）`, quantity: 1, unitPriceFen: total }], totalFen: total, method: 'emergency', methodReason: '应对突发公共卫生事件，按应急预案紧急采购', awardedOn: addDays(qb.from, 20 + k * 9) });
  });

  // Reports: every period whose due date has passed, filed three days early; one month filed late.
  const reports: DemoReport[] = [];
  const first = projects.map((p) => p.awardedOn).sort()[0];
  const lateMonth = monthOf(day(-150));
  for (let m = monthOf(first); m <= monthOf(today); m = nextMonth(m)) {
    const due = dayOfNextMonth(m, opts.monthlyDueDay ?? 10);
    if (due >= today) continue;
    reports.push(m === lateMonth ? { kind: 'monthly-finance', period: m, filedOn: addDays(due, 3), planted: 'report-not-filed' } : { kind: 'monthly-finance', period: m, filedOn: addDays(due, -3) });
  }
  for (let qq = quarterOf(first); qq <= quarterOf(today); qq = nextQuarter(qq)) {
    const due = dayOfNextMonth(quarterBounds(qq).to.slice(0, 7), opts.quarterlyDueDay ?? 15);
    if (due < today) reports.push({ kind: 'quarterly-supervision', period: qq, filedOn: addDays(due, -5) });
  }
  projects.sort((a, b) => a.awardedOn.localeCompare(b.awardedOn) || a.key.localeCompare(b.key));
  return { suppliers, projects, reports };
}

/** Stores the demo year through the contract. */
export async function seedDemoYear(ctx: DemoSeedContext): Promise<void> {
  const T = num(ctx.options.tenderThresholdFen, DEFAULT_TENDER_THRESHOLD_FEN);
  const M = num(ctx.options.majorMatterThresholdFen, 50_000_000);
  const year = buildDemoYear(ctx.today, { tenderThresholdFen: T, majorMatterThresholdFen: M, ...reportDueDays(ctx.options) });
  const ids = new Map<string, number>();
  for (const [i, s] of year.suppliers.entries()) {
    const r = await ctx.createRecord('supplier', {
      name: s.name,
      creditCode: s.creditCode,
      contactName: `${STAFF[(i * 7) % 20].slice(0, 1)}经理`,
      contactPhone: `0797-${String(8100000 + i * 137).slice(0, 7)}`,
      categories: [s.category],
      blacklisted: !!s.blacklist,
      ...(s.blacklist ? { blacklistReason: s.blacklist.reason, blacklistFrom: s.blacklist.from, blacklistTo: s.blacklist.to } : {}),
    });
    ids.set(s.name, r.id);
  }
  for (const [i, p] of year.projects.entries()) {
    const tender = p.method === 'public-tender' || p.method === 'invitation-tender';
    const accepted = addDays(p.awardedOn, 30);
    await ctx.createRecord('procurement-project', {
      projectNo: `YY-CG-${p.awardedOn.slice(0, 4)}-${String(i + 1).padStart(4, '0')}`,
      name: p.name,
      category: p.category,
      items: p.items,
      totalFen: p.totalFen,
      budgetSource: p.category === 'works' || p.category === 'equipment' ? 'fiscal' : 'own-funds',
      department: DEPARTMENT[p.category],
      buyer: BUYER[p.category],
      method: p.method,
      ...(p.methodReason ? { methodReason: p.methodReason } : {}),
      ...(tender ? { announcedOn: addDays(p.awardedOn, -25), bidOpenedOn: addDays(p.awardedOn, -3) } : {}),
      awardedOn: p.awardedOn,
      contractOn: addDays(p.awardedOn, 7),
      ...(accepted < ctx.today ? { acceptedOn: accepted } : {}),
      qualificationReviewer: p.roles.reviewer,
      evaluators: p.roles.evaluators,
      awardDecider: p.roles.decider,
      approver: APPROVERS[p.totalFen >= M ? 1 : 0],
      ...(p.decision ? { decisionMeetingDate: addDays(p.awardedOn, -30), decisionMinutesRef: `院党委会纪要〔${p.awardedOn.slice(0, 4)}〕${(i % 40) + 1}号` } : {}),
      contractNo: `HT-${p.awardedOn.slice(0, 4)}-${String(i + 1).padStart(4, '0')}`,
      supplier: ids.get(p.supplier),
    });
  }
  for (const r of year.reports) {
    await ctx.createRecord('procurement-report', {
      kind: r.kind,
      period: r.period,
      filedOn: r.filedOn,
      recipient: r.kind === 'monthly-finance' ? '财务科' : '院纪检监察室',
      summary: r.kind === 'monthly-finance' ? '本月采购活动按计划进行。' : '本季度采购活动均在纪检监察室监督下进行。',
    });
  }
}
