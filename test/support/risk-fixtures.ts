import * as path from 'node:path';
import { ROOT_DIR } from '../../apps/server/bootstrap';
import { UsersService } from '../../core/auth/users.service';
import { DepartmentEntity, PersonEntity, PostEntity } from '../../core/org/org.entities';
import type { Role } from '../../core/plugin-api';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { riskExtPlugin } from '../fixtures/risk-plugin/risk-ext.plugin';
import { startTestApp, TEST_PASSWORD, TestApp } from './test-app';

// From the project root, so the compiled bench (dist/) finds the YAML files too.
export const RISK_CONFIG = path.join(ROOT_DIR, 'test', 'fixtures', 'risk-config');

export function startRiskApp(): Promise<TestApp> {
  return startTestApp({ configDir: RISK_CONFIG, plugins: [...INSTALLED_PLUGINS, riskExtPlugin] });
}

export interface PersonRef {
  personId: number;
  userId: number;
  departmentId: number | null;
  postId: number | null;
}

/** A person with a department, a post and a signed-in account holding one role (the org API has no people endpoint yet). */
export async function addPerson(
  t: TestApp,
  p: { username: string; name: string; institution: string; department?: string; post?: string; role: Role; postSince?: string },
): Promise<PersonRef> {
  const institutionId = await t.institutionId(p.institution);
  const ids = await t.db.write(async (m) => {
    let departmentId: number | null = null;
    if (p.department) {
      const found = await m.getRepository(DepartmentEntity).findOneBy({ institutionId, name: p.department });
      if (found) departmentId = found.id;
      else {
        const d = m.getRepository(DepartmentEntity).create({ institutionId, name: p.department, code: '' });
        await m.getRepository(DepartmentEntity).insert(d);
        departmentId = d.id;
      }
    }
    let postId: number | null = null;
    if (p.post) {
      const post = m.getRepository(PostEntity).create({ institutionId, departmentId, name: p.post });
      await m.getRepository(PostEntity).insert(post);
      postId = post.id;
    }
    const person = m.getRepository(PersonEntity).create({ institutionId, departmentId, postId, name: p.name, title: p.post ?? '', postSince: p.postSince ?? null });
    await m.getRepository(PersonEntity).insert(person);
    return { personId: person.id, departmentId, postId };
  });
  const user = await t.app.get(UsersService).create({ username: p.username, displayName: p.name, password: TEST_PASSWORD, personId: ids.personId, roles: [{ institutionId, role: p.role }] }, 'test');
  return { ...ids, userId: user.id };
}

/** Minimal valid files, by their magic bytes. */
export const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa0f4a40000000049454e44ae426082', 'hex');

/** Posts a file as multipart form data; a Blob (e.g. fs.openAsBlob) is sent as it is, read from disk, not copied into memory. */
export async function upload(url: string, cookies: Map<string, string>, csrf: string | null, bytes: Buffer | Blob, filename: string, mime: string): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', bytes instanceof Blob ? bytes : new Blob([new Uint8Array(bytes)], { type: mime }), filename);
  const headers: Record<string, string> = { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'accept-language': 'zh-CN' };
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(url, { method: 'POST', body: form, headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}
