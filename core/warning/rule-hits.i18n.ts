import type { LocalizedText } from '../plugin-api';

/** Fixed texts of the rule-hit list (模型命中), read with labelsIn. */
export const RULE_HIT_LABELS = {
  title: { zh: '模型命中', en: 'Model hits' },
  intro: { zh: '预警模型（规则）对本单位业务数据的每一次命中，最新的在前；每条命中生成一条规则预警信息。', en: 'Every hit of a warning model (rule) on the unit’s business records, newest first; each hit raised a rule clue.' },
  readOnly: { zh: '上级查看，只读', en: 'Read from above, read-only' },
  period: { zh: '期间', en: 'Period' },
  allPeriods: { zh: '全部期间', en: 'All periods' },
  model: { zh: '模型', en: 'Model' },
  allModels: { zh: '全部模型', en: 'All models' },
  level: { zh: '等级', en: 'Level' },
  allLevels: { zh: '全部等级', en: 'All levels' },
  show: { zh: '查询', en: 'Show' },
  total: { zh: '共 {n} 条', en: '{n} in all' },
  time: { zh: '命中时间', en: 'Hit at' },
  subject: { zh: '对象', en: 'Subject' },
  facts: { zh: '命中依据', en: 'Inputs' },
  record: { zh: '业务记录', en: 'Record' },
  openRecord: { zh: '查看记录', en: 'Open record' },
  clue: { zh: '预警信息', en: 'Clue' },
  empty: { zh: '所选范围内没有模型命中记录。', en: 'No model hits in the chosen range.' },
  countyBoard: { zh: '返回县级监督看板', en: 'Back to the county board' },
  none: { zh: '—', en: '—' },
} satisfies Record<string, LocalizedText>;

/** A rule's levels (RuleDef.level), worded by the shared `ui.level_<level>` labels. */
export const RULE_LEVELS = ['red', 'yellow', 'blue'] as const;
