import { Condition, FactContext, FactDef, isOptionRef, isThresholdRef, OperatorDef, RuleDef } from '../plugin-api';
import { BUILTIN_OPERATORS } from './operators';

export interface RuleOutcome {
  hit: boolean;
  /** Every fact value and threshold the rule saw, kept with the hit. */
  inputs: Record<string, unknown>;
}

/** Thresholds: the rule's defaults, overridden by the institution's config `ruleThresholds.<ruleId>`. */
export function thresholdsFor(rule: RuleDef, overrides: Record<string, Record<string, number>>): Record<string, number> {
  return { ...(rule.thresholds ?? {}), ...(overrides[rule.id] ?? {}) };
}

export async function evaluateRule(
  rule: RuleDef,
  ctx: FactContext,
  facts: Map<string, FactDef>,
  operators: Map<string, OperatorDef>,
  overrides: Record<string, Record<string, number>> = {},
): Promise<RuleOutcome> {
  const thresholds = thresholdsFor(rule, overrides);
  const factValues: Record<string, unknown> = {};
  const used: Record<string, number> = {};
  const usedOptions: Record<string, unknown> = {};
  const factValue = async (id: string) => {
    if (!(id in factValues)) {
      const def = facts.get(id);
      if (!def) throw new Error(`rule ${rule.id}: unknown fact ${id}`);
      factValues[id] = await def.compute(ctx);
    }
    return factValues[id];
  };
  const test = async (c: Condition): Promise<boolean> => {
    if ('all' in c) {
      for (const x of c.all) if (!(await test(x))) return false;
      return true;
    }
    if ('any' in c) {
      for (const x of c.any) if (await test(x)) return true;
      return false;
    }
    if ('not' in c) return !(await test(c.not));
    const op = operators.get(c.operator) ?? BUILTIN_OPERATORS[c.operator];
    if (!op) throw new Error(`rule ${rule.id}: unknown operator ${c.operator}`);
    let value = c.value;
    if (isThresholdRef(value)) {
      const name = value.threshold;
      if (!(name in thresholds)) throw new Error(`rule ${rule.id}: threshold ${name} has no value`);
      value = thresholds[name];
      used[name] = thresholds[name];
    } else if (isOptionRef(value)) {
      const name = value.option;
      if (!(name in ctx.options)) throw new Error(`rule ${rule.id}: option ${name} has no value`);
      value = ctx.options[name];
      usedOptions[name] = value;
    }
    return op.test(await factValue(c.fact), value);
  };
  const hit = await test(rule.when);
  const inputs: Record<string, unknown> = { facts: factValues, thresholds: used };
  if (Object.keys(usedOptions).length) inputs.options = usedOptions;
  if (ctx.subject) inputs.subject = { key: ctx.subject.key, label: ctx.subject.label, values: ctx.subject.values };
  return { hit, inputs };
}
