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

const STATUS_LABELS: Record<string, LocalizedText> = {
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

  async selfChecksPage(actor: Actor, institutionId: number, lang: Lang, w: PageWindow, message?: string) {
    const L = riskLabels(lang);
    const editor = await this.ctx.isEditor(actor, institutionId);
    const settings = await this.ctx.settings(institutionId);
    const list = await this.selfChecks.list(actor, institutionId);
    const messages = await this.selfChecks.messages(actor, w);
    return {
      L,
      message,
      dueDates: settings.selfCheckDueDates.join(pick({ zh: '、', en: ', ' }, lang)),
      checks: list
        .filter((x) => editor || x.personId === actor.personId)
        .map((x) => ({ ...x, gradeLabel: x.grade ? pick(gradeLabel(settings, x.grade), lang) : '', statusLabel: pick(STATUS_LABELS[x.status], lang), cls: `risk-sc-${x.status}`, canSubmit: x.status !== 'submitted' && (editor || x.personId === actor.personId) })),
      rotation: editor ? await this.selfChecks.rotationList(actor, institutionId) : [],
      editor,
      messages: messages.items.map((m) => ({ ...m, at: beijingMinute(m.createdAt), unread: !m.readAt })),
      messageTotal: t(lang, 'ui.total', { n: messages.total }),
      pager: pager(lang, w, messages.total, (page) => screenHref('/risk/self-checks', { pageSize: w.pageSize === DEFAULT_PAGE_SIZE ? undefined : w.pageSize, page })),
      unread: await this.selfChecks.unreadCount(actor),
    };
  }
}
