import { Inject, Injectable } from '@nestjs/common';
import { AuditEntryEntity } from '../audit/audit.entity';
import { AuditService } from '../audit/audit.service';
import { actorNames } from '../auth/actor-names';
import { Actor, actorLabel } from '../auth/actor';
import { UserEntity } from '../auth/auth.entities';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { DocumentsService, IssuedDocumentView } from '../documents/documents.service';
import type { IntegrityDossierData } from './assessment-document-data';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { PersonEntity } from '../org/org.entities';
import { beijingMinute, type Role } from '../plugin-api';
import { ASSESSMENT_FACTS, AssessmentFactsSource, DossierEntry, PERSON_RISK_SOURCE, PersonRiskSource } from './assessment-facts';
import { RecordVetoDto } from './assessment.dto';
import { AssessmentSchemeRepository } from './assessment-scheme.repository';
import { AssessmentSchemeService, MANAGE_ROLES } from './assessment-scheme.service';
import { AssessmentVetoEntity } from './assessment.entities';
import { formatHundredths, PRESETS, AssessmentPresetId } from './scoring';

/** Roles that may open anyone's dossier at the person's institution; the person may always open their own. */
export const DOSSIER_ROLES: Role[] = ['system-admin', 'discipline-officer', 'head'];

/** The integrity dossier (廉政档案): everything the platform knows about one person's integrity record. */
@Injectable()
export class DossierService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly schemeService: AssessmentSchemeService,
    private readonly schemes: AssessmentSchemeRepository,
    private readonly documents: DocumentsService,
    @Inject(ASSESSMENT_FACTS) private readonly facts: AssessmentFactsSource,
    @Inject(PERSON_RISK_SOURCE) private readonly risk: PersonRiskSource,
  ) {}

  private async person(actor: Actor, personId: number): Promise<PersonEntity> {
    const p = await this.db.read((m) => m.getRepository(PersonEntity).findOneBy({ id: personId }));
    if (!p) throw AppError.notFound();
    await this.access.assertVisible(actor, p.institutionId, { type: 'dossier', id: personId });
    return p;
  }

  async recordVeto(actor: Actor, dto: RecordVetoDto): Promise<AssessmentVetoEntity> {
    const p = await this.person(actor, dto.personId);
    // Someone who may not open the dossier cannot tell the person from a missing one; its subject may, but not record.
    if (actor.personId !== p.id) await this.access.requireReadable(actor, p.institutionId, DOSSIER_ROLES, { type: 'dossier', id: p.id });
    await this.access.requireAccess(actor, p.institutionId, MANAGE_ROLES);
    return this.db.write(async (m) => {
      const row = m.getRepository(AssessmentVetoEntity).create({
        institutionId: p.institutionId,
        personId: p.id,
        year: dto.year,
        reason: dto.reason,
        recordedBy: actorLabel(actor),
        recordedAt: this.clock.now().toISOString(),
      });
      await m.getRepository(AssessmentVetoEntity).insert(row);
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: p.institutionId, action: 'dossier.veto.record', objectType: 'dossier', objectId: p.id, detail: { year: dto.year, vetoId: row.id } });
      return row;
    });
  }

  /** Opening a dossier is itself recorded: who looked and when, refused attempts included. */
  async view(actor: Actor, personId: number) {
    const p = await this.person(actor, personId);
    const self = actor.personId === p.id;
    const allowed = self || (await this.access.can(actor, p.institutionId, DOSSIER_ROLES));
    await this.audit.record({ actor: actorLabel(actor), institutionId: p.institutionId, action: 'dossier.view', objectType: 'dossier', objectId: p.id, outcome: allowed ? 'ok' : 'denied' });
    // The denied view is logged just above; the answer is a missing id's, as for anything the caller may not read.
    if (!allowed) throw AppError.notFound();
    const [riskPoints, commitments, warnings] = await Promise.all([
      this.risk.riskPointsOf(p.institutionId, p.id),
      this.risk.commitmentsOf(p.institutionId, p.id),
      this.facts.warningsOf(p.institutionId, p.id),
    ]);
    const { results, vetoes, views } = await this.db.read(async (m) => {
      const results = await this.schemes.resultsOfPerson(m, p.id);
      const schemes = await this.schemes.schemesByIds(m, results.map((r) => r.schemeId));
      return {
        results: results.map((r) => {
          const s = schemes.find((x) => x.id === r.schemeId)!;
          const band = PRESETS[s.preset as AssessmentPresetId].bands.find((b) => b.code === r.grade);
          const detail = JSON.parse(r.detail) as { caps: { reason: { zh: string; en: string } }[] };
          return {
            schemeId: s.id,
            scheme: s.name,
            period: s.period,
            date: (s.finalisedAt ?? r.computedAt).slice(0, 10),
            score: formatHundredths(r.scoreHundredths),
            evaluationScore: r.evaluationHundredths === null ? null : formatHundredths(r.evaluationHundredths),
            grade: r.grade,
            gradeLabel: band?.label ?? { zh: r.grade, en: r.grade },
            excludedFromPromotion: r.excludedFromPromotion,
            caps: detail.caps.map((c) => c.reason),
          };
        }),
        vetoes: await m.getRepository(AssessmentVetoEntity).find({ where: { personId: p.id }, order: { id: 'DESC' } }),
        views: await m.getRepository(AuditEntryEntity).find({ where: { objectType: 'dossier', objectId: String(p.id), action: 'dossier.view' }, order: { seq: 'DESC' }, take: 50 }),
      };
    });
    const who = await this.db.read(async (m) => actorNames(m, [...vetoes.map((v) => v.recordedBy), ...views.map((v) => v.actor)], 'zh'));
    const timeline: (DossierEntry & { kind: string })[] = [
      ...riskPoints.map((e) => ({ ...e, kind: 'risk-point' })),
      ...commitments.map((e) => ({ ...e, kind: 'commitment' })),
      ...warnings.map((e) => ({ ...e, kind: 'warning' })),
      ...results.map((r) => ({ kind: 'assessment', date: r.date, title: `${r.scheme}：${r.score} 分，${r.gradeLabel.zh}`, detail: r.caps.map((c) => c.zh).join('；') })),
      ...vetoes.map((v) => ({ kind: 'veto', date: v.recordedAt.slice(0, 10), title: `一票否决（${v.year}年度）`, detail: v.reason })),
    ].sort((a, b) => b.date.localeCompare(a.date));
    return {
      person: { id: p.id, name: p.name, title: p.title, institutionId: p.institutionId, departmentId: p.departmentId },
      riskPoints,
      commitments,
      warnings,
      results,
      vetoes: vetoes.map((v) => ({ id: v.id, year: v.year, reason: v.reason, recordedBy: who(v.recordedBy), recordedAt: v.recordedAt })),
      views: views.map((v) => ({ who: who(v.actor), at: v.at, outcome: v.outcome })),
      timeline,
    };
  }

  /**
   * The dossier as a numbered PDF through the documents pipeline. Opening it is a dossier view (same role check,
   * logged); the PDF is readable only by DOSSIER_ROLES at the person's institution and the person's own accounts.
   */
  async issuePdf(actor: Actor, personId: number): Promise<IssuedDocumentView> {
    const d = await this.view(actor, personId);
    const { institution, userIds } = await this.db.read(async (m) => ({
      institution: (await this.schemeService.institution(d.person.institutionId)).name,
      userIds: (await m.getRepository(UserEntity).findBy({ personId: d.person.id })).map((u) => u.id),
    }));
    return this.documents.issue(actor, {
      templateId: 'core/integrity-dossier',
      institutionId: d.person.institutionId,
      data: dossierPdfData(d, institution) as unknown as Record<string, unknown>,
      readRoles: DOSSIER_ROLES,
      readUserIds: userIds,
    });
  }
}

type DossierView = Awaited<ReturnType<DossierService['view']>>;

const line = (e: DossierEntry) => `${e.date} ${e.title}${e.level ? `（${e.level}）` : ''}${e.detail ? `：${e.detail}` : ''}`;

/** The dossier's sections as the lines the PDF template prints, Chinese only as official documents are. */
export function dossierPdfData(d: DossierView, institution: string): IntegrityDossierData {
  return {
    title: `廉政档案（${d.person.name}）`,
    person: { name: d.person.name, post: d.person.title || '—', institution },
    riskPoints: d.riskPoints.map(line),
    commitments: d.commitments.map(line),
    warnings: d.warnings.map(line),
    assessments: d.results.map(
      (r) => `${r.scheme}（${r.period}）：${r.score}分，${r.gradeLabel.zh}。${r.caps.map((c) => `等次限制：${c.zh}。`).join('')}${r.excludedFromPromotion ? '不列入提拔推荐名单。' : ''}`,
    ),
    evaluations: d.results.filter((r) => r.evaluationScore !== null).map((r) => `${r.scheme}（${r.period}）：民主测评${r.evaluationScore}分`),
    vetoes: d.vetoes.map((v) => `${v.year}年度：${v.reason}（${v.recordedBy} ${beijingMinute(v.recordedAt).slice(0, 10)} 记载）`),
    // Details are in the sections above; the timeline only orders the events.
    timeline: d.timeline.map((e) => `${e.date} ${e.title}`),
  };
}
