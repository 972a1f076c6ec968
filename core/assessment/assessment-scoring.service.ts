import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { RoleAssignmentEntity, UserEntity } from '../auth/auth.entities';
import { Clock } from '../clock/clock';
import { Db, isSerializationFailure } from '../db/db';
import { AppError } from '../http/app-error';
import { PluginHost } from '../plugin-host/plugin-host';
import { IndicatorsService } from '../rules/indicators.service';
import { ASSESSMENT_FACTS, AssessmentFactsSource, DossierEntry, PERSON_RISK_SOURCE, PersonRiskSource } from './assessment-facts';
import { AssessmentSchemeRepository } from './assessment-scheme.repository';
import { assertDraft, AssessmentSchemeService, MANAGE_ROLES, presetOf, VIEW_ROLES } from './assessment-scheme.service';
import { ScoreItemDto } from './assessment.dto';
import { AssessmentItemEntity, AssessmentItemScoreEntity, AssessmentSchemeEntity, AssessmentSubjectEntity, AssessmentVetoEntity } from './assessment.entities';
import { EvaluationRoundRepository } from './evaluation-round.repository';
import {
  BALLOT_CHOICES,
  CONSEQUENCE_LABELS,
  deductionPoints,
  EMPTY_TALLY,
  evaluationItemPoints,
  evaluationScore,
  finalResult,
  formatHundredths,
  indicatorPoints,
  ScoringPreset,
  Tally,
} from './scoring';
import { IndicatorReading, ItemResult, rankResults, SubjectResult } from './subject-result';
import { capsFor, VetoFact, VetoRule } from './veto-rules';

/** Scoring: manual and deduction scores entered by officers, and every subject's live score and grade from current data. */
@Injectable()
export class AssessmentScoringService {
  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly schemeService: AssessmentSchemeService,
    private readonly schemes: AssessmentSchemeRepository,
    private readonly rounds: EvaluationRoundRepository,
    @Inject(ASSESSMENT_FACTS) private readonly facts: AssessmentFactsSource,
    @Inject(PERSON_RISK_SOURCE) private readonly risk: PersonRiskSource,
    private readonly indicatorValues: IndicatorsService,
  ) {}

  async scoreItem(actor: Actor, itemId: number, dto: ScoreItemDto): Promise<AssessmentItemScoreEntity> {
    const item = await this.db.read((m) => this.schemes.findItem(m, itemId));
    if (!item) throw AppError.notFound();
    const scheme = await this.schemeService.scheme(actor, item.schemeId, MANAGE_ROLES);
    assertDraft(scheme);
    const subject = await this.db.read((m) => this.schemes.findSubject(m, scheme.id, dto.subjectId));
    if (!subject) throw AppError.validation([{ field: 'subjectId', key: 'validation.invalid' }]);
    let points: number | null = null;
    let missing: number | null = null;
    if (item.method === 'manual') {
      if (dto.points === undefined) throw AppError.validation([{ field: 'points', key: 'validation.required' }]);
      points = Math.round(dto.points * 100);
      if (points > item.maxPoints * 100) throw AppError.validation([{ field: 'points', key: 'validation.max', params: { max: item.maxPoints } }]);
    } else if (item.method === 'deduction') {
      if (dto.missing === undefined) throw AppError.validation([{ field: 'missing', key: 'validation.required' }]);
      missing = dto.missing;
    } else {
      throw AppError.conflict({ zh: '该项目由指标或民主测评自动计分，不能手工评分', en: 'This item is scored by an indicator or an evaluation, not by hand' });
    }
    return this.db.write(async (m) => {
      const row = { itemId, subjectId: subject.id, institutionId: scheme.institutionId, pointsHundredths: points, missing, evidence: dto.evidence, scoredBy: actorLabel(actor), scoredAt: this.clock.now().toISOString() };
      const { before, saved } = await this.schemes.saveScore(m, row);
      await this.audit.append(m, {
        actor: actorLabel(actor),
        institutionId: scheme.institutionId,
        action: 'assessment.item.score',
        objectType: 'assessment-item',
        objectId: itemId,
        detail: { subjectId: subject.id, points, missing, before: before ? { points: before.pointsHundredths, missing: before.missing } : null },
      });
      return saved;
    });
  }

  /** Half-year self-check reports filed by each subject or its department in the scheme's year: evidence for manual items. */
  async evidence(actor: Actor, schemeId: number): Promise<{ subjectId: number; label: string; reports: DossierEntry[] }[]> {
    const scheme = await this.schemeService.scheme(actor, schemeId, VIEW_ROLES);
    const year = Number(scheme.period.slice(0, 4));
    const subjects = await this.db.read((m) => this.schemes.subjects(m, schemeId));
    const out = [];
    for (const s of subjects) out.push({ subjectId: s.id, label: s.label, reports: await this.risk.halfYearReports(scheme.institutionId, year, { personId: s.personId, departmentId: s.departmentId }) });
    return out;
  }

  /** Live computation of every subject's score and grade from current data. */
  async compute(scheme: AssessmentSchemeEntity): Promise<SubjectResult[]> {
    const preset = presetOf(scheme);
    const rules = JSON.parse(scheme.vetoRules) as VetoRule[];
    const { items, subjects, scores, tallies } = await this.db.read(async (m) => {
      const tallies = await this.rounds.closedTallies(m, scheme.id);
      const items = await this.schemes.items(m, scheme.id);
      return { items, subjects: await this.schemes.subjects(m, scheme.id), scores: await this.schemes.scores(m, items.map((i) => i.id)), tallies };
    });
    const readings = new Map<number, IndicatorReading>();
    for (const item of items.filter((i) => i.method === 'indicator')) readings.set(item.id, await this.readIndicator(scheme.institutionId, item));
    const year = Number(scheme.period.slice(0, 4));
    const cards = await this.facts.yellowCards(scheme.institutionId, year);
    const label = (code: string) => preset.bands.find((b) => b.code === code)!.label;
    const hasEvaluation = items.some((i) => i.method === 'evaluation');
    const out: SubjectResult[] = [];
    for (const subject of subjects) {
      const tally: Tally = { ...EMPTY_TALLY };
      for (const t of tallies.filter((x) => x.subjectId === subject.id)) for (const k of [...BALLOT_CHOICES, 'invalid'] as const) tally[k] += t[k];
      const itemResults = items.map((item) => itemResult(item, scores.find((s) => s.itemId === item.id && s.subjectId === subject.id), readings.get(item.id), tally, preset));
      const unit = subject.unitId !== null ? { redWarnings: await this.facts.redWarnings(subject.unitId, year) } : undefined;
      const caps = capsFor(rules, unit ? { 'red-warnings': unit.redWarnings.length, 'yellow-card-head': 0, 'dossier-veto': 0 } : await this.subjectFacts(scheme, subject, cards), preset, unit);
      const r = finalResult({ preset, itemPoints: itemResults.map((i) => i.points ?? 0), tally: hasEvaluation ? tally : null, caps, reassessment: scheme.reassessmentOf !== null });
      out.push({
        subjectId: subject.id,
        kind: subject.kind,
        personId: subject.personId,
        departmentId: subject.departmentId,
        unitId: subject.unitId,
        label: subject.label,
        items: itemResults,
        tally: hasEvaluation ? tally : null,
        evaluationHundredths: hasEvaluation ? evaluationScore(tally, preset) : null,
        scoreHundredths: r.scoreHundredths,
        score: formatHundredths(r.scoreHundredths),
        baseGrade: r.baseGrade,
        baseGradeLabel: label(r.baseGrade),
        grade: r.grade,
        gradeLabel: label(r.grade),
        caps: r.caps.map((c) => ({ ruleId: c.ruleId, from: c.from, to: c.to, fromLabel: label(c.from), toLabel: label(c.to), reason: c.reason })),
        notBinding: r.notBinding.map((c) => ({ ruleId: c.ruleId, reason: c.reason })),
        excludedFromPromotion: r.excludedFromPromotion,
        consequences: r.consequences.map((code) => ({ code, label: CONSEQUENCE_LABELS[code] })),
        pending: itemResults.some((i) => i.pending),
        ...(unit ? { redWarnings: unit.redWarnings } : {}),
        rank: 0,
      });
    }
    return rankResults(out);
  }

  private async readIndicator(institutionId: number, item: AssessmentItemEntity): Promise<IndicatorReading> {
    const inst = await this.schemeService.institution(institutionId);
    const enabled = this.host.enabledFor(inst.code).find((e) => e.plugin.id === item.pluginId);
    const def = enabled?.plugin.indicators?.find((d) => d.id === item.indicatorId);
    if (!enabled || !def) return { label: { zh: item.name, en: item.name }, unit: '', better: 'higher', value: null, target: null, error: `indicator ${item.pluginId}/${item.indicatorId} is not available` };
    try {
      // The indicators board's own computation (network scope, shared records, rule hits), so an item scores the number the board shows.
      const out = await this.indicatorValues.drillDown(institutionId, enabled.plugin.id, def.id, undefined, this.clock.now());
      return { label: def.label, unit: def.unit, better: def.better ?? 'higher', value: out.value, target: out.target ?? def.target ?? null, numerator: out.numerator, denominator: out.denominator, ...(out.unavailable ? { error: out.unavailable.zh } : {}) };
    } catch (err) {
      // Inside a PostgreSQL write the failure must reach Db.write, which re-runs the transaction.
      if (isSerializationFailure(err)) throw err;
      return { label: def.label, unit: def.unit, better: def.better ?? 'higher', value: null, target: def.target ?? null, error: (err as Error).message };
    }
  }

  /** The facts every veto rule reads, for one subject. */
  private async subjectFacts(scheme: AssessmentSchemeEntity, subject: AssessmentSubjectEntity, cards: { departmentId: number | null; personId?: number | null }[]): Promise<Record<VetoFact, number>> {
    const year = Number(scheme.period.slice(0, 4));
    const red = await this.facts.redWarningCount(scheme.institutionId, year, { personId: subject.personId, departmentId: subject.departmentId });
    let yellow = 0;
    let vetoes = 0;
    if (subject.personId !== null) {
      const personId = subject.personId;
      yellow = cards.some((c) => c.personId === personId)
        ? 1
        : cards.some((c) => c.departmentId !== null && c.departmentId === subject.departmentId) && (await this.db.read((m) => isDepartmentHead(m, scheme.institutionId, personId)))
          ? 1
          : 0;
      vetoes = await this.db.read((m) => m.getRepository(AssessmentVetoEntity).countBy({ personId, year }));
    }
    return { 'red-warnings': red, 'yellow-card-head': yellow, 'dossier-veto': vetoes };
  }
}

/** One item's points for one subject, by the item's method. */
function itemResult(item: AssessmentItemEntity, score: AssessmentItemScoreEntity | undefined, reading: IndicatorReading | undefined, tally: Tally, preset: ScoringPreset): ItemResult {
  const base = { itemId: item.id, area: item.area, name: item.name, method: item.method, maxPoints: item.maxPoints };
  let points: number | null = null;
  const extra: Partial<ItemResult> = {};
  if (item.method === 'manual') {
    points = score?.pointsHundredths ?? null;
    extra.evidence = score?.evidence;
  } else if (item.method === 'deduction') {
    points = score && score.missing !== null ? deductionPoints(item.maxPoints, item.perMissingHundredths ?? 0, score.missing) : null;
    extra.evidence = score?.evidence;
    extra.missing = score?.missing ?? null;
  } else if (item.method === 'indicator') {
    const r = reading!;
    extra.indicator = r;
    points = r.value === null ? null : indicatorPoints(item.maxPoints, r.value, r.target ?? undefined, r.better);
  } else {
    points = evaluationItemPoints(item.maxPoints, tally, preset);
    extra.tally = tally;
  }
  return { ...base, ...extra, points, pointsText: points === null ? '—' : formatHundredths(points), pending: points === null };
}

async function isDepartmentHead(m: EntityManager, institutionId: number, personId: number): Promise<boolean> {
  const users = await m.getRepository(UserEntity).findBy({ personId });
  if (!users.length) return false;
  const n = await m.getRepository(RoleAssignmentEntity).countBy({ userId: In(users.map((u) => u.id)), institutionId, role: 'department-head' });
  return n > 0;
}
