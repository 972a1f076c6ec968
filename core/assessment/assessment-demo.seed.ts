import type { INestApplicationContext } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { InstitutionEntity, PersonEntity } from '../org/org.entities';
import { AssessmentSchemeEntity } from './assessment.entities';
import { AssessmentResultsService } from './assessment-results.service';
import { AssessmentSchemeService } from './assessment-scheme.service';
import { AssessmentScoringService } from './assessment-scoring.service';
import { DossierService } from './dossier.service';
import { EvaluationService } from './evaluation.service';
import { SelfReportService } from './self-report.service';

const ITEMS = [
  { area: '民主测评', name: '中层以上干部和职工代表民主测评', maxPoints: 60, method: 'evaluation' as const },
  { area: '教育学习', name: '每季度至少一次廉政学习并有详细记录', maxPoints: 22, method: 'manual' as const },
  { area: '责任制落实', name: '党风廉政建设责任制各项任务（缺1扣2）', maxPoints: 18, method: 'deduction' as const, perMissing: 2 },
];

// Invented tallies per person, in the order people were seeded: [优秀, 良好, 一般, 差, 废票].
const TALLIES_2025: [number, number, number, number, number][] = [
  [30, 6, 1, 0, 1],
  [26, 10, 2, 0, 0],
  [18, 14, 5, 1, 0],
  [12, 16, 8, 2, 1],
  [4, 12, 14, 8, 0],
];
const MANUAL = [22, 20, 19.5, 18, 15];
const MISSING = [0, 0, 1, 2, 4];

/**
 * Demo data for the assessment module at one institution: a finalised and published 2025 assessment
 * (paper evaluation), a 2026 draft with an open online evaluation for every account there, a dossier veto
 * and a self-report. Idempotent: does nothing if the institution already has a scheme.
 */
export async function seedAssessmentDemo(app: INestApplicationContext, institutionCode = 'county-hospital'): Promise<boolean> {
  const s = {
    db: app.get(Db),
    clock: app.get(Clock),
    schemes: app.get(AssessmentSchemeService),
    scoring: app.get(AssessmentScoringService),
    results: app.get(AssessmentResultsService),
    reports: app.get(SelfReportService),
    evaluation: app.get(EvaluationService),
    dossiers: app.get(DossierService),
  };
  const inst = await s.db.read((m) => m.getRepository(InstitutionEntity).findOneBy({ code: institutionCode }));
  if (!inst) throw new Error(`assessment demo seed: institution ${institutionCode} is not configured`);
  if (await s.db.read((m) => m.getRepository(AssessmentSchemeEntity).countBy({ institutionId: inst.id }))) return false;
  const people = await s.db.read((m) => m.getRepository(PersonEntity).find({ where: { institutionId: inst.id }, order: { id: 'ASC' }, take: TALLIES_2025.length }));
  if (!people.length) return false;
  const actor: Actor = {
    userId: 0,
    username: 'system:demo-seed',
    displayName: '演示数据',
    personId: null,
    isSystemAdmin: true,
    roles: [],
    sessionHash: '',
    csrfToken: '',
    currentInstitutionId: inst.id,
    visibleInstitutionIds: [inst.id],
  };
  const subjects = people.map((p) => ({ kind: 'person' as const, id: p.id }));
  const year = Number(s.clock.today().slice(0, 4));

  const scheme2025 = await s.schemes.createScheme(actor, { institutionId: inst.id, name: `${year - 1}年度党风廉政建设责任制考核`, period: String(year - 1), items: ITEMS, subjects });
  const detail = await s.schemes.detail(actor, scheme2025.id);
  const round = await s.evaluation.create(actor, scheme2025.id, { name: `${year - 1}年度民主测评（纸质）`, mode: 'paper' });
  for (const [i, subject] of detail.subjects.entries()) {
    const [excellent, good, fair, poor, invalid] = TALLIES_2025[i];
    await s.evaluation.enterPaperTally(actor, round.id, { subjectId: subject.id, excellent, good, fair, poor, invalid });
    await s.scoring.scoreItem(actor, detail.items[1].id, { subjectId: subject.id, points: MANUAL[i], evidence: '查阅学习记录及上半年、下半年科室自查报告' });
    await s.scoring.scoreItem(actor, detail.items[2].id, { subjectId: subject.id, missing: MISSING[i], evidence: `责任制任务缺${MISSING[i]}项` });
  }
  await s.evaluation.close(actor, round.id);
  await s.results.finalise(actor, scheme2025.id);
  await s.results.publish(actor, scheme2025.id);

  const due = new Date(Date.parse(s.clock.today()) + 20 * 86_400_000).toISOString().slice(0, 10);
  const scheme = await s.schemes.createScheme(actor, { institutionId: inst.id, name: `${year}年度党风廉政建设责任制考核`, period: String(year), assessmentDate: due, items: ITEMS, subjects });
  const voters = await s.evaluation.usersAt(inst.id);
  if (voters.length) await s.evaluation.create(actor, scheme.id, { name: `${year}年度民主测评`, mode: 'online', voterUserIds: voters });
  const d2026 = await s.schemes.detail(actor, scheme.id);
  await s.scoring.scoreItem(actor, d2026.items[1].id, { subjectId: d2026.subjects[0].id, points: 21, evidence: `${year}年上半年科室自查报告：学习记录4次` });
  await s.reports.submitSelfReport(actor, scheme.id, {
    subjectId: d2026.subjects[0].id,
    title: `${people[0].name}${year}年度述职述廉报告`,
    body: '一、履行“一岗双责”情况……\n二、廉洁自律情况……\n三、存在问题及整改措施……',
  });
  const last = people[people.length - 1];
  await s.dossiers.recordVeto(actor, { personId: last.id, year, reason: '（演示）因违反廉洁纪律受党内警告处分' });
  return true;
}
