import * as fs from 'node:fs';
import * as path from 'node:path';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { Clock } from '../../core/clock/clock';
import { IssuedDocumentEntity } from '../../core/documents/documents.entities';
import { EscalationService } from '../../core/warning/escalation.service';
import { WarningNoticeService } from '../../core/warning/warning-notice.service';
import { WarningEntity, WarningStepEntity } from '../../core/warning/warning.entities';
import { TestApp } from '../support/test-app';
import { addPerson, startWarningApp, clueSubject } from '../support/warning-fixtures';

jest.setTimeout(60_000);

function pdfFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.pdf'));
}

describe('an escalation notice issued late is issued once, even when a second process (or a restart) finds it still pending', () => {
  let t: TestApp;
  let warningId: number;
  let officerId: number;

  beforeAll(async () => {
    t = await startWarningApp();
    // This test drives the scan by hand: the scheduled catch-up must not escalate behind its back.
    t.app.get(EscalationService).onModuleDestroy();
    t.app.get(Clock).set('2026-10-12T02:00:00Z');
    officerId = await t.createUser('ld-officer', [{ institution: 'w-hospital', role: 'discipline-officer' }]);
    const subject = await addPerson(t, 'w-hospital', '周某某');
    const officer = await t.login('ld-officer');
    const clue = await officer.post('/api/warning/clues', { source: 'petition', subjectType: 'person', subjectPersonId: subject.personId, content: '群众反映其在物资采购中接受宴请。' });
    warningId = (await officer.post(`/api/warning/clues/${clue.body.id}/warn`, { ...(await clueSubject(officer, clue.body.id)), levelCode: 'yellow', title: '接受宴请', reason: '经初步核实基本属实' })).body.id;
    expect((await officer.post(`/api/warning/warnings/${warningId}/issue`)).body).toMatchObject({ status: 'notified', dueDate: '2026-10-26' });
  });
  afterAll(() => t.close());

  it('two issuers racing on the same pending step: one notice, one number, one file, one audit row; the loser rolls back', async () => {
    t.app.get(Clock).set('2026-11-23T02:00:00Z');
    const esc = t.app.get(EscalationService);
    await t.db.write(async (m) => expect(await esc.escalate(m, await m.getRepository(WarningEntity).findOneByOrFail({ id: warningId }), `overdue:test:w${warningId}`, 'deadline-missed')).toBe('escalated'));
    const step = await t.db.read((m) => m.getRepository(WarningStepEntity).findOneByOrFail({ warningId, kind: 'escalate' }));
    expect(JSON.parse(step.data).document).toMatchObject({ title: '整改通知书', pending: true });

    // What a second process, or this one after a crash between two commits, does: issue the step it read as pending.
    const notices = t.app.get(WarningNoticeService);
    const issueLate = (a: null, job: string, s: WarningStepEntity) => notices.issueLateDocument(a, job, s);
    const results = await Promise.all([issueLate(null, 'warning-scan', step), issueLate(null, 'warning-scan', step)]);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(results.find((r) => r)).toMatchObject({ number: '预测纪〔2026〕2号' });

    const docs = await t.db.read((m) => m.getRepository(IssuedDocumentEntity).find({ order: { id: 'ASC' } }));
    expect(docs.map((d) => [d.numberText, d.issuedBy])).toEqual([
      ['预测纪〔2026〕1号', `user:${officerId}:ld-officer`],
      ['预测纪〔2026〕2号', 'system:warning-scan'],
    ]);
    expect(pdfFiles(path.join(t.env.DATA_DIR, 'documents'))).toHaveLength(2);
    const audit = await t.db.read((m) => m.getRepository(AuditEntryEntity).findBy({ action: 'warning.document' }));
    expect(audit).toHaveLength(1);
    const after = await t.db.read((m) => m.getRepository(WarningStepEntity).findOneByOrFail({ id: step.id }));
    expect(JSON.parse(after.data).document).toEqual({ kind: 'rectification-notice', title: '整改通知书', id: docs[1].id, number: '预测纪〔2026〕2号', templateId: docs[1].templateId });
    // Nothing is left pending for the next scan.
    expect((await esc.scan()).documents).toBe(0);
  });
});
