import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { actorNames } from '../auth/actor-names';
import { Db } from '../db/db';
import { AccessService } from '../org/access.service';
import { institutionName } from '../org/org-view';
import { Lang, pick, t } from '../i18n/i18n';
import { beijingMinute } from '../plugin-api';
import { pager, screenHref, screenPageWindow } from '../web/pager';
import { AssignmentView, ClueAssignmentAccess } from './clue-assignment-access.service';
import { ASSIGNMENT_FIELD_LABELS, ASSIGNMENT_STATE_LABELS, ASSIGNMENT_STATES, ASSIGNMENT_STEP_LABELS, AssignmentAction } from './clue-assignment-labels';
import { ClueAssignmentService } from './clue-assignment.service';
import { ASSIGNERS } from './clue-assignment-access.service';
import { CLUE_VIEW_ROLES, ClueView } from './clue.service';
import { WarningConfigService } from './warning-config.service';
import { WarningJurisdictionService } from './warning-jurisdiction.service';
import { WarningAssignmentEntity, WarningAssignmentStepEntity } from './warning.entities';

/** A form's problems as the screens show them (the shape validateForm and formError give). */
type Problems = { errors: Record<string, string>; messages: string[]; form?: Record<string, unknown> };

/** View models of the 交办督办 screens: the list, one assignment with its timeline and actions, the form on a clue. */
@Injectable()
export class ClueAssignmentScreens {
  constructor(
    private readonly db: Db,
    private readonly assignments: ClueAssignmentService,
    private readonly rights: ClueAssignmentAccess,
    private readonly jurisdiction: WarningJurisdictionService,
    private readonly cfg: WarningConfigService,
    private readonly access: AccessService,
  ) {}

  /** A row as the screens show it: status in words, deadline with working days left or overdue. */
  row(a: AssignmentView, lang: Lang, name: (id: number) => string): Record<string, unknown> {
    const left = a.workingDaysLeft;
    const remaining = left === null ? '—' : left > 0 ? t(lang, 'wa.days_left', { n: left }) : left === 0 ? (a.overdue ? t(lang, 'wa.overdue') : t(lang, 'wa.due_today')) : t(lang, 'wa.days_overdue', { n: -left });
    return { ...a, fromName: name(a.fromInstitutionId), unitName: name(a.unitInstitutionId), status: pick(a.statusLabel, lang), statusCode: a.status, remaining, warningStatus: a.warning ? pick(a.warning.statusLabel, lang) : null, createdAt: beijingMinute(a.createdAt) };
  }

  /** What the clue page shows of assignments: the assign form for the assigning body, and the clue's assignments. */
  async clueSection(actor: Actor, lang: Lang, clue: ClueView, problems: Problems | undefined): Promise<Record<string, unknown>> {
    const list = await this.assignments.ofClue(actor, clue.id);
    const names = await this.names(lang);
    const open = list.some((a) => a.status === 'assigned' || a.status === 'reported');
    const from = actor.currentInstitutionId;
    const may = clue.status === 'new' && !open && !!from && (await this.rights.supervises(actor, { fromInstitutionId: from }, ASSIGNERS));
    const units = may ? await this.assignments.unitsFor(actor, clue) : [];
    const form = (problems?.form ?? {}) as Record<string, unknown>;
    return {
      assignments: list.map((a) => this.row(a, lang, names)),
      assign: units.length
        ? { units: units.map((u) => ({ id: u.id, name: names(u.id), selected: String(form.unitId ?? units[0].id) === String(u.id) })), form, errors: problems?.errors ?? {}, messages: problems?.messages ?? [], today: this.cfg.today() }
        : null,
    };
  }

  async list(actor: Actor, lang: Lang, q: Record<string, string>): Promise<Record<string, unknown>> {
    const w = screenPageWindow(q);
    const status = (ASSIGNMENT_STATES as readonly string[]).includes(q.status) ? q.status : undefined;
    const unit = /^\d+$/.test(q.unit ?? '') ? Number(q.unit) : undefined;
    const overdue = q.overdue === '1';
    const found = await this.assignments.page(actor, { status, unit, overdue }, w);
    const overdueCount = (await this.assignments.page(actor, { overdue: true }, { page: 1, pageSize: 1, limit: 1, offset: 0 })).total;
    const units = (await this.jurisdiction.scope(actor, CLUE_VIEW_ROLES)).filter((id) => id !== actor.currentInstitutionId);
    const name = await this.names(lang);
    return {
      rows: found.items.map((a) => this.row(a, lang, name)),
      total: found.total,
      overdueCount,
      today: this.cfg.today(),
      filter: { status, unit, overdue },
      states: ASSIGNMENT_STATES.map((s) => ({ value: s, label: pick(ASSIGNMENT_STATE_LABELS[s], lang), selected: s === status })),
      units: units.map((id) => ({ id, name: name(id), selected: id === unit })),
      pageSize: q.pageSize ? w.pageSize : undefined,
      pager: pager(lang, w, found.total, (page) => screenHref('/warning/assignments', { status, unit, overdue: overdue ? 1 : undefined, pageSize: q.pageSize ? w.pageSize : undefined, page })),
    };
  }

  /** One assignment with its timeline and the forms the viewer may use now. */
  async detail(actor: Actor, lang: Lang, id: number, forms: Record<string, Problems>): Promise<{ title: string; data: Record<string, unknown> }> {
    const { a, steps } = await this.db.read(async (m) => {
      const row: WarningAssignmentEntity = await this.rights.load(m, actor, id);
      const found = await m.getRepository(WarningAssignmentStepEntity).find({ where: { assignmentId: id }, order: { id: 'ASC' } });
      const name = await actorNames(m, found.map((s) => s.actor), lang);
      return { a: row, steps: found.map((s) => ({ label: pick(ASSIGNMENT_STEP_LABELS[s.kind as AssignmentAction], lang), kind: s.kind, at: beijingMinute(s.at), actor: name(s.actor), fields: this.fields(s.data, lang) })) };
    });
    const view = (await this.db.read((m) => this.rights.views(m, [a])))[0];
    const assigner = await this.rights.supervises(actor, a, ASSIGNERS);
    const unitOfficer = actor.isSystemAdmin || (await this.rights.handlesAtUnit(actor, a));
    return {
      title: `${t(lang, 'wa.assignment')} #${a.id}`,
      data: {
        a: this.row(view, lang, await this.names(lang)),
        steps,
        can: {
          report: unitOfficer && a.status === 'assigned',
          accept: assigner && a.status === 'reported',
          return: assigner && a.status === 'reported',
          takeOver: assigner && (a.status === 'assigned' || a.status === 'reported'),
        },
        forms,
        today: this.cfg.today(),
      },
    };
  }

  /** Institution names in the screen's language. */
  private async names(lang: Lang): Promise<(id: number) => string> {
    const all = new Map((await this.access.institutions()).map((i) => [i.id, institutionName(i, lang)]));
    return (id) => all.get(id) ?? String(id);
  }

  /** A step's data as labelled rows, in the labels' order; ids stay out. */
  private fields(data: string, lang: Lang): { label: string; value: string }[] {
    const d = JSON.parse(data) as Record<string, unknown>;
    return Object.entries(ASSIGNMENT_FIELD_LABELS)
      .filter(([k]) => d[k] !== null && d[k] !== undefined && d[k] !== '')
      .map(([k, label]) => ({ label: pick(label, lang), value: String(d[k]) }));
  }
}
