import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { CsrfExempt, CurrentActor } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { IdPipe } from '../http/id.pipe';
import { Lang, pick, resolveLang, t } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { OrgService } from '../org/org.service';
import { ROLE_LABELS } from '../plugin-api';
import { ShellService } from '../web/shell.service';
import { CLUE_STATE_LABELS, CLUE_VIEW_ROLES, ClueService, ClueView, STAFF_SOURCES, SOURCE_LABELS } from './clue.service';
import { EscalationService } from './escalation.service';
import { formError, validateForm } from '../web/form-validation';
import { WarningConfigService } from './warning-config.service';
import type { LevelDef } from './warning-levels';
import { WarningInboxService } from './warning-inbox.service';
import { WarningReportService } from './warning-report.service';
import { AnswerDto, AppealAnswerDto, AppealDto, WarningCommentDto, CreateClueDto, DismissDto, ExtensionDecisionDto, ExtensionRequestDto, FollowUpDto, InterviewDto, MergeDto, ReportQuery, ReviewDto, ScheduleInterviewDto, TransferDto, WarnDto } from './warning.dto';
import { EVIDENCE_MAX_BYTES, EVIDENCE_UPLOAD, UploadedEvidence, WarningService, WarningView } from './warning.service';

type Problems = { errors: Record<string, string>; messages: string[] };

interface BoardRow {
  kind: 'clue' | 'warning';
  id: number;
  href: string;
  subject: string;
  title: string;
  level: string;
  colour: string;
  status: string;
  due: string | null;
  overdue: boolean;
}

/** Server-rendered screens of the warning module. Pages gather data from the services and render. */
@ApiExcludeController()
@Controller('warning')
export class WarningWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly clues: ClueService,
    private readonly warnings: WarningService,
    private readonly escalation: EscalationService,
    private readonly reports: WarningReportService,
    private readonly inbox: WarningInboxService,
    private readonly cfg: WarningConfigService,
    private readonly access: AccessService,
    private readonly org: OrgService,
  ) {}

  private async isLeader(actor: Actor): Promise<boolean> {
    return (!!actor.currentInstitutionId && (await this.access.can(actor, actor.currentInstitutionId, CLUE_VIEW_ROLES)));
  }

  @Get('board')
  async board(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, @Query() q: Record<string, string>) {
    const lang = resolveLang(req);
    const leader = await this.isLeader(actor);
    const rows: BoardRow[] = [];
    if (leader) {
      for (const c of await this.clues.list(actor, { status: 'new' })) {
        rows.push({ kind: 'clue', id: c.id, href: `/warning/clues/${c.id}`, subject: c.subjectLabel, title: c.content.slice(0, 60), level: pick(c.sourceLabel, lang), colour: 'none', status: pick(c.statusLabel, lang), due: c.triageDue, overdue: c.overdue });
      }
    }
    for (const w of await this.warnings.list(actor, { open: true })) {
      rows.push({ kind: 'warning', id: w.id, href: `/warning/warnings/${w.id}`, subject: w.subjectLabel, title: w.title, level: pick(w.level.label, lang), colour: w.level.colour, status: pick(w.statusLabel, lang), due: w.dueDate, overdue: w.overdue });
    }
    const filter = { kind: q.kind === 'clue' || q.kind === 'warning' ? q.kind : '', colour: typeof q.colour === 'string' ? q.colour.slice(0, 10) : '', overdue: q.overdue === '1' };
    const shown = rows
      .filter((r) => (!filter.kind || r.kind === filter.kind) && (!filter.colour || r.colour === filter.colour) && (!filter.overdue || r.overdue))
      .sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.id - b.id);
    const palette = actor.currentInstitutionId ? await this.cfg.palette(actor.currentInstitutionId) : null;
    await this.shell.send(req, res, actor, 'warning/board', t(lang, 'warning.board'), {
      rows: shown,
      leader,
      today: this.cfg.today(),
      filter,
      colours: (palette?.levels ?? []).map((l) => ({ value: l.colour, label: pick(l.label, lang), selected: l.colour === filter.colour })),
      overdueCount: shown.filter((r) => r.overdue).length,
    });
  }

  private async clueForm(req: Request, res: Response, actor: Actor, form: Record<string, unknown>, p: Problems | null, status = 200): Promise<void> {
    const lang = resolveLang(req);
    const inst = actor.currentInstitutionId;
    const people = inst ? await this.org.people(actor, inst) : [];
    const departments = inst ? await this.org.departments(actor, inst) : [];
    await this.shell.send(
      req,
      res,
      actor,
      'warning/clue-new',
      t(lang, 'warning.new_clue'),
      {
        form,
        errors: p?.errors ?? {},
        messages: p?.messages ?? [],
        sources: STAFF_SOURCES.map((s) => ({ value: s, label: pick(SOURCE_LABELS[s], lang), selected: form.source === s })),
        people: people.map((x) => ({ id: x.id, name: x.name, dept: x.departmentName ?? '', selected: String(form.subjectPersonId) === String(x.id) })),
        departments: departments.map((d) => ({ id: d.id, name: d.name, selected: String(form.subjectDepartmentId) === String(d.id) })),
        subjectTypes: ['person', 'department', 'institution'].map((s) => ({ value: s, label: t(lang, `warning.subject_${s}`), selected: (form.subjectType ?? 'person') === s })),
      },
      status,
    );
  }

  @Get('clues/new')
  newClue(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    return this.clueForm(req, res, actor, {}, null);
  }

  @Post('clues')
  async createClue(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const lang = resolveLang(req);
    const form = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== ''));
    const v = await validateForm(CreateClueDto, form, lang);
    if (!v.ok) return this.clueForm(req, res, actor, body, v, 400);
    try {
      const c = await this.clues.createByStaff(actor, v.value);
      if (await this.isLeader(actor)) return res.redirect(303, `/warning/clues/${c.id}`);
      return this.shell.send(req, res, actor, 'warning/clue-saved', t(lang, 'warning.new_clue'), { clue: c });
    } catch (err) {
      return this.clueForm(req, res, actor, body, formError(err, lang), 400);
    }
  }

  private async clueView(req: Request, res: Response, actor: Actor, id: number, forms: Record<string, Problems> = {}, status = 200): Promise<void> {
    const lang = resolveLang(req);
    const clue: ClueView = await this.clues.get(actor, id);
    const palette = await this.cfg.palette(clue.institutionId);
    await this.shell.send(
      req,
      res,
      actor,
      'warning/clue-detail',
      `${t(lang, 'warning.clue')} #${clue.id}`,
      {
        clue,
        source: pick(clue.sourceLabel, lang),
        statusText: pick(CLUE_STATE_LABELS[clue.status], lang),
        isNew: clue.status === 'new',
        ruleInputs: clue.ruleInputs ? JSON.stringify(clue.ruleInputs, null, 1) : '',
        levels: palette.levels.map((l) => ({ code: l.code, label: `${pick(l.label, lang)} · ${pick(l.disposition, lang)}`, who: pick(l.deciderNote, lang) })),
        forms,
        today: this.cfg.today(),
      },
      status,
    );
  }

  @Get('clues/:id')
  clue(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    return this.clueView(req, res, actor, id);
  }

  @Post('clues/:id/triage')
  async triage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const lang = resolveLang(req);
    const action = String(body.action ?? '');
    const steps: Record<string, () => Promise<{ href: string } | Problems>> = {
      dismiss: async () => {
        const v = await validateForm(DismissDto, body, lang);
        return v.ok ? (await this.clues.dismiss(actor, id, v.value.reason), { href: `/warning/clues/${id}` }) : v;
      },
      merge: async () => {
        const v = await validateForm(MergeDto, body, lang);
        return v.ok ? (await this.clues.merge(actor, id, v.value.intoClueId), { href: `/warning/clues/${id}` }) : v;
      },
      transfer: async () => {
        const v = await validateForm(TransferDto, body, lang);
        return v.ok ? (await this.clues.transfer(actor, id, v.value.note), { href: `/warning/clues/${id}` }) : v;
      },
      warn: async () => {
        const v = await validateForm(WarnDto, body, lang);
        return v.ok ? { href: `/warning/warnings/${(await this.warnings.warnFromClue(actor, id, v.value)).id}` } : v;
      },
      confirm: async () => ({ href: `/warning/warnings/${(await this.escalation.confirmOnOpenWarning(actor, id)).id}` }),
    };
    if (!steps[action]) throw AppError.validation([{ field: 'action', key: 'validation.enum', params: { values: Object.keys(steps).join(', ') } }]);
    try {
      const r = await steps[action]();
      if ('href' in r) return res.redirect(303, r.href);
      return this.clueView(req, res, actor, id, { [action]: r }, 400);
    } catch (err) {
      return this.clueView(req, res, actor, id, { [action]: formError(err, lang) }, 400);
    }
  }

  private async warningView(req: Request, res: Response, actor: Actor, id: number, forms: Record<string, Problems> = {}, status = 200): Promise<void> {
    const lang = resolveLang(req);
    const w: WarningView = await this.warnings.get(actor, id);
    const me = await this.warnings.capacities(actor, w);
    const level = (await this.cfg.palette(w.institutionId)).levels[w.level.index];
    const picking = me.officer && (w.actions.includes('schedule-interview') || w.actions.includes('interview'));
    const interviewers = picking
      ? (await this.warnings.interviewers(actor, id)).map((c) => ({ ...c, detail: [c.post, ...c.roles.map((r) => pick(ROLE_LABELS[r], lang))].filter(Boolean).join(lang === 'en' ? ', ' : '、') }))
      : [];
    await this.shell.send(
      req,
      res,
      actor,
      'warning/warning-detail',
      `${t(lang, 'warning.warning')} #${w.id}`,
      {
        w,
        levelText: `${pick(w.level.label, lang)} · ${pick(w.level.disposition, lang)}`,
        statusText: pick(w.statusLabel, lang),
        documentText: pick(w.level.document, lang),
        steps: w.steps.map((s) => ({ ...s, label: t(lang, `warning.step_${s.kind}`), json: JSON.stringify(s.data, null, 1) })),
        can: Object.fromEntries(w.actions.map((a) => [a, true])),
        me,
        forms,
        today: this.cfg.today(),
        evidenceMaxMb: EVIDENCE_MAX_BYTES / 1024 / 1024,
        clueSource: w.clue ? pick(w.clue.sourceLabel, lang) : '',
        interviewers,
        leads: interviewers.filter((c) => c.lead),
        interviewNotice: pick(level.interviewNotice, lang),
        deadline: lang === 'en' ? deadlineEn(level) : w.level.deadline,
      },
      status,
    );
  }

  @Get('warnings/:id')
  warning(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    return this.warningView(req, res, actor, id);
  }

  @Post('warnings/:id/act')
  async act(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const lang = resolveLang(req);
    const action = String(body.action ?? '');
    const run = async <T extends object>(cls: (new () => T) | null, fn: (v: T) => Promise<unknown>): Promise<Problems | null> => {
      if (!cls) return (await fn({} as T), null);
      const v = await validateForm(cls, body, lang);
      if (!v.ok) return v;
      await fn(v.value);
      return null;
    };
    const steps: Record<string, () => Promise<Problems | null>> = {
      issue: () => run(null, () => this.warnings.issue(actor, id)),
      'schedule-interview': () => run(ScheduleInterviewDto, (v) => this.warnings.scheduleInterview(actor, id, v)),
      interview: () => run(InterviewDto, (v) => this.warnings.interview(actor, id, v)),
      answer: () => run(AnswerDto, (v) => this.warnings.answer(actor, id, v)),
      review: () => run(ReviewDto, (v) => this.warnings.review(actor, id, v)),
      'request-extension': () => run(ExtensionRequestDto, (v) => this.warnings.requestExtension(actor, id, v)),
      'decide-extension': () => run(ExtensionDecisionDto, (v) => this.warnings.decideExtension(actor, id, v)),
      'follow-up': () => run(FollowUpDto, (v) => this.warnings.followUp(actor, id, v)),
      release: () => run(WarningCommentDto, (v) => this.warnings.release(actor, id, v)),
      appeal: () => run(AppealDto, (v) => this.warnings.appeal(actor, id, v)),
      'answer-appeal': () => run(AppealAnswerDto, (v) => this.warnings.answerAppeal(actor, id, v)),
      archive: () => run(null, () => this.warnings.archive(actor, id)),
    };
    if (!steps[action]) throw AppError.validation([{ field: 'action', key: 'validation.enum', params: { values: Object.keys(steps).join(', ') } }]);
    try {
      const problems = await steps[action]();
      if (!problems) return res.redirect(303, `/warning/warnings/${id}`);
      return this.warningView(req, res, actor, id, { [action]: problems }, 400);
    } catch (err) {
      return this.warningView(req, res, actor, id, { [action]: formError(err, lang) }, 400);
    }
  }

  /** Multipart forms cannot reach the CSRF guard's body check, so the token is checked here after parsing. */
  @Post('warnings/:id/evidence')
  @CsrfExempt()
  @UseInterceptors(FileInterceptor('file', EVIDENCE_UPLOAD))
  async evidence(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, @UploadedFile() file: UploadedEvidence | undefined, @Body() body: Record<string, unknown>) {
    if (body?._csrf !== actor.csrfToken) throw new AppError(HttpStatus.FORBIDDEN, 'error.csrf');
    try {
      await this.warnings.uploadEvidence(actor, id, file);
      return res.redirect(303, `/warning/warnings/${id}`);
    } catch (err) {
      return this.warningView(req, res, actor, id, { evidence: formError(err, resolveLang(req)) }, 400);
    }
  }

  @Get('mine')
  async mine(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const lang = resolveLang(req);
    const rows = (await this.warnings.list(actor, {})).filter((w) => w.subjectPersonId !== null && w.subjectPersonId === actor.personId);
    await this.shell.send(req, res, actor, 'warning/mine', t(lang, 'warning.mine'), {
      rows: rows.map((w) => ({ ...w, levelText: pick(w.level.label, lang), statusText: pick(w.statusLabel, lang) })),
      today: this.cfg.today(),
    });
  }

  @Get('messages')
  async messages(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    await this.shell.send(req, res, actor, 'warning/messages', t(resolveLang(req), 'warning.messages'), { rows: await this.inbox.list(actor) });
  }

  @Get('report')
  async report(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, @Query() q: Record<string, string>) {
    const lang = resolveLang(req);
    const today = this.cfg.today();
    const year = /^\d{4}$/.test(q.year ?? '') ? Number(q.year) : Number(today.slice(0, 4));
    const quarter = /^[1-4]$/.test(q.quarter ?? '') ? Number(q.quarter) : Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
    const r = await this.reports.quarterly(actor, year, quarter);
    const named = (rows: { key: string; label: { zh: string; en: string }; count: number }[]) => rows.map((x) => ({ label: pick(x.label, lang), count: x.count }));
    await this.shell.send(req, res, actor, 'warning/report', `${t(lang, 'warning.report')} ${year}Q${quarter}`, {
      r,
      year,
      quarter,
      quarters: [1, 2, 3, 4].map((n) => ({ n, selected: n === quarter })),
      byLevel: named(r.byLevel),
      bySource: named(r.bySource),
      byDepartment: named(r.byDepartment),
      byStatus: named(r.byStatus),
      chart: trendChart(r.trend, lang),
      jsonHref: `/api/warning/reports/quarterly?year=${year}&quarter=${quarter}`,
      canIssue: (!!actor.currentInstitutionId && (await this.access.can(actor, actor.currentInstitutionId, ['discipline-officer', 'head']))),
      issued: /^\d{1,9}$/.test(q.issued ?? '') ? { id: Number(q.issued), number: typeof q.number === 'string' ? q.number.slice(0, 60) : '' } : null,
    });
  }

  /** Issues the quarter's 专报 PDF and comes back to the report with a link to it. */
  @Post('report/issue')
  async issueReport(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const v = await validateForm(ReportQuery, { year: body.year, quarter: body.quarter }, resolveLang(req));
    if (!v.ok) throw AppError.validation([{ field: 'quarter', key: 'validation.invalid' }]);
    const doc = await this.reports.issuePdf(actor, v.value.year, v.value.quarter);
    return res.redirect(303, `/warning/report?year=${v.value.year}&quarter=${v.value.quarter}&issued=${doc.id}&number=${encodeURIComponent(doc.number)}`);
  }
}

/** A level's answer period in English (the Chinese one is deadlineText). */
function deadlineEn(l: LevelDef): string {
  const { unit, n } = l.answerDeadline;
  return `${n} ${unit === 'working-days' ? 'working day' : unit === 'months' ? 'month' : 'day'}${n === 1 ? '' : 's'}`;
}

/** Bar chart of the four-quarter trend as plain SVG numbers for the template (no script, no inline style). */
export function trendChart(trend: { label: string; clues: number; warnings: number; top: number }[], lang: Lang) {
  const width = 560;
  const height = 220;
  const base = 180;
  const max = Math.max(1, ...trend.flatMap((q) => [q.clues, q.warnings]));
  const scale = (n: number) => Math.round((n / max) * 140);
  const group = width / trend.length;
  return {
    width,
    height,
    base,
    legendClues: lang === 'en' ? 'Clues' : '预警信息',
    legendWarnings: lang === 'en' ? 'Warnings' : '预警',
    groups: trend.map((q, i) => {
      const x = Math.round(i * group + group / 2 - 30);
      return {
        label: q.label,
        labelX: x + 30,
        clues: { x, y: base - scale(q.clues), h: scale(q.clues), n: q.clues, ty: base - scale(q.clues) - 4, tx: x + 13 },
        warnings: { x: x + 32, y: base - scale(q.warnings), h: scale(q.warnings), n: q.warnings, ty: base - scale(q.warnings) - 4, tx: x + 45 },
      };
    }),
  };
}
