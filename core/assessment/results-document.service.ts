import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { DocumentsService, IssuedDocumentView } from '../documents/documents.service';
import { AppError } from '../http/app-error';
import { beijingMinute, chineseDate, chinesePeriod } from '../plugin-api';
import type { AssessmentResultsData } from './assessment-document-data';
import { AssessmentResultsService } from './assessment-results.service';
import { AssessmentSchemeService, MANAGE_ROLES, VIEW_ROLES } from './assessment-scheme.service';
import type { AssessmentSchemeEntity } from './assessment.entities';
import { resultRow } from './scheme-screens.view';
import type { SubjectResult } from './subject-result';

const KIND_NAMES: Record<string, string> = { person: '个人', department: '科室', unit: '单位' };

/** A scheme period (2026, 2026-H1, 2026-Q3) in words: 2026年度, 2026年上半年, 2026年第三季度 (the shared chinesePeriod; a year reads 年度). */
export const periodWords = (period: string) => (/^[0-9]{4}$/.test(period) ? `${period}年度` : (chinesePeriod(period) ?? period));

/** 考核结果通报: a decided scheme's results as a numbered PDF, saying next to each subject why it was capped or barred. */
@Injectable()
export class ResultsDocumentService {
  constructor(
    private readonly schemes: AssessmentSchemeService,
    private readonly results: AssessmentResultsService,
    private readonly documents: DocumentsService,
  ) {}

  /**
   * Issued by those who may finalise and publish the scheme (MANAGE_ROLES), under the scheme's institution's letterhead
   * and number; readable by the officers and leaders who see the full results (VIEW_ROLES). A draft has no results of record.
   */
  async issuePdf(actor: Actor, schemeId: number): Promise<IssuedDocumentView> {
    const scheme = await this.schemes.scheme(actor, schemeId, MANAGE_ROLES);
    if (scheme.status !== 'finalised' && scheme.status !== 'published') {
      throw AppError.conflict({ zh: '考核结果定稿后才能出具结果通报', en: 'Finalise the results before issuing the results notice' });
    }
    const [{ results }, institution] = await Promise.all([this.results.results(actor, schemeId), this.schemes.institution(scheme.institutionId)]);
    return this.documents.issue(actor, {
      templateId: 'core/assessment-results',
      institutionId: scheme.institutionId,
      data: resultsDocumentData(scheme, institution.name, results) as unknown as Record<string, unknown>,
      readRoles: VIEW_ROLES,
    });
  }
}

/** The notice's text, Chinese only as official documents are; each 说明 is the result screen's cap and veto texts. */
export function resultsDocumentData(scheme: Pick<AssessmentSchemeEntity, 'name' | 'period' | 'status' | 'finalisedAt' | 'publishedAt'>, institution: string, results: SubjectResult[]): AssessmentResultsData {
  const kinds = [...new Set(results.map((r) => r.kind))];
  const units = kinds.length === 1 && kinds[0] === 'unit';
  const subjects = units ? `所属${results.length}个单位` : `${results.length}个考核对象`;
  const day = (iso: string | null) => (iso ? chineseDate(beijingMinute(iso).slice(0, 10)) : '');
  const decided = `考核结果已于${day(scheme.finalisedAt)}定稿${scheme.status === 'published' && scheme.publishedAt ? `，${day(scheme.publishedAt)}公布` : ''}`;
  const rows = results.map((r) => {
    const v = resultRow(r, 'zh');
    return {
      rank: String(r.rank),
      // People and departments are ranked apart: a mixed scheme says which each subject is.
      subject: kinds.length > 1 ? `${r.label}（${KIND_NAMES[r.kind] ?? r.kind}）` : r.label,
      score: `${r.score}分`,
      grade: v.gradeText,
      note: [...v.capTexts, ...v.otherTexts].join('\n'),
    };
  });
  const barred = results.filter((r) => r.excludedFromPromotion);
  const names = (kind: 'unit' | 'other') => barred.filter((r) => (r.kind === 'unit') === (kind === 'unit')).map((r) => r.label);
  const notes = [
    ...(names('unit').length ? [`${names('unit').join('、')}当年不得评为先进单位，原因见上表“说明”栏。`] : []),
    ...(names('other').length ? [`${names('other').join('、')}不列入评先评优及提拔名单，原因见上表“说明”栏。`] : []),
  ];
  return {
    title: `关于${scheme.name}结果的通报`,
    addressee: units ? '各有关单位' : '本单位各科室',
    intro: [`根据《${scheme.name}》方案，${institution}对${subjects}进行了${periodWords(scheme.period)}考核（满分100分），${decided}。现将考核结果通报如下：`],
    rows,
    notes,
    closing: '特此通报。',
  };
}
