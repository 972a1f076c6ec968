import { AuditEntryEntity } from '../audit/audit.entity';
import { RoleAssignmentEntity, SessionEntity, UserEntity } from '../auth/auth.entities';
import {
  DepartmentEntity,
  InstitutionEntity,
  InstitutionGrantEntity,
  PersonEntity,
  PostEntity,
} from '../org/org.entities';
import { PluginRecordEntity, RuleHitEntity } from '../records/record.entities';

/** Every core entity; modules add theirs here so both connections see the same model. */
export const CORE_ENTITIES = [
  InstitutionEntity,
  DepartmentEntity,
  PostEntity,
  PersonEntity,
  InstitutionGrantEntity,
  UserEntity,
  RoleAssignmentEntity,
  SessionEntity,
  AuditEntryEntity,
  PluginRecordEntity,
  RuleHitEntity,
];
