import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { isForeignKeyViolation } from '../db/constraint-errors';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { DepartmentEntity, PersonEntity, PostEntity } from './org.entities';
import './org.i18n';
import { OrgService } from './org.service';

export interface DepartmentRow extends DepartmentEntity {
  people: number;
  posts: number;
}

export interface PostRow extends PostEntity {
  departmentName: string | null;
  people: number;
}

/** An institution's departments and posts: listed with their use, added, renamed, a post moved, an unused department removed. */
@Injectable()
export class OrgStructureService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly org: OrgService,
  ) {}

  async departments(actor: Actor, institutionId: number): Promise<DepartmentRow[]> {
    await this.org.manageable(actor, institutionId);
    return this.db.read(async (m) => {
      const depts = await m.getRepository(DepartmentEntity).find({ where: { institutionId }, order: { id: 'ASC' } });
      const people = await countBy(m, 'people', 'department_id', institutionId);
      const posts = await countBy(m, 'posts', 'department_id', institutionId);
      return depts.map((d) => ({ ...d, people: people.get(d.id) ?? 0, posts: posts.get(d.id) ?? 0 }));
    });
  }

  async posts(actor: Actor, institutionId: number): Promise<PostRow[]> {
    await this.org.get(actor, institutionId);
    return this.db.read(async (m) => {
      const depts = new Map((await m.getRepository(DepartmentEntity).findBy({ institutionId })).map((d) => [d.id, d.name]));
      const people = await countBy(m, 'people', 'post_id', institutionId);
      const posts = await m.getRepository(PostEntity).find({ where: { institutionId }, order: { departmentId: 'ASC', id: 'ASC' } });
      return posts.map((p) => ({ ...p, departmentName: p.departmentId ? (depts.get(p.departmentId) ?? null) : null, people: people.get(p.id) ?? 0 }));
    });
  }

  async createDepartment(actor: Actor, institutionId: number, name: string): Promise<DepartmentEntity> {
    await this.org.manageable(actor, institutionId);
    return this.db.write(async (m) => {
      await this.assertDepartmentFree(m, institutionId, name, null);
      const row = m.getRepository(DepartmentEntity).create({ institutionId, name, code: '' });
      await m.getRepository(DepartmentEntity).insert(row);
      await this.audit.append(m, { actor: actorLabel(actor), institutionId, action: 'department.create', objectType: 'department', objectId: row.id, detail: { name } });
      return row;
    });
  }

  async renameDepartment(actor: Actor, institutionId: number, departmentId: number, name: string): Promise<DepartmentEntity> {
    await this.org.manageable(actor, institutionId);
    return this.db.write(async (m) => {
      const dept = await this.department(m, institutionId, departmentId);
      if (dept.name === name) return dept;
      await this.assertDepartmentFree(m, institutionId, name, departmentId);
      await m.getRepository(DepartmentEntity).update({ id: departmentId }, { name });
      await this.audit.append(m, { actor: actorLabel(actor), institutionId, action: 'department.rename', objectType: 'department', objectId: departmentId, detail: { changes: { name: { from: dept.name, to: name } } } });
      return { ...dept, name };
    });
  }

  /** Only a department nothing uses: people and posts are counted in the refusal; other records citing it refuse it too. */
  async removeDepartment(actor: Actor, institutionId: number, departmentId: number): Promise<void> {
    await this.org.manageable(actor, institutionId);
    await this.db.write(async (m) => {
      const dept = await this.department(m, institutionId, departmentId);
      const people = await m.getRepository(PersonEntity).countBy({ departmentId });
      const posts = await m.getRepository(PostEntity).countBy({ departmentId });
      if (people || posts) throw new AppError(HttpStatus.CONFLICT, 'org.department_in_use', { name: dept.name, people, posts });
      try {
        await m.getRepository(DepartmentEntity).delete({ id: departmentId });
      } catch (err) {
        if (isForeignKeyViolation(err)) throw new AppError(HttpStatus.CONFLICT, 'org.department_referenced', { name: dept.name });
        throw err;
      }
      await this.audit.append(m, { actor: actorLabel(actor), institutionId, action: 'department.remove', objectType: 'department', objectId: departmentId, detail: { name: dept.name } });
    });
  }

  async createPost(actor: Actor, institutionId: number, input: { name: string; departmentId?: number | null }): Promise<PostEntity> {
    await this.org.manageable(actor, institutionId);
    const departmentId = input.departmentId ?? null;
    return this.db.write(async (m) => {
      if (departmentId) await this.department(m, institutionId, departmentId, 'departmentId');
      await this.assertPostFree(m, institutionId, departmentId, input.name, null);
      const row = m.getRepository(PostEntity).create({ institutionId, departmentId, name: input.name });
      await m.getRepository(PostEntity).insert(row);
      await this.audit.append(m, { actor: actorLabel(actor), institutionId, action: 'post.create', objectType: 'post', objectId: row.id, detail: { name: input.name, departmentId } });
      return row;
    });
  }

  /** Renames a post and moves it to another department: the people holding it move with it, so person and post agree. */
  async updatePost(actor: Actor, institutionId: number, postId: number, input: { name: string; departmentId?: number | null }): Promise<PostEntity & { peopleMoved: number }> {
    await this.org.manageable(actor, institutionId);
    const departmentId = input.departmentId ?? null;
    return this.db.write(async (m) => {
      const post = await m.getRepository(PostEntity).findOneBy({ id: postId, institutionId });
      if (!post) throw AppError.notFound();
      if (departmentId) await this.department(m, institutionId, departmentId, 'departmentId');
      if (post.name === input.name && post.departmentId === departmentId) return { ...post, peopleMoved: 0 };
      await this.assertPostFree(m, institutionId, departmentId, input.name, postId);
      await m.getRepository(PostEntity).update({ id: postId }, { name: input.name, departmentId });
      const moved = post.departmentId === departmentId ? 0 : ((await m.getRepository(PersonEntity).update({ postId, institutionId }, { departmentId })).affected ?? 0);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (post.name !== input.name) changes.name = { from: post.name, to: input.name };
      if (post.departmentId !== departmentId) changes.departmentId = { from: post.departmentId, to: departmentId };
      await this.audit.append(m, { actor: actorLabel(actor), institutionId, action: 'post.update', objectType: 'post', objectId: postId, detail: { changes, peopleMoved: moved } });
      return { ...post, name: input.name, departmentId, peopleMoved: moved };
    });
  }

  /** The department of this institution; another's or a missing one is 404 from a path, a field error from a body. */
  private async department(m: EntityManager, institutionId: number, departmentId: number, field?: string): Promise<DepartmentEntity> {
    const dept = await m.getRepository(DepartmentEntity).findOneBy({ id: departmentId, institutionId });
    if (dept) return dept;
    throw field ? AppError.validation([{ field, key: 'validation.org_department' }]) : AppError.notFound();
  }

  private async assertDepartmentFree(m: EntityManager, institutionId: number, name: string, except: number | null): Promise<void> {
    const same = await m.getRepository(DepartmentEntity).findBy({ institutionId, name });
    if (same.some((d) => d.id !== except)) throw AppError.validation([{ field: 'name', key: 'validation.org_department_taken', params: { name } }]);
  }

  private async assertPostFree(m: EntityManager, institutionId: number, departmentId: number | null, name: string, except: number | null): Promise<void> {
    const same = await m.getRepository(PostEntity).findBy({ institutionId, name });
    if (same.some((p) => p.id !== except && p.departmentId === departmentId)) throw AppError.validation([{ field: 'name', key: 'validation.org_post_taken', params: { name } }]);
  }
}

/** Rows of `table` per value of `column` within one institution. */
async function countBy(m: EntityManager, table: 'people' | 'posts', column: 'department_id' | 'post_id', institutionId: number): Promise<Map<number, number>> {
  const rows: { k: number | null; n: number | string }[] = await m.createQueryBuilder().select(`t.${column}`, 'k').addSelect('COUNT(*)', 'n').from(table, 't').where('t.institution_id = :institutionId', { institutionId }).groupBy(`t.${column}`).getRawMany();
  return new Map(rows.filter((r) => r.k !== null).map((r) => [Number(r.k), Number(r.n)]));
}
