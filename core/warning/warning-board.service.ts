import type { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { Page, pageOf } from '../http/pagination';
import { Lang, pick, registerMessages, t } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { beijingMinute } from '../plugin-api';
import { ListRow, writeListWorkbook } from '../spreadsheet/list-workbook';
import { pager, screenHref, screenPageWindow } from '../web/pager';
import { BoardKey, boardOrder, boardPage } from './board-page';
import { CLUE_SOURCES, CLUE_VIEW_ROLES, ClueService } from './clue.service';
import { WarningConfigService } from './warning-config.service';
import { WarningJurisdictionService } from './warning-jurisdiction.service';
import { WarningViewService } from './warning-view.service';

registerMessages({
  'wl.handled_by_column': { zh: '受理单位', en: 'Handled by' },
  'wl.created_at': { zh: '登记时间', en: 'Recorded at' },
  'wl.yes': { zh: '是', en: 'Yes' },
});

/** Clues read per query while exporting: the export holds one such page, whatever the board's size. */
const EXPORT_PAGE = 200;

interface BoardRow extends BoardKey {
  href: string;
  subject: string;
  title: string;
  level: string;
  colour: string;
  status: string;
  overdue: boolean;
  unitId: number;
  unit: string;
  /** The body above that handles it, when not the unit's own. */
  handledBy: string;
  createdAt: string;
}

/** What the board's URL asks for, resolved for the caller: the open warnings matching it and a reader of the clues. */
interface BoardQuery {
  filter: { unit: number | null; kind: string; colour: string; overdue: boolean; source: string };
  /** The matching open warnings, in board order (the caller sees few enough to hold them, as the board does). */
  warnings: BoardRow[];
  readClues: (offset: number, limit: number) => Promise<Page<BoardRow>>;
  withClues: boolean;
  clueFilter: { status: string; unit?: number; dueBefore?: string; source?: string };
  leader: boolean;
  unitIds: number[];
  nameOf: (id: number | null) => string;
  today: string;
}

/**
 * The warning board (/warning/board) and its Excel export: new clues (for leaders and officers) and open warnings
 * across the units the caller oversees, soonest due first, filtered by unit, kind, colour, overdue; the page and the
 * export read the same rows, the clues paged in SQL.
 */
@Injectable()
export class WarningBoardService {
  constructor(
    private readonly clues: ClueService,
    private readonly views: WarningViewService,
    private readonly cfg: WarningConfigService,
    private readonly access: AccessService,
    private readonly jurisdiction: WarningJurisdictionService,
  ) {}

  private async query(actor: Actor, lang: Lang, q: Record<string, string>): Promise<BoardQuery> {
    const scope = await this.jurisdiction.scope(actor, CLUE_VIEW_ROLES);
    const institutions = await this.access.institutions();
    const today = this.cfg.today();
    const nameOf = (id: number | null) => {
      const i = institutions.find((x) => x.id === id);
      return i ? (lang === 'en' && i.nameEn ? i.nameEn : i.name) : '';
    };
    const place = (m: { institutionId: number; handlerInstitutionId: number | null }) => ({ unitId: m.institutionId, unit: nameOf(m.institutionId), handledBy: nameOf(m.handlerInstitutionId) });
    const open = await this.views.list(actor, { open: true });
    const unitIds = institutions.map((i) => i.id).filter((id) => scope.includes(id) || open.some((w) => w.institutionId === id));
    const unit = unitIds.find((id) => String(id) === q.unit) ?? null;
    const filter = { unit, kind: q.kind === 'clue' || q.kind === 'warning' ? q.kind : '', colour: typeof q.colour === 'string' ? q.colour.slice(0, 10) : '', overdue: q.overdue === '1', source: CLUE_SOURCES.find((x) => x === q.source) ?? '' };
    // A source belongs to clues: the county board's rule-hit figure links here with source=rule.
    const warnings: BoardRow[] = filter.kind === 'clue' || filter.source ? [] : open
      .map((w): BoardRow => ({ kind: 'warning', id: w.id, href: `/warning/warnings/${w.id}`, subject: w.subjectLabel, title: w.title, level: pick(w.level.label, lang), colour: w.level.colour, status: pick(w.statusLabel, lang), due: w.dueDate, overdue: w.overdue, createdAt: w.createdAt, ...place(w) }))
      .filter((r) => (!filter.unit || r.unitId === filter.unit) && (!filter.colour || r.colour === filter.colour) && (!filter.overdue || r.overdue))
      .sort(boardOrder);
    // Clues have no colour: a colour filter leaves warnings only.
    const withClues = scope.length > 0 && filter.kind !== 'warning' && !filter.colour;
    const clueFilter = { status: 'new', unit: filter.unit ?? undefined, dueBefore: filter.overdue ? today : undefined, source: filter.source || undefined };
    const readClues = async (offset: number, limit: number): Promise<Page<BoardRow>> => {
      const window = { page: 1, pageSize: limit, limit, offset };
      if (!withClues) return pageOf([], 0, window);
      const found = await this.clues.page(actor, clueFilter, window);
      return pageOf(found.items.map((c): BoardRow => ({ kind: 'clue', id: c.id, href: `/warning/clues/${c.id}`, subject: c.subjectLabel, title: boardTitle(c), level: pick(c.sourceLabel, lang), colour: 'none', status: pick(c.statusLabel, lang), due: c.triageDue, overdue: c.overdue, createdAt: c.createdAt, ...place(c) })), found.total, window);
    };
    return { filter, warnings, readClues, withClues, clueFilter, leader: scope.length > 0, unitIds, nameOf, today };
  }

  /** The filters as the URL carries them (the page's links and the export keep them). */
  private static filterQuery(f: BoardQuery['filter']) {
    return { unit: f.unit ?? undefined, kind: f.kind, colour: f.colour, overdue: f.overdue ? '1' : undefined, source: f.source || undefined };
  }

  /** One page of the board with the true totals, the clues paged in SQL so the board stays small whatever their number. */
  async board(actor: Actor, lang: Lang, q: Record<string, string>): Promise<Record<string, unknown>> {
    const b = await this.query(actor, lang, q);
    const { filter, warnings } = b;
    const w = screenPageWindow(q);
    const shown = await boardPage(warnings, b.readClues, w);
    const overdueClues = !b.withClues ? 0 : filter.overdue ? shown.total - warnings.length : (await this.clues.page(actor, { ...b.clueFilter, dueBefore: b.today }, { page: 1, pageSize: 1, limit: 1, offset: 0 })).total;
    const palette = actor.currentInstitutionId ? await this.cfg.palette(actor.currentInstitutionId) : null;
    const query = { ...WarningBoardService.filterQuery(filter), pageSize: q.pageSize ? w.pageSize : undefined };
    const unit = filter.unit;
    return {
      rows: shown.items,
      total: shown.total,
      leader: b.leader,
      today: b.today,
      filter,
      // One unit keeps the board as it was: no unit filter, no unit column.
      units: b.unitIds.length > 1 ? b.unitIds.map((id) => ({ id, name: b.nameOf(id), selected: id === unit })) : null,
      colours: (palette?.levels ?? []).map((l) => ({ value: l.colour, label: pick(l.label, lang), selected: l.colour === filter.colour })),
      overdueCount: overdueClues + warnings.filter((r) => r.overdue).length,
      pager: pager(lang, w, shown.total, (page) => screenHref('/warning/board', { ...query, page })),
      pageSize: q.pageSize ? w.pageSize : null,
      exportHref: screenHref('/warning/board/export.xlsx', WarningBoardService.filterQuery(filter)),
    };
  }

  /**
   * Every row of the board the URL's filters select (not just a page), written to `out` as an Excel workbook with the
   * board's columns in words: the clues read EXPORT_PAGE at a time and merged in board order with the warnings.
   */
  async export(actor: Actor, lang: Lang, q: Record<string, string>): Promise<{ filename: string; write: (out: Writable) => Promise<void> }> {
    const b = await this.query(actor, lang, q);
    const withUnits = b.unitIds.length > 1;
    const header = [t(lang, 'wl.kind'), '#', ...(withUnits ? [t(lang, 'wl.unit'), t(lang, 'wl.handled_by_column')] : []), t(lang, 'wl.subject'), t(lang, 'wl.matter'), t(lang, 'wl.level_source'), t(lang, 'wl.status'), t(lang, 'wl.due'), t(lang, 'wl.overdue'), t(lang, 'wl.created_at')];
    const cells = (r: BoardRow): ListRow => [t(lang, r.kind === 'clue' ? 'warning.clue' : 'warning.warning'), r.id, ...(withUnits ? [r.unit, r.handledBy] : []), r.subject, r.title, r.level, r.status, r.due ?? '', r.overdue ? t(lang, 'wl.yes') : '', beijingMinute(r.createdAt)];
    const title = `${b.nameOf(actor.currentInstitutionId)}${t(lang, 'warning.board')}`;
    async function* rows(): AsyncGenerator<ListRow> {
      let next = 0;
      for (let offset = 0; ; offset += EXPORT_PAGE) {
        const page = await b.readClues(offset, EXPORT_PAGE);
        for (const c of page.items) {
          while (next < b.warnings.length && boardOrder(b.warnings[next], c) < 0) yield cells(b.warnings[next++]);
          yield cells(c);
        }
        if (page.items.length < EXPORT_PAGE) break;
      }
      while (next < b.warnings.length) yield cells(b.warnings[next++]);
    }
    return { filename: `${title}.xlsx`, write: (out) => writeListWorkbook(out, title, header, rows()) };
  }
}

/** A clue's text for the board's 事项 column: a rule clue's text without its subject, which the 对象 column already shows. */
function boardTitle(c: { source: string; content: string; subjectLabel: string }): string {
  const text = c.source === 'rule' && c.subjectLabel ? c.content.replace(`（${c.subjectLabel}）`, '') : c.content;
  return text.slice(0, 60);
}
