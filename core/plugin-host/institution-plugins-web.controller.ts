import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { labelsIn } from '../i18n/labels';
import { Lang, pick, resolveLang } from '../i18n/i18n';
import { FieldDef, fenFromYuan, yuanInput } from '../plugin-api';
import { coerceFormValues } from '../web/form-coercion';
import { formRefusal, Refusal } from '../web/form-validation';
import { ShellService } from '../web/shell.service';
import { INSTITUTION_CODE, InstitutionConfig, PluginSetting } from './institution-config';
import { PluginHost } from './plugin-host';
import { INSTITUTION_SETTINGS_LABELS, savedText } from './institution-settings.i18n';
import { InstitutionSettingsService } from './institution-settings.service';


/** The unit a threshold is typed in, after its label. */
const UNIT_WORDS: Partial<Record<string, Record<Lang, string>>> = { fen: { zh: '元', en: 'yuan' }, percent: { zh: '%', en: '%' }, days: { zh: '天', en: 'days' } };

/** An option's value as its input shows it: money in yuan, lists joined. */
function inputValue(f: FieldDef, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (f.type === 'money' && typeof v === 'number') return yuanInput(v);
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** System admins enable plugins per institution and set their options and rule thresholds; applied without a restart. */
@ApiExcludeController()
@Roles('system-admin')
@Controller('admin/institutions/:code/plugins')
export class InstitutionPluginsWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly host: PluginHost,
    private readonly settings: InstitutionSettingsService,
  ) {}

  @Get()
  editPage(@CurrentActor() actor: Actor, @Param('code') code: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.renderForm(actor, req, res, this.institution(code));
  }

  @Post()
  async save(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const cfg = this.institution(code);
    const lang = resolveLang(req);
    const form = typeof body === 'object' && body !== null ? body : {};
    const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
    const settings = this.settingsFrom(form);
    try {
      if (!reason || reason.length > 500) throw AppError.validation([{ field: 'reason', key: reason ? 'validation.max_length' : 'validation.required', params: { max: 500 } }]);
      await this.settings.savePlugins(actor, cfg.code, settings, reason);
      res.redirect(303, `/admin/institutions/${cfg.code}/plugins?saved=1`);
    } catch (err) {
      await this.renderForm(actor, req, res, cfg, { settings, reason }, formRefusal(err, lang, this.fieldLabels(cfg, lang)), 400);
    }
  }

  private institution(code: string): InstitutionConfig {
    if (!INSTITUTION_CODE.test(code)) throw AppError.notFound();
    return this.settings.institution(code);
  }

  /** The plugins this institution's type may run, in load order. */
  private candidates(cfg: InstitutionConfig) {
    return this.host.plugins.filter((p) => !p.institutionTypes?.length || p.institutionTypes.includes(cfg.type));
  }

  /** The posted form as the YAML file's `plugins` list: ticked plugins, typed options, filled-in thresholds. */
  private settingsFrom(form: Record<string, unknown>): PluginSetting[] {
    const ticked = new Set(Object.keys(form).filter((k) => k.startsWith('enabled:') && form[k]).map((k) => k.slice('enabled:'.length)));
    const known = this.host.plugins.map((p) => p.id);
    const out: PluginSetting[] = [];
    // Known plugins in load order, then anything forged, which the service refuses by name.
    for (const id of [...known.filter((k) => ticked.has(k)), ...[...ticked].filter((k) => !known.includes(k))]) {
      const plugin = this.host.plugin(id);
      const sub = (prefix: string) => Object.fromEntries(Object.entries(form).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
      const options = plugin ? coerceFormValues(plugin.options ?? [], sub(`opt:${id}:`)) : {};
      const ruleThresholds: Record<string, Record<string, number>> = {};
      for (const [key, raw] of Object.entries(sub(`thr:${id}:`))) {
        const [ruleId, name] = key.split(':');
        if (typeof raw !== 'string' || raw.trim() === '' || !ruleId || !name) continue;
        // A money threshold is typed in yuan like every amount; a malformed one becomes NaN and is refused by name.
        const inYuan = plugin?.rules?.find((r) => r.id === ruleId)?.inputs?.[name]?.unit === 'fen';
        (ruleThresholds[ruleId] ??= {})[name] = inYuan ? (fenFromYuan(raw.trim()) ?? NaN) : Number(raw.trim());
      }
      out.push({ id, options, ruleThresholds });
    }
    return out;
  }

  private fieldLabels(cfg: InstitutionConfig, lang: Lang): Record<string, string> {
    const labels: Record<string, string> = { reason: labelsIn(INSTITUTION_SETTINGS_LABELS, lang).reason };
    for (const p of this.host.plugins) labels[`enabled:${p.id}`] = pick(p.name, lang);
    for (const p of this.candidates(cfg)) {
      for (const f of p.options ?? []) labels[`opt:${p.id}:${f.key}`] = `${pick(p.name, lang)} · ${pick(f.label, lang)}`;
      for (const r of p.rules ?? []) for (const name of Object.keys(r.thresholds ?? {})) labels[`thr:${p.id}:${r.id}:${name}`] = `${pick(r.label, lang)} · ${pick(r.inputs?.[name]?.label, lang) || name}`;
    }
    return labels;
  }


  private async renderForm(actor: Actor, req: Request, res: Response, cfg: InstitutionConfig, posted?: { settings: PluginSetting[]; reason: string }, refusal?: Refusal, status = 200): Promise<void> {
    const lang = resolveLang(req);
    const L = labelsIn(INSTITUTION_SETTINGS_LABELS, lang);
    const errors = refusal?.errors ?? {};
    const current = posted?.settings ?? cfg.plugins;
    const plugins = this.candidates(cfg).map((p) => {
      const setting = current.find((s) => s.id === p.id);
      return {
        id: p.id,
        name: pick(p.name, lang),
        description: pick(p.description, lang),
        enabled: !!setting,
        needs: p.dependsOn?.length ? L.needs.replace('{plugins}', p.dependsOn.map((d) => pick(this.host.plugin(d)?.name, lang) || d).join('、')) : '',
        options: (p.options ?? []).map((f) => {
          const name = `opt:${p.id}:${f.key}`;
          return {
            name,
            label: pick(f.label, lang),
            help: pick(f.help, lang),
            unit: f.type === 'money' ? UNIT_WORDS.fen![lang] : '',
            inputMode: f.type === 'money' ? 'decimal' : ['integer', 'decimal'].includes(f.type) ? 'numeric' : undefined,
            isBool: f.type === 'boolean',
            isEnum: f.type === 'enum',
            checked: setting?.options[f.key] === true,
            value: inputValue(f, setting?.options[f.key]),
            placeholder: f.default === undefined ? '' : `${L.defaultValue} ${inputValue(f, f.default)}`,
            choices: (f.options ?? []).map((o) => ({ value: o.value, label: pick(o.label, lang), selected: setting?.options[f.key] === o.value })),
            error: errors[name],
          };
        }),
        thresholds: (p.rules ?? []).flatMap((r) =>
          Object.entries(r.thresholds ?? {}).map(([tname, dflt]) => {
            const name = `thr:${p.id}:${r.id}:${tname}`;
            const v = setting?.ruleThresholds[r.id]?.[tname];
            const unit = r.inputs?.[tname]?.unit;
            const shown = (x: number) => (unit === 'fen' ? yuanInput(x) : String(x));
            return {
              name,
              rule: pick(r.label, lang),
              threshold: pick(r.inputs?.[tname]?.label, lang) || tname,
              unit: unit ? (UNIT_WORDS[unit]?.[lang] ?? '') : '',
              value: v === undefined || Number.isNaN(v) ? '' : shown(v),
              placeholder: `${L.defaultValue} ${shown(dflt)}`,
              error: errors[name],
            };
          }),
        ),
        error: errors[`enabled:${p.id}`],
      };
    });
    const saved = await this.settings.saved(cfg.code);
    await this.shell.send(
      req,
      res,
      actor,
      'admin/institution-plugins',
      `${L.pluginsTitle} · ${lang === 'en' && cfg.nameEn ? cfg.nameEn : cfg.name}`,
      {
        L,
        code: cfg.code,
        name: lang === 'en' && cfg.nameEn ? cfg.nameEn : cfg.name,
        type: pick(this.host.institutionTypeLabel(cfg.type), lang),
        source: savedText(L, saved),
        plugins,
        reason: posted?.reason ?? '',
        reasonError: errors.reason,
        general: refusal?.general ?? null,
        errorList: Object.values(errors),
        saved: req.query.saved === '1' && !posted,
        created: req.query.created === '1' && !posted,
      },
      status,
    );
  }
}
