import * as fc from 'fast-check';
import type { BodySchema, Route } from './malformed-input';

/**
 * fast-check arbitraries for hostile HTTP input (issue #11 point 5, #25 points 1 and 11): wrong types and missing
 * fields, 1 MB strings, JSON nested 1,000 and 10,000 deep, __proto__ keys, numbers above 2^53, null bytes, every bidi
 * control, lone surrogates, emoji and rare characters mixed into Chinese text. Bodies are JSON *text*, so nesting depth,
 * duplicate and __proto__ keys, lone surrogate escapes and big numbers reach the server exactly as written.
 */

const cjk = fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c)), minLength: 1, maxLength: 12 });
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
const spice = fc.constantFrom('\u0000', ...BIDI, '\u2028', '\ufeff', '😀', '👨‍👩‍👧', '🇨🇳', '\u0301', '𠮷', '䶮', '㐂', '鿏', '%00', "'; DROP TABLE users; --", '{{constructor}}', '<script>');

/** Chinese text with control, bidi and emoji characters mixed in. */
export const hostileText = fc.array(fc.oneof({ weight: 3, arbitrary: cjk }, { weight: 2, arbitrary: spice }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), { minLength: 1, maxLength: 6 }).map((p) => p.join(''));

const MB = 1_048_576;
/** Raw JSON number text above 2^53 (or out of double range). */
const bigNumber = fc.oneof(
  fc.bigInt({ min: 2n ** 53n + 1n, max: 2n ** 80n }).map(String),
  fc.constantFrom('9007199254740993', '-9007199254740993', '1e400', '-1e400', '1e-400', '18014398509481984.5'),
);
/** JSON string text holding a lone surrogate escape (kept out of hostileText: URL encoding throws on one). */
const loneSurrogate = fc.tuple(cjk, fc.constantFrom('\\ud800', '\\udbff', '\\udc00', '\\udfff', '\\ud83d'), cjk).map(([a, s, b]) => `"${a}${s}${b}"`);
const scalar = fc.oneof(
  { weight: 4, arbitrary: hostileText.map((s) => JSON.stringify(s)) },
  { weight: 2, arbitrary: bigNumber },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null', '""', '[]', '{}', '0', '-1', '"2026-02-30"', '"not-a-date"') },
);
const key = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'isSystemAdmin', 'institutionId') },
  { weight: 1, arbitrary: hostileText },
);
/** Any JSON value as text, a few levels deep. */
const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }).map((a) => `[${a.join(',')}]`),
    fc.array(fc.tuple(key, tie('v')), { maxLength: 3 }).map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
})).v;

/** A value for a schema property: sometimes of the right type, mostly wrong or hostile. */
function fieldValue(p: BodySchema['properties'][string]): fc.Arbitrary<string> {
  const plausible =
    p.type === 'integer' || p.type === 'number'
      ? fc.oneof(fc.integer({ min: -5, max: 100_000 }).map(String), bigNumber)
      : p.type === 'boolean'
        ? fc.constantFrom('true', 'false')
        : p.type === 'array'
          ? fc.array(scalar, { maxLength: 4 }).map((a) => `[${a.join(',')}]`)
          : p.enum?.length
            ? fc.constantFrom(...p.enum.map((e) => JSON.stringify(e)))
            : hostileText.map((s) => JSON.stringify(s));
  return fc.oneof({ weight: 2, arbitrary: plausible }, { weight: 2, arbitrary: value });
}

const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);

/**
 * A JSON body for a route, never valid as a whole: every object carries a key the route does not declare
 * (`__proto__`, `constructor`, …), so any 2xx/3xx from a route that takes a body is a finding. Field values mix
 * right and wrong types, required fields go missing, and a few bodies are 1,000 or 10,000 deep or 1 MB long.
 */
export function bodyArbitrary(schema?: BodySchema): fc.Arbitrary<string> {
  const names = Object.keys(schema?.properties ?? {});
  const fields = fc.subarray(names).chain((present) =>
    fc.tuple(...present.map((n) => fieldValue(schema!.properties[n]).map((v) => `${JSON.stringify(n)}:${v}`))).map((kv) => kv as string[]),
  );
  const poison = fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', '\u202eid', '\u2066id\u2069', '字段\u0000', '未声明😀'), value).map(([k, v]) => `${JSON.stringify(k)}:${v}`);
  const object = fc.tuple(fields, fc.array(poison, { minLength: 1, maxLength: 3 }), fc.nat()).map(([f, p, seed]) => {
    // The undeclared keys go anywhere, not only last.
    const all = [...f];
    all.splice(seed % (f.length + 1), 0, ...p);
    return `{${all.join(',')}}`;
  });
  const name = names[0] ?? 'subject';
  return fc.oneof(
    { weight: 40, arbitrary: object },
    { weight: 2, arbitrary: fc.constant(`{${JSON.stringify(name)}:${deep(1000)},"__proto__":{"x":1}}`) },
    { weight: 2, arbitrary: fc.constant(`{${JSON.stringify(name)}:${deepArray(1000)},"constructor":1}`) },
    { weight: 1, arbitrary: fc.constant(`{${JSON.stringify(name)}:${deep(10_000)}}`) },
    { weight: 1, arbitrary: fc.constant(`{${JSON.stringify(name)}:${deepArray(10_000)}}`) },
    { weight: 2, arbitrary: fc.tuple(fc.boolean(), loneSurrogate, object).map(([asKey, s, o]) => (asKey ? `{${s}:1,"x":${o}}` : `{${JSON.stringify(name)}:${s},"x":${o}}`)) },
    { weight: 2, arbitrary: fc.array(object, { minLength: 1, maxLength: 3 }).map((a) => `[${a.join(',')}]`) },
    { weight: 2, arbitrary: scalar },
    { weight: 1, arbitrary: fc.constant(`{${JSON.stringify(name)}:${JSON.stringify('廉'.repeat(MB / 3 + 1))},"x":${JSON.stringify('x'.repeat(MB))}}`) },
  );
}

/** Path parameter values: ids out of range, encoded nulls, bidi marks, traversal, emoji, numbers above 2^53. */
export const pathParam = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('99999999', '9007199254740993', '-1', '0', '1e3', '1.5', '0x10', '%00', '%E2%80%AE1', '..%2F..%2Fetc%2Fpasswd', '%F0%9F%98%80', 'null', 'undefined', '__proto__', 'constructor', '1%00', '%C0%AE') },
  { weight: 2, arbitrary: hostileText.map(encodeURIComponent) },
  { weight: 1, arbitrary: bigNumber.map(encodeURIComponent) },
);

/** A query string of hostile keys and values (`__proto__[x]=`, arrays, big numbers, Chinese with control characters). */
export const queryString = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom('limit', 'offset', 'lang', 'q', 'text', 'year', 'status', 'institutionId', '__proto__[polluted]', 'constructor[prototype][x]', 'a[]', 'a[0][b]'), hostileText),
      fc.oneof(hostileText, bigNumber, fc.constantFrom('', '-1', 'NaN', 'Infinity', 'en', '[]', '{}')),
    ),
    { maxLength: 5 },
  )
  .map((kv) => (kv.length ? `?${kv.map(([k, v]) => `${encodeURIComponent(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(v)}`).join('&')}` : ''));

export interface HostileRequest {
  method: string;
  url: string;
  body?: string;
  contentType?: string;
}

/** Names a route needs to reach its handler at all (the plugin and record type of the fixture config). */
const NAMED: Record<string, string> = { pluginId: 'test-plugin', recordType: 'inspection-note', screenId: 'new-note' };

/** Hostile requests for one route: path parameters, query strings and (for routes with a body) JSON or form bodies. */
export function requestArbitrary(route: Route & { schema?: BodySchema }, csrf: string): fc.Arbitrary<HostileRequest> {
  const params = route.path.match(/:\w+/g) ?? [];
  const pathArb = fc.tuple(...params.map((p) => (NAMED[p.slice(1)] ? fc.oneof({ weight: 3, arbitrary: fc.constant(NAMED[p.slice(1)]) }, { weight: 1, arbitrary: pathParam }) : pathParam))).map((vals) => {
    let i = 0;
    return route.path.replace(/:\w+/g, () => vals[i++]);
  });
  const hasBody = route.method !== 'GET';
  const page = !route.path.startsWith('/api/');
  const body = bodyArbitrary(route.schema);
  // Web forms post urlencoded fields with the CSRF token (half the time), so the field checks behind it run too.
  const form = fc.tuple(fc.array(fc.tuple(fc.oneof(key, fc.constantFrom(...Object.keys(route.schema?.properties ?? { subject: 1 }))), hostileText), { maxLength: 6 }), fc.boolean()).map(([kv, withToken]) =>
    [...(withToken ? [['_csrf', csrf]] : []), ...kv, ['__proto__[polluted]', 'yes']].map(([k, v]) => `${encodeURIComponent(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(v)}`).join('&'),
  );
  const payload: fc.Arbitrary<{ body?: string; contentType?: string }> = !hasBody
    ? fc.constant({})
    : fc.oneof(
        { weight: page ? 1 : 6, arbitrary: body.map((b) => ({ body: b, contentType: 'application/json' })) },
        { weight: page ? 4 : 1, arbitrary: form.map((b) => ({ body: b, contentType: 'application/x-www-form-urlencoded' })) },
        { weight: 1, arbitrary: fc.tuple(body, fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data', 'application/json; charset=latin2')).map(([b, contentType]) => ({ body: b, contentType })) },
      );
  return fc.tuple(pathArb, queryString, payload).map(([p, q, b]) => ({ method: route.method, url: p + q, ...b }));
}
