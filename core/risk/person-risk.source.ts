import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import type { DossierEntry, FactSubject, PersonRiskSource } from '../assessment/assessment-facts';
import { Db } from '../db/db';
import { CommitmentEntity, RiskPointEntity, SelfCheckEntity } from './risk.entities';

const GRADE_NAMES = ['', '一级/A', '二级/B', '三级/C'];

/** What the integrity dossier and the assessment's evidence read from the risk module. */
@Injectable()
export class RiskPersonSource implements PersonRiskSource {
  constructor(private readonly db: Db) {}

  async riskPointsOf(institutionId: number, personId: number): Promise<DossierEntry[]> {
    const rows = await this.db.read((m) =>
      m
        .getRepository(RiskPointEntity)
        .createQueryBuilder('p')
        .where('p.institution_id = :institutionId', { institutionId })
        .andWhere(new Brackets((q) => q.where('p.owner_person_id = :personId').orWhere('p.responsible_person_id = :personId').orWhere('p.supervisor_person_id = :personId')))
        .setParameter('personId', personId)
        .orderBy('p.id', 'ASC')
        .getMany(),
    );
    return rows.map((p) => ({ date: p.createdAt.slice(0, 10), title: p.title, level: GRADE_NAMES[p.grade] ?? String(p.grade), detail: p.status }));
  }

  async commitmentsOf(institutionId: number, personId: number): Promise<DossierEntry[]> {
    const rows = await this.db.read((m) => m.getRepository(CommitmentEntity).find({ where: { institutionId, personId }, order: { id: 'ASC' } }));
    return rows.map((c) => ({ date: (c.acknowledgedAt ?? c.createdAt).slice(0, 10), title: `${c.year} 年度廉政承诺书`, detail: c.acknowledgedAt ? `已确认 ${c.acknowledgedAt.slice(0, 10)}` : '未确认' }));
  }

  async halfYearReports(institutionId: number, year: number, subject: FactSubject): Promise<DossierEntry[]> {
    const rows = await this.db.read((m) => m.getRepository(SelfCheckEntity).find({ where: { institutionId, status: 'submitted' }, order: { id: 'ASC' } }));
    return rows
      .filter((s) => s.periodKey.startsWith(String(year)) && ((subject.personId && s.personId === subject.personId) || (subject.departmentId && s.departmentId === subject.departmentId)))
      .map((s) => ({ date: (s.submittedAt ?? s.dueDate).slice(0, 10), title: `自查报告 ${s.periodKey}`, detail: s.report.slice(0, 200) }));
  }
}
