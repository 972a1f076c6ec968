import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Clock } from '../clock/clock';
import { EnvConfig } from '../config/env.config';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { DepartmentEntity, PostEntity } from '../org/org.entities';
import { MAX_FLOW_CHART_BYTES, sniffFlowChartType } from './file-type';
import { RISK_EDITOR_ROLES, RiskContext } from './risk-context.service';
import { CreatePowerDto, UpdatePowerDto } from './risk.dto';
import { PowerEntity, PowerVersionEntity, RiskFileEntity } from './risk.entities';
import { utf8FileName } from '../http/upload-name';

export interface PowerView extends Omit<PowerEntity, 'removed'> {
  removed: boolean;
  responsibleDepartmentName: string | null;
  responsiblePostName: string | null;
  flowChart: { id: number; name: string; mime: string; size: number; url: string } | null;
}

export interface UploadedFileLike {
  buffer: Buffer;
  originalname: string;
  size: number;
}

const TEXT_FIELDS = ['legalBasisDocument', 'legalBasisArticle', 'processDescription', 'keyLinks', 'weakLinks', 'workRules', 'relatedRegulations'] as const;

/** The power catalogue (职权目录): every add, change and removal keeps a version row. */
@Injectable()
export class PowerService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly ctx: RiskContext,
    private readonly clock: Clock,
    private readonly env: EnvConfig,
  ) {}

  private async view(m: EntityManager, rows: PowerEntity[]): Promise<PowerView[]> {
    const deptIds = [...new Set(rows.map((r) => r.responsibleDepartmentId).filter((x): x is number => !!x))];
    const postIds = [...new Set(rows.map((r) => r.responsiblePostId).filter((x): x is number => !!x))];
    const fileIds = [...new Set(rows.map((r) => r.flowChartFileId).filter((x): x is number => !!x))];
    const depts = new Map((deptIds.length ? await m.getRepository(DepartmentEntity).createQueryBuilder('d').whereInIds(deptIds).getMany() : []).map((d) => [d.id, d.name]));
    const posts = new Map((postIds.length ? await m.getRepository(PostEntity).createQueryBuilder('p').whereInIds(postIds).getMany() : []).map((p) => [p.id, p.name]));
    const files = new Map((fileIds.length ? await m.getRepository(RiskFileEntity).createQueryBuilder('f').whereInIds(fileIds).getMany() : []).map((f) => [f.id, f]));
    return rows.map((r) => {
      const f = r.flowChartFileId ? files.get(r.flowChartFileId) : undefined;
      return {
        ...r,
        removed: !!r.removed,
        responsibleDepartmentName: r.responsibleDepartmentId ? (depts.get(r.responsibleDepartmentId) ?? null) : null,
        responsiblePostName: r.responsiblePostId ? (posts.get(r.responsiblePostId) ?? null) : null,
        flowChart: f ? { id: f.id, name: f.originalName, mime: f.mime, size: f.size, url: `/api/risk/powers/${r.id}/flow-chart` } : null,
      };
    });
  }

  async list(actor: Actor, institutionId: number, includeRemoved = false): Promise<PowerView[]> {
    return this.db.read(async (m) => {
      const qb = m.getRepository(PowerEntity).createQueryBuilder('p').where('p.institution_id = :institutionId', { institutionId });
      if (!includeRemoved) qb.andWhere('p.removed = :removed', { removed: this.db.kind === 'postgres' ? false : 0 });
      return this.view(m, await qb.orderBy('p.number', 'ASC').addOrderBy('p.id', 'ASC').getMany());
    });
  }

  private async load(actor: Actor, id: number): Promise<PowerEntity> {
    const row = await this.db.read((m) => m.getRepository(PowerEntity).findOneBy({ id }));
    if (!row) throw AppError.notFound();
    await this.ctx.assertVisible(actor, row.institutionId, 'risk-power', id);
    return row;
  }

  async get(actor: Actor, id: number): Promise<PowerView & { versions: { version: number; action: string; actor: string; at: string; snapshot: unknown }[] }> {
    const row = await this.load(actor, id);
    return this.db.read(async (m) => {
      const [view] = await this.view(m, [row]);
      const versions = await m.getRepository(PowerVersionEntity).find({ where: { powerId: id }, order: { version: 'ASC' } });
      return { ...view, versions: versions.map((v) => ({ version: v.version, action: v.action, actor: v.actor, at: v.at, snapshot: JSON.parse(v.snapshot) })) };
    });
  }

  private async checkOrgRefs(m: EntityManager, institutionId: number, deptId?: number | null, postId?: number | null): Promise<void> {
    if (deptId && !(await m.getRepository(DepartmentEntity).findOneBy({ id: deptId, institutionId }))) {
      throw AppError.validation([{ field: 'responsibleDepartmentId', key: 'validation.invalid' }]);
    }
    if (postId && !(await m.getRepository(PostEntity).findOneBy({ id: postId, institutionId }))) {
      throw AppError.validation([{ field: 'responsiblePostId', key: 'validation.invalid' }]);
    }
  }

  private async assertNumberFree(m: EntityManager, institutionId: number, number: string, exceptId?: number): Promise<void> {
    const clash = await m.getRepository(PowerEntity).find({ where: { institutionId, number } });
    if (clash.some((p) => !p.removed && p.id !== exceptId)) {
      throw AppError.conflict({ zh: `职权编号 ${number} 已存在`, en: `Power number ${number} is already used` });
    }
  }

  private async snapshot(m: EntityManager, actor: Actor, row: PowerEntity, action: string): Promise<void> {
    const { ...snap } = row;
    await m.getRepository(PowerVersionEntity).insert({ powerId: row.id, institutionId: row.institutionId, version: row.version, action, snapshot: JSON.stringify(snap), actor: actorLabel(actor), at: this.clock.now().toISOString() });
    await this.audit.append(m, { actor: actorLabel(actor), institutionId: row.institutionId, action: `risk.power.${action}`, objectType: 'risk-power', objectId: row.id, detail: { version: row.version, number: row.number } });
  }

  async create(actor: Actor, institutionId: number, dto: CreatePowerDto): Promise<PowerView> {
    await this.ctx.access.requireAccess(actor, institutionId, RISK_EDITOR_ROLES);
    const id = await this.db.write(async (m) => {
      await this.checkOrgRefs(m, institutionId, dto.responsibleDepartmentId, dto.responsiblePostId);
      await this.assertNumberFree(m, institutionId, dto.number);
      const now = this.clock.now().toISOString();
      const row = m.getRepository(PowerEntity).create({
        institutionId,
        number: dto.number.trim(),
        category: dto.category.trim(),
        name: dto.name.trim(),
        legalBasisDocument: dto.legalBasisDocument ?? '',
        legalBasisArticle: dto.legalBasisArticle ?? '',
        processDescription: dto.processDescription ?? '',
        flowChartFileId: null,
        responsibleDepartmentId: dto.responsibleDepartmentId ?? null,
        responsiblePostId: dto.responsiblePostId ?? null,
        keyLinks: dto.keyLinks ?? '',
        weakLinks: dto.weakLinks ?? '',
        workRules: dto.workRules ?? '',
        relatedRegulations: dto.relatedRegulations ?? '',
        version: 1,
        removed: false,
        createdAt: now,
        updatedAt: now,
      });
      await m.getRepository(PowerEntity).insert(row);
      await this.snapshot(m, actor, row, 'create');
      return row.id;
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: number, dto: UpdatePowerDto): Promise<PowerView> {
    const current = await this.load(actor, id);
    await this.ctx.access.requireAccess(actor, current.institutionId, RISK_EDITOR_ROLES);
    if (current.removed) throw AppError.conflict({ zh: '该职权已撤销，不能修改', en: 'This power has been removed and cannot change' });
    await this.db.write(async (m) => {
      const row = await m.getRepository(PowerEntity).findOneByOrFail({ id });
      await this.checkOrgRefs(m, row.institutionId, dto.responsibleDepartmentId, dto.responsiblePostId);
      if (dto.number !== undefined && dto.number.trim() !== row.number) await this.assertNumberFree(m, row.institutionId, dto.number.trim(), id);
      if (dto.number !== undefined) row.number = dto.number.trim();
      if (dto.category !== undefined) row.category = dto.category.trim();
      if (dto.name !== undefined) row.name = dto.name.trim();
      for (const f of TEXT_FIELDS) if (dto[f] !== undefined) row[f] = dto[f]!;
      if (dto.responsibleDepartmentId !== undefined) row.responsibleDepartmentId = dto.responsibleDepartmentId;
      if (dto.responsiblePostId !== undefined) row.responsiblePostId = dto.responsiblePostId;
      row.version += 1;
      row.updatedAt = this.clock.now().toISOString();
      await m.getRepository(PowerEntity).save(row);
      await this.snapshot(m, actor, row, 'update');
    });
    return this.get(actor, id);
  }

  /** Removal keeps the row (risk points and history refer to it) and adds a final version. */
  async remove(actor: Actor, id: number): Promise<PowerView> {
    const current = await this.load(actor, id);
    await this.ctx.access.requireAccess(actor, current.institutionId, RISK_EDITOR_ROLES);
    if (current.removed) throw AppError.conflict({ zh: '该职权已撤销', en: 'This power is already removed' });
    await this.db.write(async (m) => {
      const row = await m.getRepository(PowerEntity).findOneByOrFail({ id });
      row.removed = true;
      row.version += 1;
      row.updatedAt = this.clock.now().toISOString();
      await m.getRepository(PowerEntity).save(row);
      await this.snapshot(m, actor, row, 'remove');
    });
    return this.get(actor, id);
  }

  private filesDir(institutionId: number): string {
    return path.join(this.env.DATA_DIR, 'risk-files', String(institutionId));
  }

  async uploadFlowChart(actor: Actor, id: number, file: UploadedFileLike | undefined): Promise<PowerView> {
    const current = await this.load(actor, id);
    await this.ctx.access.requireAccess(actor, current.institutionId, RISK_EDITOR_ROLES);
    if (current.removed) throw AppError.conflict({ zh: '该职权已撤销，不能上传流程图', en: 'This power has been removed' });
    if (!file || !file.buffer?.length) throw AppError.validation([{ field: 'file', key: 'validation.required' }]);
    if (file.size > MAX_FLOW_CHART_BYTES) throw new AppError(HttpStatus.PAYLOAD_TOO_LARGE, 'error.payload_too_large');
    const type = sniffFlowChartType(file.buffer);
    if (!type) throw new AppError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'error.risk_flow_chart_type');
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const storedName = `${sha256.slice(0, 16)}-${randomBytes(6).toString('hex')}.${type.ext}`;
    const dir = this.filesDir(current.institutionId);
    fs.mkdirSync(dir, { recursive: true });
    const target = path.join(dir, storedName);
    fs.writeFileSync(target, file.buffer, { flag: 'wx' });
    try {
      await this.db.write(async (m) => {
        const f = m.getRepository(RiskFileEntity).create({
          institutionId: current.institutionId,
          originalName: path.basename(utf8FileName(file.originalname) || `flow-chart.${type.ext}`).slice(0, 200),
          mime: type.mime,
          size: file.buffer.length,
          sha256,
          storedName,
          uploadedBy: actor.userId,
          createdAt: this.clock.now().toISOString(),
        });
        await m.getRepository(RiskFileEntity).insert(f);
        const row = await m.getRepository(PowerEntity).findOneByOrFail({ id });
        row.flowChartFileId = f.id;
        row.version += 1;
        row.updatedAt = this.clock.now().toISOString();
        await m.getRepository(PowerEntity).save(row);
        await this.snapshot(m, actor, row, 'flow-chart');
      });
    } catch (err) {
      fs.rmSync(target, { force: true });
      throw err;
    }
    return this.get(actor, id);
  }

  async flowChart(actor: Actor, id: number): Promise<{ file: string; mime: string; name: string }> {
    const row = await this.load(actor, id);
    if (!row.flowChartFileId) throw AppError.notFound();
    const f = await this.db.read((m) => m.getRepository(RiskFileEntity).findOneByOrFail({ id: row.flowChartFileId! }));
    return { file: path.join(this.filesDir(f.institutionId), f.storedName), mime: f.mime, name: f.originalName };
  }
}
