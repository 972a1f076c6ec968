import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { Lang, pick } from '../i18n/i18n';
import { RISK_EDITOR_ROLES, RiskContext } from './risk-context.service';
import { riskLabels } from './risk-labels';
import { RiskPresetsImportService } from './risk-presets-import.service';

/** View model of the presets screen: a plugin's preset risk points previewed for import, and the outcome of one. */
@Injectable()
export class PresetScreensService {
  constructor(
    private readonly ctx: RiskContext,
    private readonly presets: RiskPresetsImportService,
  ) {}

  async presetsPage(actor: Actor, institutionId: number, pluginIdQ: string | undefined, fallbackQ: string | undefined, lang: Lang, outcome?: { errors?: { message: string }[]; created?: number }) {
    await this.ctx.access.requireAccess(actor, institutionId, RISK_EDITOR_ROLES);
    const sets = await this.presets.sets(institutionId, lang);
    const pluginId = typeof pluginIdQ === 'string' && sets.some((x) => x.pluginId === pluginIdQ) ? pluginIdQ : sets[0]?.pluginId;
    const fallbackCategory = typeof fallbackQ === 'string' ? fallbackQ : '';
    const settings = await this.ctx.settings(institutionId);
    const rows = pluginId ? await this.presets.preview(actor, institutionId, pluginId, fallbackCategory || undefined, lang) : null;
    return {
      L: riskLabels(lang),
      sets: sets.map((x) => ({ ...x, selected: x.pluginId === pluginId })),
      categories: settings.categories.map((c) => ({ key: c.key, label: pick(c.label, lang), selected: c.key === fallbackCategory })),
      pluginId,
      fallbackCategory,
      rows,
      errors: outcome?.errors,
      created: outcome?.created,
    };
  }
}
