import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CsrfExempt, CurrentActor, Roles } from '../auth/auth.decorators';
import { errorBody } from '../http/all-exceptions.filter';
import { AppError } from '../http/app-error';
import { IdPipe } from '../http/id.pipe';
import { Lang, resolveLang } from '../i18n/i18n';
import { ImportUpload } from '../records/record-import.controller';
import type { ImportFile } from '../records/record-import.service';
import { Refusal, formRefusal, validateForm } from '../web/form-validation';
import { pager, screenHref, screenPageWindow } from '../web/pager';
import { sendWorkbook } from '../web/xlsx-response';
import { ShellService } from '../web/shell.service';
import { PersonForm } from './org.dto';
import { OrgStructureService } from './org-structure.service';
import { OrgService } from './org.service';
import { departmentOptions, institutionName, orgLabels, orgTabs, postOptions, sendPeopleWorkbook } from './org-view';
import { statusOf } from './org-web.controller';
import { PeopleImportService } from './people-import.service';
import { PeopleFilter, PeopleService } from './people.service';

const FORM_OPTIONS = { numeric: ['departmentId', 'postId'], keepEmpty: [] as string[] };

/** The people tab: search and page, add and edit, Excel export of the filtered list, template and import. */
@ApiExcludeController()
@Roles('system-admin', 'head')
@Controller('admin/org')
export class PeopleWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly org: OrgService,
    private readonly people: PeopleService,
    private readonly imports: PeopleImportService,
    private readonly structure: OrgStructureService,
  ) {}

  @Get(':id/people')
  listPage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, @Query() q: Record<string, unknown>): Promise<void> {
    return this.renderList(actor, id, req, res, q);
  }

  @Get(':id/people/export')
  async export(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Query() q: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const inst = await this.org.manageable(actor, id);
    await sendPeopleWorkbook(res, inst.name, await this.people.all(actor, id, filterOf(q)));
  }

  @Get(':id/people/template')
  async template(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Res() res: Response): Promise<void> {
    await this.org.manageable(actor, id);
    const file = await this.imports.template();
    await sendWorkbook(res, '人员导入模板.xlsx', 'people-template.xlsx', async (out) => void out.end(file));
  }

  @CsrfExempt()
  @Post(':id/people/import')
  @UseInterceptors(ImportUpload)
  async import(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @UploadedFile() file: ImportFile | undefined, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    // Multipart bodies are read after the session guard, so the form's token is checked here.
    if (body?._csrf !== actor.csrfToken) throw new AppError(HttpStatus.FORBIDDEN, 'error.csrf');
    try {
      const { imported } = await this.imports.import(actor, id, file);
      res.redirect(303, `/admin/org/${id}/people?imported=${imported}`);
    } catch (err) {
      // A refused file (bad rows, not a workbook, too large) is shown on the list; a foreign institution stays a 404.
      if (!(err instanceof AppError) || ![400, 413].includes(err.getStatus())) throw err;
      const body = errorBody(err, resolveLang(req));
      await this.renderList(actor, id, req, res, {}, body.details?.map((d) => d.message) ?? [body.message], err.getStatus());
    }
  }

  @Get(':id/people/new')
  newPage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.renderForm(actor, id, null, req, res);
  }

  @Post(':id/people')
  async create(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const labels = personLabels(lang);
    const form = await validateForm(PersonForm, body, lang, { ...FORM_OPTIONS, labels });
    if (!form.ok) return this.renderForm(actor, id, null, req, res, body, { errors: form.errors, general: null }, 400);
    try {
      const { clearPhone: _p, clearEmail: _e, ...input } = form.value;
      const made = await this.people.create(actor, id, input);
      res.redirect(303, `/admin/org/${id}/people/${made.id}?saved=1`);
    } catch (err) {
      await this.renderForm(actor, id, null, req, res, body, formRefusal(err, lang, labels), statusOf(err));
    }
  }

  @Get(':id/people/:personId')
  editPage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('personId', IdPipe) personId: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.renderForm(actor, id, personId, req, res);
  }

  @Post(':id/people/:personId')
  async update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('personId', IdPipe) personId: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const labels = personLabels(lang);
    const form = await validateForm(PersonForm, body, lang, { ...FORM_OPTIONS, labels });
    if (!form.ok) return this.renderForm(actor, id, personId, req, res, body, { errors: form.errors, general: null }, 400);
    try {
      const { clearPhone, clearEmail, ...input } = form.value;
      // On the form an empty contact keeps the value on file; only the ticked box clears it.
      await this.people.update(actor, id, personId, {
        ...input,
        departmentId: input.departmentId ?? null,
        postId: input.postId ?? null,
        title: input.title ?? '',
        postSince: input.postSince ?? null,
        phone: clearPhone ? null : input.phone || undefined,
        email: clearEmail ? null : input.email || undefined,
      });
      res.redirect(303, `/admin/org/${id}/people/${personId}?saved=1`);
    } catch (err) {
      await this.renderForm(actor, id, personId, req, res, body, formRefusal(err, lang, labels), statusOf(err));
    }
  }

  private async renderList(actor: Actor, id: number, req: Request, res: Response, q: Record<string, unknown>, importErrors: string[] = [], status = 200): Promise<void> {
    const lang = resolveLang(req);
    const L = orgLabels(lang);
    const inst = await this.org.manageable(actor, id);
    const f = filterOf(q);
    const w = screenPageWindow(q);
    const found = await this.people.page(actor, id, f, w);
    const departments = await this.org.departments(actor, id);
    const pageSize = q.pageSize ? w.pageSize : undefined;
    const query = { q: f.q, departmentId: f.departmentId ?? undefined };
    const imported = typeof q.imported === 'string' && /^\d{1,5}$/.test(q.imported) ? L.imported.replace('{n}', q.imported) : null;
    await this.shell.send(req, res, actor, 'admin/org-people', `${L.org} · ${institutionName(inst, lang)}`, {
      L,
      inst: { id, name: institutionName(inst, lang) },
      tabs: orgTabs(lang, id, 'people'),
      people: found.items,
      filter: f,
      filtered: !!(f.q || f.departmentId),
      departments: departmentOptions(departments, f.departmentId),
      total: found.total,
      pageSize: pageSize ?? null,
      pager: pager(lang, w, found.total, (page) => screenHref(`/admin/org/${id}/people`, { ...query, pageSize, page })),
      exportHref: screenHref(`/admin/org/${id}/people/export`, query),
      importErrors,
      imported,
      many: (await this.org.manageableTree(actor)).length > 1,
    }, status);
  }

  private async renderForm(actor: Actor, id: number, personId: number | null, req: Request, res: Response, posted?: Record<string, unknown>, refused?: Refusal, status = 200): Promise<void> {
    const lang = resolveLang(req);
    const L = orgLabels(lang);
    const inst = await this.org.manageable(actor, id);
    const person = personId === null ? null : await this.people.get(actor, id, personId);
    const departments = await this.org.departments(actor, id);
    const posts = await this.structure.posts(actor, id);
    const values = posted ?? { name: person?.name ?? '', title: person?.title ?? '', postSince: person?.postSince ?? '', departmentId: person?.departmentId ?? '', postId: person?.postId ?? '' };
    const num = (v: unknown) => (v === '' || v === undefined || v === null ? null : Number(v));
    await this.shell.send(req, res, actor, 'admin/org-person-form', person ? `${L.editPerson} · ${person.name}` : L.newPerson, {
      L,
      inst: { id, name: institutionName(inst, lang) },
      person,
      action: person ? `/admin/org/${id}/people/${person.id}` : `/admin/org/${id}/people`,
      values,
      departments: departmentOptions(departments, num(values.departmentId)),
      postGroups: postOptions(posts, departments, num(values.postId), lang),
      errors: refused?.errors ?? {},
      general: refused?.general ?? null,
      saved: req.query.saved === '1' && !posted,
    }, status);
  }
}

/** The list's filter from its query string; a screen never answers 400 for it. */
function filterOf(q: Record<string, unknown>): PeopleFilter {
  const dept = typeof q.departmentId === 'string' && /^\d{1,9}$/.test(q.departmentId) ? Number(q.departmentId) : null;
  return { q: typeof q.q === 'string' ? q.q.trim().slice(0, 64) : '', departmentId: dept };
}

/** Field names of the person form as its labels say them (姓名, not the department form's 名称). */
const personLabels = (lang: Lang) => {
  const L = orgLabels(lang);
  return { ...L, name: L.personName };
};
