import { registerMessages } from '../../i18n/i18n';

/** Messages of sign-in through the institution's identity platform (统一身份认证). */
registerMessages({
  'error.sso_unknown_account': {
    zh: '统一身份认证账号“{username}”在本平台没有对应的账户，请联系本单位管理员开通后再登录',
    en: 'The identity platform account "{username}" has no account on this platform; ask your administrator to create one, then sign in again',
  },
  'error.sso_account_disabled': {
    zh: '账户“{username}”已停用，不能登录，请联系本单位管理员',
    en: 'The account "{username}" is disabled and cannot sign in; contact your administrator',
  },
  'error.sso_failed': {
    zh: '统一身份认证登录未完成（{reason}），请回到登录页重新登录',
    en: 'Sign-in through the identity platform did not complete ({reason}); go back to the sign-in page and try again',
  },
  'error.sso_unavailable': {
    zh: '统一身份认证平台暂时无法访问，请稍后再试，或联系管理员',
    en: 'The identity platform cannot be reached; try again later or contact your administrator',
  },
  'error.password_login_sso_only': {
    zh: '本平台已启用统一身份认证，仅系统管理员可用密码登录，请点击“统一身份认证登录”',
    en: 'This platform signs in through the identity platform; only system admins may use a password. Choose "Sign in through the identity platform"',
  },
});

/** Fixed texts of the sign-in screen's identity platform part, read with labelsIn. */
export const SSO_LABELS = {
  oidc: { zh: '统一身份认证登录', en: 'Sign in through the identity platform' },
  cas: { zh: '统一身份认证登录（CAS）', en: 'Sign in through the identity platform (CAS)' },
  or: { zh: '或使用本平台账户密码登录', en: 'or sign in with a password of this platform' },
  adminsOnly: { zh: '密码登录仅限系统管理员', en: 'Password sign-in is for system admins only' },
};

/** Why a returning sign-in was refused, for the error page (zh, en). */
export const SSO_FAILURES = {
  state: { zh: '登录请求已过期或不是从本浏览器发起', en: 'the sign-in request expired or did not start in this browser' },
  provider: { zh: '认证平台拒绝了登录', en: 'the identity platform refused the sign-in' },
  token: { zh: '认证平台返回的凭据无效', en: 'the identity platform returned an invalid credential' },
  claim: { zh: '认证平台未提供用户名', en: 'the identity platform gave no username' },
  ticket: { zh: '票据无效或已使用', en: 'the ticket is invalid or was used already' },
};
export type SsoFailure = keyof typeof SSO_FAILURES;
