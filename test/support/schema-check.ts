/**
 * A small OpenAPI 3.0 schema checker for tests: is this JSON what the document says? Covers type, properties,
 * required, items, $ref, allOf/oneOf/anyOf, nullable, enum and additionalProperties. A key the schema does not
 * declare is a problem unless the schema allows more keys (additionalProperties true or a schema).
 */
type Schema = Record<string, any>;

export function schemaProblems(value: unknown, schema: Schema, doc: { components?: { schemas?: Record<string, Schema> } }, at = '$'): string[] {
  const resolve = (s: Schema): Schema => {
    let out = s;
    for (let i = 0; out?.$ref && i < 20; i++) {
      const name = String(out.$ref).replace('#/components/schemas/', '');
      const found = doc.components?.schemas?.[name];
      if (!found) return { 'x-missing': out.$ref };
      out = found;
    }
    return out;
  };
  const s = resolve(schema);
  if (s['x-missing']) return [`${at}: schema ${s['x-missing']} is not in the document`];
  if (value === null) return s.nullable || (s.allOf ?? []).some((x: Schema) => resolve(x).nullable) ? [] : [`${at}: null but not nullable`];
  if (s.allOf) return s.allOf.flatMap((sub: Schema) => schemaProblems(value, sub, doc, at)).concat(checkOwn(value, { ...s, allOf: undefined }, doc, at, true));
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (!s[key]) continue;
    const fits = (s[key] as Schema[]).filter((sub) => schemaProblems(value, sub, doc, at).length === 0).length;
    if (key === 'oneOf' ? fits !== 1 : fits === 0) return [`${at}: fits ${fits} of the ${key} alternatives`];
    return [];
  }
  return checkOwn(value, s, doc, at, false);
}

function checkOwn(value: unknown, s: Schema, doc: Parameters<typeof schemaProblems>[2], at: string, partOfAllOf: boolean): string[] {
  const problems: string[] = [];
  if (s.enum && !s.enum.includes(value)) problems.push(`${at}: ${JSON.stringify(value)} not in enum ${JSON.stringify(s.enum)}`);
  const type = s.type ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
  if (!type) return problems;
  const actual = Array.isArray(value) ? 'array' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
  const ok = type === actual || (type === 'number' && actual === 'integer');
  if (!ok) return [...problems, `${at}: ${actual} where the schema says ${type}`];
  if (type === 'array' && s.items) (value as unknown[]).forEach((v, i) => problems.push(...schemaProblems(v, s.items, doc, `${at}[${i}]`)));
  if (type === 'object') {
    const obj = value as Record<string, unknown>;
    const props: Record<string, Schema> = s.properties ?? {};
    for (const r of s.required ?? []) if (!(r in obj)) problems.push(`${at}: required ${r} is missing`);
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) problems.push(...schemaProblems(v, props[k], doc, `${at}.${k}`));
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') problems.push(...schemaProblems(v, s.additionalProperties, doc, `${at}.${k}`));
      else if (s.additionalProperties !== true && !partOfAllOf) problems.push(`${at}.${k}: not in the schema`);
    }
  }
  return problems;
}
