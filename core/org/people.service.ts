import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { likeLiteral } from '../db/sql-like';
import { AppError, FieldProblem } from '../http/app-error';
import { Page, pageOf, PageWindow } from '../http/pagination';
import { beijingMinute } from '../plugin-api';
import { isIsoDate } from '../plugin-host/field-validation';
import { FieldCipher } from '../records/field-cipher';
import { DepartmentEntity, PersonEntity, PostEntity } from './org.entities';
import './org.i18n';
import { OrgService } from './org.service';
import { maskedContact, sealContact } from './person-contact';

export interface PeopleFilter {
  q: string;
  departmentId: number | null;
}

/** A person as the screens, the API and the export show them: names resolved, contacts masked. */
export interface PersonRow {
  id: number;
  institutionId: number;
  name: string;
  title: string;
  postSince: string | null;
  departmentId: number | null;
  departmentName: string | null;
  postId: number | null;
  postName: string | null;
  phone: string | null;
  email: string | null;
}

export interface PersonInput {
  name: string;
  departmentId?: number | null;
  postId?: number | null;
  title?: string;
  postSince?: string | null;
  /** Absent keeps the value on file; null or '' clears it. */
  phone?: string | null;
  email?: string | null;
}

const EXPORT_CAP = 20_000;

/** People of one institution: a paged search, the filtered list for export, add and edit with contacts sealed. */
@Injectable()
export class PeopleService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
  ) {}

  /** Today in Beijing: the latest 任职时间 accepted. */
  today(): string {
    return beijingMinute(this.clock.now().toISOString()).slice(0, 10);
  }

  async page(actor: Actor, institutionId: number, f: PeopleFilter, w: PageWindow): Promise<Page<PersonRow>> {
    await this.org.manageable(actor, institutionId);
    return this.db.read(async (m) => {
      const [rows, total] = await this.query(m, institutionId, f).limit(w.limit).offset(w.offset).getManyAndCount();
      return pageOf(await this.rows(m, institutionId, rows), total, w);
    });
  }

  /** The whole filtered list, in list order, for the Excel export. */
  async all(actor: Actor, institutionId: number, f: PeopleFilter): Promise<PersonRow[]> {
    await this.org.manageable(actor, institutionId);
    return this.db.read(async (m) => this.rows(m, institutionId, await this.query(m, institutionId, f).limit(EXPORT_CAP).getMany()));
  }

  async get(actor: Actor, institutionId: number, personId: number): Promise<PersonRow> {
    await this.org.manageable(actor, institutionId);
    return this.db.read(async (m) => {
      const p = await m.getRepository(PersonEntity).findOneBy({ id: personId, institutionId });
      if (!p) throw AppError.notFound();
      return (await this.rows(m, institutionId, [p]))[0];
    });
  }

  async create(actor: Actor, institutionId: number, input: PersonInput): Promise<PersonRow> {
    await this.org.manageable(actor, institutionId);
    return this.db.write(async (m) => {
      const values = await this.checked(m, institutionId, input);
      const row = m.getRepository(PersonEntity).create({ institutionId, ...values, phone: sealContact(this.cipher, 'phone', input.phone || null), email: sealContact(this.cipher, 'email', input.email || null) });
      await m.getRepository(PersonEntity).insert(row);
      await this.audit.append(m, { actor: actorLabel(actor), institutionId, action: 'person.create', objectType: 'person', objectId: row.id, detail: { ...values, contact: contactFields(input) } });
      return (await this.rows(m, institutionId, [row]))[0];
    });
  }

  async update(actor: Actor, institutionId: number, personId: number, input: PersonInput): Promise<PersonRow> {
    await this.org.manageable(actor, institutionId);
    return this.db.write(async (m) => {
      const before = await m.getRepository(PersonEntity).findOneBy({ id: personId, institutionId });
      if (!before) throw AppError.notFound();
      const values = await this.checked(m, institutionId, input);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const k of Object.keys(values) as (keyof typeof values)[]) if (before[k] !== values[k]) changes[k] = { from: before[k], to: values[k] };
      const sealed: Partial<PersonEntity> = {};
      if (input.phone !== undefined) sealed.phone = sealContact(this.cipher, 'phone', input.phone || null);
      if (input.email !== undefined) sealed.email = sealContact(this.cipher, 'email', input.email || null);
      const after = { ...before, ...values, ...sealed };
      if (Object.keys(changes).length || Object.keys(sealed).length) {
        await m.getRepository(PersonEntity).update({ id: personId }, { ...values, ...sealed });
        // Contacts are named, never their values: the audit log is readable by more people than the field key.
        await this.audit.append(m, { actor: actorLabel(actor), institutionId, action: 'person.update', objectType: 'person', objectId: personId, detail: { name: after.name, changes, contact: contactFields(input) } });
      }
      return (await this.rows(m, institutionId, [after]))[0];
    });
  }

  /** Department and post of this institution and agreeing with each other, a real 任职时间 not after today: refused by field. */
  private async checked(m: EntityManager, institutionId: number, input: PersonInput): Promise<Pick<PersonEntity, 'name' | 'departmentId' | 'postId' | 'title' | 'postSince'>> {
    const problems: FieldProblem[] = [];
    const departmentId = input.departmentId ?? null;
    const postId = input.postId ?? null;
    const dept = departmentId ? await m.getRepository(DepartmentEntity).findOneBy({ id: departmentId, institutionId }) : null;
    if (departmentId && !dept) problems.push({ field: 'departmentId', key: 'validation.org_department' });
    const post = postId ? await m.getRepository(PostEntity).findOneBy({ id: postId, institutionId }) : null;
    if (postId && !post) problems.push({ field: 'postId', key: 'validation.org_post' });
    if (post && (dept || !departmentId) && post.departmentId !== departmentId) {
      const home = post.departmentId ? await m.getRepository(DepartmentEntity).findOneBy({ id: post.departmentId }) : null;
      problems.push({ field: 'postId', key: 'validation.org_post_department', params: { post: post.name, department: home ? `“${home.name}”` : { zh: '本单位（不属于任何部门）', en: 'no department' } } });
    }
    const postSince = input.postSince || null;
    if (postSince && !isIsoDate(postSince)) problems.push({ field: 'postSince', key: 'validation.org_real_date', params: { value: postSince } });
    else if (postSince && postSince > this.today()) problems.push({ field: 'postSince', key: 'validation.org_future_date', params: { today: this.today() } });
    if (problems.length) throw AppError.validation(problems);
    return { name: input.name, departmentId, postId, title: input.title ?? '', postSince };
  }

  private query(m: EntityManager, institutionId: number, f: PeopleFilter) {
    const qb = m.getRepository(PersonEntity).createQueryBuilder('p').where('p.institution_id = :institutionId', { institutionId });
    if (f.q) qb.andWhere("LOWER(p.name) LIKE :q ESCAPE '\\'", { q: `%${likeLiteral(f.q.toLowerCase())}%` });
    if (f.departmentId) qb.andWhere('p.department_id = :departmentId', { departmentId: f.departmentId });
    return qb.orderBy('p.department_id', 'ASC').addOrderBy('p.id', 'ASC');
  }

  private async rows(m: EntityManager, institutionId: number, people: PersonEntity[]): Promise<PersonRow[]> {
    const depts = new Map((await m.getRepository(DepartmentEntity).findBy({ institutionId })).map((d) => [d.id, d.name]));
    const posts = new Map((await m.getRepository(PostEntity).findBy({ institutionId })).map((p) => [p.id, p.name]));
    return people.map((p) => ({
      id: p.id,
      institutionId: p.institutionId,
      name: p.name,
      title: p.title,
      postSince: p.postSince,
      departmentId: p.departmentId,
      departmentName: p.departmentId ? (depts.get(p.departmentId) ?? null) : null,
      postId: p.postId,
      postName: p.postId ? (posts.get(p.postId) ?? null) : null,
      ...maskedContact(this.cipher, p),
    }));
  }
}

/** Which contacts a write set or cleared, for the audit log. */
const contactFields = (input: PersonInput) => (['phone', 'email'] as const).filter((k) => input[k] !== undefined);
