import type { RiskPresetDef } from '../../core/plugin-api';

const m = (phase: 'prevention' | 'monitoring' | 'disposal', zh: string, en: string) => ({ phase, text: { zh, en } });
const post = (zh: string, en: string) => ({ zh, en });
const BUYER = post('药品（耗材）采购员', 'Drug and consumable buyer');
const HEAD = post('药剂科/设备科负责人', 'Head of pharmacy or equipment');
const DEPUTY = post('分管副院长', 'Deputy in charge');
const KEEPER = post('验收保管员', 'Acceptance and stores');
const PANEL = post('评标委员会成员', 'Bid evaluator');
const PRESCRIBER = post('临床医师', 'Prescribing doctor');

/** The typical procurement risk points of a hospital (002 附表1-3 form): grade, category, measures in three phases. */
export const RISK_PRESETS: RiskPresetDef[] = [
  {
    id: 'kickback',
    post: BUYER,
    name: { zh: '收受供应商回扣、礼品礼金', en: 'Accepting kickbacks or gifts from suppliers' },
    category: 'external',
    grade: 1,
    measures: [m('prevention', '签订廉洁购销合同和个人廉政承诺书', 'Integrity clauses in contracts; personal commitment'), m('monitoring', '纪检监察室全程监督采购，定期回访供应商', 'Supervision of every purchase; supplier follow-up visits'), m('disposal', '查实的移送纪检处理并列入供应商黑名单', 'Refer confirmed cases; blacklist the supplier')],
    extra: { procurementCategory: 'drugs', procurementStage: 'award' },
  },
  {
    id: 'brand-in-spec',
    post: HEAD,
    name: { zh: '技术参数指定品牌或设置倾向性条款', en: 'Naming a brand or biased terms in specifications' },
    category: 'business-process',
    grade: 1,
    measures: [m('prevention', '参数由使用科室、设备科、专家集体论证', 'Specifications set collectively by users, equipment office and experts'), m('monitoring', '招标文件发布前经纪检审查', 'Discipline review before publication'), m('disposal', '发现倾向性条款的暂停采购并重新论证', 'Suspend and redo biased specifications')],
    extra: { procurementCategory: 'equipment', procurementStage: 'specification' },
  },
  {
    id: 'split-purchase',
    post: BUYER,
    name: { zh: '化整为零规避招标', en: 'Splitting purchases to avoid a tender' },
    category: 'mechanism',
    grade: 2,
    measures: [m('prevention', '年度采购计划统一编制，同类需求合并', 'One annual plan; merge like needs'), m('monitoring', '系统自动识别30天内同类小额采购', 'The platform flags small purchases within 30 days'), m('disposal', '对拆分采购的责任人诫勉谈话', 'Admonish those responsible')],
    extra: { procurementCategory: 'consumables', procurementStage: 'planning' },
  },
  {
    id: 'bid-leak',
    post: PANEL,
    name: { zh: '泄露标底、评标信息或投标人信息', en: 'Leaking the reserve price, evaluation or bidder information' },
    category: 'post-duty',
    grade: 1,
    measures: [m('prevention', '评标专家随机抽取，评标前签保密承诺', 'Random evaluators; confidentiality pledge'), m('monitoring', '评标现场封闭管理并录音录像', 'Closed, recorded evaluation'), m('disposal', '泄密的取消评标资格并追责', 'Remove and hold to account')],
    extra: { procurementCategory: 'devices', procurementStage: 'evaluation' },
  },
  {
    id: 'unqualified-goods',
    post: KEEPER,
    name: { zh: '验收把关不严，接收不合格或以次充好的货物', en: 'Accepting unqualified or substandard goods' },
    category: 'post-duty',
    grade: 2,
    measures: [m('prevention', '验收由使用科室、设备科、财务三方共同进行', 'Three-party acceptance'), m('monitoring', '验收记录与合同逐项核对并抽检', 'Check against the contract; sample tests'), m('disposal', '不合格的退货并扣减供应商信用', 'Return goods; mark down the supplier')],
    extra: { procurementCategory: 'consumables', procurementStage: 'acceptance' },
  },
  {
    id: 'separation',
    post: DEPUTY,
    name: { zh: '资格预审、评标、定标由同一人把持', en: 'One person controlling qualification, evaluation and award' },
    category: 'mechanism',
    grade: 1,
    measures: [m('prevention', '坚持“资格预审、评标、定标”三分离', 'Keep the three roles separate'), m('monitoring', '系统校验三个环节的人员不重复', 'The platform checks the people differ'), m('disposal', '违反的重新组织采购', 'Redo the procurement')],
    extra: { procurementCategory: 'equipment', procurementStage: 'award' },
  },
  {
    id: 'major-matter',
    post: DEPUTY,
    name: { zh: '大额采购未经“三重一大”集体决策', en: 'Major purchases without a collective decision' },
    category: 'mechanism',
    grade: 1,
    measures: [m('prevention', '大额资金使用提交院党委会集体研究', 'Major spending goes to the party committee'), m('monitoring', '会议纪要编号录入采购项目', 'Minutes referenced in the project'), m('disposal', '未经决策的暂停支付并问责', 'Stop payment; accountability')],
    extra: { procurementCategory: 'works', procurementStage: 'planning' },
  },
  {
    id: 'price-inflation',
    post: BUYER,
    name: { zh: '采购价格明显高于参考价或市场价', en: 'Prices well above reference or market prices' },
    category: 'business-process',
    grade: 2,
    measures: [m('prevention', '执行集中带量采购和省平台挂网价', 'Use centralised procurement prices'), m('monitoring', '单价高于参考价10%自动预警', 'Automatic warning above 10% over reference'), m('disposal', '无正当理由的重新议价或更换供应商', 'Renegotiate or change supplier')],
    extra: { procurementCategory: 'drugs', procurementStage: 'award' },
  },
  {
    id: 'emergency-abuse',
    post: HEAD,
    name: { zh: '滥用单一来源或应急采购方式', en: 'Overusing single-source or emergency purchasing' },
    category: 'mechanism',
    grade: 2,
    measures: [m('prevention', '单一来源和应急采购须书面说明理由并经审批', 'Written reason and approval'), m('monitoring', '按季度统计占比，超过20%预警', 'Quarterly share; warning above 20%'), m('disposal', '理由不成立的责令整改', 'Order rectification')],
    extra: { procurementCategory: 'devices', procurementStage: 'planning' },
  },
  {
    id: 'prescription-kickback',
    post: PRESCRIBER,
    name: { zh: '开“大处方”、收受药品“统方”费用', en: 'Over-prescribing; paid prescription data' },
    category: 'external',
    grade: 1,
    measures: [m('prevention', '严禁统方，处方权与信息系统权限分离', 'No prescription data sales; separated access'), m('monitoring', '处方点评和用量异常监测', 'Prescription review; usage anomalies'), m('disposal', '查实的暂停处方权并移送处理', 'Suspend prescribing and refer')],
    extra: { procurementCategory: 'drugs', procurementStage: 'use' },
  },
];
