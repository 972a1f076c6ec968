import type { LocalizedText } from '../plugin-api';
import type { Lang } from './i18n';

/**
 * The one label model: every zh/en label is a LocalizedText, declared in a `{ key: { zh, en } }` table like plugin
 * labels and i18n messages. A screen takes the table in one language with `labelsIn`.
 */
export function labelsIn<K extends string>(table: Record<K, LocalizedText>, lang: Lang): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of Object.keys(table) as K[]) out[key] = table[key][lang] || table[key].zh;
  return out;
}
