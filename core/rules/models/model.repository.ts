import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { WarningModelEntity, WarningModelVersionEntity } from './model.entities';

/** Queries of warning models and their versions, each in the caller's transaction. */
@Injectable()
export class ModelRepository {
  /** The enabled models reading one record type (all types when absent) at one institution: one indexed query, asked on every save and scan. */
  enabled(m: EntityManager, institutionId: number, pluginId: string, recordType?: string): Promise<WarningModelEntity[]> {
    return m.getRepository(WarningModelEntity).find({ where: { institutionId, pluginId, ...(recordType ? { recordType } : {}), status: 'enabled' }, order: { id: 'ASC' } });
  }

  async anyEnabled(m: EntityManager, institutionId: number, pluginId: string, recordType: string): Promise<boolean> {
    return !!(await m.getRepository(WarningModelEntity).findOne({ select: { id: true }, where: { institutionId, pluginId, recordType, status: 'enabled' } }));
  }

  list(m: EntityManager, institutionId: number): Promise<WarningModelEntity[]> {
    return m.getRepository(WarningModelEntity).find({ where: { institutionId }, order: { id: 'ASC' } });
  }

  /** Every model of these keys at any institution (its plugin, key and definition), for naming hits in lists. */
  byKeys(m: EntityManager, modelKeys: string[]): Promise<Pick<WarningModelEntity, 'pluginId' | 'modelKey' | 'definition'>[]> {
    return modelKeys.length ? m.getRepository(WarningModelEntity).find({ select: { pluginId: true, modelKey: true, definition: true }, where: { modelKey: In(modelKeys) }, order: { updatedAt: 'ASC' } }) : Promise.resolve([]);
  }

  byId(m: EntityManager, id: number): Promise<WarningModelEntity | null> {
    return m.getRepository(WarningModelEntity).findOneBy({ id });
  }

  byKey(m: EntityManager, institutionId: number, modelKey: string): Promise<WarningModelEntity | null> {
    return m.getRepository(WarningModelEntity).findOneBy({ institutionId, modelKey });
  }

  async insert(m: EntityManager, row: Omit<WarningModelEntity, 'id'>): Promise<WarningModelEntity> {
    const entity = m.getRepository(WarningModelEntity).create(row);
    await m.getRepository(WarningModelEntity).insert(entity);
    return entity;
  }

  async update(m: EntityManager, row: WarningModelEntity): Promise<void> {
    await m.getRepository(WarningModelEntity).save(row);
  }

  versions(m: EntityManager, modelId: number): Promise<WarningModelVersionEntity[]> {
    return m.getRepository(WarningModelVersionEntity).find({ where: { modelId }, order: { version: 'ASC' } });
  }

  async addVersion(m: EntityManager, row: Omit<WarningModelVersionEntity, 'id'>): Promise<void> {
    await m.getRepository(WarningModelVersionEntity).insert(m.getRepository(WarningModelVersionEntity).create(row));
  }
}
