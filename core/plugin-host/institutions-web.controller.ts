import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { labelsIn } from '../i18n/labels';
import { Lang, pick, resolveLang } from '../i18n/i18n';
import { ModuleRegistry } from '../platform/module-registry';
import { formRefusal, Refusal, validateForm } from '../web/form-validation';
import { ShellService } from '../web/shell.service';
import { INSTITUTION_CODE, InstitutionConfig, isBelow } from './institution-config';
import { InstitutionForm, NewInstitutionForm } from './institution-settings.dto';
import { INSTITUTION_SETTINGS_LABELS, savedText } from './institution-settings.i18n';
import { InstitutionFields, InstitutionSettingsService } from './institution-settings.service';
import { institutionYaml } from './institution-yaml';
import { PluginHost } from './plugin-host';

type Labels = Record<keyof typeof INSTITUTION_SETTINGS_LABELS, string>;

/** The institutions as a tree: parents first, each followed by its children, with their depth. */
function tree(all: InstitutionConfig[]): { cfg: InstitutionConfig; depth: number }[] {
  const out: { cfg: InstitutionConfig; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const cfg of all.filter((c) => c.parent === parent)) {
      out.push({ cfg, depth });
      walk(cfg.code, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

const nameIn = (cfg: InstitutionConfig, lang: Lang) => (lang === 'en' && cfg.nameEn ? cfg.nameEn : cfg.name);

/** Implementers add institutions and set their parent, letterhead, number prefix and presets on screen; applied without a restart. */
@ApiExcludeController()
@Roles('system-admin')
@Controller('admin/institutions')
export class InstitutionsWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly host: PluginHost,
    private readonly settings: InstitutionSettingsService,
    private readonly modules: ModuleRegistry,
  ) {}

  @Get()
  async listPage(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const L = labelsIn(INSTITUTION_SETTINGS_LABELS, lang);
    const saved = await this.settings.savedAll();
    const rows = tree(this.host.institutions).map(({ cfg, depth }) => ({
        code: cfg.code,
        depth,
        name: nameIn(cfg, lang),
        type: pick(this.host.institutionTypeLabel(cfg.type), lang),
        prefix: cfg.docNumberPrefix,
        plugins: this.host.enabledFor(cfg.code).map((e) => pick(e.plugin.name, lang)).join('、') || L.none,
        source: savedText(L, saved.get(cfg.code) ?? null),
      }));
    await this.shell.send(req, res, actor, 'admin/institutions', L.title, { L, rows });
  }

  @Get('new')
  newPage(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.renderForm(actor, req, res, null);
  }

  @Post()
  async create(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const L = labelsIn(INSTITUTION_SETTINGS_LABELS, lang);
    const form = await validateForm(NewInstitutionForm, body, lang, { labels: L, keepEmpty: [] });
    if (!form.ok) return this.renderForm(actor, req, res, null, body, { errors: form.errors, general: null }, 400);
    try {
      await this.settings.saveInstitution(actor, form.value.code, fieldsOf(form.value), form.value.reason.trim(), true);
      res.redirect(303, `/admin/institutions/${form.value.code}/plugins?created=1`);
    } catch (err) {
      await this.renderForm(actor, req, res, null, body, formRefusal(err, lang, L), 400);
    }
  }

  @Get(':code')
  editPage(@CurrentActor() actor: Actor, @Param('code') code: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.renderForm(actor, req, res, this.institution(code));
  }

  @Post(':code')
  async update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const cfg = this.institution(code);
    const lang = resolveLang(req);
    const L = labelsIn(INSTITUTION_SETTINGS_LABELS, lang);
    const form = await validateForm(InstitutionForm, body, lang, { labels: L, keepEmpty: [] });
    if (!form.ok) return this.renderForm(actor, req, res, cfg, body, { errors: form.errors, general: null }, 400);
    try {
      await this.settings.saveInstitution(actor, cfg.code, fieldsOf(form.value), form.value.reason.trim(), false);
      res.redirect(303, `/admin/institutions/${cfg.code}?saved=1`);
    } catch (err) {
      await this.renderForm(actor, req, res, cfg, body, formRefusal(err, lang, L), 400);
    }
  }

  @Get(':code/export')
  exportYaml(@Param('code') code: string, @Res() res: Response): void {
    const cfg = this.institution(code);
    res.setHeader('Content-Disposition', `attachment; filename="${cfg.code}.yaml"`);
    res.type('application/yaml; charset=utf-8').send(institutionYaml(cfg));
  }

  private institution(code: string): InstitutionConfig {
    if (!INSTITUTION_CODE.test(code)) throw AppError.notFound();
    return this.settings.institution(code);
  }

  private async renderForm(actor: Actor, req: Request, res: Response, cfg: InstitutionConfig | null, posted?: Record<string, unknown>, refusal?: Refusal, status = 200): Promise<void> {
    const lang = resolveLang(req);
    const L: Labels = labelsIn(INSTITUTION_SETTINGS_LABELS, lang);
    const value = (key: keyof InstitutionFields | 'code' | 'reason'): string => {
      const v = posted ? posted[key] : cfg ? (cfg as unknown as Record<string, unknown>)[key] : undefined;
      return typeof v === 'string' ? v : '';
    };
    // An institution cannot sit below itself or below one of its own units.
    const below = new Set(cfg ? this.host.institutions.filter((i) => isBelow(this.host.institutions, i.code, cfg.code)).map((i) => i.code) : []);
    const parent = value('parent');
    const choices = this.modules.institutionChoices.map((c) => ({
      field: c.field,
      label: pick(c.label, lang),
      error: refusal?.errors[c.field],
      options: c.options.map((o) => ({ value: o.value, label: pick(o.label, lang), selected: o.value === (value(c.field) || defaults[c.field]) })),
    }));
    await this.shell.send(
      req,
      res,
      actor,
      'admin/institution-form',
      cfg ? `${L.editInstitution} · ${nameIn(cfg, lang)}` : L.newInstitution,
      {
        L,
        isNew: !cfg,
        code: cfg?.code ?? '',
        action: cfg ? `/admin/institutions/${cfg.code}` : '/admin/institutions',
        source: cfg ? savedText(L, await this.settings.saved(cfg.code)) : '',
        values: { code: value('code'), name: value('name'), nameEn: value('nameEn'), letterhead: value('letterhead'), docNumberPrefix: value('docNumberPrefix'), reason: posted ? value('reason') : '' },
        types: this.host.institutionTypes().map((t) => ({ value: t, label: pick(this.host.institutionTypeLabel(t), lang), selected: t === value('type') })),
        parents: tree(this.host.institutions)
          .filter(({ cfg: c }) => c.code !== cfg?.code && !below.has(c.code))
          .map(({ cfg: c, depth }) => ({ value: c.code, label: `${'　'.repeat(depth)}${nameIn(c, lang)}`, selected: c.code === parent })),
        choices,
        errors: refusal?.errors ?? {},
        general: refusal?.general ?? null,
        saved: req.query.saved === '1' && !posted,
      },
      status,
    );
  }
}

/** Presets a new institution starts with: the YAML loader's defaults. */
const defaults: Record<string, string> = { warningPalette: '003-p8', gradingPreset: '002', assessmentPreset: '004-p1' };

function fieldsOf(v: InstitutionForm): InstitutionFields {
  return {
    name: v.name.trim(),
    nameEn: v.nameEn?.trim() ?? '',
    type: v.type,
    parent: v.parent || null,
    letterhead: v.letterhead.trim(),
    docNumberPrefix: v.docNumberPrefix.trim(),
    warningPalette: v.warningPalette,
    gradingPreset: v.gradingPreset,
    assessmentPreset: v.assessmentPreset,
  };
}
