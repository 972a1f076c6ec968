import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Lang, pick } from '../i18n/i18n';
import { OrgService } from '../org/org.service';
import { beijingMinute, type LocalizedText } from '../plugin-api';
import { CommitmentService } from './commitment.service';
import { RiskContext } from './risk-context.service';
import { riskLabels } from './risk-labels';
import { RiskPointService } from './risk-point.service';

const KIND_LABELS: Record<string, LocalizedText> = {
  personal: { zh: '个人承诺书（附表4）', en: 'Personal (form 4)' },
  department: { zh: '科室承诺书（附表5）', en: 'Department (form 5)' },
};

/** View model of the commitments screen (廉政承诺书): the list with who may acknowledge, and the form for editors and staff. */
@Injectable()
export class CommitmentScreensService {
  constructor(
    private readonly ctx: RiskContext,
    private readonly org: OrgService,
    private readonly points: RiskPointService,
    private readonly commitments: CommitmentService,
    private readonly clock: Clock,
  ) {}

  async commitmentsPage(actor: Actor, institutionId: number, lang: Lang, message?: string) {
    const L = riskLabels(lang);
    const editor = await this.ctx.isEditor(actor, institutionId);
    const points = (await this.points.list(actor, { institutionId, limit: 200 }, lang)).items;
    const list = await this.commitments.list(actor, institutionId);
    const roles = await this.ctx.rolesAt(actor, institutionId);
    const people = editor ? await this.org.people(actor, institutionId) : [];
    const me = actor.personId ? (await this.org.people(actor, institutionId)).find((x) => x.id === actor.personId) : undefined;
    return {
      L,
      message,
      editor,
      year: this.clock.now().getUTCFullYear(),
      points,
      people: people.map((x) => ({ id: x.id, name: `${x.name}（${x.departmentName ?? ''} ${x.postName ?? ''}）` })),
      departments: editor ? await this.org.departments(actor, institutionId) : [],
      commitments: list.map((x) => ({
        ...x,
        kindLabel: pick(KIND_LABELS[x.kind === 'personal' ? 'personal' : 'department'], lang),
        // Who signs: the person for a personal one, the department's head for a department one.
        canAck: !x.acknowledgedAt && (x.kind === 'personal' ? x.personId === actor.personId : roles.includes('department-head') && me?.departmentId === x.departmentId),
        ackAt: x.acknowledgedAt ? beijingMinute(x.acknowledgedAt) : null,
      })),
    };
  }
}
