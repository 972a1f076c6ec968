import { prototypeKeyPath } from './prototype-keys';

describe('prototypeKeyPath', () => {
  it('names the first __proto__, constructor or prototype key at any depth, arrays included', () => {
    expect(prototypeKeyPath({ subject: '采购', amountFen: 1 })).toBeNull();
    expect(prototypeKeyPath(JSON.parse('{"a":{"__proto__":{"x":1}}}'))).toBe('a.__proto__');
    expect(prototypeKeyPath({ list: [{ ok: 1 }, { constructor: { prototype: 1 } }] })).toBe('list.1.constructor');
    expect(prototypeKeyPath('constructor')).toBeNull();
  });

  it('walks a body nested 1,000 deep without recursion', () => {
    const deep = JSON.parse('{"a":'.repeat(1000) + '{"prototype":1}' + '}'.repeat(1000));
    expect(prototypeKeyPath(deep)).toMatch(/a\.prototype$/);
  });
});
