import { ASSESSMENT_ENTITIES } from '../assessment/assessment.entities';
import { DOCUMENTS_ENTITIES } from '../documents/documents.entities';
import { RISK_ENTITIES } from '../risk/risk.entities';
import { WARNING_ENTITIES } from '../warning/warning.entities';
import { AuditEntryEntity } from '../audit/audit.entity';
import { RoleAssignmentEntity, SessionEntity, UserEntity } from '../auth/auth.entities';
import {
  DepartmentEntity,
  InstitutionEntity,
  InstitutionGrantEntity,
  PersonEntity,
  PostEntity,
} from '../org/org.entities';
import { PluginRecordEntity, RecordShareEntity, RuleHitEntity } from '../records/record.entities';

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
  RecordShareEntity,
  ...RISK_ENTITIES,
  ...WARNING_ENTITIES,
  ...ASSESSMENT_ENTITIES,
  ...DOCUMENTS_ENTITIES,
];
