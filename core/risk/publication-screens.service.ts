import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Lang, pick } from '../i18n/i18n';
import { beijingMinute, type LocalizedText } from '../plugin-api';
import { PublicationService } from './publication.service';
import { LEVEL_LABELS, riskLabels } from './risk-labels';
import { RiskPointService } from './risk-point.service';

const PUBLICATION_STATUS: Record<'superseded' | 'open' | 'closed', LocalizedText> = {
  superseded: { zh: '已被新版本取代', en: 'Superseded' },
  open: { zh: '公示中', en: 'Open' },
  closed: { zh: '不在公示期', en: 'Outside period' },
};

const COMMENT_KIND: Record<'objection' | 'comment', LocalizedText> = {
  objection: { zh: '异议', en: 'Objection' },
  comment: { zh: '意见', en: 'Comment' },
};

/** Labels of the publication form's fields that the risk labels lack, for its messages. */
export function publishFormLabels(lang: Lang): Record<string, string> {
  const L = riskLabels(lang);
  return { ...L, startsOn: pick({ zh: '开始日期', en: 'Start' }, lang), endsOn: pick({ zh: '结束日期', en: 'End' }, lang), pointIds: L.points };
}

/** View models of the publication screens (公示): the list with the publish form, and one publication with its comments. */
@Injectable()
export class PublicationScreensService {
  constructor(
    private readonly publications: PublicationService,
    private readonly points: RiskPointService,
    private readonly clock: Clock,
  ) {}

  async publicationsPage(actor: Actor, institutionId: number, lang: Lang, message?: string) {
    const canPublish = await this.publications.canPublish(actor, institutionId);
    // Every approved point is offered: a catalogue published with some silently left out would mislead its readers.
    const approved = canPublish ? await this.points.all(actor, { institutionId, status: 'approved' }, lang) : [];
    const status = (s: string, inPeriod: boolean) => pick(PUBLICATION_STATUS[s === 'superseded' ? 'superseded' : inPeriod ? 'open' : 'closed'], lang);
    return {
      L: riskLabels(lang),
      message,
      canPublish,
      approved,
      today: this.clock.today(),
      publications: (await this.publications.list(actor, institutionId)).map((p) => ({ ...p, statusLabel: status(p.status, p.inPeriod) })),
    };
  }

  async publicationPage(actor: Actor, id: number, lang: Lang, message?: string) {
    const pub = await this.publications.get(actor, id);
    return {
      title: `${pub.title}（v${pub.version}）`,
      data: {
        L: riskLabels(lang),
        message,
        pub,
        items: pub.items.map((i) => ({ ...i, levelLabel: pick(LEVEL_LABELS[i.level], lang) })),
        comments: pub.comments.map((c) => ({ ...c, kindLabel: pick(COMMENT_KIND[c.kind === 'objection' ? 'objection' : 'comment'], lang), at: beijingMinute(c.at), point: pub.items.find((i) => i.pointId === c.pointId)?.title ?? '' })),
        canComment: pub.inPeriod,
        canRevise: pub.status === 'open' && (await this.publications.canPublish(actor, pub.institutionId)),
      },
    };
  }
}
