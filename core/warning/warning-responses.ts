import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LocalizedTextResponse } from '../http/api-responses';
import { ROLES } from '../plugin-api/roles';

/** Answers of /api/warning and the public tip-off API (docs only; shapes from the services' views). */

// ---- levels ----
export class DeadlineResponse {
  @ApiProperty({ enum: ['working-days', 'calendar-days', 'months'], description: '单位' }) unit: string;
  @ApiProperty({ type: 'integer', description: '数量' }) n: number;
  @ApiProperty({ description: '依据' }) source: string;
}

export class LevelExtensionResponse {
  @ApiProperty({ description: '是否允许延期' }) allowed: boolean;
  @ApiPropertyOptional({ type: 'integer', description: '最多延期月数（允许时）' }) maxMonths?: number;
  @ApiPropertyOptional({ enum: ROLES, isArray: true, description: '审批延期的角色（允许时）' }) approvers?: string[];
}

export class LevelDocumentResponse {
  @ApiProperty({ description: '文书种类' }) kind: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '文书标题' }) title: LocalizedTextResponse;
}

export class WarningLevelResponse {
  @ApiProperty({ description: '等级代码' }) code: string;
  @ApiProperty({ type: 'integer', description: '序号（0 最轻）' }) index: number;
  @ApiProperty({ enum: ['green', 'blue', 'yellow', 'orange', 'red'], description: '颜色' }) colour: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '名称' }) label: LocalizedTextResponse;
  @ApiProperty({ type: LocalizedTextResponse, description: '处置方式' }) disposition: LocalizedTextResponse;
  @ApiProperty({ enum: ROLES, isArray: true, description: '可作出该级预警的角色' }) deciders: string[];
  @ApiProperty({ type: LocalizedTextResponse, description: '决定人说明' }) deciderNote: LocalizedTextResponse;
  @ApiPropertyOptional({ type: LocalizedTextResponse, description: '集体决定的机构（有时）' }) decidingBody?: LocalizedTextResponse;
  @ApiProperty({ type: DeadlineResponse, description: '答复期限' }) answerDeadline: DeadlineResponse;
  @ApiProperty({ type: DeadlineResponse, nullable: true, description: '办理最长期限' }) maxPeriod: DeadlineResponse | null;
  @ApiProperty({ type: LevelExtensionResponse, description: '延期' }) extension: LevelExtensionResponse;
  @ApiProperty({ type: LevelDocumentResponse, description: '印发的文书' }) document: LevelDocumentResponse;
  @ApiProperty({ type: LocalizedTextResponse, description: '约谈通知' }) interviewNotice: LocalizedTextResponse;
  @ApiPropertyOptional({ description: '解除时是否印发解除预警通知书' }) releaseNotice?: boolean;
}

export class WarningPaletteResponse {
  @ApiProperty({ description: '等级方案' }) id: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '方案名称' }) name: LocalizedTextResponse;
  @ApiProperty({ enum: ROLES, isArray: true, description: '可任主谈人的角色' }) interviewLeadRoles: string[];
  @ApiProperty({ enum: ROLES, isArray: true, description: '批准解除的角色' }) releaseApprovers: string[];
  @ApiProperty({ type: [WarningLevelResponse], description: '各等级' }) levels: WarningLevelResponse[];
}

// ---- clues ----
export class TipsterResponse {
  @ApiProperty({ type: 'string', nullable: true, description: '举报人姓名' }) name: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '联系方式' }) contact: string | null;
}

export class FactRowResponse {
  @ApiProperty({ type: LocalizedTextResponse, description: '项目' }) label: LocalizedTextResponse;
  @ApiProperty({ type: LocalizedTextResponse, description: '值' }) value: LocalizedTextResponse;
}

export class ClueResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '所属单位' }) institutionId: number;
  @ApiProperty({ description: '来源' }) source: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '来源名称' }) sourceLabel: LocalizedTextResponse;
  @ApiProperty({ description: '渠道' }) channel: string;
  @ApiProperty({ description: '对象类型（人员、部门、单位）' }) subjectType: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '对象人员' }) subjectPersonId: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '对象部门' }) subjectDepartmentId: number | null;
  @ApiProperty({ description: '对象' }) subjectLabel: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '承办单位（非本单位时）' }) handlerInstitutionId: number | null;
  @ApiProperty({ description: '内容' }) content: string;
  @ApiProperty({ description: '状态' }) status: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '状态名称' }) statusLabel: LocalizedTextResponse;
  @ApiProperty({ format: 'date', description: '研判期限' }) triageDue: string;
  @ApiProperty({ description: '是否超期未研判' }) overdue: boolean;
  @ApiProperty({ description: '是否匿名' }) anonymous: boolean;
  @ApiPropertyOptional({ type: TipsterResponse, description: '举报人（仅纪检人员可见）' }) tipster?: TipsterResponse;
  @ApiProperty({ type: 'string', nullable: true, description: '规则' }) ruleId: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '规则版本' }) ruleVersion: number | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: '规则命中的输入（随规则而定）' }) ruleInputs: unknown;
  @ApiProperty({ type: LocalizedTextResponse, nullable: true, description: '规则名称' }) ruleName: LocalizedTextResponse | null;
  @ApiProperty({ type: [FactRowResponse], description: '命中依据（逐项）' }) ruleFacts: FactRowResponse[];
  @ApiProperty({ type: 'string', nullable: true, description: '处理说明' }) outcomeNote: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '并入的预警信息' }) mergedIntoId: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '作出的预警' }) warningId: number | null;
  @ApiProperty({ description: '登记时间' }) createdAt: string;
}

// ---- warnings ----
export class WarningLevelRefResponse {
  @ApiProperty({ description: '等级代码' }) code: string;
  @ApiProperty({ type: 'integer', description: '序号（0 最轻）' }) index: number;
  @ApiProperty({ description: '颜色' }) colour: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '名称' }) label: LocalizedTextResponse;
  @ApiProperty({ type: LocalizedTextResponse, description: '处置方式' }) disposition: LocalizedTextResponse;
  @ApiProperty({ type: LocalizedTextResponse, description: '文书' }) document: LocalizedTextResponse;
  @ApiProperty({ description: '答复期限（文字）' }) deadline: string;
}

export class WarningDecisionResponse {
  @ApiProperty({ description: '决定机构' }) body: string;
  @ApiProperty({ format: 'date', description: '会议日期' }) meetingOn: string;
  @ApiProperty({ description: '纪要编号' }) minutesNo: string;
}

export class WarningStepResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ description: '环节' }) kind: string;
  @ApiProperty({ description: '操作人' }) actor: string;
  @ApiProperty({ description: '时间' }) at: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '环节数据（随环节而定）' }) data: Record<string, unknown>;
}

export class WarningDocumentRefResponse {
  @ApiProperty({ type: 'integer', description: '文书编号（/api/documents/{id}/pdf）' }) id: number;
  @ApiProperty({ description: '文号' }) number: string;
  @ApiProperty({ description: '标题' }) title: string;
  @ApiProperty({ description: '所属环节' }) stepKind: string;
}

export class EvidenceResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ description: '文件名' }) filename: string;
  @ApiProperty({ description: '媒体类型' }) mime: string;
  @ApiProperty({ type: 'integer', description: '字节数' }) size: number;
  @ApiProperty({ description: 'SHA-256' }) sha256: string;
}

export class WarningEvidenceResponse extends EvidenceResponse {
  @ApiProperty({ type: 'integer', nullable: true, description: '所附环节' }) stepId: number | null;
}

export class EscalationResponse {
  @ApiProperty({ description: '原等级' }) fromLevel: string;
  @ApiProperty({ type: 'string', nullable: true, description: '新等级；null 为转组织处理' }) toLevel: string | null;
  @ApiProperty({ description: '原因' }) reason: string;
  @ApiProperty({ description: '时间' }) at: string;
}

export class WarningResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '所属单位' }) institutionId: number;
  @ApiProperty({ type: 'integer', description: '来自的预警信息' }) clueId: number;
  @ApiProperty({ description: '对象类型' }) subjectType: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '对象人员' }) subjectPersonId: number | null;
  @ApiProperty({ description: '对象' }) subjectLabel: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '承办单位（非本单位时）' }) handlerInstitutionId: number | null;
  @ApiProperty({ description: '等级方案' }) palette: string;
  @ApiProperty({ type: WarningLevelRefResponse, description: '等级' }) level: WarningLevelRefResponse;
  @ApiProperty({ description: '状态' }) status: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '状态名称' }) statusLabel: LocalizedTextResponse;
  @ApiProperty({ description: '标题' }) title: string;
  @ApiProperty({ description: '事由' }) reason: string;
  @ApiProperty({ type: 'string', nullable: true, format: 'date', description: '印发日期' }) issuedOn: string | null;
  @ApiProperty({ type: 'string', nullable: true, format: 'date', description: '答复期限' }) dueDate: string | null;
  @ApiProperty({ type: 'string', nullable: true, format: 'date', description: '最终期限' }) finalDate: string | null;
  @ApiProperty({ description: '是否逾期' }) overdue: boolean;
  @ApiProperty({ type: 'integer', nullable: true, description: '剩余天数' }) daysLeft: number | null;
  @ApiProperty({ description: '是否已延期' }) extensionUsed: boolean;
  @ApiProperty({ type: 'integer', nullable: true, description: '申请延期月数' }) extensionRequestedMonths: number | null;
  @ApiProperty({ description: '该级是否允许延期' }) extensionAllowed: boolean;
  @ApiProperty({ description: '是否已转组织处理' }) orgHandling: boolean;
  @ApiProperty({ type: WarningDecisionResponse, nullable: true, description: '集体决定（该级需要时）' }) decision: WarningDecisionResponse | null;
  @ApiProperty({ description: '是否未结' }) open: boolean;
  @ApiProperty({ description: '创建时间' }) createdAt: string;
  @ApiProperty({ type: [String], description: '当前可执行的操作' }) actions: string[];
  @ApiProperty({ type: [WarningStepResponse], description: '办理环节' }) steps: WarningStepResponse[];
  @ApiProperty({ type: [WarningDocumentRefResponse], description: '印发的文书' }) documents: WarningDocumentRefResponse[];
  @ApiProperty({ type: [WarningEvidenceResponse], description: '佐证材料' }) evidence: WarningEvidenceResponse[];
  @ApiProperty({ type: [EscalationResponse], description: '升级记录' }) escalations: EscalationResponse[];
  @ApiPropertyOptional({ type: ClueResponse, description: '来自的预警信息（查看单个时）' }) clue?: ClueResponse;
}

export class InterviewerResponse {
  @ApiProperty({ type: 'integer', description: '账号' }) userId: number;
  @ApiProperty({ description: '姓名' }) name: string;
  @ApiProperty({ description: '岗位' }) post: string;
  @ApiProperty({ enum: ROLES, isArray: true, description: '角色' }) roles: string[];
  @ApiProperty({ description: '可任主谈人' }) lead: boolean;
}

export class WarningScanResponse {
  @ApiProperty({ format: 'date', description: '扫描日' }) today: string;
  @ApiProperty({ type: 'integer', description: '升级的预警' }) escalated: number;
  @ApiProperty({ type: 'integer', description: '转组织处理的' }) orgHandling: number;
  @ApiProperty({ type: 'integer', description: '发出的提醒' }) reminders: number;
  @ApiProperty({ type: 'integer', description: '印发的升级通知' }) documents: number;
  @ApiProperty({ type: 'integer', description: '新逾期的交办事项' }) assignmentsOverdue: number;
}

// ---- quarterly report ----
export class CountResponse {
  @ApiProperty({ description: '键' }) key: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '名称' }) label: LocalizedTextResponse;
  @ApiProperty({ type: 'integer', description: '数量' }) count: number;
}

export class ReportTotalsResponse {
  @ApiProperty({ type: 'integer', description: '预警信息' }) clues: number;
  @ApiProperty({ type: 'integer', description: '预警' }) warnings: number;
  @ApiProperty({ type: 'integer', description: '升级' }) escalated: number;
  @ApiProperty({ type: 'integer', description: '解除' }) released: number;
}

export class TrendResponse {
  @ApiProperty({ description: '季度' }) label: string;
  @ApiProperty({ type: 'integer', description: '预警信息' }) clues: number;
  @ApiProperty({ type: 'integer', description: '预警' }) warnings: number;
  @ApiProperty({ type: 'integer', description: '最高级预警' }) top: number;
}

export class UnitCountResponse {
  @ApiProperty({ type: 'integer', description: '单位' }) institutionId: number;
  @ApiProperty({ description: '单位名称' }) name: string;
  @ApiProperty({ type: 'integer', description: '预警信息' }) clues: number;
  @ApiProperty({ type: 'integer', isArray: true, description: '各级预警数（最轻在前）' }) levels: number[];
  @ApiProperty({ type: 'integer', description: '预警' }) warnings: number;
}

export class OverdueUnitResponse {
  @ApiProperty({ type: 'integer', description: '单位' }) institutionId: number;
  @ApiProperty({ description: '单位名称' }) name: string;
  @ApiProperty({ type: 'integer', description: '逾期未答复的预警' }) warnings: number;
  @ApiProperty({ type: 'integer', description: '超期未研判的预警信息' }) clues: number;
}

export class ModelHitsResponse {
  @ApiProperty({ description: '规则' }) ruleId: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '规则名称' }) label: LocalizedTextResponse;
  @ApiProperty({ type: 'integer', description: '命中数' }) hits: number;
}

export class QuarterlyReportResponse {
  @ApiProperty({ description: '标题' }) title: string;
  @ApiProperty({ type: 'integer', description: '单位' }) institutionId: number;
  @ApiProperty({ description: '单位名称' }) institutionName: string;
  @ApiProperty({ type: 'integer', description: '年度' }) year: number;
  @ApiProperty({ type: 'integer', description: '季度' }) quarter: number;
  @ApiProperty({ format: 'date', description: '起' }) from: string;
  @ApiProperty({ format: 'date', description: '止' }) to: string;
  @ApiProperty({ type: ReportTotalsResponse, description: '合计' }) totals: ReportTotalsResponse;
  @ApiProperty({ type: [CountResponse], description: '按等级' }) byLevel: CountResponse[];
  @ApiProperty({ type: [CountResponse], description: '按来源' }) bySource: CountResponse[];
  @ApiProperty({ type: [CountResponse], description: '按部门' }) byDepartment: CountResponse[];
  @ApiProperty({ type: [CountResponse], description: '按状态' }) byStatus: CountResponse[];
  @ApiProperty({ type: [TrendResponse], description: '近四个季度' }) trend: TrendResponse[];
  @ApiProperty({ type: [UnitCountResponse], description: '按下属单位' }) byUnit: UnitCountResponse[];
  @ApiProperty({ type: [LocalizedTextResponse], description: 'byUnit 各列的等级名称' }) tiers: LocalizedTextResponse[];
  @ApiProperty({ format: 'date', description: '统计日' }) asOf: string;
  @ApiProperty({ type: [OverdueUnitResponse], description: '有逾期事项的单位' }) overdueUnits: OverdueUnitResponse[];
  @ApiProperty({ type: [ModelHitsResponse], description: '命中最多的规则模型' }) topModels: ModelHitsResponse[];
}

export class WarningMessageResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '单位' }) institutionId: number;
  @ApiProperty({ type: 'integer', description: '收件账号' }) userId: number;
  @ApiProperty({ type: 'integer', nullable: true, description: '预警' }) warningId: number | null;
  @ApiProperty({ description: '种类' }) kind: string;
  @ApiProperty({ description: '标题' }) title: string;
  @ApiProperty({ description: '正文' }) body: string;
  @ApiProperty({ type: 'string', nullable: true, description: '去重键' }) uniqueKey: string | null;
  @ApiProperty({ description: '时间' }) createdAt: string;
  @ApiProperty({ type: 'string', nullable: true, description: '阅读时间；未读为 null' }) readAt: string | null;
}

// ---- assignments ----
export class AssignmentWarningResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ description: '状态' }) status: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '状态名称' }) statusLabel: LocalizedTextResponse;
}

export class AssignmentResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '预警信息' }) clueId: number;
  @ApiProperty({ type: 'integer', description: '预警信息所属单位' }) institutionId: number;
  @ApiProperty({ type: 'integer', description: '交办机关' }) fromInstitutionId: number;
  @ApiProperty({ description: '交办机关名称' }) fromName: string;
  @ApiProperty({ type: 'integer', description: '承办单位' }) unitInstitutionId: number;
  @ApiProperty({ description: '承办单位名称' }) unitName: string;
  @ApiProperty({ description: '对象' }) subjectLabel: string;
  @ApiProperty({ format: 'date', description: '办理期限' }) deadline: string;
  @ApiProperty({ description: '交办要求' }) instructions: string;
  @ApiProperty({ description: '状态' }) status: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '状态名称' }) statusLabel: LocalizedTextResponse;
  @ApiProperty({ description: '已过期限未报告' }) overdue: boolean;
  @ApiProperty({ type: 'integer', nullable: true, description: '距期限的工作日（负数为逾期）；已报告或结束为 null' }) workingDaysLeft: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: '办理结果' }) outcome: string | null;
  @ApiProperty({ type: AssignmentWarningResponse, nullable: true, description: '据此作出的预警' }) warning: AssignmentWarningResponse | null;
  @ApiProperty({ description: '创建时间' }) createdAt: string;
  @ApiProperty({ description: '修改时间' }) updatedAt: string;
}

export class AssignmentStepResponse {
  @ApiProperty({ description: '环节' }) kind: string;
  @ApiProperty({ description: '操作人' }) actor: string;
  @ApiProperty({ description: '时间' }) at: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '环节数据' }) data: Record<string, unknown>;
}

export class AssignmentDetailResponse extends AssignmentResponse {
  @ApiProperty({ type: [AssignmentStepResponse], description: '办理过程' }) steps: AssignmentStepResponse[];
}

// ---- public tip-off ----
export class TipoffInstitutionResponse {
  @ApiProperty({ description: '单位代码' }) code: string;
  @ApiProperty({ description: '单位名称' }) name: string;
}

export class TipoffReceiptResponse {
  @ApiProperty({ description: '回执码（只显示这一次）', example: 'JB-ABCDE-FGHJK-LMNPQ-RSTUV' }) receiptCode: string;
  @ApiProperty({ description: '被举报单位' }) institutionName: string;
  @ApiProperty({ description: '受理机关' }) receivingName: string;
}

export class TipoffStatusResponse {
  @ApiProperty({ description: '办理状态' }) status: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '状态名称' }) label: LocalizedTextResponse;
}

// ---- rule-hit list (模型命中) ----
export class RuleHitFactResponse {
  @ApiProperty({ description: '项目' }) label: string;
  @ApiProperty({ description: '值' }) value: string;
}

export class RuleHitClueRefResponse {
  @ApiProperty({ type: 'integer', description: '预警信息' }) id: number;
  @ApiProperty({ description: '预警信息页地址' }) href: string;
}

export class RuleHitRowResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ description: '命中时间' }) at: string;
  @ApiProperty({ description: '规则模型（插件/规则）' }) ruleId: string;
  @ApiProperty({ description: '模型名称' }) model: string;
  @ApiProperty({ description: '等级' }) level: string;
  @ApiProperty({ description: '等级名称' }) levelLabel: string;
  @ApiProperty({ description: '命中对象' }) subject: string;
  @ApiProperty({ type: [RuleHitFactResponse], description: '命中依据' }) facts: RuleHitFactResponse[];
  @ApiProperty({ type: 'integer', nullable: true, description: '命中的记录' }) recordId: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: '记录页地址' }) recordHref: string | null;
  @ApiProperty({ type: RuleHitClueRefResponse, nullable: true, description: '由此登记的预警信息' }) clue: RuleHitClueRefResponse | null;
}

export class RuleHitInstitutionResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ description: '单位名称' }) name: string;
}

export class RuleHitPeriodResponse {
  @ApiProperty({ description: '期间' }) id: string;
  @ApiProperty({ format: 'date', description: '起' }) from: string;
  @ApiProperty({ format: 'date', description: '止' }) to: string;
}

export class RuleHitListResponse {
  @ApiProperty({ type: [RuleHitRowResponse], description: '本页命中' }) items: RuleHitRowResponse[];
  @ApiProperty({ type: 'integer', description: '符合条件的总条数' }) total: number;
  @ApiProperty({ type: 'integer', description: '页码' }) page: number;
  @ApiProperty({ type: 'integer', description: '每页条数' }) pageSize: number;
  @ApiProperty({ type: RuleHitInstitutionResponse, description: '所看的单位' }) institution: RuleHitInstitutionResponse;
  @ApiProperty({ description: '是否从上级查看下级单位（不切换当前单位）' }) otherUnit: boolean;
  @ApiProperty({ type: RuleHitPeriodResponse, nullable: true, description: '期间筛选' }) period: RuleHitPeriodResponse | null;
  @ApiProperty({ type: 'string', nullable: true, description: '模型筛选' }) rule: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '等级筛选' }) level: string | null;
}
