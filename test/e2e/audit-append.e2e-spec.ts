import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { AuditService } from '../../core/audit/audit.service';
import { startTestApp, TestApp } from '../support/test-app';

/** A transaction remembers the chain head it wrote; nothing it remembers may outlive it (a rollback, the next write). */
describe('audit append: the chain head within and across write transactions', () => {
  let t: TestApp;
  let audit: AuditService;
  const entry = (n: number) => ({ actor: 'test', action: 'test.append', objectType: 'test', objectId: n });
  const seqs = async () => (await t.db.read((m) => m.getRepository(AuditEntryEntity).find({ order: { seq: 'ASC' } }))).map((r) => r.seq);

  beforeAll(async () => {
    t = await startTestApp();
    audit = t.app.get(AuditService);
  });
  afterAll(() => t.close());

  it('several appends in one transaction, a rolled-back one, then concurrent writes: consecutive seqs and a verifying chain', async () => {
    const before = (await seqs()).length;
    await t.db.write(async (m) => {
      for (let i = 0; i < 3; i++) await audit.append(m, entry(i));
    });
    await expect(
      t.db.write(async (m) => {
        await audit.append(m, entry(90));
        await audit.append(m, entry(91));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // The next transaction must start from the committed head, not the rolled-back one.
    await t.db.write((m) => audit.append(m, entry(4)));
    await Promise.all(Array.from({ length: 10 }, (_, k) => t.db.write(async (m) => {
      await audit.append(m, entry(100 + k));
      await audit.append(m, entry(200 + k));
    })));
    // Outside a transaction (record) every append looks the head up again.
    await audit.record(entry(5));
    const all = await seqs();
    expect(all.length).toBe(before + 3 + 1 + 20 + 1);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    const ids = (await t.db.read((m) => m.getRepository(AuditEntryEntity).find({ where: { action: 'test.append' } }))).map((r) => r.objectId);
    expect(ids).not.toContain('90');
    expect(await audit.verify()).toMatchObject({ ok: true, rows: all.length });
  });
});
