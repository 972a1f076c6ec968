import type { FieldProblem } from '../http/app-error';
import { fromStored, toStored, validateFields } from '../plugin-host/field-validation';
import type { ExtensionFields } from './risk-context.service';

export type PointExtensions = Record<string, Record<string, unknown>>;

/** Validates { pluginId: { key: value } } against the enabled plugins' risk-point fields; returns stored form. */
export function validateExtensions(exts: ExtensionFields[], input: Record<string, unknown> | undefined, current: PointExtensions = {}): { stored: PointExtensions; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const stored: PointExtensions = {};
  const given = input ?? {};
  for (const key of Object.keys(given)) {
    if (!exts.some((e) => e.pluginId === key)) problems.push({ field: `extensions.${key.slice(0, 60)}`, key: 'validation.unknown_field' });
  }
  for (const e of exts) {
    const before = fromStored(e.fields, current[e.pluginId] ?? {});
    const patch = given[e.pluginId];
    if (patch !== undefined && (typeof patch !== 'object' || patch === null || Array.isArray(patch))) {
      problems.push({ field: `extensions.${e.pluginId}`, key: 'validation.object' });
      continue;
    }
    const merged = Object.fromEntries(Object.entries({ ...before, ...((patch as Record<string, unknown>) ?? {}) }).filter(([, v]) => v !== null && v !== undefined));
    const check = validateFields(e.fields, merged);
    for (const p of check.problems) problems.push({ ...p, field: `extensions.${e.pluginId}.${p.field}` });
    stored[e.pluginId] = toStored(e.fields, check.values);
  }
  return { stored, problems };
}

/** The stored JSON column as typed values, one entry per enabled plugin. */
export function readExtensions(exts: ExtensionFields[], raw: string): PointExtensions {
  const stored = JSON.parse(raw || '{}') as PointExtensions;
  return Object.fromEntries(exts.map((e) => [e.pluginId, fromStored(e.fields, stored[e.pluginId] ?? {})]));
}
