import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index({ unique: true }) @Column('varchar', { length: 64 }) username: string;
  @Column('varchar', { name: 'display_name', length: 100 }) displayName: string;
  @Column('varchar', { name: 'password_hash', length: 200 }) passwordHash: string;
  @Column('integer', { name: 'person_id', nullable: true }) personId: number | null;
  @Column('boolean', { name: 'is_system_admin', default: false }) isSystemAdmin: boolean;
  @Column('boolean', { default: false }) disabled: boolean;
  /** Set when an admin creates or resets the account: every screen leads to the password change until it is done. */
  @Column('boolean', { name: 'must_change_password', default: false }) mustChangePassword: boolean;
  @Column('varchar', { length: 8, default: 'zh' }) locale: string;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
}

@Entity('role_assignments')
export class RoleAssignmentEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'user_id' }) userId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { length: 40 }) role: string;
  /** A role at a parent institution (a county CDC) reaches its descendants (township centres). */
  @Column('boolean', { name: 'include_descendants', default: false }) includeDescendants: boolean;
}

@Entity('sessions')
export class SessionEntity {
  /** SHA-256 of the cookie token; the token itself is never stored. */
  @PrimaryColumn('varchar', { name: 'id_hash', length: 64 }) idHash: string;
  @Column('integer', { name: 'user_id' }) userId: number;
  @Column('varchar', { name: 'csrf_token', length: 64 }) csrfToken: string;
  @Column('integer', { name: 'current_institution_id', nullable: true }) currentInstitutionId: number | null;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
  @Column('varchar', { name: 'expires_at', length: 32 }) expiresAt: string;
}
