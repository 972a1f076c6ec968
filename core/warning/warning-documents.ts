import { Injectable } from '@nestjs/common';
import { beijingMinute, chineseDate } from '../plugin-api';
import { Db } from '../db/db';
import { DocumentRenderService } from '../documents/document-render.service';
import type { BodyBlock, InterviewNoticeData, InquiryLetterData, RectificationNoticeData, SupervisionRecommendationData, WarningNoticeData } from '../documents/template-data';
import type { WarningArchiveData, WarningReleaseData } from './warning-document-data';
import { t } from '../i18n/i18n';
import { PluginHost } from '../plugin-host/plugin-host';
import type { WarningArchivePdf } from './warning-archive.service';
import { WarningConfigService } from './warning-config.service';
import type { LevelDef } from './warning-levels';
import type { WarningClueEntity, WarningEntity } from './warning.entities';
import type { WarningView } from './warning-view.service';
import { actorNames, stepFields } from './warning-steps';
import { WarningRepository } from './warning.repository';

/** The Beijing calendar day of an instant (steps are stored in UTC). */
const beijingDate = (instant: string) => beijingMinute(instant).slice(0, 10);

/** A level's document kind → the core template that prints it (告知书 is a notice, 监察建议书 a recommendation). */
export const NOTICE_TEMPLATES: Record<string, string> = {
  'warning-notice': 'core/warning-notice',
  'warning-notification': 'core/warning-notice',
  'warning-inquiry': 'core/inquiry-letter',
  'supervision-advice': 'core/supervision-recommendation',
  'rectification-notice': 'core/rectification-notice',
};

/** Removes the tipster's name and contact from a text: a document about the warned person never names them. */
function redact(text: string, clue: Pick<WarningClueEntity, 'tipsterName' | 'tipsterContact'>): string {
  let out = text;
  for (const secret of [clue.tipsterName, clue.tipsterContact]) if (secret?.trim()) out = out.split(secret.trim()).join('***');
  return out;
}

/** Why a matter was raised a level, as the escalation step records it. */
export interface NoticeEscalation {
  from: LevelDef;
  reason: string;
}

/** The sentence that opens an escalation notice: the matter, from which level to which, and why. */
function escalationText(w: WarningEntity, level: LevelDef, e: NoticeEscalation): string {
  const you = w.subjectType === 'person' ? '你' : '你单位';
  const before = `就“${w.title}”对${you}发出${e.from.label.zh}（${e.from.disposition.zh}）`;
  const why = e.reason === 'confirmed-again' ? `${before}后，${you}再次被反映同类问题并经查实` : `${before}后，${you}未在规定期限内作出答复`;
  return `${why}，现将该事项由${e.from.label.zh}升级为${level.label.zh}（${level.disposition.zh}）。`;
}

/**
 * The notice's template and data, filled from the warning, its clue and the level; the due date as 2026年7月1日. An
 * escalation notice says it was raised, from which level and why, and leaves out the reason given for the level below.
 */
export function noticeDocument(w: WarningEntity, clue: WarningClueEntity, level: LevelDef, dueDate: string, escalation?: NoticeEscalation): { templateId: string; data: Record<string, unknown> } {
  const templateId = NOTICE_TEMPLATES[level.document.kind] ?? 'core/warning-notice';
  const person = w.subjectType === 'person';
  const title = `关于${w.title}的${level.document.title.zh}`;
  const addressee = person ? `${w.subjectLabel}同志` : w.subjectLabel;
  const reason = escalation ? [] : [w.reason];
  // A public tip-off is written by the tipster and may identify them; the officer's reason stands in for it.
  const risks = [w.title, ...(clue.channel === 'public' ? [] : [clue.content]), ...reason].map((s) => redact(s, clue));
  // A rule clue's content is what the rule found, in sentences with labels and units (core/rules/rule-facts.ts): stated as found, never questioned.
  const found = clue.channel === 'rule' ? redact(clue.content, clue) : '';
  // A 告知 asks only for a written explanation (003 篇5 六 1); the other levels ask for rectification.
  const explainOnly = level.document.kind === 'warning-notification';
  const requirements = explainOnly
    ? [`按照“${level.disposition.zh}”的要求，对照上述问题认真自查，将需要向组织说明的情况如实作出书面说明。`, '书面说明通过平台提交，可附相关材料。']
    : [`按照“${level.disposition.zh}”的要求，对照上述问题认真开展自查，如实说明情况。`, '针对存在的问题制定整改措施，明确责任和时限，并通过平台提交答复及佐证材料。'];
  const deadline = chineseDate(dueDate);
  // The committee's decision (003 篇5 一级: 提交党委研究确定) is cited with its meeting and minutes number.
  const decided = w.decisionBody && w.decisionMeetingOn ? `经${w.decisionBody}${chineseDate(w.decisionMeetingOn)}会议研究决定（会议纪要编号：${w.decisionMinutesNo ?? ''}），` : '';
  const background = redact(escalation ? escalationText(w, level, escalation) : `经核实，${w.subjectLabel}${w.title}。${w.reason}${decided ? `${decided}对${person ? '你' : '你单位'}作出${level.label.zh}（${level.disposition.zh}）。` : ''}`, clue);
  const letter = { title, addressee };
  let data: WarningNoticeData | InquiryLetterData | SupervisionRecommendationData | RectificationNoticeData;
  if (templateId === 'core/inquiry-letter') {
    const questions = risks.filter((r) => !found || r !== found).map((r) => `关于“${r}”的问题，请说明具体情况。`);
    data = { ...letter, background: `${found}${background}`, respondentKind: person ? '同志' : '单位', questions, replyBy: deadline };
  } else if (templateId === 'core/supervision-recommendation') data = { ...letter, background, problems: risks, recommendations: requirements, replyBy: deadline };
  else if (templateId === 'core/rectification-notice') data = { ...letter, background, problems: risks, requirements, deadline };
  else {
    data = { ...letter, subject: person ? '你' : w.subjectLabel, levelLabel: level.label.zh.replace(/预警$/, ''), risks, requirements, deadline, ...(explainOnly ? { replyWith: '需要向组织说明的情况' } : {}) };
    if (escalation) data.escalation = background;
  }
  return { templateId, data: data as unknown as Record<string, unknown> };
}

/** 解除预警通知书: the notice it closes, what the follow-up visit found, and who released it from when. */
export function releaseDocument(
  w: WarningEntity,
  level: LevelDef,
  r: { notice: { title: string; number: string; on: string } | null; findings: string[]; approver: string; on: string },
): { templateId: string; data: Record<string, unknown> } {
  const person = w.subjectType === 'person';
  const you = person ? '你' : '你单位';
  const levelText = `${level.label.zh}（${level.disposition.zh}）`;
  const data: WarningReleaseData = {
    title: `关于解除${w.title}${level.label.zh}的通知`,
    addressee: person ? `${w.subjectLabel}同志` : w.subjectLabel,
    you,
    matter: w.title,
    ...(r.notice ? { notice: { title: r.notice.title, number: r.notice.number, date: chineseDate(r.notice.on) } } : {}),
    findings: r.findings.length ? r.findings : ['整改已落实到位。'],
    decision: `经${r.approver}批准，决定自${chineseDate(r.on)}起解除对${you}的${levelText}。望引以为戒，严格遵守廉洁从业各项规定。`,
  };
  return { templateId: 'core/warning-release', data: data as unknown as Record<string, unknown> };
}

/** 2026-06-25T09:30 → 2026年6月25日上午9时30分 (the way a notice writes a time). */
export function chineseTime(localIso: string): string {
  const [date, time = '00:00'] = localIso.split('T');
  const [h, min] = time.split(':').map(Number);
  const part = h < 12 ? '上午' : h === 12 ? '中午' : '下午';
  return `${chineseDate(date)}${part}${h > 12 ? h - 12 : h}时${min ? `${min}分` : ''}`;
}

/** 约谈通知单 for a scheduled interview: who, when, where, by whom (the lead first), and why. */
export function interviewNoticeDocument(
  w: WarningEntity,
  level: LevelDef,
  s: { at: string; place: string; post: string; bring?: string[]; lead: { userId: number; name: string; post: string }; interviewers: { userId: number; name: string; post: string }[] },
): { templateId: string; data: Record<string, unknown> } {
  const person = w.subjectType === 'person';
  const named = (c: { name: string; post: string }) => (c.post ? `${c.post} ${c.name}` : c.name);
  const others = s.interviewers.filter((c) => c.userId !== s.lead.userId);
  const data: InterviewNoticeData = {
    title: '约谈通知单',
    addressee: person ? `${w.subjectLabel}同志` : w.subjectLabel,
    interviewKind: level.interviewNotice.zh.replace(/通知单?$/, '') || '约谈',
    interviewee: { name: w.subjectLabel, post: s.post || (person ? '—' : w.subjectType === 'department' ? '科室负责人' : '单位主要负责人') },
    time: chineseTime(s.at),
    place: s.place,
    interviewer: [`${named(s.lead)}（主谈人）`, ...others.map(named)].join('、'),
    subject: `${w.title}（${level.label.zh}，${level.disposition.zh}）`,
    ...(s.bring?.length ? { bring: s.bring } : {}),
  };
  return { templateId: 'core/interview-notice', data: data as unknown as Record<string, unknown> };
}

/** 延期整改通知书: the approved extension, the new deadline, and that no further extension follows (003 篇5 六 3). */
export function extensionDocument(w: WarningEntity, level: LevelDef, e: { months: number; newDueDate: string; at: string }): { templateId: string; data: Record<string, unknown> } {
  const person = w.subjectType === 'person';
  const data: RectificationNoticeData = {
    title: `关于${w.title}延期整改的通知`,
    addressee: person ? `${w.subjectLabel}同志` : w.subjectLabel,
    background: `${person ? '你' : '你单位'}就“${w.title}”${level.label.zh}（${level.disposition.zh}）事项申请延期整改。经研究，同意延期${e.months}个月。`,
    problems: [w.title],
    requirements: ['按照原预警通知书的要求继续落实整改，不得因延期放松整改。', '本次延期为唯一一次延期，逾期未完成整改的，将依规升级预警。'],
    deadline: chineseDate(e.newDueDate),
  };
  return { templateId: 'core/rectification-notice', data: data as unknown as Record<string, unknown> };
}

/** The archive's summary PDF (一事一档): facts and every step, printed unsealed with the institution's letterhead. */
@Injectable()
export class WarningArchivePdfRenderer implements WarningArchivePdf {
  constructor(
    private readonly renderer: DocumentRenderService,
    private readonly host: PluginHost,
    private readonly cfg: WarningConfigService,
    private readonly db: Db,
    private readonly repo: WarningRepository,
  ) {}

  async render(v: WarningView, institutionId: number): Promise<Buffer> {
    const inst = await this.cfg.institution(institutionId);
    const config = this.host.institutions.find((c) => c.code === inst.code);
    const letterhead = config?.letterhead ?? inst.name;
    const facts = [
      `预警对象：${v.subjectLabel}`,
      `事项：${v.title}`,
      `预警等级：${v.level.label.zh}（${v.level.disposition.zh}）`,
      `状态：${v.statusLabel.zh}`,
      `预警事由：${v.reason}`,
      `发出通知：${v.issuedOn ? chineseDate(v.issuedOn) : '未发出'}；答复期限：${v.dueDate ? chineseDate(v.dueDate) : '无'}`,
      ...v.documents.map((d) => `文书：${d.title}（${d.number}）`),
      ...v.evidence.map((e) => `佐证材料：${e.filename}（SHA-256 ${e.sha256.slice(0, 16)}…）`),
    ];
    // Built from the view's own fields only: the clue (and its tipster) is left out whoever exports.
    const levels = (await this.cfg.palette(institutionId)).levels;
    const level = (code: string) => levels.find((l) => l.code === code)?.label.zh ?? code;
    const actor = await this.db.read((m) => actorNames(m, v.steps.map((s) => s.actor), 'zh'));
    const stepLine = (s: WarningView['steps'][number]) => {
      const parts = stepFields(s.data, 'zh', { level, actor }).map((f) => `${f.label}：${f.value}`);
      return `${chineseDate(beijingDate(s.at))}，${actor(s.actor)}${parts.length ? `。${parts.join('；')}` : ''}`;
    };
    const body: BodyBlock[] = v.steps.flatMap((s) => [{ kind: 'h2' as const, text: t('zh', `warning.step_${s.kind}`) }, { text: stepLine(s) }]);
    for (const e of v.escalations) body.push({ kind: 'h2', text: '升级预警' }, { text: `${chineseDate(beijingDate(e.at))}，由${level(e.fromLevel)}${e.toLevel ? `升级为${level(e.toLevel)}` : '转组织处理'}：${stepFields({ reason: e.reason }, 'zh', { level, actor })[0]?.value ?? ''}` });
    // Officers may have quoted the tipster in their own texts; the clue row says whom to strike out.
    const clue = await this.db.read((m) => this.repo.clue(m, v.clueId));
    const data: WarningArchiveData = { title: redact(`预警事项档案（${v.title}）`, clue), facts: facts.map((f) => redact(f, clue)), body: body.map((b) => ({ ...b, text: redact(b.text, clue) })) };
    const today = this.cfg.today();
    const doc = { number: `预警 #${v.id}`, dateText: chineseDate(today), letterhead, signature: letterhead, printer: `${letterhead}办公室`, qr: '', verifyUrl: '', unsealed: true };
    return (await this.renderer.render('core/warning-archive', data as unknown as Record<string, unknown>, doc, inst.code)).pdf;
  }
}
