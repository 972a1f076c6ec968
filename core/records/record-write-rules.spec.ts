import type { FieldDef, RecordTypeDef, Role } from '../plugin-api';
import { AppError } from '../http/app-error';
import { canonicalValue, changedKeys, refusalOf, refusalProblem, splitReason, WriteContext, writeRuleProblems } from './record-write-rules';

const field = (key: string, extra: Partial<FieldDef> = {}): FieldDef => ({ key, id: `t-${key}`, type: 'string', label: { zh: `栏目${key}`, en: `Field ${key}` }, ...extra });

/** An account at the record's institution holding `roles`, on a record that exists unless `creating`. */
function ctx(roles: Role[], over: Partial<WriteContext> = {}): WriteContext {
  return { channel: 'account', creating: false, permits: (allowed) => roles.some((r) => allowed.includes(r)), isAdmin: false, isCreator: false, viaShares: new Set(), stored: {}, ...over };
}

describe('record write rules', () => {
  it('a field without a rule is open to whoever may edit the record', () => {
    expect(refusalOf(field('a'), ctx(['staff']))).toBeNull();
  });

  it('by roles: one of them at the record institution, or the system admin (permits), else "roles"', () => {
    const f = field('approver', { write: { by: ['discipline-officer', 'head'] } });
    expect(refusalOf(f, ctx(['staff']))).toBe('roles');
    expect(refusalOf(f, ctx(['department-head', 'staff']))).toBe('roles');
    expect(refusalOf(f, ctx(['head']))).toBeNull();
    expect(refusalOf(f, ctx([], { permits: () => true, isAdmin: true }))).toBeNull();
    // The roles hold at creation too: the buyer cannot name the approver of a new project.
    expect(refusalOf(f, ctx(['staff'], { creating: true, isCreator: true }))).toBe('roles');
  });

  it('creator: alone only the creating account (and the admin); beside roles either one', () => {
    const alone = field('a', { write: { creator: true } });
    expect(refusalOf(alone, ctx(['head']))).toBe('creator');
    expect(refusalOf(alone, ctx(['staff'], { isCreator: true }))).toBeNull();
    expect(refusalOf(alone, ctx([], { isAdmin: true }))).toBeNull();
    const either = field('b', { write: { by: ['head'], creator: true } });
    expect(refusalOf(either, ctx(['staff'], { isCreator: true }))).toBeNull();
    expect(refusalOf(either, ctx(['head']))).toBeNull();
    expect(refusalOf(either, ctx(['staff']))).toBe('roles');
  });

  it('public-form: never an account, the system admin included, at creation or after; always the public form', () => {
    const f = field('receiptBanquet', { write: { by: 'public-form' } });
    expect(refusalOf(f, ctx(['discipline-officer', 'head']))).toBe('public-form');
    expect(refusalOf(f, ctx([], { permits: () => true, isAdmin: true, creating: true, isCreator: true }))).toBe('public-form');
    expect(refusalOf(f, ctx([], { channel: 'public-form' }))).toBeNull();
  });

  it('the public form writes no field reserved to roles, shares or the creator', () => {
    const pub = ctx([], { channel: 'public-form' });
    expect(refusalOf(field('a', { write: { by: ['head'] } }), pub)).toBe('roles');
    expect(refusalOf(field('a', { write: { by: 'shares' } }), pub)).toBe('shares');
    expect(refusalOf(field('a', { write: { creator: true } }), pub)).toBe('creator');
    expect(refusalOf(field('a', { write: { until: 'set' } }), pub)).toBeNull();
  });

  it('shares: only through a share making it writable (or the admin); never at creation', () => {
    const f = field('arrivalDate', { type: 'date', write: { by: 'shares' } });
    expect(refusalOf(f, ctx(['head', 'staff']))).toBe('shares');
    expect(refusalOf(f, ctx(['staff'], { viaShares: new Set(['arrivalDate']) }))).toBeNull();
    expect(refusalOf(f, ctx(['staff'], { viaShares: new Set(['diagnosis']) }))).toBe('shares');
    expect(refusalOf(f, ctx(['staff'], { creating: true, isCreator: true }))).toBe('shares');
    expect(refusalOf(f, ctx([], { isAdmin: true }))).toBeNull();
  });

  it('until created / set / before another field, for everyone allowed to write', () => {
    const created = field('a', { write: { until: 'created' } });
    expect(refusalOf(created, ctx(['staff'], { creating: true, isCreator: true }))).toBeNull();
    expect(refusalOf(created, ctx([], { isAdmin: true, permits: () => true }))).toBe('created');
    const once = field('signedOn', { type: 'date', write: { until: 'set' } });
    expect(refusalOf(once, ctx(['staff'], { stored: { signedOn: null } }))).toBeNull();
    expect(refusalOf(once, ctx(['staff'], { stored: { signedOn: '2026-06-30' } }))).toBe('set');
    const draft = field('minutes', { type: 'text', write: { by: ['head'], until: { before: 'signedOn' } } });
    expect(refusalOf(draft, ctx(['head'], { stored: { signedOn: null, minutes: '初稿' } }))).toBeNull();
    expect(refusalOf(draft, ctx(['head'], { stored: { signedOn: '2026-06-30' } }))).toBe('before');
    // Who comes first: a caller without the role hears that, not the time.
    expect(refusalOf(draft, ctx(['staff'], { stored: { signedOn: '2026-06-30' } }))).toBe('roles');
  });

  it('a refusal names the field by its label and says who may write it, in both languages', () => {
    const def: RecordTypeDef = { id: 't', label: { zh: '类', en: 'T' }, titleField: 'a', fields: [field('a', { write: { by: ['discipline-officer', 'head'] } }), field('b', { write: { until: { before: 'a' } } })] };
    expect(refusalProblem(def, def.fields[0], 'roles')).toEqual({ field: 'a', key: 'record.write_roles', params: { field: { zh: '栏目a', en: 'Field a' }, roles: { zh: '纪检监察、主要领导', en: 'Discipline officer, Head' } } });
    expect(refusalProblem(def, def.fields[1], 'before')).toEqual({ field: 'b', key: 'record.write_before', params: { field: { zh: '栏目b', en: 'Field b' }, other: { zh: '栏目a', en: 'Field a' } } });
  });

  it('a value sent unchanged is no change: lists, rows with key order or null cells, unset boxes', () => {
    const fields = [field('s'), field('l', { type: 'string-list' }), field('b', { type: 'boolean' }), field('r', { type: 'rows', columns: [field('x'), field('y')] })];
    const before = { s: '甲', l: ['a', 'b'], b: null, r: [{ x: '1', y: '2' }] };
    expect(changedKeys(fields, before, { s: '甲', l: ['a', 'b'], b: false, r: [{ y: '2', x: '1', z: null }] })).toEqual([]);
    expect(changedKeys(fields, before, { s: '乙', l: ['b', 'a'], b: true, r: [] })).toEqual(['s', 'l', 'b', 'r']);
    expect(canonicalValue(fields[0], '')).toBe(canonicalValue(fields[0], null));
  });

  it('the reason travels beside the values: trimmed, empty as none, text of at most 500 characters', () => {
    expect(splitReason({ a: 1, reason: '  核对原始单据后更正  ' })).toEqual({ values: { a: 1 }, reason: '核对原始单据后更正' });
    expect(splitReason({ a: 1, reason: '' })).toEqual({ values: { a: 1 }, reason: null });
    expect(splitReason({ a: 1 })).toEqual({ values: { a: 1 }, reason: null });
    expect(() => splitReason({ reason: 5 })).toThrow(AppError);
    expect(() => splitReason({ reason: 'x'.repeat(501) })).toThrow(AppError);
  });

  it('boot check: unknown roles, a share-written field no share makes writable, until before an unknown field, a reserved key', () => {
    const def: RecordTypeDef = {
      id: 't',
      label: { zh: '类', en: 'T' },
      titleField: 'a',
      fields: [field('a', { write: { by: ['nobody' as Role] } }), field('b', { write: { by: 'shares' } }), field('c', { write: { until: { before: 'zz' } } }), field('reason')],
    };
    expect(writeRuleProblems(def)).toEqual([
      'record type "t": field "a" write.by names no role or an unknown one',
      'record type "t": field "b" is written by shares, but no share makes it writable',
      'record type "t": field "c" write.until.before names no other field of the type',
      'record type "t": field key "reason" is reserved',
    ]);
  });
});
