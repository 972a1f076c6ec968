import { Injectable } from '@nestjs/common';
import { Actor, actorLabel } from '../auth/actor';
import { Db } from '../db/db';
import { AccessService } from '../org/access.service';
import { WarningAccessService } from './warning-access.service';
import { handlerOf } from './warning-jurisdiction.service';
import { WarningState } from './warning-state';
import { WarningTransitionService } from './warning-transition.service';
import { WarningView, WarningViewService } from './warning-view.service';

/** 申诉: the warned subject appeals to the body that issued the warning, which answers after investigation. */
@Injectable()
export class WarningAppealService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly warningAccess: WarningAccessService,
    private readonly transitions: WarningTransitionService,
    private readonly views: WarningViewService,
  ) {}

  /** 申诉 to the body that issued the warning (003 篇5 七 (三)). */
  async appeal(actor: Actor, id: number, input: { grounds: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.warningAccess.load(m, actor, id);
      await this.warningAccess.requireSubject(m, actor, w);
      await this.transitions.apply(m, actorLabel(actor), w, 'appeal', { grounds: input.grounds }, { appealFrom: w.status });
      await this.transitions.tellOfficers(m, w, 'warning.appeal', `预警 #${w.id}（${w.subjectLabel}）提出申诉`, input.grounds);
      return this.views.view(m, actor, w);
    });
  }

  /** Answers an appeal after investigation: upheld (the warning continues where it was) or revoked. */
  async answerAppeal(actor: Actor, id: number, input: { outcome: 'upheld' | 'revoked'; answer: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.warningAccess.load(m, actor, id);
      await this.access.requireAccess(actor, handlerOf(w), ['discipline-officer', 'head', 'deputy-in-charge']);
      const back = input.outcome === 'upheld' ? (w.appealFrom as WarningState) : 'revoked';
      await this.transitions.apply(m, actorLabel(actor), w, 'answer-appeal', { outcome: input.outcome, answer: input.answer, returnsTo: back }, { status: back, appealFrom: null });
      await this.transitions.tellSubject(m, w, 'warning.appeal-answer', input.outcome === 'upheld' ? `申诉答复：维持预警 #${w.id}` : `申诉答复：撤销预警 #${w.id}`, input.answer);
      return this.views.view(m, actor, w);
    });
  }
}
