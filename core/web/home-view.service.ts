import { pageWindow } from '../http/pagination';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '../auth/actor';
import { pick, resolveLang, t } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { beijingMinute, ROLE_LABELS, Role } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { TodoRegistry } from '../platform/todo-registry';
import { RecordsService } from '../records/records.service';
import { RulesService } from '../rules/rules.service';
import { ScreenRenderer } from './screen-renderer';
import { ShellService } from './shell.service';

/** The home page: the caller's roles, what each role does here, the enabled plugins and, for oversight, recent rule hits. */
@Injectable()
export class HomeViewService {
  constructor(
    private readonly access: AccessService,
    private readonly host: PluginHost,
    private readonly records: RecordsService,
    private readonly shell: ShellService,
    private readonly screens: ScreenRenderer,
    private readonly todos: TodoRegistry,
    private readonly rules: RulesService,
  ) {}

  async render(actor: Actor, req: Request): Promise<string> {
    const lang = resolveLang(req);
    const roles = actor.currentInstitutionId ? await this.access.rolesAt(actor, actor.currentInstitutionId) : [];
    const has = (r: Role) => roles.includes(r);
    const cards = [
      ...(has('system-admin') ? ['ui.home_admin'] : []),
      ...(has('discipline-officer') ? ['ui.home_discipline'] : []),
      ...(has('head') || has('deputy-in-charge') || has('department-head') ? ['ui.home_leader'] : []),
      ...(has('staff') ? ['ui.home_staff'] : []),
    ].map((k) => t(lang, k));
    const current = (await this.access.institutions()).find((i) => i.id === actor.currentInstitutionId);
    const enabled = current ? this.host.enabledFor(current.code).map((e) => ({ name: pick(e.plugin.name, lang), version: e.plugin.version })) : [];
    const showHits = has('discipline-officer') || has('system-admin');
    const hits = showHits ? (await this.records.ruleHits(actor, actor.currentInstitutionId ?? undefined, pageWindow({ pageSize: 20 }))).items : [];
    const groups = new Map<string, { label: string; items: { title: string; href: string; due: string | null; overdue: boolean }[] }>();
    for (const i of await this.todos.for(actor)) {
      const label = pick(i.group, lang);
      const g = groups.get(label) ?? { label, items: [] };
      g.items.push({ title: i.title, href: i.href, due: i.due, overdue: i.overdue });
      groups.set(label, g);
    }
    const ruleName = await this.rules.ruleLabels(hits.map((h) => h.ruleId));
    const data = await this.shell.data(req, actor, t(lang, 'ui.home'), {
      todo: [...groups.values()],
      roles: roles.map((r) => pick(ROLE_LABELS[r], lang)),
      cards,
      enabled,
      showHits,
      hits: hits.map((h) => ({ rule: pick(ruleName(h.ruleId) ?? undefined, lang) || h.ruleId, level: h.level, levelLabel: t(lang, `ui.level_${h.level}`), message: pick(h.message as { zh: string; en: string }, lang), recordId: h.recordId, at: beijingMinute(h.createdAt) })),
    });
    return this.screens.render('home', data);
  }
}
