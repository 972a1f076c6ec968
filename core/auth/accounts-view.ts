import type { Lang } from '../i18n/i18n';
import { pick } from '../i18n/i18n';
import { labelsIn } from '../i18n/labels';
import type { InstitutionEntity } from '../org/org.entities';
import { beijingMinute, ROLE_LABELS, ROLES, type Role } from '../plugin-api';
import { ACCOUNT_LABELS } from './accounts.i18n';
import type { Account, AccountGrant, GrantRows } from './accounts.service';

/** Blank role rows offered under the filled ones: a form without script adds roles this way. */
const SPARE_ROWS = 2;

export const accountLabels = (lang: Lang) => labelsIn(ACCOUNT_LABELS, lang);

const instName = (i: InstitutionEntity, lang: Lang) => (lang === 'en' && i.nameEn ? i.nameEn : i.name);

/** One row of the accounts list: roles per institution in words, status, Beijing time. */
export function accountRow(a: Account, institutions: InstitutionEntity[], lang: Lang) {
  const L = accountLabels(lang);
  const byId = new Map(institutions.map((i) => [i.id, instName(i, lang)]));
  const roles = a.grants.map((g) => `${byId.get(g.institutionId) ?? g.institutionId} · ${pick(ROLE_LABELS[g.role], lang)}${g.includeDescendants ? `（${L.descendants}）` : ''}`);
  if (a.isSystemAdmin) roles.unshift(L.systemAdmin);
  const status = a.disabled ? 'disabled' : a.mustChangePassword ? 'pending' : 'active';
  return { ...a, roles, status, statusLabel: L[status], createdAt: beijingMinute(a.createdAt) };
}

/** The role rows of the account form, from saved grants or from what was posted (kept as typed after a refusal). */
export function roleRows(institutions: InstitutionEntity[], lang: Lang, saved: AccountGrant[] | null, posted?: Partial<GrantRows>) {
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
  const rows = saved
    ? saved.map((g) => ({ institutionId: String(g.institutionId), role: g.role as string, descendants: g.includeDescendants }))
    : list(posted?.institutionId).map((inst, i) => ({ institutionId: inst, role: list(posted?.role)[i] ?? '', descendants: list(posted?.descendants).includes(String(i)) }));
  const filled = rows.filter((r) => r.institutionId || r.role);
  for (let i = 0; i < SPARE_ROWS; i++) filled.push({ institutionId: '', role: '', descendants: false });
  return filled.map((r, index) => ({
    index,
    number: index + 1,
    descendants: r.descendants,
    institutions: institutions.map((i) => ({ id: i.id, name: instName(i, lang), selected: String(i.id) === r.institutionId })),
    roles: ROLES.filter((x: Role) => x !== 'system-admin' || r.role === x).map((x) => ({ value: x, label: pick(ROLE_LABELS[x], lang), selected: x === r.role })),
  }));
}
