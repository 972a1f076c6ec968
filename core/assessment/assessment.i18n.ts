import { registerMessages } from '../i18n/i18n';

/** Messages of the unit assessment and the chosen grade scale (issue #22). */
registerMessages({
  'validation.assessment_unit_subject': { zh: '{field}：只能选择本单位所属、且您有权考核的下级单位', en: '{field}: only units below this institution that you may assess' },
  'validation.assessment_mixed_subjects': { zh: '{field}：考核下级单位的方案不能同时考核个人或科室', en: '{field}: a scheme over units cannot also assess people or departments' },
  'validation.assessment_poor_share': { zh: '{field}：“差票达到30%定为最低等次”须有民主测评项目，请添加民主测评项目或不选此规则', en: '{field}: the 30 % poor-ballot rule needs a democratic evaluation item; add one or leave the rule off' },
  'validation.assessment_scale_grade': { zh: '{field}：所选等次标准没有“{grade}”等次，可选：{grades}', en: '{field}: the chosen grade scale has no grade "{grade}"; it has {grades}' },
});
