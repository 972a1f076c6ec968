import { definePlugin } from '../../core/plugin-api';

export const tbReferralPlugin = definePlugin({
  id: 'tb-referral',
  version: '0.1.0',
  name: { zh: '结核病“三位一体”转诊', en: 'TB three-in-one referral' },
  description: { zh: '疾控中心、定点医院、乡村医疗机构之间的结核病转诊与追踪', en: 'Referral and tracking between the CDC, the designated hospital and township and village clinics' },
  coreCompatibility: '^1.0.0',
  institutionTypes: ['cdc', 'designated-hospital', 'township-health-centre', 'village-clinic', 'hospital'],
  options: [
    {
      key: 'networkRole',
      id: 'tb-opt-network-role',
      type: 'enum',
      label: { zh: '在转诊网络中的角色', en: 'Role in the referral network' },
      required: true,
      options: [
        { value: 'cdc', label: { zh: '疾控中心', en: 'CDC' } },
        { value: 'designated-hospital', label: { zh: '定点医院', en: 'Designated hospital' } },
        { value: 'township', label: { zh: '乡镇卫生院', en: 'Township health centre' } },
        { value: 'village', label: { zh: '村卫生室', en: 'Village clinic' } },
        { value: 'other', label: { zh: '其他医疗机构', en: 'Other medical institution' } },
      ],
    },
  ],
});
