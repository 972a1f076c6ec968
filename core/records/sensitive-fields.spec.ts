import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkCreditCode, checkIdNumber, idNumberCheckChar, maskValue, RecordTypeDef } from '../plugin-api';
import { validateFields } from '../plugin-host/field-validation';
import { FieldCipher } from './field-cipher';
import { clearSensitiveKeys, maskValues, openStored, pseudonymOf, sealStored } from './sensitive-fields';

const TYPE: RecordTypeDef = {
  id: 'person',
  label: { zh: '人员', en: 'Person' },
  titleField: 'name',
  fields: [
    { key: 'name', id: 'p-name', type: 'string', label: { zh: '姓名', en: 'Name' } },
    { key: 'idNumber', id: 'p-id', type: 'string', label: { zh: '身份证号码', en: 'ID number' }, format: 'prc-id', sensitive: { encrypt: true, mask: 'id-number', visibleTo: ['discipline-officer'] } },
    { key: 'creditCode', id: 'p-cc', type: 'string', label: { zh: '统一社会信用代码', en: 'Credit code' }, format: 'uscc' },
  ],
};

describe('identifier formats (GB 11643, GB 32100)', () => {
  it('accepts the standard example ID number and rejects a wrong check digit, date or length', () => {
    expect(checkIdNumber('11010519491231002X')).toBeNull();
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(checkIdNumber('110105194912310021')?.zh).toContain('应为“X”');
    expect(checkIdNumber('110105194902300020')?.zh).toContain('出生日期');
    expect(checkIdNumber('11010519491231002')?.zh).toContain('18位');
    expect(checkIdNumber('11010519491231002x')?.zh).toContain('大写X');
  });

  it('accepts a valid credit code and names the wrong check character', () => {
    expect(checkCreditCode('91350100M000100Y43')).toBeNull();
    expect(checkCreditCode('91350100M000100Y44')?.zh).toContain('应为“3”');
    expect(checkCreditCode('91350100M000100YI3')?.zh).toContain('第17位');
  });

  it('validateFields applies `format` and reports the checker message', () => {
    expect(validateFields(TYPE.fields, { name: 'a', idNumber: '11010519491231002X', creditCode: '91350100M000100Y43' }).problems).toEqual([]);
    const bad = validateFields(TYPE.fields, { name: 'a', idNumber: '110105194912310021' }).problems;
    expect(bad).toEqual([{ field: 'idNumber', key: 'validation.custom', params: { message: expect.objectContaining({ zh: expect.stringContaining('校验码') }) } }]);
  });
});

describe('masking', () => {
  it('keeps the first 6 and last 4 of an ID number, 3+4 of a phone, the surname of a name', () => {
    expect(maskValue('id-number', '11010519491231002X')).toBe('110105********002X');
    expect(maskValue('phone', '13800001234')).toBe('138****1234');
    expect(maskValue('name', '张三丰')).toBe('张**');
    expect(maskValue('all', 'x')).toBe('******');
    expect(maskValue('id-number', null)).toBeNull();
  });

  it('masks for roles outside visibleTo and shows the clear value to those inside', () => {
    const values = { name: '甲', idNumber: '11010519491231002X', creditCode: null };
    expect(maskValues(TYPE, values, ['staff', 'head']).idNumber).toBe('110105********002X');
    expect(maskValues(TYPE, values, ['system-admin']).idNumber).toBe('110105********002X');
    expect(maskValues(TYPE, values, ['discipline-officer']).idNumber).toBe('11010519491231002X');
  });
});

describe('pseudonyms for oversight roles', () => {
  const OVERSEEN: RecordTypeDef = { ...TYPE, fields: TYPE.fields.map((f) => (f.sensitive ? { ...f, sensitive: { ...f.sensitive, visibleTo: ['staff'], pseudonymFor: ['discipline-officer'] } } : f)) };
  const c = FieldCipher.fromKey(Buffer.alloc(32, 5));
  const values = { name: '甲', idNumber: '11010519491231002X', creditCode: null };

  it('is stable per record and field, differs between records, fields and keys, and never contains the value', () => {
    const p = pseudonymOf(c, 'p-id', 7);
    expect(p).toMatch(/^P-[0-9A-F]{10}$/);
    expect(pseudonymOf(c, 'p-id', 7)).toBe(p);
    expect(pseudonymOf(c, 'p-id', 8)).not.toBe(p);
    expect(pseudonymOf(c, 'p-name', 7)).not.toBe(p);
    expect(pseudonymOf(FieldCipher.fromKey(Buffer.alloc(32, 6)), 'p-id', 7)).not.toBe(p);
  });

  it('a pseudonymFor role sees the pseudonym, visibleTo sees clear, others the mask; no pseudonymiser keeps the mask (old callers)', () => {
    const pseudo = (fieldId: string) => pseudonymOf(c, fieldId, 7);
    expect(maskValues(OVERSEEN, values, ['discipline-officer'], pseudo).idNumber).toBe(pseudonymOf(c, 'p-id', 7));
    expect(maskValues(OVERSEEN, values, ['staff'], pseudo).idNumber).toBe('11010519491231002X');
    expect(maskValues(OVERSEEN, values, ['head'], pseudo).idNumber).toBe('110105********002X');
    expect(maskValues(OVERSEEN, values, ['discipline-officer']).idNumber).toBe('110105********002X');
    expect(maskValues(OVERSEEN, { ...values, idNumber: null }, ['discipline-officer'], pseudo).idNumber).toBeNull();
  });

  it('clearSensitiveKeys names the sensitive fields with a value shown in clear (what a view audit records)', () => {
    expect(clearSensitiveKeys(OVERSEEN, values, ['staff'])).toEqual(['idNumber']);
    expect(clearSensitiveKeys(OVERSEEN, { ...values, idNumber: null }, ['staff'])).toEqual([]);
    expect(clearSensitiveKeys(OVERSEEN, values, ['discipline-officer'])).toEqual([]);
  });
});

describe('FieldCipher (AES-256-GCM)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-cipher-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates DATA_DIR/secret.key once (mode 0600) and reuses it', () => {
    const a = FieldCipher.load(dir);
    const file = path.join(dir, 'secret.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(file, 'utf8');
    const sealed = a.seal('11010519491231002X', 'p-id');
    expect(FieldCipher.load(dir).open(sealed, 'p-id')).toBe('11010519491231002X');
    expect(fs.readFileSync(file, 'utf8')).toBe(key);
  });

  it('never stores the clear value, uses a fresh IV each time, and is bound to the field id', () => {
    const c = FieldCipher.fromKey(Buffer.alloc(32, 7));
    const s1 = c.seal('11010519491231002X', 'p-id');
    const s2 = c.seal('11010519491231002X', 'p-id');
    expect(s1).not.toContain('1101051949');
    expect(s1).not.toBe(s2);
    expect(() => c.open(s1, 'other-field')).toThrow();
    expect(() => FieldCipher.fromKey(Buffer.alloc(32, 8)).open(s1, 'p-id')).toThrow();
  });

  it('seals only sensitive fields of a stored map, and opens them back (a wrong key reads as null)', () => {
    const c = FieldCipher.fromKey(Buffer.alloc(32, 1));
    const stored = sealStored(TYPE, { 'p-name': '甲', 'p-id': '11010519491231002X', 'p-cc': null }, c);
    expect(stored['p-name']).toBe('甲');
    expect(FieldCipher.isSealed(stored['p-id'])).toBe(true);
    expect(openStored(TYPE, stored, c)['p-id']).toBe('11010519491231002X');
    expect(openStored(TYPE, stored, FieldCipher.fromKey(Buffer.alloc(32, 2)))['p-id']).toBeNull();
  });

  it('reads FIELD_ENCRYPTION_KEY as hex or base64 and refuses a short key', () => {
    expect(FieldCipher.parseKey('ab'.repeat(32)).length).toBe(32);
    expect(FieldCipher.parseKey(Buffer.alloc(32, 3).toString('base64')).length).toBe(32);
    expect(() => FieldCipher.parseKey('abcd')).toThrow(/32 bytes/);
  });
});
