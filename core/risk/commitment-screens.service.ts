import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { Clock } from '../clock/clock';
import { DEFAULT_PAGE_SIZE, PageWindow } from '../http/pagination';
import { Lang, pick } from '../i18n/i18n';
import { labelsIn } from '../i18n/labels';
import { OrgService } from '../org/org.service';
import { beijingMinute, type LocalizedText } from '../plugin-api';
import { CommitmentService } from './commitment.service';
import { RiskContext } from './risk-context.service';
import { pager, screenHref } from '../web/pager';
import { riskLabels } from './risk-labels';
import { RiskPointService } from './risk-point.service';

const KIND_LABELS: Record<string, LocalizedText> = {
  personal: { zh: '个人承诺书（附表4）', en: 'Personal (form 4)' },
  department: { zh: '科室承诺书（附表5）', en: 'Department (form 5)' },
};

/** The form's point list: its search, and whether all points are shown or one page of them with the way to the others. */
const POINT_PICK_LABELS = {
  search: { zh: '查找风险点', en: 'Find risk points' },
  all: { zh: '共 {n} 个风险点，全部列出。', en: 'All {n} risk points are listed.' },
  paged: { zh: '共 {n} 个风险点，每页列出一部分：请搜索或翻页找到要承诺的风险点（只提交本页勾选的）。', en: '{n} risk points, listed a page at a time: search or turn the page to find those to commit to (only this page\'s ticks are sent).' },
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

  /** `offer` is the search and page of the risk points the form offers (an institution may have thousands). */
  async commitmentsPage(actor: Actor, institutionId: number, lang: Lang, offer: { q: string; w: PageWindow }, message?: string) {
    const L = riskLabels(lang);
    const editor = await this.ctx.isEditor(actor, institutionId);
    const found = await this.points.list(actor, { institutionId, q: offer.q || undefined, page: offer.w.page, pageSize: offer.w.pageSize }, lang);
    const labels = labelsIn(POINT_PICK_LABELS, lang);
    const total = found.totalCapped ? `${found.total}+` : String(found.total);
    const href = (page: number | undefined) => screenHref('/risk/commitments', { pq: offer.q, pageSize: offer.w.pageSize === DEFAULT_PAGE_SIZE ? undefined : offer.w.pageSize, page });
    const list = await this.commitments.list(actor, institutionId);
    const roles = await this.ctx.rolesAt(actor, institutionId);
    const people = editor ? await this.org.people(actor, institutionId) : [];
    const me = actor.personId ? (await this.org.people(actor, institutionId)).find((x) => x.id === actor.personId) : undefined;
    return {
      L,
      message,
      editor,
      year: this.clock.now().getUTCFullYear(),
      points: found.items,
      pointSearch: {
        q: offer.q,
        // Offered at all: the institution has points, or a search is narrowing them.
        shown: found.total > 0 || !!offer.q || offer.w.page > 1,
        label: labels.search,
        note: labels[found.total > found.items.length || offer.w.page > 1 ? 'paged' : 'all'].replace('{n}', total),
        pager: pager(lang, offer.w, found.total, href, found.totalCapped),
      },
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
