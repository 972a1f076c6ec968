import { isOptionRef } from '../plugin-api';
import type { FieldDef } from '../plugin-api';

/**
 * The fields as a new record meets them at one institution: a default naming a plugin option (e.g. its designated
 * hospital) takes the option's value; a required field with such a default is satisfied by it, without one the caller must give it.
 */
export function fieldsWithOptionDefaults(fields: FieldDef[], options: Record<string, unknown>): FieldDef[] {
  return fields.map((f) => {
    if (!isOptionRef(f.default)) return f;
    const dflt = options[f.default.option];
    return dflt === undefined || dflt === null ? { ...f, default: undefined } : { ...f, default: dflt, required: false };
  });
}
