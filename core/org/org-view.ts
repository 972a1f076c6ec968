import type { Response } from 'express';
import type { Lang } from '../i18n/i18n';
import type { LocalizedText } from '../plugin-api';
import { labelsIn } from '../i18n/labels';
import { writeListWorkbook } from '../spreadsheet/list-workbook';
import { sendWorkbook } from '../web/xlsx-response';
import { ORG_LABELS } from './org.i18n';
import type { DepartmentEntity, InstitutionEntity, PostEntity } from './org.entities';
import { PEOPLE_COLUMNS } from './people-import.service';
import type { PersonRow } from './people.service';

export const orgLabels = (lang: Lang) => labelsIn(ORG_LABELS, lang);

export const institutionName = (i: { name: string; nameEn: string }, lang: Lang) => (lang === 'en' && i.nameEn ? i.nameEn : i.name);

export type OrgTab = 'departments' | 'posts' | 'people';

/** The three tabs of an institution's organisation page, the open one marked. */
export function orgTabs(lang: Lang, institutionId: number, open: OrgTab) {
  const L = orgLabels(lang);
  const href = { departments: `/admin/org/${institutionId}`, posts: `/admin/org/${institutionId}/posts`, people: `/admin/org/${institutionId}/people` };
  return (['departments', 'posts', 'people'] as const).map((t) => ({ id: t, label: L[t], href: href[t], active: t === open }));
}

/** The institution picker: tree order, indented by depth. */
/** The institutions as a tree, each with its kind by name (core's types or a plugin's). */
export function institutionRows(tree: { institution: InstitutionEntity; depth: number }[], lang: Lang, typeLabel: (type: string) => LocalizedText) {
  return tree.map(({ institution: i, depth }) => ({ id: i.id, name: institutionName(i, lang), type: typeLabel(i.type)[lang], depth: Math.min(depth, 4) }));
}

/** Department choices of a select, the chosen one selected; the first entry is none. */
export function departmentOptions(depts: DepartmentEntity[], chosen: number | null | undefined) {
  return depts.map((d) => ({ id: d.id, name: d.name, selected: d.id === chosen }));
}

/** Post choices grouped under their department's name, so a post of another department is not picked by mistake. */
export function postOptions(posts: PostEntity[], depts: DepartmentEntity[], chosen: number | null | undefined, lang: Lang) {
  const L = orgLabels(lang);
  const groups = [...depts.map((d) => ({ id: d.id as number | null, label: d.name })), { id: null, label: L.noDepartment }];
  return groups
    .map((g) => ({ label: g.label, posts: posts.filter((p) => p.departmentId === g.id).map((p) => ({ id: p.id, name: p.name, selected: p.id === chosen })) }))
    .filter((g) => g.posts.length);
}

/** Streams the people list as the import template's columns (contacts masked as shown), under a title row. */
export function sendPeopleWorkbook(res: Response, institution: string, people: PersonRow[]): Promise<void> {
  const title = `${institution}人员名单`;
  const rows = people.map((p) => [p.departmentName, p.postName, p.name, p.title, p.postSince, p.phone, p.email]);
  return sendWorkbook(res, `${title}.xlsx`, 'people.xlsx', (out) => writeListWorkbook(out, title, PEOPLE_COLUMNS.map((c) => c.heading), rows));
}
