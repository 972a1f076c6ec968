import * as path from 'node:path';
import { UsersService } from '../../core/auth/users.service';
import { DepartmentEntity, PersonEntity, PostEntity } from '../../core/org/org.entities';
import type { Role } from '../../core/plugin-api';
import { startTestApp, TestApp } from './test-app';

/** Two institutions: w-hospital (003 篇8 palette) and w-township (003 篇5 palette), no plugins. */
export const WARNING_CONFIG = path.join(__dirname, '..', 'fixtures', 'warning-config');

export function startWarningApp(opts: { dataDir?: string; trustProxy?: string } = {}): Promise<TestApp> {
  return startTestApp({ configDir: WARNING_CONFIG, plugins: [], ...opts });
}

export interface Person {
  personId: number;
  departmentId: number;
  postId: number;
}

/** A department, a post and a person in it, optionally with a user account linked to the person. */
export async function addPerson(t: TestApp, institution: string, name: string, opts: { dept?: string; post?: string; username?: string; roles?: Role[] } = {}): Promise<Person> {
  const institutionId = await t.institutionId(institution);
  const ids = await t.db.write(async (m) => {
    const deptName = opts.dept ?? '财务科';
    let dept = await m.getRepository(DepartmentEntity).findOneBy({ institutionId, name: deptName });
    if (!dept) {
      dept = m.getRepository(DepartmentEntity).create({ institutionId, name: deptName, code: '' });
      await m.getRepository(DepartmentEntity).insert(dept);
    }
    const postName = opts.post ?? `${deptName}岗位`;
    let post = await m.getRepository(PostEntity).findOneBy({ institutionId, name: postName });
    if (!post) {
      post = m.getRepository(PostEntity).create({ institutionId, departmentId: dept.id, name: postName });
      await m.getRepository(PostEntity).insert(post);
    }
    const person = m.getRepository(PersonEntity).create({ institutionId, departmentId: dept.id, postId: post.id, name, title: '', postSince: null });
    await m.getRepository(PersonEntity).insert(person);
    return { personId: person.id, departmentId: dept.id, postId: post.id };
  });
  if (opts.username) {
    await t.app.get(UsersService).create(
      { username: opts.username, displayName: name, password: 'test-password-1', personId: ids.personId, roles: (opts.roles ?? ['staff']).map((role) => ({ institutionId, role, includeDescendants: false })) },
      'test',
    );
  }
  return ids;
}

/** A minimal valid PDF header and body: enough for the magic-byte check. */
/** The party committee's meeting a 003 篇5 一级 warning records (before every test's today). */
export const COMMITTEE = { decisionBody: '镇党委', decisionMeetingOn: '2026-05-29', decisionMinutesNo: '镇党纪要〔2026〕3号' };

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export async function upload(t: TestApp, client: { cookies: Map<string, string>; csrf: string }, url: string, data: Buffer, filename: string, type = 'application/pdf') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type }), filename);
  const res = await fetch(t.url + url, { method: 'POST', body: form, headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': client.csrf, 'accept-language': 'zh-CN' } });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}

/** The subject a clue names, as the triage body takes it (the institution when the clue names no one on file). */
export async function clueSubject(client: { get(url: string): Promise<{ body: any }> }, clueId: number | string): Promise<Record<string, unknown>> {
  const c = (await client.get(`/api/warning/clues/${clueId}`)).body;
  if (c.subjectPersonId) return { subjectType: 'person', subjectPersonId: c.subjectPersonId };
  if (c.subjectDepartmentId) return { subjectType: 'department', subjectDepartmentId: c.subjectDepartmentId };
  return { subjectType: 'institution' };
}
