import { registerMessages } from '../i18n/i18n';
import { beijingMinute } from '../plugin-api';

/** Refusals of the institution and plugin settings screens (zh + en). */
registerMessages({
  'validation.institution_settings': { zh: '未保存：{reason}', en: 'Not saved: {reason}' },
  'validation.institution_code_taken': { zh: '{field}：已有单位使用这一代码（{name}）', en: '{field}: already the code of {name}' },
  'validation.institution_parent_unknown': { zh: '{field}：没有这个单位', en: '{field}: no such institution' },
  'validation.institution_parent_cycle': { zh: '{field}：{name}已在本单位之下，不能作为上级单位', en: '{field}: {name} is already below this institution and cannot be its parent' },
  'validation.institution_prefix_taken': {
    zh: '{field}：“{prefix}”已是{other}的发文字号前缀，{name}须使用自己的前缀（同一前缀下两个单位会编出相同的〔年份〕号）',
    en: '{field}: "{prefix}" is already the number prefix of {other}; {name} needs a prefix of its own (two institutions under one prefix would issue the same numbers)',
  },
  'validation.plugin_unknown': { zh: '{field}：未安装插件“{id}”', en: '{field}: no plugin "{id}" is installed' },
  'validation.plugin_type': { zh: '{field}：插件“{plugin}”不适用于这一类型的单位', en: '{field}: the plugin "{plugin}" is not made for this type of institution' },
  'validation.plugin_needs': { zh: '{field}：须同时启用 {plugins}', en: '{field}: needs {plugins} enabled too' },
  'validation.plugin_threshold': { zh: '{field}：须为不小于 0 的数字', en: '{field}: must be a number not below 0' },
});

/** Labels of /admin/institutions. */
export const INSTITUTION_SETTINGS_LABELS = {
  title: { zh: '单位与插件', en: 'Institutions and plugins' },
  intro: {
    zh: '新增单位，设置上级单位、发文机关标志、发文字号前缀和预设；为各单位启用业务插件，设置插件选项和预警规则阈值。保存后立即生效，无需重启；每次修改记入审计日志，并可导出为该单位的配置文件（YAML）。在此保存过的单位以此处设置为准，不再读取其配置文件。',
    en: 'Add institutions and set their parent, letterhead, number prefix and presets; enable business plugins per institution and set their options and rule thresholds. A save applies at once without a restart, is audited, and can be exported as the institution’s config file (YAML). Once saved here, an institution no longer reads its config file.',
  },
  newInstitution: { zh: '新增单位', en: 'Add an institution' },
  editInstitution: { zh: '单位信息', en: 'Institution' },
  pluginsTitle: { zh: '插件设置', en: 'Plugins' },
  code: { zh: '单位代码', en: 'Code' },
  codeHelp: { zh: '小写字母、数字和连字符，保存后不能修改（文件名、链接都用它）', en: 'Lower-case letters, digits and hyphens; cannot change later (file names and links use it)' },
  name: { zh: '单位名称', en: 'Name' },
  nameEn: { zh: '英文名称', en: 'English name' },
  parent: { zh: '上级单位', en: 'Parent institution' },
  noParent: { zh: '（无，最上级）', en: '(none: top level)' },
  letterhead: { zh: '发文机关标志', en: 'Letterhead (issuing authority)' },
  letterheadHelp: { zh: '公文版头的发文机关名称，如“中共示范县人民医院纪律检查委员会”', en: 'The issuing authority printed at the head of documents' },
  docNumberPrefix: { zh: '发文字号前缀', en: 'Document number prefix' },
  docNumberPrefixHelp: { zh: '如“示医纪”，编出“示医纪〔2026〕8号”；各单位不得相同', en: 'E.g. 示医纪 gives 示医纪〔2026〕8号; no two institutions may share one' },
  warningPalette: { zh: '预警等级预设', en: 'Warning levels preset' },
  gradingPreset: { zh: '风险等级预设', en: 'Risk grading preset' },
  assessmentPreset: { zh: '考核评分预设', en: 'Assessment scoring preset' },
  saveInstitution: { zh: '保存并立即生效', en: 'Save and apply now' },
  institution: { zh: '单位', en: 'Institution' },
  type: { zh: '单位类型', en: 'Type' },
  plugins: { zh: '已启用插件', en: 'Enabled plugins' },
  source: { zh: '设置来源', en: 'Set by' },
  fromFile: { zh: '配置文件', en: 'Config file' },
  fromScreen: { zh: '本页面（第 {version} 版，{at}）', en: 'This screen (version {version}, {at})' },
  none: { zh: '未启用', en: 'None' },
  edit: { zh: '设置', en: 'Settings' },
  export: { zh: '导出配置文件', en: 'Export config file' },
  enable: { zh: '启用', en: 'Enable' },
  options: { zh: '插件选项', en: 'Options' },
  thresholds: { zh: '预警规则阈值', en: 'Rule thresholds' },
  thresholdsHelp: { zh: '留空即用规则默认值（括号内）', en: 'Leave empty for the rule’s default (in brackets)' },
  defaultValue: { zh: '默认', en: 'default' },
  notForType: { zh: '本单位类型不适用的插件不列出', en: 'Plugins not made for this type of institution are not listed' },
  reason: { zh: '修改原因', en: 'Reason for the change' },
  save: { zh: '保存并立即生效', en: 'Save and apply now' },
  saved: { zh: '已保存，已立即生效。', en: 'Saved and applied.' },
  created: { zh: '单位已新增，已立即生效。请为它启用插件。', en: 'Institution added and in force. Enable its plugins here.' },
  back: { zh: '返回单位列表', en: 'Back to the institutions' },
  empty: { zh: '尚无单位：请先在 config/institutions 中配置单位', en: 'No institutions yet: add them in config/institutions' },
  needs: { zh: '需同时启用：{plugins}', en: 'Needs: {plugins}' },
};

/** Where an institution's settings come from, as the screens say it. */
export function savedText(L: Record<keyof typeof INSTITUTION_SETTINGS_LABELS, string>, saved: { version: number; updatedAt: string } | null): string {
  return saved ? L.fromScreen.replace('{version}', String(saved.version)).replace('{at}', beijingMinute(saved.updatedAt)) : L.fromFile;
}
