/**
 * The level above sees and handles what it oversees (issue #18 point 4), on the SHIPPED configuration: the township
 * discipline officer (descendant-wide role at 东溪镇) lists and triages the villages' clues, by unit; a tip-off or a
 * staff clue about a village's head or discipline officer goes to the township and stays hidden from the village;
 * the tipster may pick the receiving body; a unit may keep its matters from its parent; outsiders see nothing.
 */
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { PersonEntity } from '../../core/org/org.entities';
import type { ClueView } from '../../core/warning/clue.service';
import { answerText, ApiClient, HttpResult, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(300_000);

const MISSING_ID = 987654321;
let ipSeq = 0;
/** A fresh client address per tip-off, so the public throttle never answers instead of the service. */
const fromIp = () => ({ 'x-forwarded-for': `10.18.${Math.floor(++ipSeq / 250) % 250}.${ipSeq % 250}` });
const CONTENT = '该同志在村级工程款拨付中优亲厚友，群众反映强烈。';

describe('oversight: the township over its villages (shipped configuration)', () => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  const clients: Record<string, ApiClient> = {};
  const personId = async (name: string) => (await t.db.read((m) => m.getRepository(PersonEntity).findOneByOrFail({ name }))).id;
  const clues = async (who: string, query = ''): Promise<ClueView[]> => {
    const res = await clients[who].get(`/api/warning/clues${query}`);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const tipoff = (body: Record<string, unknown>) => t.anonymous().post('/api/public/tipoffs', { content: CONTENT, anonymous: true, ...body }, fromIp());
  /** The newest clue of the township list from a public tip-off naming `label`. */
  const tipoffClue = async (label: string) => (await clues('township-jijian', '?source=public-tipoff')).filter((c) => c.subjectLabel === label).sort((a, b) => b.id - a.id)[0];
  /** Status and body with the asked id masked: a kept-away clue must answer exactly like a missing one. */
  const masked = (res: HttpResult, id: number) => `${res.status} ${answerText(res).replace(new RegExp(`(?<![0-9])${id}(?![0-9])`, 'g'), ':id')}`;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-07-01T03:00:00Z', seed: 'demo+plugins', trustProxy: 'loopback' });
    for (const code of ['qingshi-village', 'shuikou-village', 'dongxi-township', 'county-hospital']) ids[code] = await t.institutionId(code);
    for (const u of ['township-jijian', 'village-jijian', 'village-secretary', 'hosp-jijian']) clients[u] = await t.login(u, DEMO_PASSWORD);
  }, 300_000);
  afterAll(() => t?.close());

  it('the township officer lists both villages’ rule-hit clues, filters them by unit, and turns one into a warning', async () => {
    const all = await clues('township-jijian', '?status=new&source=rule');
    const count = (id: number) => all.filter((c) => c.institutionId === id).length;
    // The planted hits of the village demo: 8 in 青石村, 5 in 水口村, none at the township itself.
    expect([count(ids['qingshi-village']), count(ids['shuikou-village']), all.length]).toEqual([8, 5, 13]);
    const qingshi = await clues('township-jijian', `?status=new&source=rule&unit=${ids['qingshi-village']}`);
    expect(qingshi.map((c) => c.id).sort()).toEqual(all.filter((c) => c.institutionId === ids['qingshi-village']).map((c) => c.id).sort());
    // The village officer keeps seeing his own village only.
    const village = await clues('village-jijian', '?status=new&source=rule');
    expect([...new Set(village.map((c) => c.institutionId))]).toEqual([ids['qingshi-village']]);

    const clue = qingshi[0];
    expect((await clients['township-jijian'].get(`/api/warning/clues/${clue.id}`)).status).toBe(200);
    const warned = await clients['township-jijian'].post(`/api/warning/clues/${clue.id}/warn`, { subjectType: 'institution', levelCode: 'green', title: '联席会议制度执行不到位', reason: '镇纪委研判：村级联席会议未按规定召开。' });
    expect(warned.status).toBe(201);
    expect(warned.body).toMatchObject({ institutionId: ids['qingshi-village'], handlerInstitutionId: null, subjectType: 'institution', subjectLabel: '示范县东溪镇青石村' });
    const listed = async (who: string, unit: string) => ((await clients[who].get(`/api/warning/warnings?unit=${ids[unit]}`)).body.items as { id: number }[]).map((w) => w.id);
    expect(await listed('township-jijian', 'qingshi-village')).toContain(warned.body.id);
    expect(await listed('township-jijian', 'shuikou-village')).not.toContain(warned.body.id);
    // Handled by the village's own body, so its officer sees it as well.
    expect(await listed('village-jijian', 'qingshi-village')).toContain(warned.body.id);
  });

  it('a tip-off naming the village’s discipline officer goes to the township: the village cannot see it, its officer is only its subject', async () => {
    const res = await tipoff({ institutionCode: 'qingshi-village', subjectLabel: '青石村纪检委员冯敏' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ institutionName: '示范县东溪镇青石村', receivingName: '示范县东溪镇' });
    const clue = await tipoffClue('青石村纪检委员冯敏');
    expect(clue).toMatchObject({ institutionId: ids['qingshi-village'], handlerInstitutionId: ids['dongxi-township'], status: 'new' });
    // Kept from the village's officer and head: not listed, and the id answers like a missing one.
    for (const who of ['village-jijian', 'village-secretary']) {
      expect((await clues(who)).map((c) => c.id)).not.toContain(clue.id);
      expect(masked(await clients[who].get(`/api/warning/clues/${clue.id}`), clue.id)).toBe(masked(await clients[who].get(`/api/warning/clues/${MISSING_ID}`), MISSING_ID));
      expect((await clients[who].post(`/api/warning/clues/${clue.id}/dismiss`, { reason: '不属实' })).status).toBe(404);
    }
    // The township's officers are told, not the village's.
    const told = async (who: string) => ((await clients[who].get('/api/warning/messages?pageSize=200')).body.items as { title: string }[]).some((m) => m.title.includes(`#${clue.id}（`));
    expect([await told('township-jijian'), await told('village-jijian')]).toEqual([true, false]);

    const feng = await personId('冯敏');
    const w = await clients['township-jijian'].post(`/api/warning/clues/${clue.id}/warn`, { subjectType: 'person', subjectPersonId: feng, levelCode: 'green', title: '工程款拨付优亲厚友', reason: '镇纪委初核，反映问题有一定依据。' });
    expect(w.status).toBe(201);
    expect(w.body).toMatchObject({ handlerInstitutionId: ids['dongxi-township'], subjectPersonId: feng });
    // 冯敏 sees the warning against him, without the clue behind it, and cannot act on it as an officer.
    const seen = await clients['village-jijian'].get(`/api/warning/warnings/${w.body.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.clue).toBeUndefined();
    expect((await clients['village-jijian'].post(`/api/warning/warnings/${w.body.id}/issue`)).status).toBe(403);
    expect((await clients['village-jijian'].post(`/api/warning/warnings/${w.body.id}/follow-up`, { visitedOn: '2026-07-01', method: '听取汇报', findings: '已整改到位', opinion: '同意解除' })).status).toBe(403);
    // The township issues the notice under its own letterhead and numbering; the village's head cannot read it.
    const issued = await clients['township-jijian'].post(`/api/warning/warnings/${w.body.id}/issue`);
    expect(issued.status).toBe(200);
    const notice = issued.body.documents[0];
    expect(notice.number).toMatch(/^东溪纪〔2026〕\d+号$/);
    expect((await clients['village-jijian'].get(`/api/documents/${notice.id}`)).status).toBe(200);
    expect((await clients['village-secretary'].get(`/api/documents/${notice.id}`)).status).toBe(404);
    // The village's head is neither its subject nor over it.
    expect((await clients['village-secretary'].get(`/api/warning/warnings/${w.body.id}`)).status).toBe(404);
    expect(((await clients['village-secretary'].get('/api/warning/warnings')).body.items as { id: number }[]).map((x) => x.id)).not.toContain(w.body.id);
  });

  it('routes a tip-off about the head too, keeps one about anyone else at the village, and lets the tipster pick a body above', async () => {
    expect((await tipoff({ institutionCode: 'qingshi-village', subjectLabel: '黄立新' })).body.receivingName).toBe('示范县东溪镇');
    expect((await tipoffClue('黄立新')).handlerInstitutionId).toBe(ids['dongxi-township']);
    // 高文斌 is the team leader (deputy in charge), not the head or the discipline officer: the village handles it.
    expect((await tipoff({ institutionCode: 'qingshi-village', subjectLabel: '高文斌' })).body.receivingName).toBe('示范县东溪镇青石村');
    expect((await clues('village-jijian', '?source=public-tipoff')).map((c) => c.subjectLabel)).toContain('高文斌');
    const chosen = await tipoff({ institutionCode: 'shuikou-village', subjectLabel: '水口村某村干部', receivingCode: 'dongxi-township' });
    expect(chosen.body.receivingName).toBe('示范县东溪镇');
    expect((await tipoffClue('水口村某村干部')).handlerInstitutionId).toBe(ids['dongxi-township']);
    // A body that is not above the institution is refused, naming the field, and nothing is saved.
    const before = (await clues('township-jijian')).length;
    const refused = await tipoff({ institutionCode: 'qingshi-village', subjectLabel: '某人', receivingCode: 'district-cdc' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('receivingCode');
    expect((await clues('township-jijian')).length).toBe(before);
  });

  it('a staff clue about the village head, entered by the village officer, goes to the township and leaves his sight', async () => {
    const res = await clients['village-jijian'].post('/api/warning/clues', { source: 'petition', content: '群众来信反映村支书在低保评定中优亲厚友。', subjectType: 'person', subjectPersonId: await personId('黄立新') });
    expect(res.status).toBe(201);
    expect(res.body.handlerInstitutionId).toBe(ids['dongxi-township']);
    expect((await clients['village-jijian'].get(`/api/warning/clues/${res.body.id}`)).status).toBe(404);
    expect((await clients['township-jijian'].get(`/api/warning/clues/${res.body.id}`)).status).toBe(200);
  });

  it('the hospital officer sees nothing of the township or its villages', async () => {
    const villageClue = (await clues('township-jijian', `?unit=${ids['qingshi-village']}`))[0];
    const hosp = clients['hosp-jijian'];
    const own = await clues('hosp-jijian');
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((c) => c.institutionId === ids['county-hospital'] && c.handlerInstitutionId === null)).toBe(true);
    expect(await clues('hosp-jijian', `?unit=${ids['qingshi-village']}`)).toEqual([]);
    expect(masked(await hosp.get(`/api/warning/clues/${villageClue.id}`), villageClue.id)).toBe(masked(await hosp.get(`/api/warning/clues/${MISSING_ID}`), MISSING_ID));
    const villageWarnings = (await clients['township-jijian'].get(`/api/warning/warnings?unit=${ids['qingshi-village']}`)).body.items as { id: number }[];
    expect(villageWarnings.length).toBeGreaterThan(0);
    for (const w of villageWarnings) expect((await hosp.get(`/api/warning/warnings/${w.id}`)).status).toBe(404);
    expect(((await hosp.get('/api/warning/warnings')).body.items as { id: number }[]).some((w) => villageWarnings.some((v) => v.id === w.id))).toBe(false);
    const board = await hosp.get('/warning/board');
    expect(board.status).toBe(200);
    expect(board.text).not.toContain('青石村');
  });

  it('a subject from another institution is a 404 at triage, like any foreign id', async () => {
    const clue = (await clues('township-jijian', `?status=new&source=rule&unit=${ids['shuikou-village']}`))[0];
    for (const name of ['陈思远', '冯敏', '严可欣']) {
      const res = await clients['township-jijian'].post(`/api/warning/clues/${clue.id}/warn`, { subjectType: 'person', subjectPersonId: await personId(name), levelCode: 'green', title: '外单位人员', reason: '对象不属于水口村。' });
      expect(`${name} ${res.status}`).toBe(`${name} 404`);
    }
    expect((await clients['township-jijian'].get(`/api/warning/clues/${clue.id}`)).body.status).toBe('new');
  });

  it('the board spans the units with a unit filter and column; a one-unit board keeps its shape', async () => {
    const township = clients['township-jijian'];
    const board = await township.get('/warning/board');
    expect(board.status).toBe(200);
    const select = board.text.slice(board.text.indexOf('<select name="unit"'), board.text.indexOf('</select>', board.text.indexOf('<select name="unit"')));
    const options = [...select.matchAll(/<option value="(\d+)"[^>]*>([^<]+)<\/option>/g)].map((m) => [Number(m[1]), m[2]]);
    expect(options).toEqual([
      [ids['dongxi-township'], '示范县东溪镇'],
      [ids['qingshi-village'], '示范县东溪镇青石村'],
      [ids['shuikou-village'], '示范县东溪镇水口村'],
    ]);
    const unitsOf = (html: string) => [...new Set([...html.matchAll(/data-unit-id="(\d+)"/g)].map((m) => Number(m[1])))].sort();
    expect(unitsOf(board.text)).toEqual([ids['qingshi-village'], ids['shuikou-village']].sort());
    const shuikou = await township.get(`/warning/board?unit=${ids['shuikou-village']}`);
    expect(unitsOf(shuikou.text)).toEqual([ids['shuikou-village']]);
    expect(shuikou.text).toMatch(new RegExp(`<option value="${ids['shuikou-village']}" selected>`));
    // The routed tip-off shows at its village, handled by the township.
    expect(board.text).toContain('由示范县东溪镇受理');
    for (const who of ['village-jijian', 'hosp-jijian']) {
      const own = await clients[who].get('/warning/board');
      expect(own.text).not.toContain('name="unit"');
      expect(own.text).not.toContain('data-unit-id');
    }
  });

  it('a unit that turns parentSeesWarnings off keeps its own matters from the township, while tip-offs about its officer still go there', async () => {
    const qingshi = t.host.institutions.find((c) => c.code === 'qingshi-village')!;
    const ownClue = (await clues('village-jijian', '?status=new&source=rule'))[0];
    // As config/institutions/qingshi-village.yaml with `oversight: { parentSeesWarnings: false }` would load it.
    qingshi.oversight.parentSeesWarnings = false;
    try {
      const seen = await clues('township-jijian');
      expect(seen.filter((c) => c.institutionId === ids['qingshi-village'] && c.handlerInstitutionId === null)).toEqual([]);
      expect(seen.some((c) => c.institutionId === ids['qingshi-village'] && c.handlerInstitutionId === ids['dongxi-township'])).toBe(true);
      expect(seen.some((c) => c.institutionId === ids['shuikou-village'])).toBe(true);
      expect((await clients['township-jijian'].get(`/api/warning/clues/${ownClue.id}`)).status).toBe(404);
      expect((await tipoff({ institutionCode: 'qingshi-village', subjectLabel: '冯敏（纪检委员）' })).body.receivingName).toBe('示范县东溪镇');
      // The village's own officer still handles its matters.
      expect((await clients['village-jijian'].get(`/api/warning/clues/${ownClue.id}`)).status).toBe(200);
    } finally {
      qingshi.oversight.parentSeesWarnings = true;
    }
    expect((await clients['township-jijian'].get(`/api/warning/clues/${ownClue.id}`)).status).toBe(200);
  });
});
