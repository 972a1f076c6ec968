import { definePlugin } from '../../core/plugin-api';

export const taxCollectionPlugin = definePlugin({
  id: 'tax-collection',
  version: '0.1.0',
  name: { zh: '税收征管廉政监督', en: 'Tax collection' },
  description: { zh: '征收、减免、检查与欠税的廉政风险防控', en: 'Integrity controls over collection, reduction, inspection and arrears' },
  coreCompatibility: '^1.0.0',
  institutionTypes: ['tax-bureau'],
  options: [
    {
      key: 'writeOffCollectiveThresholdFen',
      id: 'tc-opt-writeoff-threshold',
      type: 'money',
      label: { zh: '欠税核销集体决策标准（分）', en: 'Write-off collective decision threshold (fen)' },
      default: 10_000_000,
    },
  ],
});
