/**
 * Supervision records protected from their subjects (issue #18 point 3). The first test is generated from the plugins'
 * declarations (FieldDef.write), as the isolation matrix is from the routes: every protected field of every installed
 * plugin, written by API by every demo account that can read a record of its type, must end exactly as declared
 * (403 naming the field and nothing changed, or 200 and the value stored). Then the evidence lock, the audit's old and
 * new values, the versions, the forms and the public form, on the demo year.
 */
import * as path from 'node:path';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '../../apps/cli/demo-seed';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { UserEntity } from '../../core/auth/auth.entities';
import { InstitutionEntity } from '../../core/org/org.entities';
import { idNumberCheckChar } from '../../core/plugin-api';
import type { FieldDef, PluginRecordView, RecordTypeDef, Role } from '../../core/plugin-api';
import { checkConstraints } from '../../core/plugin-host/constraints';
import { validateFields } from '../../core/plugin-host/field-validation';
import { PluginHost } from '../../core/plugin-host/plugin-host';
import { RecordEvidenceLocks } from '../../core/records/record-evidence-locks';
import { RecordVersionEntity } from '../../core/records/record.entities';
import { RecordsService } from '../../core/records/records.service';
import { canonicalValue } from '../../core/records/record-write-rules';
import { WarningClueEntity } from '../../core/warning/warning.entities';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';
import { formFields } from '../support/form-fields';

const TC = '/api/plugins/tax-collection/records';
const ACCOUNTS = ['admin', ...DEMO_PEOPLE.map((p) => p.username)];

/** Posts an HTML form as a browser would (urlencoded, the session's CSRF token). */
function postForm(c: ApiClient, url: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams({ _csrf: c.csrf });
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return c.request('POST', url, body.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
}

const filled = (v: unknown) => !(v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0));

/** A different valid value for the field (the n-th try), or undefined when there is none to make. */
function mutate(f: FieldDef, v: unknown, n: number): unknown {
  switch (f.type) {
    case 'string':
    case 'text':
      return `核验${n}`;
    case 'string-list':
      return [`核验${n}甲`, `核验${n}乙`];
    case 'date': {
      const from = typeof v === 'string' ? Date.parse(`${v}T00:00:00Z`) : Date.parse('2026-11-15T00:00:00Z');
      // Earlier or later by a day or two, so a run of writes stays near the stored day (a later field may need it after another).
      return new Date(from + 86_400_000 * [-1, 1, -2, 2][n % 4]).toISOString().slice(0, 10);
    }
    case 'enum': {
      const options = f.options!.map((o) => o.value);
      return options[(options.indexOf(String(v)) + 1) % options.length];
    }
    case 'boolean':
      return !v;
    case 'integer':
    case 'money':
      return typeof v === 'number' ? v + 1 : 1;
    case 'rows': {
      const rows = Array.isArray(v) ? (v as Record<string, unknown>[]).map((r) => ({ ...r })) : [];
      const col = (f.columns ?? []).find((c) => c.type === 'string' && !c.pattern);
      if (!rows.length || !col) return undefined;
      rows[0][col.key] = `核验${n}`;
      return rows;
    }
    default:
      return undefined;
  }
}

describe('supervision records protected from their subjects', () => {
  let t: TestApp;
  let host: PluginHost;
  const clients = new Map<string, ApiClient>();
  let institutions: InstitutionEntity[];
  let bureau: number;

  const c = (username: string) => clients.get(username)!;
  const instOf = (code: string) => institutions.find((i) => i.code === code)!;
  const ancestors = (id: number): number[] => {
    const parent = institutions.find((i) => i.id === id)?.parentId;
    return parent ? [parent, ...ancestors(parent)] : [];
  };
  /** The demo account's roles at an institution: its own, or an ancestor's held for descendants too. */
  const rolesAt = (username: string, institutionId: number): Role[] => {
    const p = DEMO_PEOPLE.find((x) => x.username === username);
    const own = p && instOf(p.institution).id;
    return p && (own === institutionId || (p.includeDescendants && ancestors(institutionId).includes(own!))) ? [p.role] : [];
  };
  const versionsOf = (recordId: number) => t.db.read((m) => m.getRepository(RecordVersionEntity).find({ where: { recordId }, order: { version: 'ASC' } }));
  const auditsOf = async (recordId: number, action: string) =>
    (await t.db.read((m) => m.getRepository(AuditEntryEntity).find({ where: { objectId: String(recordId), action }, order: { seq: 'ASC' } }))).map((a) => ({ actor: a.actor, outcome: a.outcome, detail: a.detail ? JSON.parse(a.detail) : null }));
  const holds = (recordId: number) => t.db.read((m) => t.app.get(RecordEvidenceLocks).holds(m, recordId));
  const stored = async (id: number): Promise<PluginRecordView> => (await c('admin').get(`/api/records/${id}`)).body;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    host = t.app.get(PluginHost);
    institutions = await t.db.read((m) => m.getRepository(InstitutionEntity).find());
    bureau = instOf('county-tax-bureau').id;
    for (const username of ACCOUNTS) clients.set(username, await t.login(username, DEMO_PASSWORD));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  /** What the declaration says this account's write of the field should meet: null (allowed) or the refusal. */
  function declared(def: RecordTypeDef, f: FieldDef, username: string, record: PluginRecordView): string | null {
    const w = f.write!;
    const admin = username === 'admin';
    const reachesShare = () =>
      (def.shares ?? []).some((sh) => {
        const code = record.values[sh.field];
        if (!sh.writable.includes(f.key) || typeof code !== 'string' || !institutions.some((i) => i.code === code)) return false;
        return rolesAt(username, instOf(code).id).length > 0;
      });
    if (w.by === 'public-form') return 'public-form';
    if (Array.isArray(w.by) && !admin && !rolesAt(username, record.institutionId).some((r) => (w.by as Role[]).includes(r))) return 'roles';
    if (w.by === 'shares' && !admin && !reachesShare()) return 'shares';
    // Demo records were made by the seed: nobody is their creator.
    if (!w.by && w.creator && !admin) return 'creator';
    if (w.until === 'created') return 'created';
    if (w.until === 'set' && filled(record.values[f.key])) return 'set';
    if (typeof w.until === 'object' && filled(record.values[w.until.before])) return 'before';
    return null;
  }

  /** A copy of a demo record with some fields emptied, made as the demo seed makes records (the system's write). */
  async function copyWithout(r: PluginRecordView, def: RecordTypeDef, keys: string[]): Promise<PluginRecordView> {
    const values = Object.fromEntries(Object.entries(r.values).filter(([k, v]) => v !== null && !keys.includes(k)));
    return t.app.get(RecordsService).create(null, r.institutionId, r.pluginId, def.id, values);
  }

  /**
   * Records to try a field on, where a change is valid: a write-once field from empty (so the first allowed writer sets
   * it and everyone after meets 'set'), both sides of an `until.before`, a box from ticked. When the demo year has no
   * record in the open state, a copy of one with the locking field emptied stands in.
   */
  async function recordsFor(def: RecordTypeDef, f: FieldDef, candidates: PluginRecordView[], code: (r: PluginRecordView) => string, pluginId: string): Promise<PluginRecordView[]> {
    const valid = (r: PluginRecordView) => {
      const next = mutate(f, r.values[f.key], 0);
      if (next === undefined || validateFields(def.fields, { [f.key]: next }, { partial: true }).problems.length) return false;
      return checkConstraints(def.constraints, { ...r.values, [f.key]: next }, host.optionsFor(code(r), pluginId)).length === 0;
    };
    const w = f.write!;
    // A field no account may write is refused before its value is checked: any record will do.
    const refusedToAll = w.by === 'public-form' || w.until === 'created';
    const ok = candidates.filter((r) => valid(r) || (refusedToAll && mutate(f, r.values[f.key], 0) !== undefined));
    if (!ok.length) return [];
    if (typeof w.until === 'object') {
      const before = w.until.before;
      const locked = ok.find((r) => filled(r.values[before]));
      return [ok.find((r) => !filled(r.values[before])) ?? (await copyWithout(locked!, def, [before])), ...(locked ? [locked] : [])];
    }
    if (w.until === 'set') return [ok.find((r) => !filled(r.values[f.key])) ?? (await copyWithout(ok[0], def, [f.key]))];
    return [(f.type === 'boolean' && ok.find((r) => r.values[f.key] === true)) || ok[0]];
  }

  it('every protected field × every demo account that can read the record: exactly the declared outcome, by API', async () => {
    const started = Date.now();
    const problems: string[] = [];
    const summary: string[] = [];
    let n = 0;
    for (const plugin of INSTALLED_PLUGINS) {
      for (const def of plugin.recordTypes ?? []) {
        const protectedFields = def.fields.filter((f) => f.write);
        if (!protectedFields.length) continue;
        const all = (await c('admin').get(`/api/plugins/${plugin.id}/records/${def.id}?pageSize=200`)).body.items as PluginRecordView[];
        // Not evidence about a person (a subject is refused whatever the field says); the most demo readers first.
        const free: PluginRecordView[] = [];
        for (const r of all) if ((await holds(r.id)).every((h) => !h.subjectPersonIds.length)) free.push(r);
        const readers = (r: PluginRecordView) => DEMO_PEOPLE.filter((p) => rolesAt(p.username, r.institutionId).length).length;
        free.sort((a, b) => readers(b) - readers(a));
        expect(`${plugin.id}/${def.id}: ${free.length > 0}`).toBe(`${plugin.id}/${def.id}: true`);
        const code = (r: PluginRecordView) => institutions.find((i) => i.id === r.institutionId)!.code;
        for (const f of protectedFields) {
          const outcomes = { ok: 0, refused: 0 };
          const targets = await recordsFor(def, f, free, code, plugin.id);
          // A party's structured part (rows, institution codes) the generator cannot vary: tb-referral-forms.e2e tries those by hand.
          if (!targets.length && f.write!.by === 'shares' && free.every((r) => mutate(f, r.values[f.key], 0) === undefined || validateFields(def.fields, { [f.key]: mutate(f, r.values[f.key], 0) }, { partial: true }).problems.length)) {
            summary.push(`${plugin.id}/${def.id}.${f.key}: not generated (no valid change to make; see tb-referral-forms.e2e)`);
            continue;
          }
          if (!targets.length) problems.push(`${plugin.id}/${def.id}.${f.key}: no demo record to try it on`);
          for (const target of targets) {
            for (const username of ACCOUNTS) {
              if ((await c(username).get(`/api/records/${target.id}`)).status !== 200) continue;
              const before = await stored(target.id);
              const expected = declared(def, f, username, before);
              // Every try says why, so an open matter a write of the run itself raises never stands in the way. A value the
              // record as it now stands refuses (earlier writes of the run moved other fields and dates) is replaced by another.
              let value = mutate(f, before.values[f.key], ++n);
              let res = await c(username).patch(`/api/records/${target.id}`, { [f.key]: value, reason: '核验受保护栏目' });
              for (let k = 1; k < 6 && res.status === 400; k++) {
                value = mutate(f, before.values[f.key], ++n);
                res = await c(username).patch(`/api/records/${target.id}`, { [f.key]: value, reason: '核验受保护栏目' });
              }
              if (res.status === 400) continue;
              const after = (await stored(target.id)).values[f.key];
              const where = `${plugin.id}/${def.id}#${target.id}.${f.key} by ${username}`;
              if (expected) {
                outcomes.refused++;
                const named = (res.body.details ?? []).find((d: { field: string }) => d.field === f.key)?.message ?? '';
                if (res.status !== 403 || !named.startsWith(`${f.label.zh}：`)) problems.push(`${where}: expected 403 (${expected}), got ${res.status} ${res.text.slice(0, 160)}`);
                if (canonicalValue(f, after) !== canonicalValue(f, before.values[f.key])) problems.push(`${where}: refused, yet the value changed`);
              } else {
                outcomes.ok++;
                if (res.status !== 200) problems.push(`${where}: expected 200, got ${res.status} ${res.text.slice(0, 160)}`);
                else if (canonicalValue(f, after) !== canonicalValue(f, value)) problems.push(`${where}: 200, but ${JSON.stringify(after)} was stored, not ${JSON.stringify(value)}`);
              }
            }
          }
          if (outcomes.ok + outcomes.refused < 2) problems.push(`${plugin.id}/${def.id}.${f.key}: tried by fewer than two accounts`);
          summary.push(`${plugin.id}/${def.id}.${f.key}: ${outcomes.ok} written, ${outcomes.refused} refused`);
        }
      }
    }
    console.log(`record protection matrix: ${n} writes in ${Date.now() - started} ms\n  ${summary.join('\n  ')}`);
    expect({ count: problems.length, first: problems.slice(0, 20) }).toEqual({ count: 0, first: [] });
    // The declarations the issue names are there (a plugin dropping one fails here, not silently in the matrix).
    const rule = (pluginId: string, type: string, key: string) => host.recordType(pluginId, type)!.fields.find((f) => f.key === key)!.write;
    for (const key of ['receiptDemands', 'receiptBanquet', 'receiptGifts', 'receiptAttitude', 'receiptComment', 'receiptReturnedOn']) expect(rule('tax-collection', 'inspection', key)).toEqual({ by: 'public-form' });
    for (const key of ['blacklisted', 'blacklistReason', 'blacklistFrom', 'blacklistTo']) expect(rule('hospital-procurement', 'supplier', key)?.by).not.toContain('staff');
    for (const key of ['qualificationReviewer', 'evaluators', 'awardDecider', 'approver', 'decisionMeetingDate', 'decisionMinutesRef']) expect(rule('hospital-procurement', 'procurement-project', key)?.by).toEqual(['discipline-officer', 'head', 'deputy-in-charge']);
  }, 120_000);

  it('a refused write changes nothing, says why in the request language and is audited as denied; the same value sent again is no change', async () => {
    let answered: PluginRecordView | undefined;
    for (const r of (await c('tax-jijian').get(`${TC}/inspection?pageSize=200`)).body.items as PluginRecordView[]) if (r.values.receiptBanquet && !(await holds(r.id)).length) (answered ??= r);
    if (!answered) throw new Error('the demo year has no answered receipt outside an open matter');
    const versions = (await versionsOf(answered.id)).length;
    const turned = answered.values.receiptBanquet === 'yes' ? 'no' : 'yes';
    const zh = await c('tax-officer').patch(`/api/records/${answered.id}`, { receiptBanquet: turned });
    expect(zh.status).toBe(403);
    expect(zh.body.details).toEqual([{ field: 'receiptBanquet', message: '检查人员有无接受宴请：只能由公众通过公开表单填写，任何账号都不能填写或修改' }]);
    const en = await c('tax-officer').request('PATCH', `/api/records/${answered.id}`, { receiptBanquet: turned }, { 'accept-language': 'en' });
    expect(en.status).toBe(403);
    expect(en.body.message).toBe('Protected fields may not be changed by you; nothing was changed: Did they accept banquets?: only the public fills this in, through the public form; no account may write it');
    // Not even the discipline officer or the system admin: the taxpayer's answer stands.
    for (const who of ['tax-jijian', 'admin']) expect((await c(who).patch(`/api/records/${answered.id}`, { receiptBanquet: turned })).status).toBe(403);
    expect((await stored(answered.id)).values.receiptBanquet).toBe(answered.values.receiptBanquet);
    expect(await versionsOf(answered.id)).toHaveLength(versions);
    const denied = (await auditsOf(answered.id, 'record.update')).filter((a) => a.outcome === 'denied');
    expect(denied[0]).toEqual({ actor: expect.stringContaining('tax-officer'), outcome: 'denied', detail: { fields: { receiptBanquet: 'public-form' } } });
    // Forms send every field: the stored answer sent back unchanged is no write at all.
    expect((await c('tax-officer').patch(`/api/records/${answered.id}`, { receiptBanquet: answered.values.receiptBanquet, receiptComment: answered.values.receiptComment })).status).toBe(200);
    expect(await versionsOf(answered.id)).toHaveLength(versions);
  });

  it('evidence lock: the creator of a record an open clue cites is refused, anyone else corrects it with a reason, as a new version with old and new values', async () => {
    const taxpayer = (await c('tax-officer').get(`${TC}/taxpayer?pageSize=1`)).body.items[0].id;
    // One inspector: the rule raises a clue that cites the inspection.
    const created = await c('tax-officer').post(`${TC}/inspection?institutionId=${bureau}`, { inspectionNo: '核验检〔2026〕1号', taxpayer, inspectors: ['刘振华'], startedOn: '2026-11-02', endedOn: '2026-11-06', findings: '账簿记录完整' });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    const clue = (await t.db.read((m) => m.getRepository(WarningClueEntity).findBy({ ruleId: 'tax-collection/too-few-inspectors' }))).find((x) => JSON.parse(x.recordIds ?? '[]').includes(id));
    expect(clue?.status).toBe('new');
    expect(await holds(id)).toContainEqual({ kind: 'clue', id: clue!.id, subjectPersonIds: [] });

    const byCreator = await c('tax-officer').patch(`/api/records/${id}`, { inspectors: ['刘振华', '补记人员'] });
    expect(byCreator.status).toBe(403);
    expect(byCreator.body.details).toEqual([{ field: 'inspectors', message: '检查人员：本记录是未办结预警信息或预警的证据，被预警人和登记人不能修改' }]);
    expect((await auditsOf(id, 'record.update')).at(-1)).toEqual({ actor: expect.stringContaining('tax-officer'), outcome: 'denied', detail: { fields: { inspectors: 'evidence' }, evidenceOf: expect.arrayContaining([`clue:${clue!.id}`]) } });
    // The edit screen shows the creator every field read-only, why, and no save button.
    const page = await c('tax-officer').get(`/p/tax-collection/new-inspection/${id}/edit`);
    expect(page.text).toContain('data-testid="evidence-note"');
    expect(page.text).not.toMatch(/<(input|select|textarea) name="(?!_csrf)/);
    expect(page.text).not.toContain('<button type="submit">');

    const noReason = await c('tax-jijian').patch(`/api/records/${id}`, { findings: '账簿记录不完整，缺少2026年10月凭证' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details).toEqual([{ field: 'reason', message: '更正理由：本记录是未办结预警信息或预警的证据，更正已填写的内容须说明理由' }]);
    // Filling in a blank is not a correction.
    expect((await c('tax-jijian').patch(`/api/records/${id}`, { violationType: 'late-filing' })).status).toBe(200);
    const corrected = await c('tax-jijian').patch(`/api/records/${id}`, { findings: '账簿记录不完整，缺少2026年10月凭证', reason: '核对检查底稿后更正' });
    expect(corrected.status).toBe(200);
    const versions = await versionsOf(id);
    const jijianId = (await t.db.read((m) => m.getRepository(UserEntity).findOneByOrFail({ username: 'tax-jijian' }))).id;
    expect(versions.map((v) => [v.version, JSON.parse(v.changed), v.userId !== null, v.reason])).toEqual([
      [1, ['inspectionNo', 'taxpayer', 'inspectors', 'startedOn', 'endedOn', 'findings'], true, null],
      [2, ['violationType'], true, null],
      [3, ['findings'], true, '核对检查底稿后更正'],
    ]);
    expect(versions[2].userId).toBe(jijianId);
    const audit = (await auditsOf(id, 'record.update')).filter((a) => a.outcome === 'ok').at(-1)!;
    expect(audit).toEqual({ actor: expect.stringContaining('tax-jijian'), outcome: 'ok', detail: { version: 3, changed: ['findings'], values: { findings: { old: '账簿记录完整', new: '账簿记录不完整，缺少2026年10月凭证' } }, reason: '核对检查底稿后更正' } });

    // The record page lists the versions: Beijing time, the person by name, the field by label, old → new, the reason.
    const history = (await c('tax-jijian').get(`/p/tax-collection/new-inspection/${id}/edit`)).text;
    const row = /<tr data-version="3">([\s\S]*?)<\/tr>/.exec(history)![1];
    expect(row).toContain('<td>2026-11-22 11:00</td><td>何静</td>');
    expect(row).toContain('<span class="field">检查发现</span>：<del>账簿记录完整</del> → <ins>账簿记录不完整，缺少2026年10月凭证</ins>');
    expect(row).toContain('<td>核对检查底稿后更正</td>');
    expect(history).toMatch(/<tr data-version="1">.*<td>刘振华<\/td><td><span class="history-note">登记<\/span>/);

    // Once every matter citing it is closed (dismissed here), the record is its creator's to edit again.
    for (const h of await holds(id)) expect((await c('tax-jijian').post(`/api/warning/clues/${h.id}/dismiss`, { reason: '经核实已补充检查人员' })).status).toBe(200);
    expect(await holds(id)).toEqual([]);
    expect((await c('tax-officer').patch(`/api/records/${id}`, { inspectors: ['刘振华', '何静'] })).status).toBe(200);
  });

  it('evidence lock: the person a warning names is refused, as is the creator; a leader corrects with a reason', async () => {
    const taxpayer = (await c('tax-jijian').get(`${TC}/taxpayer?pageSize=1`)).body.items[0].id;
    const created = await c('tax-jijian').post(`${TC}/inspection?institutionId=${bureau}`, { inspectionNo: '核验检〔2026〕2号', taxpayer, inspectors: ['刘振华'], startedOn: '2026-11-03', endedOn: '2026-11-07', findings: '现场核查' });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    const clue = (await t.db.read((m) => m.getRepository(WarningClueEntity).findBy({ ruleId: 'tax-collection/too-few-inspectors' }))).find((x) => JSON.parse(x.recordIds ?? '[]').includes(id))!;
    const officerPerson = (await t.db.read((m) => m.getRepository(UserEntity).findOneByOrFail({ username: 'tax-officer' }))).personId!;
    const warned = await c('tax-jijian').post(`/api/warning/clues/${clue.id}/warn`, { subjectType: 'person', subjectPersonId: officerPerson, levelCode: 'notify', title: '税务检查仅一人实施', reason: '核验检〔2026〕2号检查仅由一名检查人员实施' });
    expect(warned.status).toBe(201);
    expect(await holds(id)).toContainEqual({ kind: 'warning', id: warned.body.id, subjectPersonIds: [officerPerson] });
    for (const who of ['tax-officer', 'tax-jijian']) {
      const res = await c(who).patch(`/api/records/${id}`, { findings: '改写', reason: '想改' });
      expect([who, res.status, res.body.details?.[0]?.field]).toEqual([who, 403, 'findings']);
    }
    await t.createUser('rp-tax-head', [{ institution: 'county-tax-bureau', role: 'head' }]);
    const head = await t.login('rp-tax-head');
    expect((await head.patch(`/api/records/${id}`, { findings: '现场核查，检查人员仅一人', reason: '据预警核实情况更正' })).status).toBe(200);
    expect((await stored(id)).values.findings).toBe('现场核查，检查人员仅一人');
  });

  it('the audit keeps a sensitive field only as masks, and its versions keep it sealed', async () => {
    const individual = ((await c('tax-jijian').get(`${TC}/taxpayer?pageSize=200`)).body.items as PluginRecordView[]).find((r) => r.values.kind === 'individual' && typeof r.values.idNumber === 'string')!;
    const old = individual.values.idNumber as string;
    const next = `36010219850203123${idNumberCheckChar('36010219850203123')}`;
    expect((await c('tax-jijian').patch(`/api/records/${individual.id}`, { idNumber: next })).status).toBe(200);
    const detail = (await auditsOf(individual.id, 'record.update')).at(-1)!.detail;
    expect(detail.values.idNumber.old).toMatch(/^\d{3,6}\*+[\dX]{2,4}$/);
    expect(detail.values.idNumber.new).toMatch(/^\d{3,6}\*+[\dX]{2,4}$/);
    expect(JSON.stringify(detail)).not.toContain(next);
    expect(JSON.stringify(detail)).not.toContain(old);
    const last = (await versionsOf(individual.id)).at(-1)!;
    expect(last.data).not.toContain(next);
    expect(JSON.parse(last.changed)).toEqual(['idNumber']);
  });

  it('forms: a field the account may not write is shown, not an input; a forged field is refused with 403, an unknown one with 400', async () => {
    const list = (await c('tax-officer').get(`${TC}/inspection?pageSize=200`)).body.items as PluginRecordView[];
    let answered: PluginRecordView | undefined;
    for (const r of list) if (r.values.receiptReturnedOn && r.values.receiptBanquet && !(await holds(r.id)).length) (answered ??= r);
    const url = `/p/tax-collection/new-inspection/${answered!.id}/edit`;
    const page = await c('tax-officer').get(url);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('name="receiptBanquet"');
    expect(page.text).toMatch(/<div class="readonly-field" data-readonly="receiptBanquet"><span class="readonly-label">检查人员有无接受宴请<\/span>\s*<output data-testid="readonly-receiptBanquet">(有|没有)<\/output>\s*<small class="lock-note">只能由公众通过公开表单填写，任何账号都不能填写或修改<\/small>/);
    const fields = formFields(page.text);
    expect(fields.findings).toBeDefined();
    expect(fields.receiptBanquet).toBeUndefined();
    const versions = (await versionsOf(answered!.id)).length;
    // Posted as shown: nothing changes, nothing is written.
    expect((await postForm(c('tax-officer'), url, fields)).status).toBe(303);
    // The answer added back with its own value is still no change; with another value it is refused, beside a message.
    expect((await postForm(c('tax-officer'), url, { ...fields, receiptBanquet: String(answered!.values.receiptBanquet) })).status).toBe(303);
    const forged = await postForm(c('tax-officer'), url, { ...fields, receiptBanquet: answered!.values.receiptBanquet === 'yes' ? 'no' : 'yes', findings: `${fields.findings}（补充）` });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('<li>检查人员有无接受宴请：只能由公众通过公开表单填写，任何账号都不能填写或修改</li>');
    expect((await stored(answered!.id)).values).toMatchObject({ receiptBanquet: answered!.values.receiptBanquet, findings: answered!.values.findings });
    const unknown = await postForm(c('tax-officer'), url, { ...fields, approvedBy: '伪造' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('approvedBy：不允许的字段');
    expect(await versionsOf(answered!.id)).toHaveLength(versions);
    // A new inspection's form offers no receipt inputs either, and a forged answer there is refused too.
    const blank = await c('tax-officer').get('/p/tax-collection/new-inspection');
    expect(blank.text).not.toContain('name="receiptDemands"');
    expect(blank.text).toContain('data-readonly="receiptDemands"');
    const taxpayer = (await c('tax-officer').get(`${TC}/taxpayer?pageSize=1`)).body.items[0].id;
    const forgedNew = await postForm(c('tax-officer'), '/p/tax-collection/new-inspection', { inspectionNo: '核验检〔2026〕3号', taxpayer: String(taxpayer), inspectors: '刘振华,何静', startedOn: '2026-11-02', endedOn: '2026-11-06', receiptDemands: 'no' });
    expect(forgedNew.status).toBe(403);
    expect(forgedNew.text).toContain('检查人员有无吃拿卡要行为：只能由公众通过公开表单填写');
  });

  it('the public form is the receipt answers’ one writer: its answer is a version by the public, with old and new values', async () => {
    let pending: PluginRecordView | undefined;
    for (const r of (await c('tax-jijian').get(`${TC}/inspection?pageSize=200`)).body.items as PluginRecordView[]) if (!r.values.receiptReturnedOn && !(await holds(r.id)).length) (pending ??= r);
    const [link] = (await c('tax-jijian').get(`/api/records/${pending!.id}/public-links`)).body;
    const sent = await t.anonymous().post(new URL(link.url).pathname, 'receiptDemands=no&receiptBanquet=yes&receiptGifts=no&receiptAttitude=fair', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(sent.status).toBe(200);
    const last = (await versionsOf(pending!.id)).at(-1)!;
    expect([last.actor, last.userId, JSON.parse(last.changed)]).toEqual(['public:form', null, ['receiptReturnedOn', 'receiptDemands', 'receiptBanquet', 'receiptGifts', 'receiptAttitude']]);
    const audit = (await auditsOf(pending!.id, 'record.public-answer')).at(-1)!;
    expect(audit.detail.values).toEqual({ receiptReturnedOn: { old: null, new: '2026-11-22' }, receiptDemands: { old: null, new: 'no' }, receiptBanquet: { old: null, new: 'yes' }, receiptGifts: { old: null, new: 'no' }, receiptAttitude: { old: null, new: 'fair' } });
    expect((await c('tax-jijian').patch(`/api/records/${pending!.id}`, { receiptBanquet: 'no' })).status).toBe(403);
    const history = (await c('tax-jijian').get(`/p/tax-collection/new-inspection/${pending!.id}/edit`)).text;
    expect(history).toMatch(new RegExp(`<tr data-version="${last.version}"><td>${last.version}</td><td>2026-11-22 11:00</td><td>公众（公开表单）</td>`));
    expect(history).toContain('<span class="field">检查人员有无接受宴请</span>：<span class="empty-value">（空）</span> → <ins>有</ins>');
  });
});
