import { UsersService } from '../../core/auth/users.service';
import { seedWarningDemo } from '../../core/warning/warning-demo.seed';
import { WarningClueEntity, WarningEntity } from '../../core/warning/warning.entities';
import { TestApp } from '../support/test-app';
import { addPerson, startWarningApp } from '../support/warning-fixtures';

jest.setTimeout(60_000);

describe('seedWarningDemo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startWarningApp();
  });
  afterAll(() => t.close());

  it('creates demo clues and two issued warnings once', async () => {
    await t.app.get(UsersService).create({ username: 'admin', displayName: '系统管理员', password: 'test-password-1', isSystemAdmin: true }, 'test');
    for (const name of ['甲一', '乙二', '丙三', '丁四', '戊五']) await addPerson(t, 'w-hospital', name);
    expect(await seedWarningDemo(t.app, { institutionCode: 'w-hospital' })).toBe(true);
    expect(await seedWarningDemo(t.app, { institutionCode: 'w-hospital' })).toBe(false);
    const { clues, warnings } = await t.db.read(async (m) => ({ clues: await m.getRepository(WarningClueEntity).count(), warnings: await m.getRepository(WarningEntity).find() }));
    expect(clues).toBe(4);
    expect(warnings.map((w) => [w.levelCode, w.status])).toEqual([['yellow', 'notified'], ['blue', 'notified']]);
  });
});
