import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { InstitutionConfig } from '../plugin-host/institution-config';
import { PluginHost } from '../plugin-host/plugin-host';
import { FieldCipher } from '../records/field-cipher';
import { AccessService } from './access.service';
import { DepartmentEntity, InstitutionEntity, InstitutionGrantEntity, PersonEntity, PostEntity } from './org.entities';
import { maskedContact, sealContact } from './person-contact';

/** A person as lists and the API show them: contacts masked, never the stored ciphertext. */
export type PersonView = Omit<PersonEntity, 'phone' | 'email'> & { phone: string | null; email: string | null };

/** Who may set people's contact details, besides system admins. */
const CONTACT_EDITORS = ['head', 'discipline-officer'] as const;

/** Who may change an institution's departments, posts and people, besides system admins. */
export const ORG_MANAGERS = ['head'] as const;

export interface InstitutionView {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  type: string;
  parentId: number | null;
  letterhead: string;
  docNumberPrefix: string;
  warningPalette: string;
  gradingPreset: string;
  plugins: string[];
}

@Injectable()
export class OrgService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly host: PluginHost,
    private readonly cipher: FieldCipher,
  ) {}

  /**
   * Config files are the source of truth for institutions and visibility grants; the database follows them, writing
   * only what changed. Every record's foreign key reads its institution's row: rewriting them all at each start or
   * settings save left fresh dead versions that PostgreSQL's serializable checks counted as conflicts for seconds.
   */
  async syncFromConfig(configs: InstitutionConfig[]): Promise<void> {
    await this.db.write(async (m) => {
      const repo = m.getRepository(InstitutionEntity);
      const ids = new Map<string, number>();
      const parents = new Map<number, number | null>();
      for (const c of configs) {
        const existing = await repo.findOneBy({ code: c.code });
        if (existing) {
          parents.set(existing.id, existing.parentId);
          if (existing.name !== c.name || existing.nameEn !== c.nameEn || existing.type !== c.type) {
            await repo.update({ id: existing.id }, { name: c.name, nameEn: c.nameEn, type: c.type });
          }
          ids.set(c.code, existing.id);
        } else {
          // Its parent now if already known (configs list parents first), else set below.
          const row = repo.create({ code: c.code, name: c.name, nameEn: c.nameEn, type: c.type, parentId: (c.parent && ids.get(c.parent)) || null, createdAt: new Date().toISOString() });
          await repo.insert(row);
          ids.set(c.code, row.id);
          parents.set(row.id, row.parentId);
          await this.audit.append(m, { actor: 'system:config', institutionId: row.id, action: 'institution.create', objectType: 'institution', objectId: row.id, detail: { code: c.code, file: c.file } });
        }
      }
      for (const c of configs) {
        const id = ids.get(c.code)!;
        const parentId = c.parent ? ids.get(c.parent)! : null;
        if (parents.get(id) !== parentId) await repo.update({ id }, { parentId });
      }
      const grants = m.getRepository(InstitutionGrantEntity);
      const wanted = configs.flatMap((c) => c.grants.map((g) => ({ grantorId: ids.get(c.code)!, granteeId: ids.get(g.to)!, scope: g.scope })));
      const key = (g: { grantorId: number; granteeId: number; scope: string }) => `${g.grantorId}>${g.granteeId}:${g.scope}`;
      const stored = (await grants.find()).map(key).sort();
      if (stored.join('|') !== wanted.map(key).sort().join('|')) {
        await grants.clear();
        for (const g of wanted) await grants.insert(g);
      }
    });
    this.access.invalidate();
  }

  private view(row: InstitutionEntity): InstitutionView {
    const cfg = this.host.institutions.find((c) => c.code === row.code);
    return {
      id: row.id,
      code: row.code,
      name: row.name,
      nameEn: row.nameEn,
      type: row.type,
      parentId: row.parentId,
      letterhead: cfg?.letterhead ?? row.name,
      docNumberPrefix: cfg?.docNumberPrefix ?? '',
      warningPalette: cfg?.warningPalette ?? '003-p8',
      gradingPreset: cfg?.gradingPreset ?? '002',
      plugins: this.host.enabledFor(row.code).map((e) => e.plugin.id),
    };
  }

  async listVisible(actor: Actor): Promise<InstitutionView[]> {
    const all = await this.access.institutions();
    return all.filter((i) => actor.visibleInstitutionIds.includes(i.id)).map((i) => this.view(i));
  }

  async get(actor: Actor, id: number): Promise<InstitutionView> {
    const row = (await this.access.institutions()).find((i) => i.id === id);
    if (!row) throw AppError.notFound();
    await this.access.assertVisible(actor, row.id, { type: 'institution', id });
    return this.view(row);
  }

  async byCode(code: string): Promise<InstitutionView | null> {
    const row = (await this.access.institutions()).find((i) => i.code === code);
    return row ? this.view(row) : null;
  }

  async departments(actor: Actor, institutionId: number): Promise<DepartmentEntity[]> {
    await this.get(actor, institutionId);
    return this.db.read((m) => m.getRepository(DepartmentEntity).find({ where: { institutionId }, order: { id: 'ASC' } }));
  }

  private personView(p: PersonEntity): PersonView {
    return { ...p, ...maskedContact(this.cipher, p) };
  }

  async people(actor: Actor, institutionId: number): Promise<(PersonView & { departmentName: string | null; postName: string | null })[]> {
    await this.get(actor, institutionId);
    // One query with the names joined: pickers on busy screens call this on every view.
    const { entities, raw } = await this.db.read((m) =>
      m
        .getRepository(PersonEntity)
        .createQueryBuilder('p')
        .leftJoin(DepartmentEntity, 'd', 'd.id = p.department_id AND d.institution_id = p.institution_id')
        .leftJoin(PostEntity, 'po', 'po.id = p.post_id AND po.institution_id = p.institution_id')
        .addSelect('d.name', 'department_name')
        .addSelect('po.name', 'post_name')
        .where('p.institution_id = :institutionId', { institutionId })
        .orderBy('p.id', 'ASC')
        .getRawAndEntities<{ p_id: number | string; department_name: string | null; post_name: string | null }>(),
    );
    const names = new Map(raw.map((r) => [Number(r.p_id), r]));
    return entities.map((p) => ({ ...this.personView(p), departmentName: names.get(p.id)?.department_name ?? null, postName: names.get(p.id)?.post_name ?? null }));
  }

  /** Sets a person's phone and email (null or '' clears one); stored sealed, audited without the values. */
  async setContact(actor: Actor, institutionId: number, personId: number, contact: { phone?: string | null; email?: string | null }): Promise<PersonView> {
    await this.get(actor, institutionId);
    const person = await this.db.read((m) => m.getRepository(PersonEntity).findOneBy({ id: personId, institutionId }));
    if (!person) throw AppError.notFound();
    await this.access.requireAccess(actor, institutionId, CONTACT_EDITORS);
    const changes: Partial<PersonEntity> = {};
    if (contact.phone !== undefined) changes.phone = sealContact(this.cipher, 'phone', contact.phone || null);
    if (contact.email !== undefined) changes.email = sealContact(this.cipher, 'email', contact.email || null);
    return this.db.write(async (m) => {
      await m.getRepository(PersonEntity).update({ id: personId }, changes);
      await this.audit.append(m, { actor: `user:${actor.userId}:${actor.username}`, institutionId, action: 'person.contact', objectType: 'person', objectId: personId, detail: { fields: Object.keys(changes) } });
      return this.personView({ ...person, ...changes });
    });
  }

  /** The institution, if the caller may manage its organisation (system admin, or its head): invisible 404, visible but not theirs 403. */
  async manageable(actor: Actor, id: number): Promise<InstitutionView> {
    const view = await this.get(actor, id);
    await this.access.requireAccess(actor, id, ORG_MANAGERS);
    return view;
  }

  /** Institutions whose organisation the caller may manage, in tree order with their depth. */
  async manageableTree(actor: Actor): Promise<{ institution: InstitutionEntity; depth: number }[]> {
    const all = await this.access.institutions();
    const out: { institution: InstitutionEntity; depth: number }[] = [];
    const walk = async (parentId: number | null, depth: number) => {
      for (const i of all.filter((x) => x.parentId === parentId).sort((a, b) => a.id - b.id)) {
        const shown = actor.visibleInstitutionIds.includes(i.id) && (await this.access.can(actor, i.id, ORG_MANAGERS));
        if (shown) out.push({ institution: i, depth });
        // Indented under shown ancestors only: a head's own unit starts at the left edge.
        await walk(i.id, shown ? depth + 1 : depth);
      }
    };
    await walk(null, 0);
    return out;
  }
}
