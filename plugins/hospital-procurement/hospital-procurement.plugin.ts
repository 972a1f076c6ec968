import { definePlugin } from '../../core/plugin-api';

export const hospitalProcurementPlugin = definePlugin({
  id: 'hospital-procurement',
  version: '0.1.0',
  name: { zh: '医院药品耗材采购', en: 'Hospital procurement' },
  description: { zh: '药品、医疗器械与耗材采购的廉政风险防控', en: 'Integrity controls over drug, device and consumable procurement' },
  coreCompatibility: '^1.0.0',
  institutionTypes: ['hospital', 'designated-hospital'],
  options: [
    {
      key: 'majorMatterThresholdFen',
      id: 'hp-opt-major-threshold',
      type: 'money',
      label: { zh: '“三重一大”大额资金标准（分）', en: 'Major-matter threshold (fen)' },
      default: 50_000_000,
    },
  ],
});
