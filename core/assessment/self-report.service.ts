import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { AssessmentSchemeRepository } from './assessment-scheme.repository';
import { AssessmentSchemeService, MANAGE_ROLES, VIEW_ROLES } from './assessment-scheme.service';
import { SelfReportDto } from './assessment.dto';
import { SelfReportEntity } from './assessment.entities';

/** A self-report is published from 3 days before the assessment date. */
export function selfReportPublishFrom(assessmentDate: string): string {
  return new Date(Date.parse(assessmentDate) - 3 * 86_400_000).toISOString().slice(0, 10);
}

/** Self-reports (述职述廉): filed by the assessed person (or an officer for them) before the assessment. */
@Injectable()
export class SelfReportService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly schemeService: AssessmentSchemeService,
    private readonly schemes: AssessmentSchemeRepository,
  ) {}

  /** A self-report must be in by the start of its publication. */
  async submitSelfReport(actor: Actor, schemeId: number, dto: SelfReportDto): Promise<SelfReportEntity> {
    const scheme = await this.schemeService.scheme(actor, schemeId);
    const subject = await this.db.read((m) => this.schemes.findSubject(m, schemeId, dto.subjectId));
    if (!subject) throw AppError.validation([{ field: 'subjectId', key: 'validation.invalid' }]);
    const own = subject.personId !== null && subject.personId === actor.personId;
    if (!own) await this.access.requireAccess(actor, scheme.institutionId, MANAGE_ROLES);
    if (!scheme.assessmentDate) throw AppError.conflict({ zh: '考核方案未设定考核日期，无法确定公示期', en: 'The scheme has no assessment date, so no publication period' });
    const publishFrom = selfReportPublishFrom(scheme.assessmentDate);
    if (this.clock.today() > publishFrom) {
      throw AppError.conflict({ zh: `述职述廉报告须于考核前3天（${publishFrom}）起公示，已过提交期限`, en: `Self-reports are published from ${publishFrom}, 3 days before the assessment; too late` });
    }
    return this.db.write(async (m) => {
      const saved = await this.schemes.saveSelfReport(m, {
        schemeId,
        subjectId: subject.id,
        institutionId: scheme.institutionId,
        title: dto.title,
        body: dto.body,
        publishFrom,
        publishUntil: scheme.assessmentDate!,
        submittedBy: actorLabel(actor),
        submittedAt: this.clock.now().toISOString(),
      });
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: scheme.institutionId, action: 'assessment.self-report.submit', objectType: 'assessment-scheme', objectId: schemeId, detail: { subjectId: subject.id, publishFrom } });
      return saved;
    });
  }

  /** Staff see reports once their publication starts; officers see them all along. */
  async selfReports(actor: Actor, schemeId: number) {
    const scheme = await this.schemeService.scheme(actor, schemeId);
    const officer = await this.access.can(actor, scheme.institutionId, VIEW_ROLES);
    const today = this.clock.today();
    const rows = await this.db.read((m) => this.schemes.selfReports(m, schemeId));
    return rows.filter((r) => officer || r.publishFrom <= today).map((r) => ({ ...r, published: r.publishFrom <= today }));
  }

  /** Draft schemes the caller is assessed under (as a person), with their subject id: where they file a self-report. */
  async mySubjects(actor: Actor): Promise<{ schemeId: number; subjectId: number; name: string; assessmentDate: string | null }[]> {
    if (!actor.personId || !actor.visibleInstitutionIds.length) return [];
    return this.db.read(async (m) => {
      const subjects = await this.schemes.subjectsOfPerson(m, actor.personId!, actor.visibleInstitutionIds);
      const schemes = await this.schemes.schemesByIds(m, subjects.map((s) => s.schemeId), 'draft');
      return schemes.map((s) => ({ schemeId: s.id, subjectId: subjects.find((x) => x.schemeId === s.id)!.id, name: s.name, assessmentDate: s.assessmentDate }));
    });
  }
}
