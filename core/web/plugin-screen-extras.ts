import { isOptionRef, wholeYuan, yuanInput } from '../plugin-api';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { Lang, pick, registerMessages, t } from '../i18n/i18n';
import type { DashboardLink, DashboardPanel, DashboardText, DescendantContext, FieldDef, RecordTypeDef, ScreenDef } from '../plugin-api';
import { InstitutionEntity } from '../org/org.entities';
import { resolveCondition } from '../plugin-host/constraints';
import { PluginHost } from '../plugin-host/plugin-host';
import { RecordsService } from '../records/records.service';
import { RulesService } from '../rules/rules.service';

/** Most options a record picker lists at once; a search narrows the rest. */
const PICKER_SIZE = 200;

registerMessages({
  'ui.picker_search': { zh: '查找', en: 'Find' },
  'ui.picker_placeholder': { zh: '输入选项中的字词查找（如村名、年份、尾号），多个词用空格分开', en: 'Type words shown in the options (a village, a year, an ID ending); separate several with spaces' },
  'ui.picker_found': { zh: '找到 {n} 条', en: '{n} found' },
  'ui.picker_found_first': { zh: '找到 {n} 条，列出前 {shown} 条，请输入更多字词缩小范围', en: '{n} found, the first {shown} listed: type more words to narrow them' },
  'ui.picker_live': { zh: '已列出的选项中有 {n} 条相符；按回车或“查找”在全部记录中查找', en: '{n} of the listed options match; press Enter or Find to search every record' },
  'ui.picker_newest': { zh: '列出最新 {shown} 条，其余请查找', en: 'The newest {shown} are listed; find the others by searching' },
});

/** A dashboard's word in the viewer's language: a label by its language, user data as it is. */
const dashText = (c: DashboardText, lang: Lang) => (typeof c === 'string' ? c : pick(c, lang));

/** A table cell as the templates draw it: text, and a same-site link (optionally switching institution first). */
function cell(c: DashboardText | number | DashboardLink, lang: Lang): { text: string; href?: string; switchTo?: number } {
  if (typeof c === 'number') return { text: String(c) };
  if (typeof c === 'string' || !('href' in c)) return { text: dashText(c, lang) };
  const text = dashText(c.text, lang);
  // Only same-site paths: `//host` and `/\host` would leave the site.
  if (!/^\/(?![/\\])/.test(c.href)) return { text };
  return { text, href: c.href, switchTo: c.institutionId };
}

/**
 * The parts of generic plugin screens beyond plain fields: filters and rule flags on lists,
 * reference pickers, item rows and live constraints on forms, and dashboards drawn from plugin data.
 */
@Injectable()
export class PluginScreenExtras {
  constructor(
    private readonly host: PluginHost,
    private readonly records: RecordsService,
    private readonly rules: RulesService,
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** The records a reference field may point at (the institution's, newest 200), named by title or by the field's `optionLabel`. */
  async referenceOptions(actor: Actor, pluginId: string, institutionId: number, f: FieldDef, selected: unknown, lang: Lang): Promise<{ value: string; label: string; selected: boolean }[]> {
    return (await this.referencePicker(actor, pluginId, institutionId, f, selected, '', lang)).options;
  }

  /**
   * A record picker: with no search text the institution's newest 200 records, with one every record of the institution
   * whose option label (what the viewer may see: masked name, village, year of birth, ID tail) holds each word, first 200
   * shown; `note` says how many matched or that only the newest are listed. Only the institution's own records: a
   * reference to a record merely shared with it is refused on save.
   */
  async referencePicker(actor: Actor, pluginId: string, institutionId: number, f: FieldDef, selected: unknown, query: string, lang: Lang): Promise<{ options: { value: string; label: string; selected: boolean }[]; note: string }> {
    if (f.type !== 'reference' || !f.ref) return { options: [], note: '' };
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const { items } = await this.records.list(actor, pluginId, f.ref.recordType, { institutionId, limit: words.length ? Number.MAX_SAFE_INTEGER : PICKER_SIZE }, 'picker');
    const name = f.ref.optionLabel;
    const all = items
      .filter((r) => r.institutionId === institutionId)
      .map((r) => ({ value: String(r.id), label: name ? pick(name(r.title, r.values), lang) : r.title, selected: r.id === selected || String(r.id) === selected }));
    const matched = words.length ? all.filter((o) => words.every((w) => o.label.toLowerCase().includes(w))) : all;
    const options = matched.sort((a, b) => a.label.localeCompare(b.label, 'zh')).slice(0, PICKER_SIZE);
    const note = words.length ? t(lang, matched.length > PICKER_SIZE ? 'ui.picker_found_first' : 'ui.picker_found', { n: matched.length, shown: PICKER_SIZE }) : items.length >= PICKER_SIZE ? t(lang, 'ui.picker_newest', { shown: PICKER_SIZE }) : '';
    // A current value outside the list (not matched, older than the newest 200, or reached only through a share) stays selectable, so an edit keeps it.
    const id = Number(selected);
    if (Number.isSafeInteger(id) && id > 0 && !options.some((o) => o.selected)) {
      const kept = all.find((o) => o.value === String(id));
      const title = kept ? null : (await this.records.titles(actor, pluginId, f.ref.recordType, [id])).get(id);
      options.unshift(kept ?? { value: String(id), label: title ?? `#${id}`, selected: true });
    }
    return { options, note };
  }

  /**
   * An institution field's choices: the institutions of its types that enable the plugin, by name in the viewer's language.
   * With nothing chosen yet, the institution's plugin option its default names (its designated hospital) is preselected.
   */
  async institutionOptions(pluginId: string, institutionCode: string, f: FieldDef, selected: unknown, lang: Lang): Promise<{ value: string; label: string; selected: boolean }[]> {
    if (!f.institution) return [];
    const dflt = isOptionRef(f.default) ? this.host.optionsFor(institutionCode, pluginId)[f.default.option] : f.default;
    const chosen = typeof selected === 'string' && selected ? selected : dflt;
    const all = await this.db.read((m) => m.getRepository(InstitutionEntity).find({ order: { id: 'ASC' } }));
    const options = all
      .filter((i) => f.institution!.types.includes(i.type) && this.host.isEnabled(i.code, pluginId))
      .map((i) => ({ value: i.code, label: lang === 'en' && i.nameEn ? i.nameEn : i.name, selected: i.code === chosen }));
    // A stored code no longer offered (its plugin since disabled) stays shown, so an edit keeps it.
    if (typeof chosen === 'string' && chosen && !options.some((o) => o.selected)) options.unshift({ value: chosen, label: all.find((i) => i.code === chosen)?.name ?? chosen, selected: true });
    return options;
  }

  /** Institution names by code in the viewer's language, when a listed field names institutions (else no read). */
  async institutionNames(fields: FieldDef[], lang: Lang): Promise<Map<string, string>> {
    if (!fields.some((f) => f.institution)) return new Map();
    const all = await this.db.read((m) => m.getRepository(InstitutionEntity).find());
    return new Map(all.map((i) => [i.code, lang === 'en' && i.nameEn ? i.nameEn : i.name]));
  }

  /** Row inputs for a 'rows' field: the given rows plus blank ones to fill in. */
  rows(f: FieldDef, value: unknown, lang: Lang) {
    const given = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
    const count = Math.max(3, given.length + 2);
    return {
      columns: (f.columns ?? []).map((c) => ({ label: pick(c.label, lang), required: !!c.required })),
      rows: Array.from({ length: count }, (_, i) => ({
        cells: (f.columns ?? []).map((c) => {
          const raw = given[i]?.[c.key];
          const value = raw === undefined || raw === null ? '' : c.type === 'money' && typeof raw === 'number' ? yuanInput(raw) : String(raw);
          return {
            name: `${f.key}.${i}.${c.key}`,
            label: `${pick(c.label, lang)} ${i + 1}`,
            inputType: ['integer', 'decimal'].includes(c.type) ? 'number' : c.type === 'date' ? 'date' : 'text',
            inputMode: c.type === 'money' ? 'decimal' : undefined,
            value,
            // Enum columns pick from their options and boolean columns tick, as top-level fields do.
            isEnum: c.type === 'enum',
            isBool: c.type === 'boolean',
            checked: value === 'true',
            options: (c.options ?? []).map((o) => ({ value: o.value, label: pick(o.label, lang), selected: o.value === value })),
          };
        }),
      })),
    };
  }

  /** Constraints with institution options filled in, for the form script (data attribute). */
  constraintsJson(type: RecordTypeDef, options: Record<string, unknown>, lang: Lang): string {
    return JSON.stringify((type.constraints ?? []).map((k) => ({ id: k.id, field: k.field, when: resolveCondition(k.when, options), then: resolveCondition(k.then, options), message: pick(k.message, lang) })));
  }

  /** `filter=key=value` params become exact-match conditions, typed by the field. */
  parseFilters(screen: ScreenDef, type: RecordTypeDef, raw: string | string[] | undefined): Record<string, unknown> {
    const where: Record<string, unknown> = {};
    for (const item of Array.isArray(raw) ? raw : raw ? [raw] : []) {
      const i = item.indexOf('=');
      const key = item.slice(0, i);
      const value = item.slice(i + 1);
      const f = type.fields.find((x) => x.key === key);
      if (i < 1 || !f || !(screen.filters ?? []).includes(key) || value === '') continue;
      where[key] = f.type === 'reference' || f.type === 'integer' ? Number(value) : f.type === 'boolean' ? value === 'true' : value;
    }
    return where;
  }

  async filterControls(actor: Actor, pluginId: string, institutionId: number, screen: ScreenDef, type: RecordTypeDef, where: Record<string, unknown>, lang: Lang) {
    const out = [];
    for (const key of screen.filters ?? []) {
      const f = type.fields.find((x) => x.key === key)!;
      const options =
        f.type === 'reference'
          ? (await this.referenceOptions(actor, pluginId, institutionId, f, where[key], lang)).map((o) => ({ ...o, value: `${key}=${o.value}` }))
          : f.type === 'boolean'
            ? [true, false].map((b) => ({ value: `${key}=${b}`, label: t(lang, b ? 'ui.yes' : 'ui.no'), selected: where[key] === b }))
            : (f.options ?? []).map((o) => ({ value: `${key}=${o.value}`, label: pick(o.label, lang), selected: where[key] === o.value }));
      out.push({ key, label: pick(f.label, lang), options });
    }
    return out;
  }

  /** Institutions below `institutionId` that enable the plugin and that the viewer sees, each with its own context. */
  private async descendants(m: EntityManager, institutionId: number, pluginId: string, visible: number[]): Promise<DescendantContext[]> {
    const all = await m.getRepository(InstitutionEntity).find({ order: { id: 'ASC' } });
    const below = new Set<number>();
    for (let frontier = [institutionId]; frontier.length; ) {
      frontier = all.filter((i) => i.parentId !== null && frontier.includes(i.parentId) && !below.has(i.id)).map((i) => i.id);
      frontier.forEach((id) => below.add(id));
    }
    const now = this.clock.now();
    return all
      .filter((i) => below.has(i.id) && visible.includes(i.id) && this.host.isEnabled(i.code, pluginId))
      .map((i) => ({ id: i.id, code: i.code, name: i.name, parentId: i.parentId, context: this.rules.context(m, i.id, pluginId, this.host.optionsFor(i.code, pluginId), now) }));
  }

  /** Rule hits per listed record, labelled by rule, for the flag column. */
  async flags(pluginId: string, recordIds: number[], lang: Lang): Promise<Map<number, { label: string; level: string }[]>> {
    const rules = this.host.rules(pluginId);
    const hits = await this.records.hitsByRecord(recordIds);
    const out = new Map<number, { label: string; level: string }[]>();
    for (const [id, list] of hits) {
      out.set(
        id,
        list.map((h) => ({ level: h.level, label: pick(rules.find((r) => `${pluginId}/${r.id}` === h.ruleId)?.label, lang) || h.ruleId })),
      );
    }
    return out;
  }

  /**
   * Computes a dashboard screen's panels and turns them into drawable view data (bar widths in px).
   * With a signed-in viewer, the context also offers the descendants that enable the plugin and that the viewer sees.
   */
  async dashboard(screen: ScreenDef, pluginId: string, institutionId: number, institutionCode: string, lang: Lang, viewer?: { visibleInstitutionIds: number[] }) {
    const panels: DashboardPanel[] = await this.db.read(async (m) => {
      const ctx = this.rules.context(m, institutionId, pluginId, this.host.optionsFor(institutionCode, pluginId), this.clock.now());
      if (viewer) ctx.descendants = () => this.descendants(m, institutionId, pluginId, viewer.visibleInstitutionIds);
      return screen.dashboard!(ctx);
    });
    return panels.map((p) => {
      if (p.kind === 'bars') {
        const max = Math.max(1, ...p.bars.map((b) => b.value));
        const labels = p.bars.map((b) => dashText(b.label, lang));
        const fmt = (v: number) => (p.unit === 'fen' ? t(lang, 'ui.money_yuan', { amount: wholeYuan(v) }) : p.unit === '%' ? `${v}%` : String(v));
        // Bars are drawn in a 1000-wide box that stretches with the screen; labels wrap beside them in HTML.
        return { isBars: true, title: pick(p.title, lang), bars: p.bars.map((b, i) => ({ label: labels[i], value: fmt(b.value), width: Math.round((b.value / max) * 1000) })) };
      }
      if (p.kind === 'table') return { isTable: true, title: pick(p.title, lang), columns: p.columns.map((c) => pick(c, lang)), rows: p.rows.map((row) => row.map((c) => cell(c, lang))) };
      return { isStats: true, title: pick(p.title, lang), stats: p.stats.map((s) => ({ label: pick(s.label, lang), value: dashText(s.value, lang) })) };
    });
  }
}
