import { yuan } from '../../plugin-api';
import type { LocalizedText } from '../../plugin-api';
import type { FactRow } from '../rule-facts';

/** What a model's hit keeps (model-evaluator.service.ts `raise`): enough to name it and show what it measured. */
interface ModelHitInputs {
  model?: { id?: string; version?: number; name?: LocalizedText };
  unit?: 'fen' | 'percent';
  threshold?: number;
  measured?: { value?: number };
  window?: { from?: string; to?: string };
  person?: unknown;
}

const both = (s: string): LocalizedText => ({ zh: s, en: s });

/** A model hit's name and its threshold, measured value, window and person as labelled rows; null for any other hit. */
export function modelHitFacts(inputs: unknown): { name: LocalizedText | null; facts: FactRow[] } | null {
  const x = (typeof inputs === 'object' && inputs !== null ? inputs : {}) as ModelHitInputs;
  if (!x.model?.id) return null;
  const shown = (n: number) => (x.unit === 'fen' ? { zh: `${yuan(n)} 元`, en: `CNY ${yuan(n)}` } : both(`${n}${x.unit === 'percent' ? '%' : ''}`));
  const facts: FactRow[] = [];
  if (typeof x.threshold === 'number') facts.push({ label: { zh: '阈值', en: 'Threshold' }, value: shown(x.threshold) });
  if (typeof x.measured?.value === 'number') facts.push({ label: { zh: '测得', en: 'Measured' }, value: shown(x.measured.value) });
  if (x.window?.from && x.window.to) facts.push({ label: { zh: '时间窗口', en: 'Window' }, value: { zh: `${x.window.from}至${x.window.to}`, en: `${x.window.from} to ${x.window.to}` } });
  if (typeof x.person === 'string' && x.person) facts.push({ label: { zh: '当事人', en: 'Person' }, value: both(x.person) });
  return { name: x.model.name ?? null, facts };
}
