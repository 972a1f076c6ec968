import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LocalizedTextResponse } from '../http/api-responses';

/** Answers of /api/assessment (docs only; shapes from the services' views). */

export class SchemeResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '所属单位' }) institutionId: number;
  @ApiProperty({ description: '方案名称' }) name: string;
  @ApiProperty({ description: '考核期间', example: '2026' }) period: string;
  @ApiProperty({ enum: ['004-p1', '004-p2', '000'], description: '计分方案' }) preset: string;
  @ApiProperty({ description: '对计分方案的调整（JSON 文本）' }) overrides: string;
  @ApiProperty({ description: '一票否决规则（JSON 文本）' }) vetoRules: string;
  @ApiProperty({ type: 'string', nullable: true, format: 'date', description: '考核日期' }) assessmentDate: string | null;
  @ApiProperty({ description: '结果公开范围' }) resultVisibility: string;
  @ApiProperty({ description: '状态（draft、finalised、published）' }) status: string;
  @ApiProperty({ description: '创建人' }) createdBy: string;
  @ApiProperty({ description: '创建时间' }) createdAt: string;
  @ApiProperty({ type: 'string', nullable: true, description: '确定时间' }) finalisedAt: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '公布时间' }) publishedAt: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '所再次评估的方案' }) reassessmentOf: number | null;
}

export class VetoRuleResponse {
  @ApiProperty({ description: '规则' }) id: string;
  @ApiProperty({ description: '所依据的事实' }) fact: string;
  @ApiProperty({ type: 'integer', description: '达到此数即适用' }) min: number;
  @ApiProperty({ type: 'string', nullable: true, description: '最高可得等级；null 为不限等级' }) capGrade: string | null;
  @ApiProperty({ description: '不得评先评优' }) excludeFromPromotion: boolean;
  @ApiProperty({ type: LocalizedTextResponse, description: '名称' }) label: LocalizedTextResponse;
}

export class GradeBandResponse {
  @ApiProperty({ description: '等级代码' }) code: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '等级名称' }) label: LocalizedTextResponse;
  @ApiProperty({ description: '最低分（两位小数）' }) min: string;
}

export class BallotWeightsResponse {
  @ApiProperty({ type: 'number', description: '好' }) excellent: number;
  @ApiProperty({ type: 'number', description: '较好' }) good: number;
  @ApiProperty({ type: 'number', description: '一般' }) fair: number;
  @ApiProperty({ type: 'number', description: '差' }) poor: number;
}

export class AssessmentItemResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '方案' }) schemeId: number;
  @ApiProperty({ type: 'integer', description: '单位' }) institutionId: number;
  @ApiProperty({ description: '考核内容' }) area: string;
  @ApiProperty({ description: '指标项' }) name: string;
  @ApiProperty({ type: 'integer', description: '分值' }) maxPoints: number;
  @ApiProperty({ description: '计分方式' }) method: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '每缺一项扣分（百分之一分）' }) perMissingHundredths: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: '插件（按指标计分时）' }) pluginId: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '指标（按指标计分时）' }) indicatorId: string | null;
  @ApiProperty({ type: 'integer', description: '顺序' }) position: number;
}

export class AssessmentSubjectResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '方案' }) schemeId: number;
  @ApiProperty({ type: 'integer', description: '单位' }) institutionId: number;
  @ApiProperty({ description: '对象种类（person、department、unit）' }) kind: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '人员' }) personId: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '部门' }) departmentId: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '下属单位' }) unitId: number | null;
  @ApiProperty({ description: '对象' }) label: string;
}

export class RoundResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '方案' }) schemeId: number;
  @ApiProperty({ type: 'integer', description: '单位' }) institutionId: number;
  @ApiProperty({ description: '轮次名称' }) name: string;
  @ApiProperty({ enum: ['online', 'paper'], description: '网上或纸质' }) mode: string;
  @ApiProperty({ enum: ['open', 'closed'], description: '状态' }) status: string;
  @ApiProperty({ description: '创建时间' }) createdAt: string;
  @ApiProperty({ type: 'string', nullable: true, description: '结束时间' }) closedAt: string | null;
}

export class SchemeDetailResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '所属单位' }) institutionId: number;
  @ApiProperty({ description: '方案名称' }) name: string;
  @ApiProperty({ description: '考核期间' }) period: string;
  @ApiProperty({ enum: ['004-p1', '004-p2', '000'], description: '计分方案' }) preset: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '对计分方案的调整' }) overrides: Record<string, unknown>;
  @ApiProperty({ type: [VetoRuleResponse], description: '一票否决规则' }) vetoRules: VetoRuleResponse[];
  @ApiProperty({ type: 'string', nullable: true, format: 'date', description: '考核日期' }) assessmentDate: string | null;
  @ApiProperty({ description: '结果公开范围' }) resultVisibility: string;
  @ApiProperty({ description: '状态' }) status: string;
  @ApiProperty({ description: '创建人' }) createdBy: string;
  @ApiProperty({ description: '创建时间' }) createdAt: string;
  @ApiProperty({ type: 'string', nullable: true, description: '确定时间' }) finalisedAt: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '公布时间' }) publishedAt: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '所再次评估的方案' }) reassessmentOf: number | null;
  @ApiProperty({ type: [GradeBandResponse], description: '等级' }) grades: GradeBandResponse[];
  @ApiProperty({ type: BallotWeightsResponse, description: '测评票的权重' }) weights: BallotWeightsResponse;
  @ApiProperty({ type: [AssessmentItemResponse], description: '指标项' }) items: AssessmentItemResponse[];
  @ApiProperty({ type: [AssessmentSubjectResponse], description: '考核对象' }) subjects: AssessmentSubjectResponse[];
  @ApiProperty({ type: [RoundResponse], description: '测评轮次' }) rounds: RoundResponse[];
}

export class InstitutionIndicatorResponse {
  @ApiProperty({ description: '插件' }) pluginId: string;
  @ApiProperty({ description: '指标' }) indicatorId: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '名称' }) label: LocalizedTextResponse;
  @ApiProperty({ description: '单位' }) unit: string;
  @ApiProperty({ type: 'number', nullable: true, description: '目标值' }) target: number | null;
  @ApiProperty({ enum: ['higher', 'lower'], description: '越高越好或越低越好' }) better: string;
}

// ---- unit ranking and dossier ----
export class IdNameResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ description: '名称' }) name: string;
}

export class GradeCountResponse {
  @ApiProperty({ description: '等级名称' }) label: string;
  @ApiProperty({ type: 'integer', description: '人数' }) count: number;
}

export class UnitRowResponse {
  @ApiProperty({ type: 'integer', description: '单位' }) institutionId: number;
  @ApiProperty({ description: '单位名称' }) name: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '名次；本期无结果为 null' }) rank: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '得分（百分之一分）' }) scoreHundredths: number | null;
  @ApiProperty({ description: '得分（文字）' }) score: string;
  @ApiProperty({ type: 'integer', description: '有结果的对象数' }) assessed: number;
  @ApiProperty({ type: [GradeCountResponse], description: '各等级人数' }) grades: GradeCountResponse[];
  @ApiPropertyOptional({ description: '被一票否决（按单位方案排名时）' }) vetoed?: boolean;
  @ApiPropertyOptional({ type: [LocalizedTextResponse], description: '否决原因' }) vetoReasons?: LocalizedTextResponse[];
}

export class LabelScoreResponse {
  @ApiProperty({ description: '单位' }) label: string;
  @ApiProperty({ type: 'integer', description: '得分（百分之一分）' }) hundredths: number;
}

export class PeriodScoresResponse {
  @ApiProperty({ description: '期间' }) period: string;
  @ApiProperty({ type: [LabelScoreResponse], description: '各单位得分' }) scores: LabelScoreResponse[];
}

export class UnitRankingResponse {
  @ApiProperty({ type: IdNameResponse, description: '上级单位' }) parent: IdNameResponse;
  @ApiProperty({ type: 'string', nullable: true, description: '期间' }) period: string | null;
  @ApiProperty({ type: [String], description: '可选的期间' }) periods: string[];
  @ApiProperty({ type: [UnitRowResponse], description: '排名' }) rows: UnitRowResponse[];
  @ApiProperty({ enum: ['unit-scheme', 'subject-average'], description: '得分依据' }) basis: string;
  @ApiProperty({ type: IdNameResponse, nullable: true, description: '所依据的单位考核方案' }) scheme: IdNameResponse | null;
  @ApiProperty({ type: [PeriodScoresResponse], description: '各期得分（趋势）' }) history: PeriodScoresResponse[];
}

export class RedWarningResponse {
  @ApiProperty({ type: 'integer', description: '预警' }) id: number;
  @ApiProperty({ description: '标题' }) title: string;
  @ApiProperty({ description: '对象' }) subjectLabel: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '等级' }) level: LocalizedTextResponse;
  @ApiProperty({ format: 'date', description: '预警日期' }) since: string;
}

export class UnitDossierEntryResponse {
  @ApiProperty({ type: 'integer', description: '方案' }) schemeId: number;
  @ApiProperty({ description: '方案名称' }) schemeName: string;
  @ApiProperty({ description: '期间' }) period: string;
  @ApiProperty({ description: '考核单位' }) assessedBy: string;
  @ApiProperty({ description: '调用者能否打开该方案' }) schemeOpen: boolean;
  @ApiProperty({ description: '得分' }) score: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '等级' }) grade: LocalizedTextResponse;
  @ApiProperty({ description: '不得评先评优' }) excludedFromPromotion: boolean;
  @ApiProperty({ type: [LocalizedTextResponse], description: '原因' }) reasons: LocalizedTextResponse[];
  @ApiProperty({ type: [RedWarningResponse], description: '一级（红色）预警' }) redWarnings: RedWarningResponse[];
}

export class UnitDossierResponse {
  @ApiProperty({ type: IdNameResponse, description: '单位' }) unit: IdNameResponse;
  @ApiProperty({ type: [UnitDossierEntryResponse], description: '各次考核结果' }) entries: UnitDossierEntryResponse[];
}

// ---- evidence, scores, results ----
export class DossierEntryResponse {
  @ApiProperty({ format: 'date', description: '日期' }) date: string;
  @ApiProperty({ description: '标题' }) title: string;
  @ApiPropertyOptional({ description: '详情' }) detail?: string;
  @ApiPropertyOptional({ description: '等级（中文）' }) level?: string;
  @ApiPropertyOptional({ type: LocalizedTextResponse, description: '等级（双语）' }) levelLabel?: LocalizedTextResponse;
}

export class SubjectEvidenceResponse {
  @ApiProperty({ type: 'integer', description: '考核对象' }) subjectId: number;
  @ApiProperty({ description: '对象' }) label: string;
  @ApiProperty({ type: [DossierEntryResponse], description: '自查报告等佐证' }) reports: DossierEntryResponse[];
}

export class ItemScoreResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '指标项' }) itemId: number;
  @ApiProperty({ type: 'integer', description: '考核对象' }) subjectId: number;
  @ApiProperty({ type: 'integer', description: '单位' }) institutionId: number;
  @ApiProperty({ type: 'integer', nullable: true, description: '得分（百分之一分）' }) pointsHundredths: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '缺项数（扣分项）' }) missing: number | null;
  @ApiProperty({ description: '评分依据' }) evidence: string;
  @ApiProperty({ description: '评分人' }) scoredBy: string;
  @ApiProperty({ description: '评分时间' }) scoredAt: string;
}

export class TallyResponse {
  @ApiProperty({ type: 'integer', description: '好' }) excellent: number;
  @ApiProperty({ type: 'integer', description: '较好' }) good: number;
  @ApiProperty({ type: 'integer', description: '一般' }) fair: number;
  @ApiProperty({ type: 'integer', description: '差' }) poor: number;
  @ApiProperty({ type: 'integer', description: '无效' }) invalid: number;
}

export class IndicatorReadingResponse {
  @ApiProperty({ type: LocalizedTextResponse, description: '指标' }) label: LocalizedTextResponse;
  @ApiProperty({ description: '单位' }) unit: string;
  @ApiProperty({ enum: ['higher', 'lower'], description: '越高越好或越低越好' }) better: string;
  @ApiProperty({ type: 'number', nullable: true, description: '值' }) value: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: '目标值' }) target: number | null;
  @ApiPropertyOptional({ type: 'number', nullable: true, description: '分子' }) numerator?: number | null;
  @ApiPropertyOptional({ type: 'number', nullable: true, description: '分母' }) denominator?: number | null;
  @ApiPropertyOptional({ description: '计算出错时的说明' }) error?: string;
}

export class ItemResultResponse {
  @ApiProperty({ type: 'integer', description: '指标项' }) itemId: number;
  @ApiProperty({ description: '考核内容' }) area: string;
  @ApiProperty({ description: '指标项' }) name: string;
  @ApiProperty({ description: '计分方式' }) method: string;
  @ApiProperty({ type: 'integer', description: '分值' }) maxPoints: number;
  @ApiProperty({ type: 'number', nullable: true, description: '得分' }) points: number | null;
  @ApiProperty({ description: '得分（文字）' }) pointsText: string;
  @ApiProperty({ description: '尚未评分' }) pending: boolean;
  @ApiPropertyOptional({ description: '评分依据' }) evidence?: string;
  @ApiPropertyOptional({ type: 'integer', nullable: true, description: '缺项数' }) missing?: number | null;
  @ApiPropertyOptional({ type: IndicatorReadingResponse, description: '指标读数（按指标计分时）' }) indicator?: IndicatorReadingResponse;
  @ApiPropertyOptional({ type: TallyResponse, description: '测评票数（按测评计分时）' }) tally?: TallyResponse;
}

export class GradeCapResponse {
  @ApiProperty({ description: '规则' }) ruleId: string;
  @ApiProperty({ description: '原等级' }) from: string;
  @ApiProperty({ description: '限定后的等级' }) to: string;
  @ApiProperty({ type: LocalizedTextResponse }) fromLabel: LocalizedTextResponse;
  @ApiProperty({ type: LocalizedTextResponse }) toLabel: LocalizedTextResponse;
  @ApiProperty({ type: LocalizedTextResponse, description: '原因' }) reason: LocalizedTextResponse;
}

export class NotBindingResponse {
  @ApiProperty({ description: '规则' }) ruleId: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '未适用的原因' }) reason: LocalizedTextResponse;
}

export class ConsequenceResponse {
  @ApiProperty({ description: '代码' }) code: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '结果运用' }) label: LocalizedTextResponse;
}

export class SubjectResultResponse {
  @ApiProperty({ type: 'integer', description: '考核对象' }) subjectId: number;
  @ApiProperty({ description: '对象种类' }) kind: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '人员' }) personId: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '部门' }) departmentId: number | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true, description: '下属单位（单位对象）' }) unitId?: number | null;
  @ApiProperty({ description: '对象' }) label: string;
  @ApiProperty({ type: [ItemResultResponse], description: '各指标项' }) items: ItemResultResponse[];
  @ApiProperty({ type: TallyResponse, nullable: true, description: '测评票数' }) tally: TallyResponse | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '测评得分（百分之一分）' }) evaluationHundredths: number | null;
  @ApiProperty({ type: 'integer', description: '得分（百分之一分）' }) scoreHundredths: number;
  @ApiProperty({ description: '得分（文字）' }) score: string;
  @ApiProperty({ description: '按分数的等级' }) baseGrade: string;
  @ApiProperty({ type: LocalizedTextResponse }) baseGradeLabel: LocalizedTextResponse;
  @ApiProperty({ description: '最终等级' }) grade: string;
  @ApiProperty({ type: LocalizedTextResponse }) gradeLabel: LocalizedTextResponse;
  @ApiProperty({ type: [GradeCapResponse], description: '一票否决的等级限定' }) caps: GradeCapResponse[];
  @ApiProperty({ type: [NotBindingResponse], description: '未适用的否决规则' }) notBinding: NotBindingResponse[];
  @ApiProperty({ description: '不得评先评优' }) excludedFromPromotion: boolean;
  @ApiProperty({ type: [ConsequenceResponse], description: '结果运用' }) consequences: ConsequenceResponse[];
  @ApiProperty({ description: '有未评分的项' }) pending: boolean;
  @ApiPropertyOptional({ type: [RedWarningResponse], description: '单位对象当年的一级预警' }) redWarnings?: RedWarningResponse[];
  @ApiProperty({ type: 'integer', description: '名次' }) rank: number;
}

export class EvaluatingResponse {
  @ApiProperty({ type: 'integer', description: '已投票数' }) ballotsCast: number;
}

export class SchemeResultsResponse {
  @ApiProperty({ type: 'integer', description: '方案' }) schemeId: number;
  @ApiProperty({ description: '结果是否已确定（冻结）' }) frozen: boolean;
  @ApiProperty({ enum: ['004-p1', '004-p2', '000'], description: '计分方案' }) preset: string;
  @ApiProperty({ type: [SubjectResultResponse], description: '各对象结果' }) results: SubjectResultResponse[];
  @ApiProperty({ type: 'string', nullable: true, format: 'date', description: '结果公开的最后一天' }) publishedUntil: string | null;
  @ApiProperty({ type: EvaluatingResponse, nullable: true, description: '测评进行中时只给出已投票数' }) evaluating: EvaluatingResponse | null;
}

// ---- self-reports, rounds, vetoes, dossiers ----
export class SelfReportResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '方案' }) schemeId: number;
  @ApiProperty({ type: 'integer', description: '考核对象' }) subjectId: number;
  @ApiProperty({ type: 'integer', description: '单位' }) institutionId: number;
  @ApiProperty({ description: '标题' }) title: string;
  @ApiProperty({ description: '正文' }) body: string;
  @ApiProperty({ format: 'date', description: '公开起' }) publishFrom: string;
  @ApiProperty({ format: 'date', description: '公开止' }) publishUntil: string;
  @ApiProperty({ description: '提交人' }) submittedBy: string;
  @ApiProperty({ description: '提交时间' }) submittedAt: string;
}

export class SelfReportListedResponse extends SelfReportResponse {
  @ApiProperty({ description: '是否已到公开日' }) published: boolean;
}

export class RoundSubjectResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ description: '对象' }) label: string;
  @ApiProperty({ description: '对象种类' }) kind: string;
}

export class MyBallotResponse {
  @ApiProperty({ description: '是否在投票人名单中' }) listed: boolean;
  @ApiProperty({ description: '是否已投票' }) hasVoted: boolean;
}

export class TurnoutResponse {
  @ApiProperty({ type: 'integer', description: '投票人数' }) voters: number;
  @ApiProperty({ type: 'integer', description: '已投票人数' }) voted: number;
}

export class SubjectTallyResponse extends TallyResponse {
  @ApiProperty({ type: 'integer', description: '考核对象' }) subjectId: number;
  @ApiProperty({ description: '来源（online、paper）' }) source: string;
}

export class RoundDetailResponse extends RoundResponse {
  @ApiProperty({ type: [RoundSubjectResponse], description: '测评对象' }) subjects: RoundSubjectResponse[];
  @ApiProperty({ type: MyBallotResponse, description: '调用者的投票情况' }) myBallot: MyBallotResponse;
  @ApiProperty({ type: TurnoutResponse, nullable: true, description: '投票率（仅纪检人员）' }) turnout: TurnoutResponse | null;
  @ApiProperty({ type: [SubjectTallyResponse], nullable: true, description: '计票（结束后，仅纪检人员）' }) tallies: SubjectTallyResponse[] | null;
}

export class VetoResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '单位' }) institutionId: number;
  @ApiProperty({ type: 'integer', description: '人员' }) personId: number;
  @ApiProperty({ type: 'integer', description: '年度' }) year: number;
  @ApiProperty({ description: '事由' }) reason: string;
  @ApiProperty({ description: '登记人' }) recordedBy: string;
  @ApiProperty({ description: '登记时间' }) recordedAt: string;
}

export class DossierPersonResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ description: '姓名' }) name: string;
  @ApiProperty({ description: '职务' }) title: string;
  @ApiProperty({ type: 'integer', description: '单位' }) institutionId: number;
  @ApiProperty({ type: 'integer', nullable: true, description: '部门' }) departmentId: number | null;
}

export class DossierResultResponse {
  @ApiProperty({ type: 'integer', description: '方案' }) schemeId: number;
  @ApiProperty({ description: '方案名称' }) scheme: string;
  @ApiProperty({ description: '期间' }) period: string;
  @ApiProperty({ format: 'date', description: '日期' }) date: string;
  @ApiProperty({ description: '得分' }) score: string;
  @ApiProperty({ type: 'string', nullable: true, description: '测评得分' }) evaluationScore: string | null;
  @ApiProperty({ description: '等级' }) grade: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '等级名称' }) gradeLabel: LocalizedTextResponse;
  @ApiProperty({ description: '不得评先评优' }) excludedFromPromotion: boolean;
  @ApiProperty({ type: [LocalizedTextResponse], description: '等级限定的原因' }) caps: LocalizedTextResponse[];
}

export class DossierVetoResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '年度' }) year: number;
  @ApiProperty({ description: '事由' }) reason: string;
  @ApiProperty({ description: '登记人' }) recordedBy: string;
  @ApiProperty({ description: '登记时间' }) recordedAt: string;
}

export class DossierViewResponse {
  @ApiProperty({ description: '查看人' }) who: string;
  @ApiProperty({ description: '时间' }) at: string;
  @ApiProperty({ description: '结果（ok、denied）' }) outcome: string;
}

export class TimelineEntryResponse extends DossierEntryResponse {
  @ApiProperty({ enum: ['risk-point', 'commitment', 'warning', 'assessment', 'veto'], description: '种类' }) kind: string;
}

export class PersonDossierResponse {
  @ApiProperty({ type: DossierPersonResponse, description: '人员' }) person: DossierPersonResponse;
  @ApiProperty({ type: [DossierEntryResponse], description: '风险点' }) riskPoints: DossierEntryResponse[];
  @ApiProperty({ type: [DossierEntryResponse], description: '廉政承诺' }) commitments: DossierEntryResponse[];
  @ApiProperty({ type: [DossierEntryResponse], description: '预警' }) warnings: DossierEntryResponse[];
  @ApiProperty({ type: [DossierResultResponse], description: '考核结果' }) results: DossierResultResponse[];
  @ApiProperty({ type: [DossierVetoResponse], description: '一票否决' }) vetoes: DossierVetoResponse[];
  @ApiProperty({ type: [DossierViewResponse], description: '最近 50 次查看' }) views: DossierViewResponse[];
  @ApiProperty({ type: [TimelineEntryResponse], description: '时间线（新在前）' }) timeline: TimelineEntryResponse[];
}
