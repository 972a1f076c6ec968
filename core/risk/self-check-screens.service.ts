import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { DEFAULT_PAGE_SIZE, PageWindow } from '../http/pagination';
import { Lang, pick, t } from '../i18n/i18n';
import { beijingMinute, type LocalizedText } from '../plugin-api';
import { RiskContext } from './risk-context.service';
import { pager, screenHref } from '../web/pager';
import { riskLabels } from './risk-labels';
import { SelfCheckService } from './self-check.service';
import { gradeLabel } from './risk.presets';

export const SELF_CHECK_STATUSES = ['due', 'submitted', 'overdue'] as const;
export type SelfCheckStatus = (typeof SELF_CHECK_STATUSES)[number];

const STATUS_LABELS: Record<SelfCheckStatus, LocalizedText> = {
  due: { zh: '待提交', en: 'Due' },
  submitted: { zh: '已提交', en: 'Submitted' },
  overdue: { zh: '已逾期', en: 'Overdue' },
};

/** View model of the self-checks screen (自查): the caller's (or, for editors, everyone's) reports, rotation reminders and messages. */
@Injectable()
export class SelfCheckScreensService {
  constructor(
    private readonly ctx: RiskContext,
    private readonly selfChecks: SelfCheckService,
  ) {}

  /** The self-checks the caller may see at the institution: every one for its editors (a body above included), else their own. */
  async visible(actor: Actor, institutionId: number, status?: SelfCheckStatus) {
    const editor = await this.ctx.isEditor(actor, institutionId);
    return { editor, checks: (await this.selfChecks.list(actor, institutionId, status)).filter((x) => editor || x.personId === actor.personId) };
  }

  async selfChecksPage(actor: Actor, institutionId: number, lang: Lang, w: PageWindow, message?: string, status?: SelfCheckStatus) {
    const L = riskLabels(lang);
    // Another unit's list (from the county board) is read-only: reports are submitted by the unit's own people.
    const other = institutionId !== actor.currentInstitutionId;
    const { editor, checks } = await this.visible(actor, institutionId, status);
    const settings = await this.ctx.settings(institutionId);
    const messages = await this.selfChecks.messages(actor, w);
    return {
      L,
      message,
      dueDates: settings.selfCheckDueDates.join(pick({ zh: '、', en: ', ' }, lang)),
      otherUnit: other ? { id: institutionId, name: (await this.ctx.institution(institutionId)).name } : null,
      statusFilter: status ? pick(STATUS_LABELS[status], lang) : null,
      total: checks.length,
      checks: checks.map((x) => ({ ...x, gradeLabel: x.grade ? pick(gradeLabel(settings, x.grade), lang) : '', statusLabel: pick(STATUS_LABELS[x.status as SelfCheckStatus], lang), cls: `risk-sc-${x.status}`, canSubmit: !other && x.status !== 'submitted' && (editor || x.personId === actor.personId) })),
      rotation: editor && !other ? await this.selfChecks.rotationList(actor, institutionId) : [],
      editor: editor && !other,
      messages: messages.items.map((m) => ({ ...m, at: beijingMinute(m.createdAt), unread: !m.readAt })),
      messageTotal: t(lang, 'ui.total', { n: messages.total }),
      pager: pager(lang, w, messages.total, (page) => screenHref('/risk/self-checks', { pageSize: w.pageSize === DEFAULT_PAGE_SIZE ? undefined : w.pageSize, page })),
      unread: await this.selfChecks.unreadCount(actor),
    };
  }
}
