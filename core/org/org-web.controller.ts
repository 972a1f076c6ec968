import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { Lang, resolveLang } from '../i18n/i18n';
import { slicePage } from '../http/pagination';
import { formError, validateForm } from '../web/form-validation';
import { pager, screenPageWindow } from '../web/pager';
import { ShellService } from '../web/shell.service';
import { PluginHost } from '../plugin-host/plugin-host';
import { DepartmentDto, PostDto } from './org.dto';
import { OrgStructureService } from './org-structure.service';
import { OrgService } from './org.service';
import { departmentOptions, institutionName, institutionRows, orgLabels, orgTabs } from './org-view';

/** What a refused post leaves on the page: the add form's field messages, or one message for the whole page. */
interface PageRefusal {
  errors: Record<string, string>;
  general: string | null;
  values: Record<string, unknown>;
}

const DONE = ['added', 'saved', 'removed'] as const;

/** The organisation screens of system admins and heads: pick an institution, then its departments and posts. */
@ApiExcludeController()
@Roles('system-admin', 'head')
@Controller('admin/org')
export class OrgWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly org: OrgService,
    private readonly structure: OrgStructureService,
    private readonly host: PluginHost,
  ) {}

  @Get()
  async institutions(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const tree = await this.org.manageableTree(actor);
    // A head of one unit has nothing to pick.
    if (tree.length === 1) return res.redirect(303, `/admin/org/${tree[0].institution.id}`);
    const L = orgLabels(lang);
    await this.shell.send(req, res, actor, 'admin/org-institutions', L.org, { L, institutions: institutionRows(tree, lang, (t) => this.host.institutionTypeLabel(t)) });
  }

  @Get(':id')
  departmentsPage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, @Query('done') done?: string): Promise<void> {
    return this.renderDepartments(actor, id, req, res, null, done);
  }

  @Post(':id/departments')
  async addDepartment(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const form = await validateForm(DepartmentDto, body, lang, { labels: { name: orgLabels(lang).departmentName } });
    if (!form.ok) return this.renderDepartments(actor, id, req, res, { errors: form.errors, general: null, values: body }, undefined, 400);
    try {
      await this.structure.createDepartment(actor, id, form.value.name);
      res.redirect(303, `/admin/org/${id}?done=added`);
    } catch (err) {
      await this.renderDepartments(actor, id, req, res, { ...refusal(err, lang, orgLabels(lang).departmentName), values: body }, undefined, statusOf(err));
    }
  }

  @Post(':id/departments/:departmentId')
  async renameDepartment(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('departmentId', IdPipe) departmentId: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const label = orgLabels(lang).departmentName;
    const form = await validateForm(DepartmentDto, body, lang, { labels: { name: label } });
    if (!form.ok) return this.renderDepartments(actor, id, req, res, { errors: {}, general: form.messages.join('；'), values: {} }, undefined, 400);
    try {
      await this.structure.renameDepartment(actor, id, departmentId, form.value.name);
      res.redirect(303, `/admin/org/${id}?done=saved`);
    } catch (err) {
      await this.renderDepartments(actor, id, req, res, { ...pageWide(err, lang, label), values: {} }, undefined, statusOf(err));
    }
  }

  @Post(':id/departments/:departmentId/remove')
  async removeDepartment(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('departmentId', IdPipe) departmentId: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      await this.structure.removeDepartment(actor, id, departmentId);
      res.redirect(303, `/admin/org/${id}?done=removed`);
    } catch (err) {
      await this.renderDepartments(actor, id, req, res, { ...pageWide(err, resolveLang(req)), values: {} }, undefined, statusOf(err));
    }
  }

  @Get(':id/posts')
  postsPage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, @Query('done') done?: string): Promise<void> {
    return this.renderPosts(actor, id, req, res, null, done);
  }

  @Post(':id/posts')
  async addPost(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const L = orgLabels(lang);
    const labels = { name: L.postName, departmentId: L.departmentId };
    const form = await validateForm(PostDto, body, lang, { numeric: ['departmentId'], keepEmpty: [], labels });
    if (!form.ok) return this.renderPosts(actor, id, req, res, { errors: form.errors, general: null, values: body }, undefined, 400);
    try {
      await this.structure.createPost(actor, id, form.value);
      res.redirect(303, `/admin/org/${id}/posts?done=added`);
    } catch (err) {
      const { errors, messages } = formError(err, lang, labels);
      await this.renderPosts(actor, id, req, res, Object.keys(errors).length ? { errors, general: null, values: body } : { errors: {}, general: messages[0] ?? null, values: body }, undefined, statusOf(err));
    }
  }

  @Post(':id/posts/:postId')
  async updatePost(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('postId', IdPipe) postId: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const L = orgLabels(lang);
    const labels = { name: L.postName, departmentId: L.departmentId };
    const form = await validateForm(PostDto, body, lang, { numeric: ['departmentId'], keepEmpty: [], labels });
    if (!form.ok) return this.renderPosts(actor, id, req, res, { errors: {}, general: form.messages.join('；'), values: {} }, undefined, 400);
    try {
      await this.structure.updatePost(actor, id, postId, form.value);
      res.redirect(303, `/admin/org/${id}/posts?done=saved`);
    } catch (err) {
      const { messages } = formError(err, lang, labels);
      await this.renderPosts(actor, id, req, res, { errors: {}, general: messages.join('；'), values: {} }, undefined, statusOf(err));
    }
  }

  private async renderDepartments(actor: Actor, id: number, req: Request, res: Response, refused: PageRefusal | null, done?: string, status = 200): Promise<void> {
    const lang = resolveLang(req);
    const L = orgLabels(lang);
    const inst = await this.org.manageable(actor, id);
    const w = screenPageWindow(req.query);
    const page = slicePage(await this.structure.departments(actor, id), w);
    await this.shell.send(req, res, actor, 'admin/org-departments', `${L.org} · ${institutionName(inst, lang)}`, {
      L,
      inst: { id, name: institutionName(inst, lang) },
      tabs: orgTabs(lang, id, 'departments'),
      departments: page.items.map((d) => ({ ...d, inUse: d.people + d.posts > 0 })),
      total: page.total,
      pager: pager(lang, w, page.total, (n) => (n ? `/admin/org/${id}?page=${n}` : `/admin/org/${id}`)),
      errors: refused?.errors ?? {},
      general: refused?.general ?? null,
      values: refused?.values ?? {},
      done: doneText(lang, done, refused),
      many: (await this.org.manageableTree(actor)).length > 1,
    }, status);
  }

  private async renderPosts(actor: Actor, id: number, req: Request, res: Response, refused: PageRefusal | null, done?: string, status = 200): Promise<void> {
    const lang = resolveLang(req);
    const L = orgLabels(lang);
    const inst = await this.org.manageable(actor, id);
    const departments = await this.org.departments(actor, id);
    const w = screenPageWindow(req.query);
    const page = slicePage(await this.structure.posts(actor, id), w);
    const chosen = refused?.values.departmentId ? Number(refused.values.departmentId) : null;
    await this.shell.send(req, res, actor, 'admin/org-posts', `${L.org} · ${institutionName(inst, lang)}`, {
      L,
      inst: { id, name: institutionName(inst, lang) },
      tabs: orgTabs(lang, id, 'posts'),
      posts: page.items.map((p) => ({ ...p, departments: departmentOptions(departments, p.departmentId) })),
      total: page.total,
      pager: pager(lang, w, page.total, (n) => (n ? `/admin/org/${id}/posts?page=${n}` : `/admin/org/${id}/posts`)),
      departments: departmentOptions(departments, chosen),
      errors: refused?.errors ?? {},
      general: refused?.general ?? null,
      values: refused?.values ?? {},
      done: doneText(lang, done, refused),
      many: (await this.org.manageableTree(actor)).length > 1,
    }, status);
  }
}

/** The confirmation after a redirect, unless the page shows a refusal. */
function doneText(lang: Lang, done: string | undefined, refused: PageRefusal | null): string | null {
  if (refused || !DONE.includes(done as (typeof DONE)[number])) return null;
  const L = orgLabels(lang);
  return done === 'removed' ? L.removed : L.saved;
}

/** A refusal of the add form: its field's message beside it, anything else above. */
function refusal(err: unknown, lang: Lang, nameLabel: string): Omit<PageRefusal, 'values'> {
  const { errors, messages } = formError(err, lang, { name: nameLabel });
  return errors.name ? { errors: { name: errors.name }, general: null } : { errors: {}, general: messages.join('；') || null };
}

/** A refusal of a row's form (rename, remove, move): one message above the list. */
function pageWide(err: unknown, lang: Lang, nameLabel?: string): Omit<PageRefusal, 'values'> {
  return { errors: {}, general: formError(err, lang, nameLabel ? { name: nameLabel } : {}).messages.join('；') || null };
}

export const statusOf = (err: unknown) => (typeof (err as { getStatus?: () => number }).getStatus === 'function' ? (err as { getStatus: () => number }).getStatus() : 400);
