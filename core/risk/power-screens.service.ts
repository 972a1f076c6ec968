import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { actorNames } from '../auth/actor-names';
import { Db } from '../db/db';
import { beijingMinute } from '../plugin-api';
import { Lang, pick } from '../i18n/i18n';
import { OrgService } from '../org/org.service';
import { PowerService, PowerView } from './power.service';
import { RiskContext } from './risk-context.service';
import { POWER_ACTION_LABELS, riskLabels } from './risk-labels';
import type { FormState } from './risk-web.forms';

/** The power form's text fields; all but the first three may be emptied on an edit. */
export const POWER_TEXT = ['number', 'category', 'name', 'legalBasisDocument', 'legalBasisArticle', 'processDescription', 'keyLinks', 'weakLinks', 'workRules', 'relatedRegulations'];

/** View models of the power catalogue screens (the list with its new-power form, one power with its edit form). */
@Injectable()
export class PowerScreensService {
  constructor(
    private readonly ctx: RiskContext,
    private readonly org: OrgService,
    private readonly powers: PowerService,
    private readonly db: Db,
  ) {}

  async catalogue(actor: Actor, institutionId: number, lang: Lang, form?: FormState) {
    const L = riskLabels(lang);
    const list = await this.powers.list(actor, institutionId, true);
    const editor = await this.ctx.isEditor(actor, institutionId);
    return {
      L,
      editor,
      powers: list.map((p) => this.row(p, lang)),
      form: editor ? { action: '/risk/powers', submit: L.newPower, general: form?.general, ...(await this.formData(actor, institutionId, form?.values ?? {}, form?.errors ?? {}, lang)) } : null,
      exportBase: `/api/risk/export?institutionId=${institutionId}`,
    };
  }

  async power(actor: Actor, id: number, lang: Lang, form?: FormState, uploadError?: string) {
    const L = riskLabels(lang);
    const power = await this.powers.get(actor, id);
    const editor = !power.removed && (await this.ctx.isEditor(actor, power.institutionId));
    const who = await this.db.read((m) => actorNames(m, power.versions.map((v) => v.actor), lang));
    const values = form?.values ?? Object.fromEntries([...POWER_TEXT, 'responsibleDepartmentId', 'responsiblePostId'].map((k) => [k, (power as unknown as Record<string, unknown>)[k] ?? '']));
    return {
      title: `${power.number} ${power.name}`,
      data: {
        L,
        power: this.row(power, lang),
        versions: [...power.versions].reverse().map((v) => ({ ...v, actionLabel: pick(POWER_ACTION_LABELS[v.action], lang) || v.action, actor: who(v.actor), at: beijingMinute(v.at) })),
        editor,
        isPdf: power.flowChart?.mime === 'application/pdf',
        uploadError,
        form: editor ? { action: `/risk/powers/${id}`, submit: L.save, general: form?.general, ...(await this.formData(actor, power.institutionId, values, form?.errors ?? {}, lang)) } : null,
      },
    };
  }

  private row(p: PowerView, lang: Lang) {
    return { ...p, removedLabel: p.removed ? pick({ zh: '已撤销', en: 'Removed' }, lang) : '' };
  }

  private async formData(actor: Actor, institutionId: number, values: Record<string, unknown>, errors: Record<string, string>, lang: Lang) {
    const L = riskLabels(lang);
    const depts = await this.org.departments(actor, institutionId);
    const people = await this.org.people(actor, institutionId);
    const posts = [...new Map(people.filter((p) => p.postId).map((p) => [p.postId!, { id: p.postId!, name: `${p.postName ?? ''}（${p.departmentName ?? ''}）` }])).values()];
    const text = (key: string, multiline = false, required = false) => ({ key, label: L[key as keyof typeof L] ?? key, value: values[key] ?? '', error: errors[key], multiline, required });
    return {
      textFields: [text('number', false, true), text('category', false, true), text('name', false, true), text('legalBasisDocument'), text('legalBasisArticle')],
      longFields: [text('processDescription', true), text('keyLinks', true), text('weakLinks', true), text('workRules', true), text('relatedRegulations', true)],
      departments: depts.map((d) => ({ id: d.id, name: d.name, selected: Number(values.responsibleDepartmentId) === d.id })),
      posts: posts.map((p) => ({ ...p, selected: Number(values.responsiblePostId) === p.id })),
      deptError: errors.responsibleDepartmentId,
      postError: errors.responsiblePostId,
    };
  }
}
