import { registerMessages } from '../i18n/i18n';

/** Refusals of the plugin settings screen (zh + en). */
registerMessages({
  'validation.plugin_settings': { zh: '插件设置未保存：{reason}', en: 'Plugin settings not saved: {reason}' },
  'validation.plugin_unknown': { zh: '{field}：未安装插件“{id}”', en: '{field}: no plugin "{id}" is installed' },
  'validation.plugin_type': { zh: '{field}：不适用于这一类型的单位', en: '{field}: is not made for this type of institution' },
  'validation.plugin_needs': { zh: '{field}：须同时启用 {plugins}', en: '{field}: needs {plugins} enabled too' },
  'validation.plugin_threshold': { zh: '{field}：须为不小于 0 的数字', en: '{field}: must be a number not below 0' },
});

/** Labels of /admin/plugins. */
export const PLUGIN_SETTINGS_LABELS = {
  title: { zh: '单位插件设置', en: 'Plugins by institution' },
  intro: {
    zh: '为各单位启用业务插件，设置插件选项和预警规则阈值。保存后立即生效（菜单、规则与选项），无需重启；每次修改记入审计日志，并可导出为该单位的配置文件（YAML）。在此保存过的单位，以此处设置为准，不再读取配置文件中的 plugins 部分。',
    en: 'Enable business plugins per institution and set their options and rule thresholds. A save applies at once (menus, rules, options) without a restart, is audited, and can be exported as the institution’s config file (YAML). Once saved here, these settings replace the plugins part of the institution’s config file.',
  },
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
  back: { zh: '返回单位列表', en: 'Back to the institutions' },
  empty: { zh: '尚无单位：请先在 config/institutions 中配置单位', en: 'No institutions yet: add them in config/institutions' },
  needs: { zh: '需同时启用：{plugins}', en: 'Needs: {plugins}' },
};
