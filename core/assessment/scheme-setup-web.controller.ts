import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type Actor, currentInstitutionOf } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Clock } from '../clock/clock';
import { IdPipe } from '../http/id.pipe';
import { pick, resolveLang } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { OrgService } from '../org/org.service';
import { ShellService } from '../web/shell.service';
import { Form, formLabels, list, refusal, Refusal, str, validateWithRows } from './assessment-forms';
import { assessmentLabels } from './assessment-labels';
import { assertDraft, AssessmentSchemeService, MANAGE_ROLES, presetOf } from './assessment-scheme.service';
import { CreateSchemeDto, ItemDto, ReplaceItemsDto, ReplaceVetoRulesDto, VetoRuleDto } from './assessment.dto';
import { EvaluationService } from './evaluation.service';
import { GRADE_SCALE_DEFS, GRADE_SCALES } from './scoring';
import { presetText } from './scheme-screens.view';
import { editItemRows, editRuleRows, errorsByRow, ITEM_ROWS, itemRowView, itemsFromForm, postedRows, vetoRulesFromForm } from './scheme-screens.view';
import { SelfReportService } from './self-report.service';
import type { VetoRule } from './veto-rules';

type EditForm = Refusal & { part: 'items' | 'rules'; values: Form; rowOf: number[] };

/** The scheme list with the new-scheme form, and the editing of a draft's items and veto rules. */
@ApiExcludeController()
@Controller('assessment')
export class SchemeSetupWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly org: OrgService,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly schemes: AssessmentSchemeService,
    private readonly evaluation: EvaluationService,
    private readonly reports: SelfReportService,
  ) {}

  @Get()
  async index(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, form?: Refusal & { values: Form }): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const institutionId = currentInstitutionOf(actor);
    const manager = await this.access.can(actor, institutionId, MANAGE_ROLES);
    const schemes = (await this.schemes.listSchemes(actor, institutionId)).filter((s) => manager || s.status === 'published');
    const rounds = await this.evaluation.myOpenRounds(actor);
    const mySubjects = await this.reports.mySubjects(actor);
    let create = null;
    if (manager) {
      const values = form?.values ?? {};
      const errors = form?.errors ?? {};
      const [people, departments, indicators, units] = await Promise.all([
        this.org.people(actor, institutionId),
        this.org.departments(actor, institutionId),
        this.schemes.indicators(actor, institutionId),
        this.schemes.assessableUnits(actor, institutionId),
      ]);
      const chosen = new Set(list(values.subjects));
      const row = (i: number) => ({ area: str(values[`area${i}`]), name: str(values[`name${i}`]), maxPoints: str(values[`maxPoints${i}`]), perMissing: str(values[`perMissing${i}`]), method: str(values[`method${i}`]), indicator: str(values[`indicator${i}`]) });
      create = {
        values: { name: str(values.name), period: str(values.period) || this.clock.today().slice(0, 4), assessmentDate: str(values.assessmentDate) },
        errors,
        general: form?.general ?? null,
        rows: Array.from({ length: ITEM_ROWS }, (_, i) =>
          itemRowView(i, row(i), L, lang, indicators, Object.entries(errors).filter(([k]) => k.startsWith(`items.${i}.`)).map(([, v]) => v).join('；')),
        ),
        itemsError: errors.items,
        people: people.map((p) => ({ value: `person:${p.id}`, label: `${p.name}${p.departmentName ? `（${p.departmentName}）` : ''}`, checked: chosen.has(`person:${p.id}`) })),
        departments: departments.map((d) => ({ value: `department:${d.id}`, label: d.name, checked: chosen.has(`department:${d.id}`) })),
        units: units.map((u) => ({ value: `unit:${u.id}`, label: u.name, checked: chosen.has(`unit:${u.id}`) })),
        scales: [{ value: '', label: L.presetScale }, ...GRADE_SCALES.map((g) => ({ value: g, label: pick(GRADE_SCALE_DEFS[g].label, lang) }))].map((o) => ({ ...o, selected: str(values.gradeScale) === o.value })),
        poorShare: [
          { value: '', label: L.presetScale },
          { value: 'on', label: L.yes },
          { value: 'off', label: L.no },
        ].map((o) => ({ ...o, selected: str(values.poorShareRule) === o.value })),
      };
    }
    await this.shell.send(req, res, actor, 'assessment/index', L.schemes, {
      L,
      manager,
      schemes: schemes.map((s) => ({ ...s, statusLabel: L[s.status as 'draft'], presetLabel: presetText(s, lang) })),
      rounds,
      mySubjects,
      create,
    }, form ? 400 : 200);
  }

  @Post('schemes')
  async createScheme(@CurrentActor() actor: Actor, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const rows = Array.from({ length: ITEM_ROWS }, (_, i) => i).filter((i) => str(body[`name${i}`]) || str(body[`maxPoints${i}`]));
    const subjects = list(body.subjects).map((v) => {
      const [kind, id] = v.split(':');
      return { kind, id: Number(id) };
    });
    const plain = {
      institutionId: currentInstitutionOf(actor),
      name: str(body.name),
      period: str(body.period),
      ...(str(body.assessmentDate) ? { assessmentDate: str(body.assessmentDate) } : {}),
      ...(str(body.gradeScale) ? { gradeScale: str(body.gradeScale) } : {}),
      ...(str(body.poorShareRule) ? { poorShareRule: str(body.poorShareRule) === 'on' } : {}),
      items: itemsFromForm(body, rows),
      subjects,
    };
    const v = await validateWithRows(CreateSchemeDto, plain, 'items', ItemDto, lang, formLabels(lang));
    if (!v.ok) return this.index(actor, req, res, { values: body, errors: v.errors, general: null });
    try {
      const scheme = await this.schemes.createScheme(actor, v.value);
      res.redirect(303, `/assessment/schemes/${scheme.id}`);
    } catch (err) {
      await this.index(actor, req, res, { values: body, ...refusal(err, lang) });
    }
  }

  @Get('schemes/:id/edit')
  async edit(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, form?: EditForm): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const plain = await this.schemes.scheme(actor, id, MANAGE_ROLES);
    assertDraft(plain);
    const detail = await this.schemes.detail(actor, id);
    const indicators = await this.schemes.indicators(actor, detail.institutionId);
    const preset = presetOf(plain);
    // Errors arrive by DTO index; rowOf maps that index back to the form row it came from.
    const rowErrors = (prefix: RegExp, part: EditForm['part']) => (form?.part === part ? errorsByRow(form.errors, prefix, form.rowOf) : {});
    const itemRows = editItemRows(detail.items, form?.part === 'items' ? form.values : null, rowErrors(/^items(?:\[(\d+)\]|\.(\d+))/, 'items'), L, lang, indicators);
    const sum = itemRows.reduce((t, r) => t + (Number(r.maxPoints) || 0), 0);
    const ruleRows = editRuleRows(detail.vetoRules, form?.part === 'rules' ? form.values : null, rowErrors(/^vetoRules(?:\[(\d+)\]|\.(\d+))/, 'rules'), preset.bands, L, lang);
    await this.shell.send(req, res, actor, 'assessment/edit', `${L.editScheme} · ${detail.name}`, {
      L,
      scheme: detail,
      itemRows,
      sum,
      sumOk: sum === 100,
      itemsError: form?.part === 'items' ? (form.errors.items ?? form.general) : null,
      ruleRows,
      rulesError: form?.part === 'rules' ? form.general : null,
    }, form ? 400 : 200);
  }

  @Post('schemes/:id/items')
  async saveItems(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    // A row with neither a name nor points is an empty (or emptied, i.e. removed) row.
    const used = postedRows(body, 'name').filter((i) => str(body[`name${i}`]) || str(body[`maxPoints${i}`]));
    const shown = (r: Refusal) => this.edit(actor, id, req, res, { part: 'items', values: body, rowOf: used, ...r });
    const v = await validateWithRows(ReplaceItemsDto, { items: itemsFromForm(body, used) }, 'items', ItemDto, lang, formLabels(lang));
    if (!v.ok) return shown({ errors: v.errors, general: null });
    try {
      await this.schemes.replaceItems(actor, id, v.value);
      res.redirect(303, `/assessment/schemes/${id}`);
    } catch (err) {
      await shown(refusal(err, lang));
    }
  }

  @Post('schemes/:id/veto-rules')
  async saveVetoRules(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const names = { min: L.ruleMin, label: L.labelZh, fact: L.fact, id: L.fact };
    // A row is kept when it names a fact and is not ticked for removal.
    const used = postedRows(body, 'fact').filter((i) => str(body[`fact${i}`]) && str(body[`remove${i}`]) !== 'on');
    const shown = (r: Refusal) => this.edit(actor, id, req, res, { part: 'rules', values: body, rowOf: used, ...r });
    const v = await validateWithRows(ReplaceVetoRulesDto, { vetoRules: vetoRulesFromForm(body, used) }, 'vetoRules', VetoRuleDto, lang, formLabels(lang, names));
    if (!v.ok) return shown({ errors: v.errors, general: null });
    try {
      await this.schemes.replaceVetoRules(actor, id, v.value.vetoRules as VetoRule[]);
      res.redirect(303, `/assessment/schemes/${id}`);
    } catch (err) {
      await shown(refusal(err, lang, names));
    }
  }
}
