import type { RiskPresetDef } from '../../core/plugin-api';

const m = (phase: 'prevention' | 'monitoring' | 'disposal', zh: string, en: string) => ({ phase, text: { zh, en } });

/** The bureau's typical risk points (004 第4篇): discretion, reductions, write-offs, inspection conduct, expenses. */
export const RISK_PRESETS: RiskPresetDef[] = [
  {
    id: 'tc-discretionary-penalty',
    post: { zh: '税务稽查岗', en: 'Inspection post' },
    name: { zh: '行政处罚自由裁量权滥用', en: 'Abuse of penalty discretion' },
    category: 'post-duty',
    grade: 1,
    measures: [m('prevention', '细化自由裁量基准并公开，处罚决定集体审理', 'Publish detailed bands; decide penalties collectively'), m('monitoring', '系统比对处罚金额与裁量基准，超出即预警', 'Compare each penalty with its band and warn when outside'), m('disposal', '对超基准处罚开展专项核查并追责', 'Review and hold to account any penalty outside its band')],
  },
  {
    id: 'tc-reduction-approval',
    post: { zh: '减免税审批岗', en: 'Reduction approval post' },
    name: { zh: '违规审批减免税', en: 'Improper approval of reductions' },
    category: 'business-process',
    grade: 1,
    measures: [m('prevention', '审核与审批分离，减免依据逐项登记', 'Separate review from approval; record the legal basis'), m('monitoring', '同一人对同一纳税人12个月内3次以上审批即预警', 'Warn at 3 approvals for one taxpayer by one person in 12 months'), m('disposal', '抽查减免台账，违规减免予以追缴', 'Audit the register and recover improper reductions')],
  },
  {
    id: 'tc-write-off',
    post: { zh: '欠税管理岗', en: 'Arrears post' },
    name: { zh: '欠税违规核销或延缓征收', en: 'Improper write-off or delayed collection' },
    category: 'business-process',
    grade: 1,
    measures: [m('prevention', '核销超标准的须局务会集体决策', 'Write-offs above the threshold need a collective decision'), m('monitoring', '核定超90天未入库且未批准延期即预警', 'Warn when tax is uncollected 90 days without a deferral'), m('disposal', '责令追缴并追究相关人员责任', 'Order collection and hold those responsible to account')],
  },
  {
    id: 'tc-inspection-conduct',
    post: { zh: '税务检查人员', en: 'Inspectors' },
    name: { zh: '检查中吃拿卡要、接受宴请', en: 'Favours and banquets during inspections' },
    category: 'external',
    grade: 2,
    measures: [m('prevention', '检查前发放廉政监督卡，两人以上实施检查', 'Hand out the supervision card; inspect in pairs'), m('monitoring', '检查后15日内回收廉政回执，网上扫码反馈', 'Collect the integrity receipt online within 15 days'), m('disposal', '回执反映问题的转纪检组核查', 'Refer negative receipts to the discipline group')],
  },
  {
    id: 'tc-expense-signing',
    post: { zh: '局主要领导', en: 'Head of the bureau' },
    name: { zh: '“一把手”直接审批报销费用', en: 'The head signing expense vouchers' },
    category: 'mechanism',
    grade: 2,
    measures: [m('prevention', '主要领导不直接签批费用报销，由分管领导审批', 'The head does not sign vouchers; a deputy does'), m('monitoring', '财务每季度报告费用审批情况', 'Finance reports approvals quarterly'), m('disposal', '发现违规签批的予以纠正并通报', 'Correct and report any breach')],
  },
  {
    id: 'tc-staff-occasions',
    post: { zh: '全体干部', en: 'All staff' },
    name: { zh: '婚丧喜庆、乔迁、节日期间收受礼金', en: 'Gifts at weddings, funerals, moves and holidays' },
    category: 'post-duty',
    grade: 3,
    measures: [m('prevention', '实行“双提制”，事前发放提醒书、提示卡', 'Issue reminder letters and cards beforehand'), m('monitoring', '跟踪提醒书签收情况', 'Track that each reminder is acknowledged'), m('disposal', '违规收受的按规定处理', 'Deal with any gift taken')],
  },
];
