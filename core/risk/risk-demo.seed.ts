import type { INestApplicationContext } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { RoleAssignmentEntity, UserEntity } from '../auth/auth.entities';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { DepartmentEntity, InstitutionEntity, PersonEntity } from '../org/org.entities';
import type { Role } from '../plugin-api';
import { CommitmentService } from './commitment.service';
import { IdentificationService } from './identification.service';
import { PowerService } from './power.service';
import { PublicationService } from './publication.service';
import { RiskPointService } from './risk-point.service';
import { RiskPresetsImportService } from './risk-presets-import.service';
import { CreateRiskPointDto, ImportPresetsDto, PresetPostDto } from './risk.dto';
import { PowerEntity } from './risk.entities';
import { SelfCheckService } from './self-check.service';

/** Demo accounts this seed acts as (apps/cli/demo-seed.ts creates them); the colleague is optional. */
const ACCOUNTS = {
  buyer: 'hosp-buyer',
  colleague: 'hosp-pharmacist',
  pharmacyHead: 'hosp-pharmacy-head',
  deputy: 'hosp-deputy',
  head: 'hosp-head',
  officer: 'hosp-jijian',
} as const;

/**
 * Where the procurement plugin's presets go in the demo hospital: the hospital's own posts for the presets' post
 * names, the presets put on posts (the buyer's kickback and splitting points and the unit's major-matter point are
 * written out below instead), and the presets each procurement department takes as its own points (附表2).
 */
const PROCUREMENT_PRESETS = {
  pluginId: 'hospital-procurement',
  posts: { '药品（耗材）采购员': 'buyer', '药剂科/设备科负责人': 'pharmacyHead', 验收保管员: 'colleague' } as Record<string, keyof typeof ACCOUNTS>,
  onPosts: ['price-inflation', 'brand-in-spec', 'emergency-abuse', 'unqualified-goods', 'separation'],
  departments: {
    药剂科: ['kickback', 'brand-in-spec', 'split-purchase', 'price-inflation', 'unqualified-goods', 'emergency-abuse'],
    设备科: ['brand-in-spec', 'bid-leak', 'unqualified-goods', 'emergency-abuse'],
  } as Record<string, string[]>,
};

/** Imports the procurement presets as the demo hospital's points when the plugin is enabled there; presets whose post the demo lacks are left out. */
async function importProcurementPresets(app: INestApplicationContext, institutionId: number, officer: Actor, who: Partial<Record<keyof typeof ACCOUNTS, Actor>>): Promise<void> {
  const presets = app.get(RiskPresetsImportService);
  const { pluginId } = PROCUREMENT_PRESETS;
  if (!(await presets.sets(institutionId)).some((x) => x.pluginId === pluginId)) return;
  const db = app.get(Db);
  const posts: PresetPostDto[] = [];
  for (const [presetPost, key] of Object.entries(PROCUREMENT_PRESETS.posts)) {
    const personId = who[key]?.personId;
    const postId = personId ? (await db.read((m) => m.getRepository(PersonEntity).findOneBy({ id: personId })))?.postId : null;
    if (postId) posts.push({ presetPost, postId });
  }
  const fit = (await presets.preview(officer, institutionId, pluginId, undefined, 'zh', { posts })).filter((r) => !r.problems.length).map((r) => r.id);
  await presets.import(officer, institutionId, pluginId, Object.assign(new ImportPresetsDto(), { presetIds: PROCUREMENT_PRESETS.onPosts.filter((id) => fit.includes(id)), posts }));
  for (const [name, presetIds] of Object.entries(PROCUREMENT_PRESETS.departments)) {
    const dept = await db.read((m) => m.getRepository(DepartmentEntity).findOneBy({ institutionId, name }));
    if (dept) await presets.import(officer, institutionId, pluginId, Object.assign(new ImportPresetsDto(), { presetIds, departmentId: dept.id }));
  }
}

async function actorFor(db: Db, username: string): Promise<Actor | null> {
  return db.read(async (m) => {
    const user = await m.getRepository(UserEntity).findOneBy({ username });
    if (!user) return null;
    const roles = await m.getRepository(RoleAssignmentEntity).findBy({ userId: user.id });
    const visible = [...new Set(roles.map((r) => r.institutionId))];
    return {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      personId: user.personId,
      isSystemAdmin: user.isSystemAdmin,
      roles: roles.map((r) => ({ institutionId: r.institutionId, role: r.role as Role, includeDescendants: r.includeDescendants })),
      sessionHash: '',
      csrfToken: '',
      currentInstitutionId: visible[0] ?? null,
      visibleInstitutionIds: visible,
    };
  });
}

/**
 * Risk-module demo for the county hospital's 药剂科 (002: drug procurement is a key post): a power
 * catalogue, post / department / institution risk points at every stage of identification, one
 * published catalogue with a staff comment, commitments, the procurement plugin's presets on the procurement
 * posts and as 药剂科's and 设备科's own points (when the plugin is enabled), and the self-check scan. Idempotent: it does
 * nothing when the hospital already has powers. Invented names only.
 */
export async function seedRiskDemo(app: INestApplicationContext, institutionCode = 'county-hospital'): Promise<boolean> {
  const db = app.get(Db);
  const inst = await db.read((m) => m.getRepository(InstitutionEntity).findOneBy({ code: institutionCode }));
  if (!inst) return false;
  if (await db.read((m) => m.getRepository(PowerEntity).countBy({ institutionId: inst.id }))) return false;
  const who: Partial<Record<keyof typeof ACCOUNTS, Actor>> = {};
  for (const [k, username] of Object.entries(ACCOUNTS)) {
    const a = await actorFor(db, username);
    if (a) who[k as keyof typeof ACCOUNTS] = { ...a, currentInstitutionId: inst.id };
  }
  const { buyer, pharmacyHead, deputy, head, officer } = who;
  if (!buyer || !pharmacyHead || !deputy || !head || !officer) return false;
  // Without a second pharmacy account the deputy plays the colleague, so the five steps still have five people.
  const colleague = who.colleague ?? deputy;

  const powers = app.get(PowerService);
  const points = app.get(RiskPointService);
  const steps = app.get(IdentificationService);
  const publications = app.get(PublicationService);
  const commitments = app.get(CommitmentService);
  const clock = app.get(Clock);

  const buyerPerson = buyer.personId ? await db.read((m) => m.getRepository(PersonEntity).findOneBy({ id: buyer.personId! })) : null;
  const pharmacy = buyerPerson ? { d: buyerPerson.departmentId ?? undefined, p: buyerPerson.postId ?? undefined } : undefined;
  const p1 = await powers.create(officer, inst.id, {
    number: 'YJ-001',
    category: '药事管理',
    name: '药品采购',
    legalBasisDocument: '《中华人民共和国药品管理法》《医疗机构药事管理规定》',
    legalBasisArticle: '药品管理法第七十条；药事管理规定第二十六条',
    processDescription: '临床科室提出用药需求 → 药事管理与药物治疗学委员会遴选 → 药剂科按集中采购目录下单 → 验收入库 → 财务付款',
    responsibleDepartmentId: pharmacy?.d,
    responsiblePostId: pharmacy?.p,
    keyLinks: '品种遴选；供应商选择；采购数量确定',
    weakLinks: '临时采购、紧急采购；目录外品种',
    workRules: '资格预审、评标、定标三分离；采购计划经科室负责人和分管领导双签',
    relatedRegulations: '《医院药品采购管理制度》《药事管理与药物治疗学委员会工作制度》',
  });
  const p2 = await powers.create(officer, inst.id, {
    number: 'YJ-002',
    category: '药事管理',
    name: '药品验收入库',
    processDescription: '到货 → 两人核对品名、规格、批号、效期、数量 → 签字入库 → 录入系统',
    responsibleDepartmentId: pharmacy?.d,
    keyLinks: '质量验收；数量核对',
    weakLinks: '夜间、节假日到货的验收',
    workRules: '验收双人双签；不合格药品当场拒收并登记',
    relatedRegulations: '《药品验收入库管理制度》',
  });
  const p3 = await powers.create(officer, inst.id, { number: 'YJ-003', category: '药事管理', name: '新药引进遴选', processDescription: '临床申请 → 药剂科初审 → 药事会投票 → 院长办公会审定', keyLinks: '药事会投票', weakLinks: '申请科室与厂家的利益关联', workRules: '药事会成员回避制度；投票结果公示', relatedRegulations: '《新药引进管理办法》' });

  const base = (over: Partial<CreateRiskPointDto>): CreateRiskPointDto => Object.assign(new CreateRiskPointDto(), { level: 'post', category: 'post-duty', likelihood: 2, harm: 2, ...over });
  const kickback = await points.create(
    buyer,
    inst.id,
    base({
      title: '药品遴选、采购中收受供应商回扣',
      description: '利用药品采购计划编制、供应商选择的权力，收受供应商回扣、礼品礼金',
      manifestation: '指定或变相指定品牌；人为增加采购量；以“会议费”“咨询费”名义收受财物',
      likelihood: 2,
      harm: 3,
      scope: 2,
      frequency: 2,
      powerIds: [p1.id, p3.id],
      measuresPrevention: '开展廉洁从业教育；签订个人廉政承诺书；采购计划由科室负责人和分管领导双签',
      measuresMonitoring: '资格预审、评标、定标三分离；纪检监察室全过程监督；每月向财务、每季度向纪检报告采购情况',
      measuresDisposal: '群众反映的问题及时谈话提醒、诫勉纠错；查实违纪的移送处理，并对科室负责人问责',
    }),
  );
  const five: [Actor, string][] = [
    [buyer, '本人查找：采购计划编制和供应商选择环节自由裁量空间大，存在被供应商“围猎”的风险。'],
    [colleague, '同事补充：临时采购、紧急采购时常只有一人经办，缺少相互制约。'],
    [pharmacyHead, '领导点评：目录外品种的引进与采购是薄弱环节，须纳入药事会集体研究。'],
    [head, '集体定：院长办公会研究确定为一级风险，由分管领导负责管理、院长监督。'],
    [officer, '组织审：风险点、等级和防控措施符合实际，审核通过。'],
  ];
  for (const [i, [actor, text]] of five.entries()) await steps.contribute(actor, kickback, i, text);

  const split = await points.create(buyer, inst.id, base({ title: '拆分采购规避招标', category: 'business-process', manifestation: '将同一品种拆成多笔小额订单，规避集中采购和招标', likelihood: 2, harm: 2, powerIds: [p1.id], measuresPrevention: '明确集中采购目录和限额', measuresMonitoring: '信息系统按品种、月度汇总采购额并预警', measuresDisposal: '发现拆分采购的责令整改并通报' }));
  for (const [i, [actor, text]] of five.entries()) await steps.contribute(actor, split, i, i === 0 ? '本人查找：小额订单缺少汇总审核。' : text.replace('一级风险，由分管领导负责管理、院长监督', '二级风险，由科室负责人管理、分管领导监督'));

  const acceptance = await points.create(buyer, inst.id, base({ title: '药品验收入库把关不严', category: 'system-mechanism', manifestation: '验收只签字不核对批号、效期；数量短缺不登记', likelihood: 1, harm: 2, powerIds: [p2.id], measuresPrevention: '验收双人双签', measuresMonitoring: '科室负责人每月抽查验收记录', measuresDisposal: '差错追责到人' }));
  await steps.contribute(buyer, acceptance, 0, '本人查找：夜间到货时常一人验收。');
  await points.create(buyer, inst.id, base({ title: '与医药代表私下接触、接受宴请', category: 'external-environment', manifestation: '工作时间外与医药代表单独接触，接受宴请、旅游安排', likelihood: 3, harm: 2, measuresPrevention: '医药代表接待实行登记、定点、两人以上', measuresMonitoring: '纪检监察室不定期抽查接待登记', measuresDisposal: '查实的按规定处理并通报' }));
  await points.create(pharmacyHead, inst.id, base({ level: 'department', title: '药品库存盘点制度执行不到位', category: 'system-mechanism', manifestation: '月度盘点流于形式，账实不符不追查', likelihood: 1, harm: 1, measuresPrevention: '完善盘点制度', measuresMonitoring: '财务科参与季度盘点', measuresDisposal: '账实不符的限期查明原因' }));
  await points.create(head, inst.id, base({ level: 'institution', title: '大额药品采购未经集体决策', category: 'system-mechanism', manifestation: '“三重一大”事项个人说了算，会议纪要事后补签', likelihood: 2, harm: 3, measuresPrevention: '严格执行“三重一大”集体决策制度', measuresMonitoring: '纪检列席院长办公会', measuresDisposal: '违反集体决策的追究主要领导责任' }));

  const today = clock.today();
  const ends = new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
  const year = clock.now().getUTCFullYear();
  const pub = await publications.publish(officer, inst.id, { title: `${year}年度药剂科廉政风险点公示`, startsOn: today, endsOn: ends, pointIds: [kickback, split] });
  await publications.comment(colleague, pub, { kind: 'comment', pointId: kickback, content: '建议把临时采购的两人经办写进防控措施。' });
  const personal = await commitments.create(buyer, inst.id, { kind: 'personal', year, pledge: '严格遵守药品采购各项规定，不收受供应商任何形式的回扣、礼品礼金，不参加可能影响公正采购的宴请。', measures: '采购计划双签；医药代表接待登记', pointIds: [kickback, split] });
  await commitments.acknowledge(buyer, personal);
  await commitments.create(officer, inst.id, { kind: 'department', departmentId: pharmacy?.d, year, pledge: '药剂科全体人员廉洁从业，科室负责人履行“一岗双责”。', measures: '每月自查采购、验收台账', pointIds: [kickback, split, acceptance] });
  await importProcurementPresets(app, inst.id, officer, who);
  await app.get(SelfCheckService).runSelfCheckScan(clock.now());
  return true;
}
