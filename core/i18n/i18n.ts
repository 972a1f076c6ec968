import type { Request } from 'express';
import type { LocalizedText } from '../plugin-api';

export type Lang = 'zh' | 'en';

/** Request language: ?lang=, then the lang cookie, then Accept-Language; Chinese first. */
export function resolveLang(req: Pick<Request, 'headers'> & { query?: unknown; cookies?: Record<string, string> }): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'en' || q === 'zh') return q;
  const c = req.cookies?.lang;
  if (c === 'en' || c === 'zh') return c;
  const accept = String(req.headers['accept-language'] ?? '').toLowerCase().trim();
  return accept.startsWith('en') ? 'en' : 'zh';
}

export function pick(text: LocalizedText | undefined, lang: Lang): string {
  if (!text) return '';
  return text[lang] || text.zh;
}

const MESSAGES: Record<string, LocalizedText> = {
  'ui.app_name': { zh: '廉政风险预警防控平台', en: 'Integrity Risk Prevention and Control Platform' },
  'ui.login': { zh: '登录', en: 'Sign in' },
  'ui.logout': { zh: '退出', en: 'Sign out' },
  'ui.username': { zh: '用户名', en: 'Username' },
  'ui.password': { zh: '密码', en: 'Password' },
  'ui.home': { zh: '首页', en: 'Home' },
  'ui.institution': { zh: '当前单位', en: 'Institution' },
  'ui.switch': { zh: '切换', en: 'Switch' },
  'ui.language': { zh: 'English', en: '中文' },
  'ui.roles': { zh: '我的角色', en: 'My roles' },
  'ui.plugins': { zh: '业务模块', en: 'Business modules' },
  'ui.no_plugins': { zh: '本单位尚未启用业务插件。实施人员可在 config/institutions/ 中启用。', en: 'No plugins are enabled for this institution. Implementers enable them in config/institutions/.' },
  'ui.new': { zh: '新建', en: 'New' },
  'ui.save': { zh: '保存', en: 'Save' },
  'ui.cancel': { zh: '取消', en: 'Cancel' },
  'ui.empty': { zh: '暂无记录', en: 'No records yet' },
  'ui.total': { zh: '共 {n} 条', en: '{n} in total' },
  'ui.search': { zh: '搜索', en: 'Search' },
  'ui.saved': { zh: '已保存', en: 'Saved' },
  'ui.created_at': { zh: '创建时间', en: 'Created' },
  'ui.yes': { zh: '是', en: 'Yes' },
  'ui.no': { zh: '否', en: 'No' },
  'ui.demo_accounts': { zh: '演示账号', en: 'Demo accounts' },
  'ui.error': { zh: '出错了', en: 'Something went wrong' },
  'ui.back_home': { zh: '返回首页', en: 'Back to home' },
  'ui.audit_chain': { zh: '审计日志链校验', en: 'Audit chain' },
  'ui.institutions': { zh: '可访问单位', en: 'Institutions you can see' },
  'ui.home_admin': { zh: '系统管理：单位、插件与账户', en: 'Administration: institutions, plugins and accounts' },
  'ui.home_discipline': { zh: '纪检监察工作台：预警线索与规则命中', en: "Discipline officer's board: clues and rule hits" },
  'ui.home_leader': { zh: '领导工作台：分管范围内的风险与预警', en: "Leader's board: risks and warnings in your charge" },
  'ui.home_staff': { zh: '我的工作：岗位风险、承诺与待办', en: 'My work: post risks, commitments and tasks' },
  'ui.rule_hits': { zh: '规则命中', en: 'Rule hits' },
  'ui.no_rule_hits': { zh: '暂无规则命中', en: 'No rule hits' },
  'ui.rule': { zh: '规则', en: 'Rule' },
  'ui.level': { zh: '等级', en: 'Level' },
  'ui.record': { zh: '记录', en: 'Record' },
  'ui.enabled_plugins': { zh: '已启用插件', en: 'Enabled plugins' },
  'ui.version': { zh: '版本', en: 'Version' },
  'ui.type': { zh: '类型', en: 'Type' },
  'ui.name': { zh: '名称', en: 'Name' },
  'error.validation': { zh: '输入有误', en: 'Invalid input' },
  'error.not_found': { zh: '记录不存在', en: 'Record not found' },
  'error.route_not_found': { zh: '接口不存在', en: 'No such endpoint' },
  'error.unauthenticated': { zh: '请先登录', en: 'Please sign in' },
  'error.forbidden': { zh: '无权执行此操作', en: 'You are not allowed to do this' },
  'error.csrf': { zh: '表单已失效，请刷新页面后重试', en: 'The form has expired; reload the page and try again' },
  'error.bad_credentials': { zh: '用户名或密码错误', en: 'Wrong username or password' },
  'error.locked': { zh: '登录失败次数过多，账户已锁定，请{minutes}分钟后再试', en: 'Too many failed sign-ins; try again in {minutes} minutes' },
  'error.throttled': { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  'error.malformed_json': { zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  'error.payload_too_large': { zh: '请求体过大', en: 'The request body is too large' },
  'error.unsupported_media': { zh: '不支持的请求格式', en: 'Unsupported request format' },
  'error.conflict': { zh: '操作与当前状态冲突', en: 'The action conflicts with the current state' },
  'error.internal': { zh: '服务器内部错误，已记录，请联系管理员', en: 'Internal error; it has been logged' },
  'error.unknown_record_type': { zh: '未知的记录类型：{type}', en: 'Unknown record type: {type}' },
  'error.plugin_not_enabled': { zh: '本单位未启用插件：{plugin}', en: 'Plugin not enabled for this institution: {plugin}' },
  'error.no_institution': { zh: '请先选择单位', en: 'Choose an institution first' },
  'error.username_taken': { zh: '用户名已存在：{username}', en: 'Username already exists: {username}' },
  'validation.required': { zh: '{field}：不能为空', en: '{field}: is required' },
  'validation.unknown_field': { zh: '{field}：不允许的字段', en: '{field}: is not an allowed field' },
  'validation.string': { zh: '{field}：必须是文本', en: '{field}: must be text' },
  'validation.integer': { zh: '{field}：必须是整数', en: '{field}: must be a whole number' },
  'validation.number': { zh: '{field}：必须是数字', en: '{field}: must be a number' },
  'validation.boolean': { zh: '{field}：必须是“是”或“否”', en: '{field}: must be true or false' },
  'validation.date': { zh: '{field}：必须是日期（YYYY-MM-DD）', en: '{field}: must be a date (YYYY-MM-DD)' },
  'validation.enum': { zh: '{field}：取值必须是 {values} 之一', en: '{field}: must be one of {values}' },
  'validation.min': { zh: '{field}：不能小于 {min}', en: '{field}: must be at least {min}' },
  'validation.max': { zh: '{field}：不能大于 {max}', en: '{field}: must be at most {max}' },
  'validation.max_length': { zh: '{field}：长度不能超过 {max} 个字符', en: '{field}: must be at most {max} characters' },
  'validation.min_length': { zh: '{field}：长度不能少于 {min} 个字符', en: '{field}: must be at least {min} characters' },
  'validation.pattern': { zh: '{field}：格式不正确', en: '{field}: has the wrong format' },
  'validation.array': { zh: '{field}：必须是列表', en: '{field}: must be a list' },
  'validation.object': { zh: '{field}：必须是对象', en: '{field}: must be an object' },
  'validation.invalid': { zh: '{field}：取值无效', en: '{field}: is invalid' },
  'validation.custom': { zh: '{field}：{message}', en: '{field}: {message}' },
  'validation.control_chars': { zh: '{field}：含有不允许的控制字符', en: '{field}: contains control characters' },
};

export function t(lang: Lang, key: string, params: Record<string, unknown> = {}): string {
  const text = MESSAGES[key];
  const template = text ? text[lang] : key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) return `{${name}}`;
    if (typeof v === 'object' && v !== null && 'zh' in v) return pick(v as LocalizedText, lang);
    return String(v);
  });
}
