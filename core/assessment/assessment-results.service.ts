import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { DomainEvents } from '../events/domain-events';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { PersonEntity } from '../org/org.entities';
import { PluginHost } from '../plugin-host/plugin-host';
import { AssessmentSchemeRepository } from './assessment-scheme.repository';
import { assertDraft, AssessmentSchemeService, MANAGE_ROLES, VIEW_ROLES } from './assessment-scheme.service';
import { AssessmentScoringService } from './assessment-scoring.service';
import { AssessmentSchemeEntity } from './assessment.entities';
import { EvaluationRoundRepository } from './evaluation-round.repository';
import { AssessmentPresetId } from './scoring';
import { rankResults, SchemeResults, SubjectResult } from './subject-result';

const DAY_MS = 86_400_000;

/** Results: who sees them, freezing them (finalise), publishing them, re-assessment and the score history. */
@Injectable()
export class AssessmentResultsService {
  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly schemeService: AssessmentSchemeService,
    private readonly scoring: AssessmentScoringService,
    private readonly schemes: AssessmentSchemeRepository,
    private readonly rounds: EvaluationRoundRepository,
  ) {}

  /** Results: live while the scheme is a draft, frozen once finalised; who sees what follows publication. */
  async results(actor: Actor, schemeId: number): Promise<SchemeResults> {
    const scheme = await this.schemeService.scheme(actor, schemeId);
    const officer = await this.access.can(actor, scheme.institutionId, VIEW_ROLES);
    if (!officer && scheme.status !== 'published') throw await this.schemeService.refusal(actor, scheme);
    const pub = await this.publication(scheme);
    if (!officer && pub.visibility === 'none') throw await this.schemeService.refusal(actor, scheme);
    const evaluating = scheme.status === 'draft' ? await this.evaluating(schemeId) : null;
    if (evaluating) return { schemeId, frozen: false, preset: scheme.preset as AssessmentPresetId, results: [], publishedUntil: pub.until, evaluating };
    let results = scheme.status === 'draft' ? await this.scoring.compute(scheme) : await this.frozen(schemeId);
    const ownOnly = pub.visibility === 'subjects' || (pub.until !== null && this.clock.today() > pub.until);
    if (!officer && ownOnly) results = results.filter((r) => r.personId !== null && r.personId === actor.personId);
    return { schemeId, frozen: scheme.status !== 'draft', preset: scheme.preset as AssessmentPresetId, results, publishedUntil: pub.until, evaluating: null };
  }

  /** The ballots cast so far in the scheme's open rounds, or null when none is open. */
  private async evaluating(schemeId: number): Promise<{ ballotsCast: number } | null> {
    return this.db.read(async (m) => {
      const open = (await this.rounds.rounds(m, schemeId)).filter((r) => r.status === 'open');
      if (!open.length) return null;
      let ballotsCast = 0;
      for (const r of open) ballotsCast += (await this.rounds.voters(m, r.id)).filter((v) => v.hasVoted).length;
      return { ballotsCast };
    });
  }

  private async frozen(schemeId: number): Promise<SubjectResult[]> {
    const rows = await this.db.read((m) => this.schemes.results(m, schemeId));
    return rankResults(rows.map((r) => JSON.parse(r.detail) as SubjectResult));
  }

  async finalise(actor: Actor, schemeId: number): Promise<SchemeResults> {
    const scheme = await this.schemeService.scheme(actor, schemeId, MANAGE_ROLES);
    assertDraft(scheme);
    const open = await this.db.read((m) => this.rounds.openRoundCount(m, schemeId));
    if (open) throw AppError.conflict({ zh: '仍有未结束的民主测评，请先结束测评', en: 'An evaluation round is still open; close it first' });
    const results = await this.scoring.compute(scheme);
    const pending = results.flatMap((r) => r.items.filter((i) => i.pending).map((i) => `${r.label}：${i.name}`));
    if (pending.length) throw AppError.conflict({ zh: `以下项目尚未评分：${pending.slice(0, 10).join('；')}`, en: `Items not scored yet: ${pending.slice(0, 10).join('; ')}` });
    const now = this.clock.now().toISOString();
    await this.db.write(async (m) => {
      for (const r of results) {
        await this.schemes.insertResult(m, {
          schemeId,
          subjectId: r.subjectId,
          institutionId: scheme.institutionId,
          personId: r.personId,
          departmentId: r.departmentId,
          unitId: r.unitId ?? null,
          scoreHundredths: r.scoreHundredths,
          evaluationHundredths: r.evaluationHundredths,
          baseGrade: r.baseGrade,
          grade: r.grade,
          excludedFromPromotion: r.excludedFromPromotion,
          detail: JSON.stringify(r),
          computedAt: now,
        });
      }
      await this.schemes.updateScheme(m, schemeId, { status: 'finalised', finalisedAt: now });
      await this.emitBottomThree(m, scheme, results);
      await this.audit.append(m, {
        actor: actorLabel(actor),
        institutionId: scheme.institutionId,
        action: 'assessment.scheme.finalise',
        objectType: 'assessment-scheme',
        objectId: schemeId,
        detail: { results: results.map((r) => ({ subjectId: r.subjectId, score: r.score, grade: r.grade, caps: r.caps.map((c) => c.ruleId) })) },
      });
    });
    return { schemeId, frozen: true, preset: scheme.preset as AssessmentPresetId, results, publishedUntil: null, evaluating: null };
  }

  /**
   * 002: the bottom three of a democratic evaluation get a yellow card (the warning module listens).
   * Only people on a post count, ranked by evaluation score, lowest = rank 1; with three or fewer there is no "bottom".
   */
  private async emitBottomThree(m: EntityManager, scheme: AssessmentSchemeEntity, results: SubjectResult[]): Promise<void> {
    const evaluated = results.filter((r) => r.personId !== null && r.evaluationHundredths !== null);
    const people = evaluated.length ? await m.getRepository(PersonEntity).findBy({ id: In(evaluated.map((r) => r.personId!)) }) : [];
    const onPost = evaluated
      .map((r) => ({ score: r.evaluationHundredths!, postId: people.find((p) => p.id === r.personId)?.postId ?? null }))
      .filter((x): x is { score: number; postId: number } => x.postId !== null)
      .sort((a, b) => a.score - b.score);
    if (onPost.length <= 3) return;
    await this.events.emit(m, 'evaluation.bottom-three', {
      institutionId: scheme.institutionId,
      year: Number(scheme.period.slice(0, 4)),
      posts: onPost.slice(0, 3).map((x, i) => ({ postId: x.postId, rank: i + 1 })),
    });
  }

  /**
   * 000: subjects whose frozen result calls for a re-assessment get a new draft scheme with the same items
   * and rules; failing it again calls for accountability.
   */
  async scheduleReassessment(actor: Actor, schemeId: number): Promise<AssessmentSchemeEntity> {
    const scheme = await this.schemeService.scheme(actor, schemeId, MANAGE_ROLES);
    if (scheme.status === 'draft') throw AppError.conflict({ zh: '考核结果定稿后才能安排再次评估', en: 'Finalise the results before scheduling a re-assessment' });
    const { failing, items, subjects, existing } = await this.db.read(async (m) => ({
      failing: (await this.schemes.results(m, schemeId)).filter((r) => (JSON.parse(r.detail) as SubjectResult).consequences.some((c) => c.code === 'reassessment')),
      items: await this.schemes.items(m, schemeId),
      subjects: await this.schemes.subjects(m, schemeId),
      existing: await this.schemes.reassessmentCount(m, schemeId),
    }));
    if (existing) throw AppError.conflict({ zh: '已安排再次评估', en: 'A re-assessment is already scheduled' });
    if (!failing.length) throw AppError.conflict({ zh: '没有需要再次评估的考核对象', en: 'Nobody needs a re-assessment' });
    return this.db.write(async (m) => {
      const copy = await this.schemes.insertScheme(m, {
        ...scheme,
        id: undefined,
        name: `${scheme.name}（再次评估）`.slice(0, 200),
        status: 'draft',
        createdBy: actorLabel(actor),
        createdAt: this.clock.now().toISOString(),
        finalisedAt: null,
        publishedAt: null,
        reassessmentOf: schemeId,
      });
      for (const item of items) await this.schemes.insertItem(m, { ...item, id: undefined, schemeId: copy.id });
      for (const s of subjects.filter((x) => failing.some((f) => f.subjectId === x.id))) await this.schemes.insertSubject(m, { ...s, id: undefined, schemeId: copy.id });
      await this.audit.append(m, {
        actor: actorLabel(actor),
        institutionId: scheme.institutionId,
        action: 'assessment.reassessment.schedule',
        objectType: 'assessment-scheme',
        objectId: copy.id,
        detail: { reassessmentOf: schemeId, subjects: failing.map((f) => f.subjectId) },
      });
      return copy;
    });
  }

  /**
   * Who sees a scheme's published results and until when: the institution's resultPublication setting when it has
   * one (days counted from the publication date, inclusive), else the scheme's own resultVisibility with no end.
   */
  async publication(scheme: AssessmentSchemeEntity): Promise<{ visibility: 'institution' | 'subjects' | 'none'; until: string | null }> {
    const inst = await this.schemeService.institution(scheme.institutionId);
    const pub = this.host.institutions.find((c) => c.code === inst.code)?.resultPublication;
    if (!pub) return { visibility: scheme.resultVisibility === 'subjects' ? 'subjects' : 'institution', until: null };
    const visibility = pub.to === 'staff' ? 'institution' : pub.to;
    const until = pub.days && scheme.publishedAt ? new Date(Date.parse(scheme.publishedAt.slice(0, 10)) + (pub.days - 1) * DAY_MS).toISOString().slice(0, 10) : null;
    return { visibility, until };
  }

  async publish(actor: Actor, schemeId: number): Promise<AssessmentSchemeEntity> {
    const scheme = await this.schemeService.scheme(actor, schemeId, MANAGE_ROLES);
    if (scheme.status !== 'finalised') throw AppError.conflict({ zh: '只有已定稿的考核结果才能公布', en: 'Only finalised results can be published' });
    if ((await this.publication(scheme)).visibility === 'none') {
      throw AppError.conflict({ zh: '本单位配置为考核结果不公布（resultPublication.to: none），结果仅供纪检监察部门查阅', en: 'This institution does not publish results (resultPublication.to: none); they stay with the officers' });
    }
    return this.db.write(async (m) => {
      await this.schemes.updateScheme(m, schemeId, { status: 'published', publishedAt: this.clock.now().toISOString() });
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: scheme.institutionId, action: 'assessment.scheme.publish', objectType: 'assessment-scheme', objectId: schemeId, detail: { visibility: scheme.resultVisibility } });
      return this.schemes.getScheme(m, schemeId);
    });
  }

  /** Each subject's score of record in the institution's last finalised periods, oldest first, for the trend chart. */
  async scoreHistory(institutionId: number, periods = 6): Promise<{ period: string; scores: { label: string; hundredths: number }[] }[]> {
    return this.db.read(async (m) => {
      const schemes = await this.schemes.decidedSchemes(m, [institutionId], periods);
      if (!schemes.length) return [];
      const results = await this.schemes.resultsOfSchemes(m, schemes.map((s) => s.id));
      const subjects = await this.schemes.subjectsOfSchemes(m, schemes.map((s) => s.id));
      return schemes.reverse().map((s) => ({
        period: s.period,
        scores: results.filter((r) => r.schemeId === s.id).map((r) => ({ label: subjects.find((x) => x.id === r.subjectId)?.label ?? '', hundredths: r.scoreHundredths })),
      }));
    });
  }
}
