import { definePlugin } from '../../core/plugin-api';

export const villageJointMeetingPlugin = definePlugin({
  id: 'village-joint-meeting',
  version: '0.1.0',
  name: { zh: '村级联席会议', en: 'Village joint meeting' },
  description: { zh: '村两委、住村工作组、警务室联席会议与村级支出监督', en: 'Joint meetings of the two committees, work team and police office; village spending' },
  coreCompatibility: '^1.0.0',
  institutionTypes: ['village'],
  options: [
    {
      key: 'variant',
      id: 'vjm-opt-variant',
      type: 'enum',
      label: { zh: '联席会议模式', en: 'Meeting variant' },
      default: 'three-in-one',
      options: [
        { value: 'three-in-one', label: { zh: '三位一体（每周例会）', en: 'Three-in-one (weekly)' } },
        { value: 'four-in-one', label: { zh: '四位一体（每日联席、每周研判、每月通报）', en: 'Four-in-one (daily, weekly, monthly)' } },
      ],
    },
  ],
});
