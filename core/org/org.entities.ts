import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// Timestamps are ISO-8601 UTC strings so the same entities run on SQLite and PostgreSQL.

@Entity('institutions')
export class InstitutionEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index({ unique: true }) @Column('varchar', { length: 64 }) code: string;
  @Column('varchar', { length: 200 }) name: string;
  @Column('varchar', { name: 'name_en', length: 200, default: '' }) nameEn: string;
  @Column('varchar', { length: 40 }) type: string;
  @Column('integer', { name: 'parent_id', nullable: true }) parentId: number | null;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
}

@Entity('departments')
export class DepartmentEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { length: 200 }) name: string;
  @Column('varchar', { length: 64, default: '' }) code: string;
}

@Entity('posts')
export class PostEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer', { name: 'department_id', nullable: true }) departmentId: number | null;
  @Column('varchar', { length: 200 }) name: string;
}

@Entity('people')
export class PersonEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer', { name: 'department_id', nullable: true }) departmentId: number | null;
  @Column('integer', { name: 'post_id', nullable: true }) postId: number | null;
  @Column('varchar', { length: 100 }) name: string;
  @Column('varchar', { length: 100, default: '' }) title: string;
  @Column('varchar', { name: 'post_since', length: 10, nullable: true }) postSince: string | null;
  /** Mobile number for notifications, sealed by the field cipher (person-contact.ts); never shown unmasked. */
  @Column('text', { nullable: true }) phone: string | null;
  /** E-mail address for notifications, sealed like the phone. */
  @Column('text', { nullable: true }) email: string | null;
}

@Entity('institution_grants')
export class InstitutionGrantEntity {
  @PrimaryGeneratedColumn() id: number;
  /** The institution whose records become visible. */
  @Column('integer', { name: 'grantor_id' }) grantorId: number;
  /** The institution whose users may see them. */
  @Column('integer', { name: 'grantee_id' }) granteeId: number;
  /** A plugin id, or '*' for every record. */
  @Column('varchar', { length: 64 }) scope: string;
}
