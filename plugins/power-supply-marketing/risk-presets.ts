import type { RiskPresetDef } from '../../core/plugin-api';

const m = (phase: 'prevention' | 'monitoring' | 'disposal', zh: string, en: string) => ({ phase, text: { zh, en } });
const post = (zh: string, en: string) => ({ zh, en });
const MANAGER = post('客户经理（业扩报装）', 'Account manager (applications)');
const INSPECTOR = post('用电检查（稽查）人员', 'Supply inspector');
const MARKETING_HEAD = post('营销部负责人', 'Head of marketing');
const METER = post('抄表核算收费人员', 'Meter reading, billing and collection');
const STATION = post('供电所所长', 'Head of a supply station');
const FRONT = post('营业厅窗口人员', 'Service counter staff');

/**
 * The marketing risk points of a county power-supply company, worded after 003 篇3 (六、加强营销管理，防范经营风险:
 * 用电稽查、营业普查、“三指定”专项行动、“抄、核、收、管、配”五分离、电费风险防范、“三规范一防范”).
 */
export const RISK_PRESETS: RiskPresetDef[] = [
  {
    id: 'application-delay',
    post: MANAGER,
    name: { zh: '业扩报装中故意拖延供电方案答复和装表接电，“吃拿卡要”', en: 'Delaying supply plans and connections to extract favours' },
    category: 'business-process',
    grade: 2,
    measures: [
      m('prevention', '公开办电流程、时限和收费标准，推行“一口对外”', 'Publish the steps, limits and charges; one contact for the customer'),
      m('monitoring', '平台按工作日计算供电方案答复和装表接电用时，超过时限自动预警', 'The platform counts working days and flags applications over the limit'),
      m('disposal', '超时限的发督办通知，查实“吃拿卡要”的追究责任', 'A supervision notice for each late application; accountability where favours were sought'),
    ],
  },
  {
    id: 'three-designations',
    post: MANAGER,
    name: { zh: '为用户受电工程指定设计单位、施工单位和设备供应单位（“三指定”）', en: 'Designating the designer, builder or supplier of a customer project' },
    category: 'post-duty',
    grade: 1,
    measures: [
      m('prevention', '开展“三指定”专项行动，书面告知客户自主选择的权利', "A campaign against designations; customers told in writing that the choice is theirs"),
      m('monitoring', '竣工检验时登记三方单位和选择方式，员工推荐或指定的自动预警', 'Record who designed, built and supplied and who chose them; staff designations flagged'),
      m('disposal', '查实指定的，对责任人问责或效能告诫，情节严重的追究纪律责任', 'Accountability or an efficiency warning; discipline where serious'),
    ],
  },
  {
    id: 'favour-inspection',
    post: INSPECTOR,
    name: { zh: '用电稽查中对违约用电、窃电查处不严，“人情稽查”，少追或不追补电费', en: 'Lenient inspections: theft or breaches settled without recovering the charges' },
    category: 'post-duty',
    grade: 1,
    measures: [
      m('prevention', '稽查、营业普查两人以上同行，现场取证，追补电费按规定计算', 'Inspections in pairs with evidence; charges computed by the rules'),
      m('monitoring', '结案须经审批，未足额追补电费超过标准的自动预警', 'Closure approved; closures leaving charges unrecovered above the threshold are flagged'),
      m('disposal', '对“人情稽查”、私了的，追回电费并追究责任；涉嫌窃电犯罪的移送公安机关', 'Recover the charges and hold those responsible to account; refer theft to the police'),
    ],
  },
  {
    id: 'billing-not-separated',
    post: METER,
    name: { zh: '抄、核、收不分离，估抄、漏抄、人情电，截留挪用电费', en: 'Reading, billing and collection not separated: estimated reads, favours, diverted charges' },
    category: 'mechanism',
    grade: 2,
    measures: [
      m('prevention', '实行“抄、核、收、管、配”五分离和抄表轮换', 'Separate reading, checking, collection, management and distribution; rotate readers'),
      m('monitoring', '电费收缴在线监控，资金及时归集，账务适时处理', 'Collections monitored online; money pooled and booked at once'),
      m('disposal', '营业普查发现问题的限期整改并追究责任', 'Problems found by the business census corrected and followed up'),
    ],
  },
  {
    id: 'credit-bad-debt',
    post: MARKETING_HEAD,
    name: { zh: '违规对客户缓交、赊欠电费，形成电费坏账', en: 'Letting customers defer or owe charges against the rules, leaving bad debts' },
    category: 'mechanism',
    grade: 2,
    measures: [
      m('prevention', '引入客户信用评价，建立电费资金风险授信制度', 'Customer credit ratings and a credit policy for charges'),
      m('monitoring', '借助营销系统平台对欠费客户分类管理、按月分析', 'Arrears classified and reviewed monthly in the marketing system'),
      m('disposal', '形成坏账的倒查授信和催收责任', 'Trace who granted credit and who failed to collect'),
    ],
  },
  {
    id: 'station-favours',
    post: STATION,
    name: { zh: '供电所在抄表收费、停送电中优亲厚友、收受客户好处', en: 'Favouring relatives or taking benefits in reading, charging or switching' },
    category: 'external',
    grade: 3,
    measures: [
      m('prevention', '开展“三规范一防范”专项效能督查，规范供电所建设和员工行为', 'Efficiency inspections of stations and conduct'),
      m('monitoring', '95598回访和客户满意度调查，公开投诉举报渠道', '95598 follow-up calls and surveys; a published complaint line'),
      m('disposal', '对存在廉政风险行为的进行问责或效能告诫', 'Accountability or an efficiency warning'),
    ],
  },
  {
    id: 'counter-gifts',
    post: FRONT,
    name: { zh: '营业窗口接受客户宴请、礼品礼金，为客户办理业务“开绿灯”', en: 'Counter staff accepting gifts and waving applications through' },
    category: 'external',
    grade: 3,
    measures: [
      m('prevention', '节前廉政提醒，签订廉洁从业承诺书', 'Reminders before holidays; integrity commitments'),
      m('monitoring', '营业厅视频监控，客户评价器和回访', 'Video at the counter, customer ratings and follow-up'),
      m('disposal', '查实的退还礼品礼金并按规定处理', 'Gifts returned; dealt with by the rules'),
    ],
  },
];
