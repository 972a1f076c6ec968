import type { EnvConfig } from '../../config/env.config';
import type { Lang } from '../../i18n/i18n';
import { labelsIn } from '../../i18n/labels';
import { SSO_LABELS } from './sso.i18n';

/** What the sign-in screen offers besides the password form, from the settings. */
export function ssoLoginOptions(env: Pick<EnvConfig, 'OIDC_ISSUER' | 'CAS_BASE_URL' | 'SSO_ONLY_EXCEPT_ADMINS'>, lang: Lang) {
  const labels = labelsIn(SSO_LABELS, lang);
  const links = [...(env.OIDC_ISSUER ? [{ href: '/login/oidc', label: labels.oidc }] : []), ...(env.CAS_BASE_URL ? [{ href: '/login/cas', label: env.OIDC_ISSUER ? labels.cas : labels.oidc }] : [])];
  if (!links.length) return null;
  return { links, or: env.SSO_ONLY_EXCEPT_ADMINS ? labels.adminsOnly : labels.or };
}
