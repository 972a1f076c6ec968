import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { Db } from '../db/db';
import { DocumentsService, IssuedDocumentView } from '../documents/documents.service';
import type { RiskCatalogueData, RiskDocRow, RiskFormDepartmentData, RiskFormPersonData, RiskFormUnitData } from './risk-document-data';
import { AppError } from '../http/app-error';
import { DepartmentEntity, PersonEntity, PostEntity } from '../org/org.entities';
import { RiskContext } from './risk-context.service';
import { LEVEL_LABELS, STATUS_LABELS } from './risk-labels';
import { IssueRiskDocumentDto, RiskDocumentKind } from './risk.dto';
import { PowerEntity, RiskPointEntity, RiskPointPowerEntity } from './risk.entities';
import { Grade, GRADE_HELP, gradeLabel, RiskSettings } from './risk.presets';

export const RISK_DOCUMENT_TEMPLATES: Record<RiskDocumentKind, string> = {
  catalogue: 'core/risk-catalogue',
  summary: 'core/risk-summary',
  form1: 'core/risk-form-person',
  form2: 'core/risk-form-department',
  form3: 'core/risk-form-unit',
};

const INTEGRITY_DUTY = '立足岗位落实党风廉政建设责任制，履行“一岗双责”';

/** 002's note under 附表1-3, without its local deadlines; the grade names follow the institution's scale. */
function formNote(s: RiskSettings): string {
  const grades = ([1, 2, 3] as Grade[]).map((g) => gradeLabel(s, g).zh).join('、');
  return `注：1.岗位职责指个人所在岗位的职权及承担的工作任务；廉政职责指个人立足岗位落实党风廉政建设责任制的责任和义务。2.从岗位职责、业务流程、制度机制、外部环境等方面入手，查找可能引起不廉洁行为的因素，确定和填报风险点。3.针对廉政风险，分前期预防、中期监控、后期处置提出防控措施。4.按发生机率大小、可能造成的危害程度评定风险等级，分为${grades}三个等级。`;
}

/**
 * 《权力廉政风险等级目录》, 《廉政风险点汇总表》 and 附表1-3 as numbered PDFs: the rows are the institution's actual
 * risk points; issuing (number, storage, role check, audit) is the documents pipeline's.
 */
@Injectable()
export class RiskDocumentsService {
  constructor(
    private readonly db: Db,
    private readonly ctx: RiskContext,
    private readonly documents: DocumentsService,
  ) {}

  async issue(actor: Actor, institutionId: number, dto: IssueRiskDocumentDto): Promise<IssuedDocumentView> {
    const data = await this.data(institutionId, dto);
    return this.documents.issue(actor, { templateId: RISK_DOCUMENT_TEMPLATES[dto.kind], institutionId, data: data as unknown as Record<string, unknown> });
  }

  /** The template data of one document, from the risk points as they stand now. */
  async data(institutionId: number, dto: IssueRiskDocumentDto): Promise<RiskCatalogueData | RiskFormPersonData | RiskFormDepartmentData | RiskFormUnitData> {
    const inst = await this.ctx.institution(institutionId);
    const s = await this.ctx.settings(institutionId);
    return this.db.read(async (m) => {
      const people = new Map((await m.getRepository(PersonEntity).findBy({ institutionId })).map((p) => [p.id, p]));
      const depts = new Map((await m.getRepository(DepartmentEntity).findBy({ institutionId })).map((d) => [d.id, d]));
      const posts = new Map((await m.getRepository(PostEntity).findBy({ institutionId })).map((p) => [p.id, p]));
      const all = await m.getRepository(RiskPointEntity).find({ where: { institutionId }, order: { grade: 'ASC', riskIndex: 'DESC', id: 'ASC' } });
      const links = await m.getRepository(RiskPointPowerEntity).createQueryBuilder('l').innerJoin(RiskPointEntity, 'r', 'r.id = l.point_id').where('r.institution_id = :i', { i: institutionId }).getMany();
      const powers = new Map((await m.getRepository(PowerEntity).findBy({ institutionId })).map((p) => [p.id, p]));
      const name = (id: number | null) => (id ? (people.get(id)?.name ?? '') : '');
      const rowsOf = (points: RiskPointEntity[]): RiskDocRow[] =>
        points.map((r, i) => ({
          no: String(i + 1),
          place: r.level === 'institution' ? LEVEL_LABELS.institution.zh : [r.departmentId ? depts.get(r.departmentId)?.name : '', r.postId ? posts.get(r.postId)?.name : ''].filter(Boolean).join('·'),
          powers: links
            .filter((l) => l.pointId === r.id)
            .map((l) => powers.get(l.powerId))
            .filter((p): p is PowerEntity => !!p)
            .map((p) => `${p.number} ${p.name}`)
            .join('；'),
          title: r.title,
          category: s.categories.find((c) => c.key === r.category)?.label.zh ?? r.category,
          grade: gradeLabel(s, r.grade).zh,
          manifestation: r.manifestation,
          prevention: r.measuresPrevention,
          monitoring: r.measuresMonitoring,
          disposal: r.measuresDisposal,
          responsible: name(r.responsiblePersonId),
          status: STATUS_LABELS[r.status]?.zh ?? r.status,
        }));
      const nonEmpty = (points: RiskPointEntity[], what: string) => {
        if (!points.length) throw AppError.conflict({ zh: `${what}没有可列入的风险点`, en: 'There are no risk points to list in this document' });
        return rowsOf(points);
      };
      const gradeHelp = ([1, 2, 3] as Grade[]).map((g) => `${gradeLabel(s, g).zh}：${GRADE_HELP[g].zh}`);
      switch (dto.kind) {
        case 'catalogue':
          return { title: `${inst.name}权力廉政风险等级目录`, institution: inst.name, gradeHelp, rows: nonEmpty(all.filter((r) => r.status !== 'identifying'), '本单位尚无审定的风险点，') };
        case 'summary':
          return { title: `${inst.name}廉政风险点汇总表`, institution: inst.name, gradeHelp, rows: nonEmpty(all, '本单位') };
        case 'form1': {
          const person = dto.personId ? people.get(dto.personId) : undefined;
          if (!dto.personId) throw AppError.validation([{ field: 'personId', key: 'validation.required' }]);
          if (!person) throw AppError.notFound();
          // A post point belongs to its owner; one without an owner belongs to whoever holds the post.
          const mine = all.filter((r) => r.level === 'post' && (r.ownerPersonId === person.id || (!r.ownerPersonId && !!r.postId && r.postId === person.postId)));
          return {
            title: `${inst.name}个人风险岗位廉能识别防控表`,
            institution: inst.name,
            name: person.name,
            jobTitle: person.title,
            department: person.departmentId ? (depts.get(person.departmentId)?.name ?? '') : '',
            post: person.postId ? (posts.get(person.postId)?.name ?? '') : '',
            integrityDuty: INTEGRITY_DUTY,
            rows: nonEmpty(mine, `${person.name}`),
            formNote: formNote(s),
          };
        }
        case 'form2': {
          const dept = dto.departmentId ? depts.get(dto.departmentId) : undefined;
          if (!dto.departmentId) throw AppError.validation([{ field: 'departmentId', key: 'validation.required' }]);
          if (!dept) throw AppError.notFound();
          const points = all.filter((r) => r.level === 'department' && r.departmentId === dept.id);
          const head = name(points.find((r) => r.ownerPersonId)?.ownerPersonId ?? null) || (await this.ctx.peopleWithRole(m, institutionId, 'department-head', dept.id)).find((p) => p.departmentId === dept.id)?.name;
          return { title: `${inst.name}科（室）风险岗位廉能识别防控表`, institution: inst.name, department: dept.name, head: head ?? '', rows: nonEmpty(points, `${dept.name}`), formNote: formNote(s) };
        }
        case 'form3': {
          const points = all.filter((r) => r.level === 'institution');
          const owner = people.get(points.find((r) => r.ownerPersonId)?.ownerPersonId ?? 0) ?? (await this.ctx.peopleWithRole(m, institutionId, 'head'))[0];
          return { title: `${inst.name}风险岗位廉能识别防控表`, institution: inst.name, head: owner?.name ?? '', headTitle: owner?.title ?? '', rows: nonEmpty(points, '本单位'), formNote: formNote(s) };
        }
      }
    });
  }
}
