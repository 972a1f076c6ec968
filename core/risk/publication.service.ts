import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { Lang } from '../i18n/i18n';
import { RiskContext } from './risk-context.service';
import { RiskPointService } from './risk-point.service';
import { PublicationCommentDto, PublishDto, ReviseDto } from './risk.dto';
import { PublicationCommentEntity, PublicationEntity, RiskPointEntity } from './risk.entities';

export interface PublicationItem {
  pointId: number;
  version: number;
  title: string;
  level: string;
  departmentName: string | null;
  postName: string | null;
  categoryLabel: string;
  grade: number;
  gradeLabel: string;
  manifestation: string;
  measures: { prevention: string; monitoring: string; disposal: string };
  responsibleName: string | null;
  supervisorName: string | null;
}

const PUBLISHERS = ['discipline-officer', 'head'] as const;

/** 公示: an approved catalogue is public to the institution's staff for a period; comments are kept; a revision is a new version. */
@Injectable()
export class PublicationService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly ctx: RiskContext,
    private readonly points: RiskPointService,
    private readonly clock: Clock,
  ) {}

  private async snapshot(m: EntityManager, rows: RiskPointEntity[], lang: Lang): Promise<PublicationItem[]> {
    const out: PublicationItem[] = [];
    for (const r of rows) {
      const v = await this.points.viewOf(m, r, lang);
      out.push({ pointId: v.id, version: v.version, title: v.title, level: v.level, departmentName: v.departmentName, postName: v.postName, categoryLabel: v.categoryLabel, grade: v.grade, gradeLabel: v.gradeLabel, manifestation: v.manifestation, measures: v.measures, responsibleName: v.responsibleName, supervisorName: v.supervisorName });
    }
    return out;
  }

  private checkPeriod(startsOn: string, endsOn: string): void {
    const valid = (d: string) => !Number.isNaN(new Date(`${d}T00:00:00Z`).getTime()) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
    if (!valid(startsOn)) throw AppError.validation([{ field: 'startsOn', key: 'validation.date' }]);
    if (!valid(endsOn)) throw AppError.validation([{ field: 'endsOn', key: 'validation.date' }]);
    if (endsOn < startsOn) throw AppError.validation([{ field: 'endsOn', key: 'validation.min', params: { min: startsOn } }]);
  }

  private async pointsFor(m: EntityManager, institutionId: number, ids: number[]): Promise<RiskPointEntity[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) throw AppError.validation([{ field: 'pointIds', key: 'validation.required' }]);
    const rows = await m.getRepository(RiskPointEntity).createQueryBuilder('r').whereInIds(unique).andWhere('r.institution_id = :i', { i: institutionId }).orderBy('r.risk_index', 'DESC').addOrderBy('r.id', 'ASC').getMany();
    if (rows.length !== unique.length) throw AppError.validation([{ field: 'pointIds', key: 'validation.invalid' }]);
    return rows;
  }

  async publish(actor: Actor, institutionId: number, dto: PublishDto): Promise<number> {
    await this.ctx.access.requireAccess(actor, institutionId, [...PUBLISHERS]);
    this.checkPeriod(dto.startsOn, dto.endsOn);
    return this.db.write(async (m) => {
      const rows = await this.pointsFor(m, institutionId, dto.pointIds);
      const notApproved = rows.filter((r) => r.status !== 'approved');
      if (notApproved.length) {
        const names = notApproved.map((r) => `“${r.title}”`).join('、');
        throw AppError.conflict({ zh: `只有审定通过的风险点才能公示：${names} 尚未审定`, en: `Only approved risk points can be published; not approved: ${notApproved.map((r) => `#${r.id}`).join(', ')}` });
      }
      const last = await m.getRepository(PublicationEntity).findOne({ where: { institutionId }, order: { version: 'DESC' } });
      const pub = m.getRepository(PublicationEntity).create({
        institutionId,
        version: (last?.version ?? 0) + 1,
        title: dto.title,
        startsOn: dto.startsOn,
        endsOn: dto.endsOn,
        status: 'open',
        items: JSON.stringify(await this.snapshot(m, rows, 'zh')),
        supersedesId: null,
        createdBy: actor.userId,
        createdAt: this.clock.now().toISOString(),
      });
      await m.getRepository(PublicationEntity).insert(pub);
      for (const r of rows) {
        r.status = 'published';
        r.updatedAt = pub.createdAt;
        await m.getRepository(RiskPointEntity).save(r);
      }
      await this.audit.append(m, { actor: actorLabel(actor), institutionId, action: 'risk.publication.create', objectType: 'risk-publication', objectId: pub.id, detail: { version: pub.version, points: rows.map((r) => r.id), startsOn: dto.startsOn, endsOn: dto.endsOn } });
      return pub.id;
    });
  }

  /** After objections the points are revised (each edit is a point version); this publishes them again as a new version. */
  async revise(actor: Actor, id: number, dto: ReviseDto): Promise<number> {
    const pub = await this.load(actor, id);
    await this.ctx.access.requireAccess(actor, pub.institutionId, [...PUBLISHERS]);
    if (pub.status !== 'open') throw AppError.conflict({ zh: '该公示已被新版本取代，请在最新版本上修订', en: 'This publication has been superseded; revise the latest one' });
    const startsOn = dto.startsOn ?? this.clock.today();
    const endsOn = dto.endsOn ?? pub.endsOn;
    this.checkPeriod(startsOn, endsOn);
    const items = JSON.parse(pub.items) as PublicationItem[];
    return this.db.write(async (m) => {
      const rows = await this.pointsFor(m, pub.institutionId, items.map((i) => i.pointId));
      const pending = rows.filter((r) => r.status === 'identifying');
      if (pending.length) {
        throw AppError.conflict({ zh: `修订后的风险点须重新审定后才能公示：${pending.map((r) => `“${r.title}”`).join('、')}`, en: `Revised points must be approved again first: ${pending.map((r) => `#${r.id}`).join(', ')}` });
      }
      const next = m.getRepository(PublicationEntity).create({
        institutionId: pub.institutionId,
        version: pub.version + 1,
        title: pub.title,
        startsOn,
        endsOn,
        status: 'open',
        items: JSON.stringify(await this.snapshot(m, rows, 'zh')),
        supersedesId: pub.id,
        createdBy: actor.userId,
        createdAt: this.clock.now().toISOString(),
      });
      await m.getRepository(PublicationEntity).insert(next);
      await m.getRepository(PublicationEntity).update({ id: pub.id }, { status: 'superseded' });
      for (const r of rows) {
        r.status = 'published';
        await m.getRepository(RiskPointEntity).save(r);
      }
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: pub.institutionId, action: 'risk.publication.revise', objectType: 'risk-publication', objectId: next.id, detail: { version: next.version, supersedes: pub.id } });
      return next.id;
    });
  }

  private async load(actor: Actor, id: number): Promise<PublicationEntity> {
    const pub = await this.db.read((m) => m.getRepository(PublicationEntity).findOneBy({ id }));
    if (!pub) throw AppError.notFound();
    await this.ctx.assertVisible(actor, pub.institutionId, 'risk-publication', id);
    return pub;
  }

  private inPeriod(pub: PublicationEntity): boolean {
    const today = this.clock.today();
    return pub.status === 'open' && pub.startsOn <= today && today <= pub.endsOn;
  }

  async list(actor: Actor, institutionId: number) {
    return this.db.read(async (m) => {
      const rows = await m.getRepository(PublicationEntity).find({ where: { institutionId }, order: { version: 'DESC' } });
      const counts = new Map<number, number>();
      for (const c of await m.getRepository(PublicationCommentEntity).find({ where: { institutionId } })) counts.set(c.publicationId, (counts.get(c.publicationId) ?? 0) + 1);
      return rows.map((p) => ({ id: p.id, version: p.version, title: p.title, startsOn: p.startsOn, endsOn: p.endsOn, status: p.status, inPeriod: this.inPeriod(p), items: (JSON.parse(p.items) as unknown[]).length, comments: counts.get(p.id) ?? 0, supersedesId: p.supersedesId }));
    });
  }

  async get(actor: Actor, id: number) {
    const pub = await this.load(actor, id);
    return this.db.read(async (m) => {
      // Comments on earlier versions stay visible: they are why this version exists.
      const chain: number[] = [pub.id];
      let prev = pub.supersedesId;
      while (prev) {
        chain.push(prev);
        prev = (await m.getRepository(PublicationEntity).findOneBy({ id: prev }))?.supersedesId ?? null;
      }
      const comments = await m.getRepository(PublicationCommentEntity).createQueryBuilder('c').where('c.publication_id IN (:...chain)', { chain }).orderBy('c.id', 'ASC').getMany();
      const versions = new Map((await m.getRepository(PublicationEntity).createQueryBuilder('p').whereInIds(chain).getMany()).map((p) => [p.id, p.version]));
      return {
        id: pub.id,
        institutionId: pub.institutionId,
        version: pub.version,
        title: pub.title,
        startsOn: pub.startsOn,
        endsOn: pub.endsOn,
        status: pub.status,
        inPeriod: this.inPeriod(pub),
        supersedesId: pub.supersedesId,
        items: JSON.parse(pub.items) as PublicationItem[],
        comments: comments.map((c) => ({ id: c.id, publicationVersion: versions.get(c.publicationId), pointId: c.pointId, kind: c.kind, content: c.content, authorName: c.authorName, at: c.at })),
      };
    });
  }

  async comment(actor: Actor, id: number, dto: PublicationCommentDto): Promise<void> {
    const pub = await this.load(actor, id);
    if (!(await this.ctx.rolesAt(actor, pub.institutionId)).length) throw AppError.forbidden();
    if (pub.status !== 'open') throw AppError.conflict({ zh: '该公示已被新版本取代，请对最新版本提出意见', en: 'This publication has been superseded' });
    if (!this.inPeriod(pub)) throw AppError.conflict({ zh: `不在公示期内（${pub.startsOn} 至 ${pub.endsOn}）`, en: `Outside the publication period (${pub.startsOn} to ${pub.endsOn})` });
    const items = JSON.parse(pub.items) as PublicationItem[];
    if (dto.pointId && !items.some((i) => i.pointId === dto.pointId)) throw AppError.validation([{ field: 'pointId', key: 'validation.invalid' }]);
    await this.db.write(async (m) => {
      const row = m.getRepository(PublicationCommentEntity).create({ publicationId: id, institutionId: pub.institutionId, pointId: dto.pointId ?? null, kind: dto.kind, content: dto.content, userId: actor.userId, authorName: actor.displayName.slice(0, 100), at: this.clock.now().toISOString() });
      await m.getRepository(PublicationCommentEntity).insert(row);
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: pub.institutionId, action: `risk.publication.${dto.kind}`, objectType: 'risk-publication', objectId: id, detail: { commentId: row.id, pointId: dto.pointId ?? null } });
    });
  }

  canPublish(actor: Actor, institutionId: number): Promise<boolean> {
    return this.ctx.access.can(actor, institutionId, [...PUBLISHERS]);
  }
}
