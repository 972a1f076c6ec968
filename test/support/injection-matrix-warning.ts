import { Clock } from '../../core/clock/clock';
import * as warningDtos from '../../core/warning/warning.dto';
import { Canary, startCanary } from './injection-matrix';
import { dtoSlots, Written } from './injection-matrix-dto';
import { ApiClient, TestApp } from './test-app';
import { addPerson, COMMITTEE, startWarningApp, clueSubject } from './warning-fixtures';

/** Setup shared by the warning module's injection specs (test/e2e/injection-matrix-warning*.e2e-spec.ts). */
export const WARNING_INST = 'w-township';
export const WARNING_TODAY = '2026-06-01';
// Codes, not free text: anything but a palette level or a rule's own key is refused or never shown.
export const WARNING_SKIP = { levelCode: 'a level code of the palette', hitKey: "the rule's de-duplication key (never shown)", _csrf: 'the CSRF token' };

export interface WarningInjection {
  t: TestApp;
  canary: Canary;
  w: Written;
  officer: ApiClient;
  head: ApiClient;
  officerId: number;
  headId: number;
  close(): Promise<void>;
}

export async function startWarningInjection(): Promise<WarningInjection> {
  const canary = await startCanary();
  const t = await startWarningApp();
  t.app.get(Clock).set(`${WARNING_TODAY}T02:00:00Z`);
  const officerId = await t.createUser('inj-officer', [{ institution: WARNING_INST, role: 'discipline-officer' }]);
  const headId = await t.createUser('inj-head', [{ institution: WARNING_INST, role: 'head' }]);
  return {
    t,
    canary,
    w: new Written(dtoSlots(warningDtos, WARNING_SKIP, canary.payloads)),
    officer: await t.login('inj-officer'),
    head: await t.login('inj-head'),
    officerId,
    headId,
    async close() {
      await t.close();
      await canary.close();
    },
  };
}

/** A person with an account, to be the subject of warnings (answers, appeals and extension requests are theirs). */
export async function warnedPerson(x: WarningInjection, i: number): Promise<{ personId: number; subject: ApiClient }> {
  const personId = (await addPerson(x.t, WARNING_INST, `周某${i}`, { dept: '财务所', username: `inj-subject-${i}` })).personId;
  return { personId, subject: await x.t.login(`inj-subject-${i}`) };
}

/** A clue on the person, decided by the head at the level allowing an extension, and notified (its notice issued). */
export async function notifiedWarning(x: WarningInjection, personId: number, warn: Record<string, unknown> = { title: '违规拨付项目资金', reason: '经初步核实，反映问题基本属实。' }): Promise<{ id: number; notice: { id: number; number: string } }> {
  const clue = await x.officer.post('/api/warning/clues', { source: 'petition', subjectType: 'person', subjectPersonId: personId, content: '群众反映其在项目资金拨付中违规操作。' });
  if (clue.status !== 201) throw new Error(`clue: ${clue.status} ${clue.text.slice(0, 300)}`);
  const w = await x.head.post(`/api/warning/clues/${clue.body.id}/warn`, { ...(await clueSubject(x.head, clue.body.id)), levelCode: 'advice', ...COMMITTEE, ...warn });
  if (w.status !== 201) throw new Error(`warn: ${w.status} ${w.text.slice(0, 300)}`);
  const issued = await x.officer.post(`/api/warning/warnings/${w.body.id}/issue`);
  if (issued.status !== 200) throw new Error(`issue: ${issued.status} ${issued.text.slice(0, 300)}`);
  return { id: w.body.id, notice: issued.body.steps.at(-1).data.document };
}

export async function pdfOf(x: WarningInjection, documentId: number, by: ApiClient): Promise<Buffer> {
  const res = await fetch(`${x.t.url}/api/documents/${documentId}/pdf`, { headers: { cookie: `sid=${by.cookies.get('sid')}` } });
  if (res.status !== 200) throw new Error(`PDF ${documentId}: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}
