import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { resolveLang } from '../i18n/i18n';
import { pick } from '../i18n/i18n';
import { AccessService, permits } from '../org/access.service';
import type { ScreenDef } from '../plugin-api';
import { ModuleRegistry } from '../platform/module-registry';
import { TodoRegistry } from '../platform/todo-registry';
import { PluginHost } from '../plugin-host/plugin-host';
import { ScreenRenderer } from './screen-renderer';

/** Where the language link returns to: this page, minus a `?lang=` that would override the new choice. */
export function langSwitchBack(originalUrl: string): string {
  const url = new URL(originalUrl, 'http://x');
  url.searchParams.delete('lang');
  return encodeURIComponent((url.pathname + url.search).slice(0, 300));
}

/** Where a plugin screen lives: check-in screens have their own page, the others the generic one. */
export const screenHref = (pluginId: string, screen: ScreenDef) => (screen.kind === 'check-in' ? `/check-in/${pluginId}/${screen.id}` : `/p/${pluginId}/${screen.id}`);

/** Builds what every signed-in page needs (user, institution switcher, navigation) and renders screens. */
@Injectable()
export class ShellService {
  constructor(
    private readonly screens: ScreenRenderer,
    private readonly access: AccessService,
    private readonly host: PluginHost,
    private readonly modules: ModuleRegistry,
    private readonly todos: TodoRegistry,
  ) {}

  async data(req: Request, actor: Actor, title: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const lang = resolveLang(req);
    const institutions = await this.access.institutions();
    const visible = institutions.filter((i) => actor.visibleInstitutionIds.includes(i.id));
    const current = visible.find((i) => i.id === actor.currentInstitutionId) ?? null;
    const roles = current ? await this.access.rolesAt(actor, current.id) : [];
    let lastGroup = '';
    const unitsBelow = !!current && visible.some((i) => i.parentId === current.id);
    const coreNav = this.modules.nav.filter((n) => (!n.roles || permits(actor, roles, n.roles)) && (!n.unitsBelow || unitsBelow)).map((n) => {
      const group = pick(n.group, lang);
      const item = { href: n.href, label: pick(n.label, lang), group: group !== lastGroup ? group : '', active: n.href === req.path };
      lastGroup = group;
      return item;
    });
    const nav = current
      ? this.host
          .screensFor(current.code)
          // An edit-only form needs a record: it is reached from a list row or a dashboard link, not the menu.
          .filter(({ screen }) => (!screen.roles || permits(actor, roles, screen.roles)) && screen.creates !== false)
          .map(({ pluginId, screen }) => ({ href: screenHref(pluginId, screen), label: pick(screen.label, lang), active: screenHref(pluginId, screen) === req.path }))
      : [];
    return {
      lang,
      otherLang: lang === 'zh' ? 'en' : 'zh',
      title,
      user: { name: actor.displayName, username: actor.username },
      csrf: actor.csrfToken,
      institutions: visible.map((i) => ({ id: i.id, name: lang === 'en' && i.nameEn ? i.nameEn : i.name, selected: i.id === current?.id })),
      showSwitcher: visible.length > 1,
      current: current ? { id: current.id, name: lang === 'en' && current.nameEn ? current.nameEn : current.name, code: current.code } : null,
      roles,
      coreNav,
      nav,
      homeActive: req.path === '/',
      todoCount: await this.todos.count(actor),
      back: req.originalUrl.slice(0, 300),
      langBack: langSwitchBack(req.originalUrl),
      ...extra,
    };
  }

  /** Renders `templates/screens/<name>.hbs` inside the shell and sends it. */
  async send(req: Request, res: Response, actor: Actor, name: string, title: string, extra: Record<string, unknown> = {}, status = 200): Promise<void> {
    const data = await this.data(req, actor, title, extra);
    res.status(status).type('html').send(this.screens.render(name, data));
  }
}
