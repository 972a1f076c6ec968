import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Db } from '../db/db';
import { DomainEvents } from '../events/domain-events';
import { DepartmentEntity, PostEntity } from '../org/org.entities';
import type { DossierEntry, RedWarning } from '../assessment/assessment-facts';
import { WarningConfigService } from './warning-config.service';
import { paletteOf, WarningPalette } from './warning-levels';
import { STATE_LABELS, WarningState } from './warning-state';
import { EvaluationBottomEntity, WarningClueEntity, WarningEntity, WarningStepEntity } from './warning.entities';
import { chinaDate } from '../calendar/working-days';

/** Clue outcomes that mean the reported problem was verified. */
const VERIFIED = ['warned', 'confirmed', 'transferred'];

export interface YellowCard {
  postId: number;
  postName: string;
  departmentId: number | null;
  departmentName: string | null;
  reasons: ('reported-twice' | 'bottom-three')[];
  verifiedReports: number;
  bottomThreeRank: number | null;
}

/** Consequences of warnings that other modules (assessment) read. */
@Injectable()
export class WarningFactsService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly cfg: WarningConfigService,
  ) {}

  onModuleInit(): void {
    this.events.on('evaluation.bottom-three', (m, p) => this.record(m, p.institutionId, p.year, p.posts, 'system:assessment'));
  }

  /**
   * Warnings that reached the top level (一级/red) in the year; revoked on appeal ones do not count.
   * With a subject, only warnings against that person (or department) count.
   */
  async redWarningCount(institutionId: number, year: number, subject?: { personId?: number | null; departmentId?: number | null }): Promise<number> {
    return (await this.redWarnings(institutionId, year, subject)).length;
  }

  /** The warnings redWarningCount counts, oldest first, with the level in words, so a veto can name them. */
  async redWarnings(institutionId: number, year: number, subject?: { personId?: number | null; departmentId?: number | null }): Promise<RedWarning[]> {
    return this.db.read(async (m) => {
      const top = (await this.cfg.palette(institutionId)).levels.length - 1;
      const bySubject = (w: WarningEntity) =>
        !subject || (subject.personId ? w.subjectPersonId === subject.personId : subject.departmentId ? w.subjectDepartmentId === subject.departmentId && w.subjectPersonId === null : true);
      const rows = (await m.getRepository(WarningEntity).find({ where: { institutionId, levelIndex: top }, order: { id: 'ASC' } })).filter(
        (w) => w.levelSince.startsWith(`${year}-`) && w.status !== 'revoked' && bySubject(w),
      );
      if (!rows.length) return [];
      const appeals = await m.getRepository(WarningStepEntity).findBy({ warningId: In(rows.map((w) => w.id)), kind: 'answer-appeal' });
      const revoked = new Set(appeals.filter((s) => JSON.parse(s.data).outcome === 'revoked').map((s) => s.warningId));
      return rows
        .filter((w) => !revoked.has(w.id))
        .map((w) => {
          const level = paletteOf(w.palette as WarningPalette).levels.find((l) => l.code === w.levelCode);
          return { id: w.id, title: w.title, subjectLabel: w.subjectLabel, level: level?.label ?? { zh: w.levelCode, en: w.levelCode }, since: w.levelSince };
        });
    });
  }

  /** Warnings against the person at the institution, newest first: level and state in words, revoked ones said so. */
  async warningsOf(institutionId: number, personId: number): Promise<DossierEntry[]> {
    const rows = await this.db.read((m) => m.getRepository(WarningEntity).find({ where: { institutionId, subjectPersonId: personId }, order: { id: 'DESC' } }));
    return rows.map((w) => {
      const level = paletteOf(w.palette as WarningPalette).levels.find((l) => l.code === w.levelCode);
      const state = STATE_LABELS[w.status as WarningState];
      return {
        date: w.issuedOn ?? chinaDate(new Date(w.createdAt)),
        title: w.title,
        level: level?.label.zh ?? w.levelCode,
        levelLabel: level?.label,
        detail: state ? `${state.zh}${w.reason ? `；${w.reason}` : ''}` : w.reason,
      };
    });
  }

  /** 003 篇5 七 (二): a unit with two or more 一级 warnings in a year cannot be rated advanced that year. */
  async unitBarredFromAdvanced(institutionId: number, year: number): Promise<boolean> {
    return (await this.redWarningCount(institutionId, year)) >= 2;
  }

  /** 002: a post reported ≥ 2 times with verified problems, or in the bottom three of a democratic evaluation. */
  async yellowCards(institutionId: number, year: number): Promise<YellowCard[]> {
    return this.db.read(async (m) => {
      const clues = (await m.getRepository(WarningClueEntity).findBy({ institutionId, status: In(VERIFIED) })).filter(
        (c) => c.subjectPostId !== null && chinaDate(new Date(c.createdAt)).startsWith(`${year}-`),
      );
      const reports = new Map<number, number>();
      for (const c of clues) reports.set(c.subjectPostId!, (reports.get(c.subjectPostId!) ?? 0) + 1);
      const bottom = await m.getRepository(EvaluationBottomEntity).findBy({ institutionId, year });
      const postIds = [...new Set([...[...reports].filter(([, n]) => n >= 2).map(([id]) => id), ...bottom.map((b) => b.postId)])];
      if (!postIds.length) return [];
      const posts = await m.getRepository(PostEntity).findBy({ id: In(postIds) });
      const deptIds = posts.map((p) => p.departmentId).filter((d): d is number => d !== null);
      const depts = deptIds.length ? await m.getRepository(DepartmentEntity).findBy({ id: In(deptIds) }) : [];
      return posts
        .sort((a, b) => a.id - b.id)
        .map((p) => {
          const n = reports.get(p.id) ?? 0;
          const b = bottom.find((x) => x.postId === p.id);
          const reasons: YellowCard['reasons'] = [];
          if (n >= 2) reasons.push('reported-twice');
          if (b) reasons.push('bottom-three');
          return { postId: p.id, postName: p.name, departmentId: p.departmentId, departmentName: depts.find((d) => d.id === p.departmentId)?.name ?? null, reasons, verifiedReports: n, bottomThreeRank: b?.rank ?? null };
        });
    });
  }

  /** The assessment module reports the bottom three posts of a democratic evaluation (or emits 'evaluation.bottom-three'). */
  async recordEvaluationBottomThree(institutionId: number, year: number, posts: { postId: number; rank: number }[], actor = 'system:assessment'): Promise<void> {
    await this.db.write((m) => this.record(m, institutionId, year, posts, actor));
  }

  private async record(m: EntityManager, institutionId: number, year: number, posts: { postId: number; rank: number }[], actor: string): Promise<void> {
    if (posts.length > 3 || posts.some((p) => !Number.isInteger(p.rank) || p.rank < 1)) throw new Error('bottom three: at most 3 posts with ranks ≥ 1');
    const repo = m.getRepository(EvaluationBottomEntity);
    await repo.delete({ institutionId, year });
    for (const p of posts) await repo.insert(repo.create({ institutionId, year, postId: p.postId, rank: p.rank, recordedAt: this.cfg.nowIso() }));
    await this.audit.append(m, { actor, institutionId, action: 'warning.evaluation-bottom-three', objectType: 'institution', objectId: institutionId, detail: { year, posts } });
  }
}
