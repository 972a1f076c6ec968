import { Db } from '../../core/db/db';
import { Clock } from '../../core/clock/clock';
import { creditCodeCheckChar } from '../../core/plugin-api';
import { startTestApp, TestApp } from '../support/test-app';

// PostgreSQL only (the e2e-pg project): saves of a record type with aggregate rules read the sums and counts that the
// other saves change; side by side at SERIALIZABLE they failed each other and retried for seconds (issue #19's load run).
const P = '/api/plugins/hospital-procurement/records';
const SAVES = 24;

describe('saves of a record type with rules, many at once, on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
    await t.createUser('lane-buyer', [{ institution: 'alpha-hospital', role: 'staff' }]);
  }, 120_000);
  afterAll(() => t?.close());

  it(`${SAVES} concurrent project saves all land, in one queue per record type, with no serialization retry`, async () => {
    const buyer = await t.login('lane-buyer');
    const first = '91361099MA0000007';
    const supplier = await buyer.post(`${P}/supplier`, { name: '示范县并发测试供应商', creditCode: first + creditCodeCheckChar(first), categories: ['consumables'] });
    expect(supplier.status).toBe(201);
    const db = t.app.get(Db);
    const retriesBefore = db.serializationRetries;
    const answers = await Promise.all(
      Array.from({ length: SAVES }, (_, n) =>
        buyer.post(`${P}/procurement-project`, {
          projectNo: `LANE-2026-${n}`, name: `并发采购${n}`, category: 'consumables', items: [{ itemName: `耗材${n}`, quantity: 10, unitPriceFen: 1_200 }],
          totalFen: 12_000, budgetSource: 'own-funds', department: '设备科', method: 'inquiry', awardedOn: '2026-06-10', contractOn: '2026-06-17',
          contractNo: `HT-LANE-${n}`, supplier: supplier.body.id,
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(SAVES).fill(201));
    expect((await buyer.get(`${P}/procurement-project?pageSize=1`)).body.total).toBe(SAVES);
    expect(db.serializationRetries - retriesBefore).toBe(0);
  });
});
