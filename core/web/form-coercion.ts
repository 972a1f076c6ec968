import type { FieldDef } from '../plugin-api';

/** HTML forms send strings; turn them into the types the field declarations expect before validation. */
export function coerceFormValues(fields: FieldDef[], body: unknown): Record<string, unknown> {
  // No body parser matched (XML, multipart) or a JSON array: treat as an empty form, so validation answers 400.
  const form = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = form[f.key];
    if (raw === undefined) {
      if (f.type === 'boolean') out[f.key] = false;
      continue;
    }
    const s = Array.isArray(raw) ? raw : String(raw).trim();
    if (s === '') continue;
    switch (f.type) {
      case 'integer':
      case 'money':
      case 'decimal': {
        const n = Number(s);
        out[f.key] = Number.isNaN(n) ? s : n;
        break;
      }
      case 'boolean':
        out[f.key] = s === 'on' || s === 'true' || s === '1';
        break;
      case 'multi-enum':
      case 'string-list':
        out[f.key] = Array.isArray(s) ? s : String(s).split(/[,，\n]/).map((x) => x.trim()).filter(Boolean);
        break;
      default:
        out[f.key] = s;
    }
  }
  for (const key of Object.keys(form)) if (!fields.some((f) => f.key === key)) out[key] = form[key];
  return out;
}
