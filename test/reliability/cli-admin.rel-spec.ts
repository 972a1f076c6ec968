import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserEntity } from '../../core/auth/auth.entities';
import { Db } from '../../core/db/db';
import { CORE_ENTITIES } from '../../core/domain-modules';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { startTestApp } from '../support/test-app';
import { DEMO_CONFIG, runCli } from './support/cli';
import { resetPostgres } from './support/test-db';

jest.setTimeout(60_000);

async function userCount(dataDir: string): Promise<number> {
  const db = await Db.open({ dataDir, databaseUrl: process.env.DATABASE_URL, entities: CORE_ENTITIES });
  try {
    return await db.read((m) => m.getRepository(UserEntity).count());
  } finally {
    await db.close();
  }
}

describe('CLI: accounts', () => {
  const dirs: string[] = [];
  const tmp = (prefix: string) => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
  beforeEach(async () => {
    if (process.env.DATABASE_URL) await resetPostgres(process.env.DATABASE_URL);
  });
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('a fresh migrate creates no accounts; create-admin (ADMIN_PASSWORD, then stdin) creates admins who can sign in', async () => {
    const dataDir = tmp('lz-admin-');
    const env = { DATA_DIR: dataDir, CONFIG_DIR: DEMO_CONFIG, DATABASE_URL: process.env.DATABASE_URL };
    const migrate = await runCli(['migrate'], env);
    expect({ code: migrate.code, stdout: migrate.stdout.trim() }).toEqual({ code: 0, stdout: 'migrations applied' });
    expect(await userCount(dataDir)).toBe(0);

    const short = await runCli(['create-admin', 'root', '管理员'], { ...env, ADMIN_PASSWORD: 'short' });
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/at least \d+ characters/);
    // The screens' rules: one kind of character is refused, in both languages.
    const oneKind = await runCli(['create-admin', 'root', '管理员'], { ...env, ADMIN_PASSWORD: 'abcdefghijkl' });
    expect(oneKind.code).toBe(2);
    expect(oneKind.stderr).toContain('密码：须包含字母、数字、符号中的至少两种 / password: must mix at least two of letters, digits and symbols');
    expect(await userCount(dataDir)).toBe(0);

    const byEnv = await runCli(['create-admin', 'root', '系统管理员'], { ...env, ADMIN_PASSWORD: 'correct-horse-battery-1' });
    expect({ code: byEnv.code, stdout: byEnv.stdout.trim() }).toEqual({ code: 0, stdout: 'admin root created' });
    const byStdin = await runCli(['create-admin', 'second', '第二管理员'], env, 'another-long-password-2\n');
    expect({ code: byStdin.code, stdout: byStdin.stdout.trim() }).toEqual({ code: 0, stdout: 'admin second created' });
    expect(await userCount(dataDir)).toBe(2);
    const again = await runCli(['create-admin', 'root', '重复'], { ...env, ADMIN_PASSWORD: 'correct-horse-battery-1' });
    expect(again.code).not.toBe(0);
    expect(await userCount(dataDir)).toBe(2);

    const app = await startTestApp({ dataDir, configDir: DEMO_CONFIG, plugins: INSTALLED_PLUGINS });
    try {
      const me = await app.login('root', 'correct-horse-battery-1');
      const described = (await me.get('/api/me')).body;
      expect(described).toMatchObject({ username: 'root', isSystemAdmin: true });
      await app.login('second', 'another-long-password-2');
      expect((await app.anonymous().post('/api/auth/login', { username: 'root', password: 'wrong-password' })).status).toBe(401);
    } finally {
      await app.close();
    }
  });
});
