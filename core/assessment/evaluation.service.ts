import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { RoleAssignmentEntity, UserEntity } from '../auth/auth.entities';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { AppError, FieldProblem } from '../http/app-error';
import { registerMessages } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { PersonEntity } from '../org/org.entities';
import { AssessmentSchemeRepository } from './assessment-scheme.repository';
import { assertDraft, AssessmentSchemeService, MANAGE_ROLES, VIEW_ROLES } from './assessment-scheme.service';
import { BALLOT_VALUES, CastBallotDto, CreateRoundDto, PaperTallyDto } from './assessment.dto';
import { EvaluationRoundEntity } from './assessment.entities';
import { EvaluationRoundRepository } from './evaluation-round.repository';
import { BALLOT_CHOICES, EMPTY_TALLY, Tally } from './scoring';

type TallyColumn = keyof Tally;

registerMessages({
  'validation.ballot_incomplete': { zh: '请为每位考核对象选择一项（不作评价的选“弃权”），未选：{names}', en: 'Choose one option for every person (or “Abstain”); not chosen: {names}' },
});

/**
 * Democratic evaluation rounds. Anonymity by construction: a vote sets the voter's has_voted flag and
 * increments per-subject counters in one transaction; no ballot row, id, order or time is stored,
 * and counts are shown only after the round closes.
 */
@Injectable()
export class EvaluationService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly schemeService: AssessmentSchemeService,
    private readonly schemes: AssessmentSchemeRepository,
    private readonly rounds: EvaluationRoundRepository,
  ) {}

  private async round(actor: Actor, id: number): Promise<EvaluationRoundEntity> {
    const r = await this.db.read((m) => this.rounds.findRound(m, id));
    if (!r) throw AppError.notFound();
    await this.access.assertVisible(actor, r.institutionId, { type: 'evaluation-round', id });
    return r;
  }

  /** Who may read a round: its institution's officers and leaders, and its voters. */
  private async mayRead(actor: Actor, r: EvaluationRoundEntity): Promise<boolean> {
    return (await this.access.can(actor, r.institutionId, VIEW_ROLES)) || this.db.read((m) => this.rounds.isListed(m, r.id, actor.userId));
  }

  /** The answer to someone who may not read the round: the logged 404 of a missing id. */
  private concealed(actor: Actor, r: EvaluationRoundEntity): Promise<AppError> {
    return this.access.concealed(actor, { type: 'evaluation-round', id: r.id }, { recordInstitutionId: r.institutionId });
  }

  /** 403 to a reader of the round who may not manage it, the 404 of a missing id to anyone else. */
  private async requireManager(actor: Actor, r: EvaluationRoundEntity): Promise<void> {
    if (await this.access.can(actor, r.institutionId, MANAGE_ROLES)) return;
    throw (await this.mayRead(actor, r)) ? AppError.forbidden() : await this.concealed(actor, r);
  }

  private assertOpen(r: EvaluationRoundEntity): void {
    if (r.status !== 'open') throw AppError.conflict({ zh: '测评已结束', en: 'The round is closed' });
  }

  async create(actor: Actor, schemeId: number, dto: CreateRoundDto): Promise<EvaluationRoundEntity> {
    const scheme = await this.schemeService.scheme(actor, schemeId, MANAGE_ROLES);
    assertDraft(scheme);
    const voterIds = [...new Set(dto.voterUserIds ?? [])];
    if (dto.mode === 'online' && !voterIds.length) throw AppError.validation([{ field: 'voterUserIds', key: 'validation.required' }]);
    if (voterIds.length) {
      // A voter must hold a role at the scheme's institution: its staff evaluate, outsiders do not.
      const allowed = new Set(await this.usersAt(scheme.institutionId));
      const problems: FieldProblem[] = voterIds.filter((id) => !allowed.has(id)).map((id) => ({ field: 'voterUserIds', key: 'validation.invalid', params: { id } }));
      if (problems.length) throw AppError.validation(problems);
    }
    return this.db.write(async (m) => {
      // One round at a time per scheme: a second would split the same voters' ballots between two counts.
      if (await this.rounds.openRoundCount(m, schemeId)) throw AppError.conflict({ zh: '该方案已有进行中的民主测评，请先结束该测评', en: 'A round of this scheme is still open; close it first' });
      const round = await this.rounds.insertRound(m, {
        schemeId,
        institutionId: scheme.institutionId,
        name: dto.name,
        mode: dto.mode,
        status: 'open',
        createdAt: this.clock.now().toISOString(),
        closedAt: null,
      });
      for (const userId of voterIds) await this.rounds.addVoter(m, round.id, userId);
      for (const s of await this.schemes.subjects(m, schemeId)) {
        await this.rounds.addTally(m, { roundId: round.id, subjectId: s.id, source: dto.mode, institutionId: scheme.institutionId, ...EMPTY_TALLY });
      }
      await this.audit.append(m, {
        actor: actorLabel(actor),
        institutionId: scheme.institutionId,
        action: 'evaluation.round.create',
        objectType: 'evaluation-round',
        objectId: round.id,
        detail: { schemeId, mode: dto.mode, voters: voterIds.length },
      });
      return round;
    });
  }

  /** One ballot sheet per voter: a choice per subject; a subject left out or marked invalid is an invalid ballot. */
  /** `everySubject`: the ballot screen's sheet, where each person needs a choice (弃权 is one), so one tap cannot send a blank ballot. */
  async cast(actor: Actor, roundId: number, dto: CastBallotDto, opts: { everySubject?: boolean } = {}): Promise<{ ok: true }> {
    const round = await this.round(actor, roundId);
    if (!(await this.mayRead(actor, round))) throw await this.concealed(actor, round);
    this.assertOpen(round);
    if (round.mode !== 'online') throw AppError.conflict({ zh: '纸质测评不能在线投票', en: 'A paper round takes no online ballots' });
    const subjects = await this.db.read((m) => this.schemes.subjects(m, round.schemeId));
    const problems: FieldProblem[] = [];
    for (const [key, value] of Object.entries(dto.choices)) {
      if (!subjects.some((s) => String(s.id) === key)) problems.push({ field: `choices.${key.slice(0, 20)}`, key: 'validation.unknown_field' });
      else if (!(BALLOT_VALUES as readonly string[]).includes(value)) problems.push({ field: `choices.${key}`, key: 'validation.enum', params: { values: BALLOT_VALUES.join(', ') } });
    }
    const unchosen = opts.everySubject ? subjects.filter((s) => !dto.choices[String(s.id)]) : [];
    if (unchosen.length) problems.push({ field: 'choices', key: 'validation.ballot_incomplete', params: { names: unchosen.map((s) => s.label).join('、') } });
    if (problems.length) throw AppError.validation(problems);
    return this.db.write(async (m) => {
      // The flag flips only from false, inside the write lane: a second sheet from the same voter finds nothing to flip.
      if (!(await this.rounds.markVoted(m, roundId, actor.userId))) {
        if (!(await this.rounds.isListed(m, roundId, actor.userId))) throw AppError.forbidden();
        throw AppError.conflict({ zh: '您已投票，每人只能投一次', en: 'You have already voted; one ballot per voter' });
      }
      for (const s of subjects) {
        const choice = dto.choices[String(s.id)];
        const column: TallyColumn = (BALLOT_CHOICES as readonly string[]).includes(choice) ? (choice as TallyColumn) : 'invalid';
        await this.rounds.countVote(m, roundId, s.id, column);
      }
      // Who voted is audited, never how.
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: round.institutionId, action: 'evaluation.vote', objectType: 'evaluation-round', objectId: roundId });
      return { ok: true as const };
    });
  }

  /** Paper ballots counted after the meeting, entered as totals per subject (replacing earlier totals). */
  async enterPaperTally(actor: Actor, roundId: number, dto: PaperTallyDto): Promise<Tally> {
    const round = await this.round(actor, roundId);
    await this.requireManager(actor, round);
    this.assertOpen(round);
    if (round.mode !== 'paper') throw AppError.conflict({ zh: '在线测评不能录入纸质票数', en: 'An online round takes no paper tallies' });
    const existing = await this.db.read((m) => this.rounds.findTally(m, roundId, dto.subjectId, 'paper'));
    if (!existing) throw AppError.validation([{ field: 'subjectId', key: 'validation.invalid' }]);
    const counts: Tally = { excellent: dto.excellent, good: dto.good, fair: dto.fair, poor: dto.poor, invalid: dto.invalid };
    return this.db.write(async (m) => {
      await this.rounds.setTally(m, roundId, dto.subjectId, 'paper', counts);
      await this.audit.append(m, {
        actor: actorLabel(actor),
        institutionId: round.institutionId,
        action: 'evaluation.paper-tally',
        objectType: 'evaluation-round',
        objectId: roundId,
        detail: { subjectId: dto.subjectId, counts, before: pickTally(existing) },
      });
      return counts;
    });
  }

  async close(actor: Actor, roundId: number): Promise<EvaluationRoundEntity> {
    const round = await this.round(actor, roundId);
    await this.requireManager(actor, round);
    this.assertOpen(round);
    return this.db.write(async (m) => {
      await this.rounds.close(m, roundId, this.clock.now().toISOString());
      const tallies = await this.rounds.tallies(m, roundId);
      await this.audit.append(m, {
        actor: actorLabel(actor),
        institutionId: round.institutionId,
        action: 'evaluation.round.close',
        objectType: 'evaluation-round',
        objectId: roundId,
        detail: { tallies: tallies.map((t) => ({ subjectId: t.subjectId, ...pickTally(t) })) },
      });
      return this.rounds.getRound(m, roundId);
    });
  }

  /** Officers see turnout; counts only once closed. A voter sees the sheet and whether they have voted. */
  async view(actor: Actor, roundId: number) {
    const round = await this.round(actor, roundId);
    const officer = await this.access.can(actor, round.institutionId, VIEW_ROLES);
    return this.db.read(async (m) => {
      const me = await this.rounds.voter(m, roundId, actor.userId);
      if (!officer && !me) throw await this.concealed(actor, round);
      const subjects = await this.schemes.subjects(m, round.schemeId);
      const voters = await this.rounds.voters(m, roundId);
      const tallies = round.status === 'closed' && officer ? await this.rounds.tallies(m, roundId) : null;
      return {
        ...round,
        subjects: subjects.map((s) => ({ id: s.id, label: s.label, kind: s.kind })),
        myBallot: me ? { listed: true, hasVoted: me.hasVoted } : { listed: false, hasVoted: false },
        turnout: officer ? { voters: voters.length, voted: voters.filter((v) => v.hasVoted).length } : null,
        tallies: tallies?.map((t) => ({ subjectId: t.subjectId, source: t.source, ...pickTally(t) })) ?? null,
      };
    });
  }

  /** Every active user holding a role at the institution: the default voter list of an online round. */
  async usersAt(institutionId: number): Promise<number[]> {
    return this.db.read(async (m) => {
      const grants = await m.getRepository(RoleAssignmentEntity).findBy({ institutionId });
      if (!grants.length) return [];
      const users = await m.getRepository(UserEntity).findBy({ id: In([...new Set(grants.map((g) => g.userId))]), disabled: false });
      return users.map((u) => u.id).sort((a, b) => a - b);
    });
  }

  /** Who may be picked as a voter: enabled accounts holding a role at the institution, named by their person where linked. */
  async voterCandidates(institutionId: number): Promise<{ userId: number; label: string }[]> {
    const ids = await this.usersAt(institutionId);
    if (!ids.length) return [];
    return this.db.read(async (m) => {
      const users = await m.getRepository(UserEntity).findBy({ id: In(ids) });
      const personIds = users.map((u) => u.personId).filter((x): x is number => x !== null);
      const people = personIds.length ? await m.getRepository(PersonEntity).findBy({ id: In(personIds) }) : [];
      return users
        .map((u) => {
          const p = people.find((x) => x.id === u.personId);
          return { userId: u.id, label: p ? `${p.name}${p.title ? `（${p.title}）` : ''}` : u.username };
        })
        .sort((a, b) => a.label.localeCompare(b.label, 'zh'));
    });
  }

  /** Open online rounds the caller may still vote in. */
  async myOpenRounds(actor: Actor) {
    return this.db.read((m) => this.rounds.pendingOnlineRounds(m, actor.userId));
  }
}

function pickTally(t: Tally): Tally {
  return { excellent: t.excellent, good: t.good, fair: t.fair, poor: t.poor, invalid: t.invalid };
}
