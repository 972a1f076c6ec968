import { AuditEntryEntity } from '../audit/audit.entity';
import { RoleAssignmentEntity, SessionEntity, UserEntity } from '../auth/auth.entities';
import {
  DepartmentEntity,
  InstitutionEntity,
  InstitutionGrantEntity,
  PersonEntity,
  PostEntity,
} from '../org/org.entities';
import { WarningModelEntity, WarningModelVersionEntity } from '../rules/models/model.entities';
import { PluginRecordEntity, RecordShareEntity, RecordVersionEntity, RuleHitEntity, RuleOutboxEntity } from '../records/record.entities';

/** The platform's own entities; core modules register theirs through their definition (core/domain-modules.ts). */
export const PLATFORM_ENTITIES: Function[] = [
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
  RecordShareEntity,
  RecordVersionEntity,
  RuleOutboxEntity,
  WarningModelEntity,
  WarningModelVersionEntity,
];
