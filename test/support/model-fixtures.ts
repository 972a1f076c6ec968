import { fieldMaker, type RecordTypeDef } from '../../core/plugin-api';
import type { ModelDefinition, ModelScope } from '../../core/rules/models/model-definition';

/** A small record type and the buyer model over it, for the warning-model unit specs. */
const f = fieldMaker('t');
export const PURCHASE: RecordTypeDef = {
  id: 'purchase',
  label: { zh: '采购', en: 'Purchase' },
  titleField: 'no',
  fields: [
    f('no', 'string', '编号', 'No.'),
    f('buyer', 'string', '采购员', 'Buyer', { namesPerson: true }),
    f('method', 'enum', '方式', 'Method', { options: [{ value: 'single-source', label: { zh: '单一来源', en: 'Single source' } }, { value: 'tender', label: { zh: '招标', en: 'Tender' } }] }),
    f('totalFen', 'money', '金额', 'Total'),
    f('quantity', 'integer', '数量', 'Quantity'),
    f('awardedOn', 'date', '定标日期', 'Awarded on'),
    f('supplier', 'reference', '供应商', 'Supplier', { ref: { recordType: 'supplier' } }),
    f('urgent', 'boolean', '紧急', 'Urgent'),
    f('tags', 'string-list', '标签', 'Tags'),
    f('idNo', 'string', '身份证号', 'ID number', { sensitive: { format: 'prc-id' } } as never),
  ],
};
export const SCOPE: ModelScope = { plugins: [{ id: 'shop', recordTypes: [PURCHASE] }] };

export const BUYER_MODEL: ModelDefinition = {
  id: 'single-source-buyer',
  name: { zh: '同一采购员30天内单一来源采购超过3次', en: 'More than 3 single-source purchases by one buyer in 30 days' },
  pluginId: 'shop',
  recordType: 'purchase',
  filters: [{ field: 'method', operator: 'equal', value: 'single-source' }],
  groupBy: ['buyer'],
  window: { field: 'awardedOn', days: 30 },
  measure: { kind: 'count' },
  threshold: 3,
  level: 'yellow',
  personField: 'buyer',
  message: { zh: '{person}在{windowDays}天内单一来源采购{count}次，超过{threshold}次', en: '{person}: {count} single-source purchases in {windowDays} days, more than {threshold}' },
};

/** The hospital's model of issue #21 over the demo plugin: a project's buyer is its 采购经办人. */
export const HOSPITAL_BUYER_MODEL: ModelDefinition = { ...BUYER_MODEL, pluginId: 'hospital-procurement', recordType: 'procurement-project' };
