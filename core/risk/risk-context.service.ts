import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { type Actor, currentInstitutionOf } from '../auth/actor';
import { RoleAssignmentEntity, UserEntity } from '../auth/auth.entities';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { InstitutionEntity, PersonEntity } from '../org/org.entities';
import type { FieldDef, Role } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { RiskSettings, riskSettingsFor } from './risk.presets';

export const RISK_EDITOR_ROLES: Role[] = ['discipline-officer', 'head', 'deputy-in-charge', 'department-head'];

export interface ExtensionFields {
  pluginId: string;
  fields: FieldDef[];
}

/** What every risk service needs about an institution: its settings, its people by role, access checks. */
@Injectable()
export class RiskContext {
  constructor(
    readonly access: AccessService,
    private readonly host: PluginHost,
  ) {}

  async institution(institutionId: number): Promise<InstitutionEntity> {
    const inst = (await this.access.institutions()).find((i) => i.id === institutionId);
    if (!inst) throw AppError.notFound();
    return inst;
  }

  async settings(institutionId: number): Promise<RiskSettings> {
    const inst = await this.institution(institutionId);
    const cfg = this.host.institutions.find((c) => c.code === inst.code);
    return riskSettingsFor({ gradingPreset: cfg?.gradingPreset ?? '002', risk: cfg?.risk });
  }

  /** The institution a request works on: the one asked for, else the caller's current one. */
  async target(actor: Actor, institutionId?: number): Promise<number> {
    const id = institutionId ?? actor.currentInstitutionId;
    if (!id) throw AppError.validation([{ field: 'institutionId', key: 'validation.required' }]);
    await this.access.assertVisible(actor, id, { type: 'institution', id });
    return id;
  }

  /** The institution a screen works on: the caller's current one (screens take no ?institutionId=). */
  async currentInstitution(actor: Actor): Promise<number> {
    return this.target(actor, currentInstitutionOf(actor));
  }

  /** Whether the caller may maintain the institution's catalogue and risk points. */
  isEditor(actor: Actor, institutionId: number): Promise<boolean> {
    return this.access.can(actor, institutionId, RISK_EDITOR_ROLES);
  }

  async assertVisible(actor: Actor, institutionId: number, type: string, id: number): Promise<void> {
    await this.access.assertVisible(actor, institutionId, { type, id });
  }

  rolesAt(actor: Actor, institutionId: number): Promise<Role[]> {
    return this.access.rolesAt(actor, institutionId);
  }

  /** Plugin fields on risk points, from the plugins this institution enables. */
  async extensionFields(institutionId: number): Promise<ExtensionFields[]> {
    const inst = await this.institution(institutionId);
    return this.host
      .enabledFor(inst.code)
      .map((e) => ({ pluginId: e.plugin.id, fields: (e.plugin.fieldExtensions ?? []).filter((x) => x.target === 'risk-point').flatMap((x) => x.fields) }))
      .filter((x) => x.fields.length > 0);
  }

  /** People holding a role at an institution (through their user account), optionally in one department first. */
  async peopleWithRole(m: EntityManager, institutionId: number, role: Role, departmentId?: number | null): Promise<PersonEntity[]> {
    const rows = await m
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .innerJoin(UserEntity, 'u', 'u.person_id = p.id')
      .innerJoin(RoleAssignmentEntity, 'r', 'r.user_id = u.id AND r.institution_id = :inst AND r.role = :role', { inst: institutionId, role })
      .orderBy('p.id', 'ASC')
      .getMany();
    if (departmentId) {
      const same = rows.filter((p) => p.departmentId === departmentId);
      if (same.length) return same;
    }
    return rows;
  }
}
