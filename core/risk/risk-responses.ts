import { ApiProperty } from '@nestjs/swagger';

/** Answers of /api/risk (docs only; shapes from the services' views). */

// ---- settings ----
export class KeyLabelResponse {
  @ApiProperty({ description: '键' }) key: string;
  @ApiProperty({ description: '名称（请求语言）' }) label: string;
}

export class ValueLabelResponse {
  @ApiProperty({ type: 'integer', description: '值' }) value: number;
  @ApiProperty({ description: '名称（请求语言）' }) label: string;
}

export class StringOptionResponse {
  @ApiProperty({ description: '值' }) value: string;
  @ApiProperty({ description: '名称（请求语言）' }) label: string;
}

export class RiskStepSettingResponse {
  @ApiProperty({ type: 'integer', description: '步骤序号（从 1 起）' }) number: number;
  @ApiProperty({ description: '步骤键' }) key: string;
  @ApiProperty({ enum: ['self', 'colleague', 'leader', 'collective', 'organisation'], description: '查找方式' }) kind: string;
  @ApiProperty({ description: '步骤名称' }) label: string;
}

export class RiskGradeSettingResponse {
  @ApiProperty({ type: 'integer', enum: [1, 2, 3], description: '等级' }) grade: number;
  @ApiProperty({ description: '等级名称' }) label: string;
  @ApiProperty({ description: '等级说明' }) help: string;
  @ApiProperty({ type: 'string', nullable: true, description: '主体责任人角色' }) responsible: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '监督责任人角色' }) supervisor: string | null;
}

export class RiskFactorSettingResponse {
  @ApiProperty({ enum: ['scope', 'frequency', 'variability', 'distribution', 'duration'], description: '因素' }) key: string;
  @ApiProperty({ description: '名称' }) label: string;
  @ApiProperty({ type: 'number', description: '风险指数中的权重' }) weight: number;
  @ApiProperty({ description: '可不评估' }) optional: boolean;
  @ApiProperty({ type: [ValueLabelResponse], description: '取值' }) options: ValueLabelResponse[];
}

export class RiskIndexWeightsResponse {
  @ApiProperty({ type: 'number' }) likelihood: number;
  @ApiProperty({ type: 'number' }) harm: number;
  @ApiProperty({ type: 'number' }) scope: number;
  @ApiProperty({ type: 'number' }) frequency: number;
  @ApiProperty({ type: 'number' }) variability: number;
  @ApiProperty({ type: 'number' }) distribution: number;
  @ApiProperty({ type: 'number' }) duration: number;
}

export class ExtensionFieldResponse {
  @ApiProperty({ description: '字段键' }) key: string;
  @ApiProperty({ description: '字段类型' }) type: string;
  @ApiProperty({ description: '字段名称' }) label: string;
  @ApiProperty({ description: '是否必填' }) required: boolean;
  @ApiProperty({ type: [StringOptionResponse], description: '可选项' }) options: StringOptionResponse[];
}

export class ExtensionFieldsResponse {
  @ApiProperty({ description: '插件' }) pluginId: string;
  @ApiProperty({ type: [ExtensionFieldResponse], description: '插件给风险点加的字段' }) fields: ExtensionFieldResponse[];
}

export class RiskSettingsResponse {
  @ApiProperty({ description: '风险类别方案' }) categoryPreset: string;
  @ApiProperty({ type: [KeyLabelResponse], description: '风险类别' }) categories: KeyLabelResponse[];
  @ApiProperty({ description: '查找步骤方案' }) stepPreset: string;
  @ApiProperty({ type: [RiskStepSettingResponse], description: '查找与审核步骤' }) steps: RiskStepSettingResponse[];
  @ApiProperty({ description: '等级方案' }) gradeScale: string;
  @ApiProperty({ type: [RiskGradeSettingResponse], description: '风险等级及责任人' }) grades: RiskGradeSettingResponse[];
  @ApiProperty({ type: [ValueLabelResponse], description: '发生可能性' }) likelihood: ValueLabelResponse[];
  @ApiProperty({ type: [ValueLabelResponse], description: '危害程度' }) harm: ValueLabelResponse[];
  @ApiProperty({ type: [RiskFactorSettingResponse], description: '风险指数的其他因素' }) factors: RiskFactorSettingResponse[];
  @ApiProperty({ type: RiskIndexWeightsResponse, description: '风险指数权重' }) riskIndexWeights: RiskIndexWeightsResponse;
  @ApiProperty({ description: '风险指数说明' }) riskIndexHelp: string;
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'integer' } }, description: '可能性 × 危害 → 等级矩阵' }) gradeMatrix: number[][];
  @ApiProperty({ type: [String], description: '自查报告截止日（MM-DD）' }) selfCheckDueDates: string[];
  @ApiProperty({ type: [ExtensionFieldsResponse], description: '插件扩展字段' }) extensionFields: ExtensionFieldsResponse[];
}

// ---- power catalogue ----
export class FlowChartResponse {
  @ApiProperty({ type: 'integer', description: '文件编号' }) id: number;
  @ApiProperty({ description: '文件名' }) name: string;
  @ApiProperty({ description: '媒体类型' }) mime: string;
  @ApiProperty({ type: 'integer', description: '字节数' }) size: number;
  @ApiProperty({ description: '下载地址' }) url: string;
}

export class PowerResponse {
  @ApiProperty({ type: 'integer', description: '编号' }) id: number;
  @ApiProperty({ type: 'integer', description: '所属单位' }) institutionId: number;
  @ApiProperty({ description: '事项编号', example: 'YJ-001' }) number: string;
  @ApiProperty({ description: '权力类别' }) category: string;
  @ApiProperty({ description: '事项名称' }) name: string;
  @ApiProperty({ description: '法定依据（文件）' }) legalBasisDocument: string;
  @ApiProperty({ description: '法定依据（条款）' }) legalBasisArticle: string;
  @ApiProperty({ description: '运行流程' }) processDescription: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '流程图文件' }) flowChartFileId: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '责任部门' }) responsibleDepartmentId: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '责任岗位' }) responsiblePostId: number | null;
  @ApiProperty({ description: '关键环节' }) keyLinks: string;
  @ApiProperty({ description: '薄弱环节' }) weakLinks: string;
  @ApiProperty({ description: '工作规则' }) workRules: string;
  @ApiProperty({ description: '相关制度' }) relatedRegulations: string;
  @ApiProperty({ type: 'integer', description: '版本' }) version: number;
  @ApiProperty({ description: '是否已删除' }) removed: boolean;
  @ApiProperty({ description: '创建时间' }) createdAt: string;
  @ApiProperty({ description: '修改时间' }) updatedAt: string;
  @ApiProperty({ type: 'string', nullable: true, description: '责任部门名称' }) responsibleDepartmentName: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '责任岗位名称' }) responsiblePostName: string | null;
  @ApiProperty({ type: FlowChartResponse, nullable: true, description: '流程图' }) flowChart: FlowChartResponse | null;
}

export class PowerVersionResponse {
  @ApiProperty({ type: 'integer', description: '版本' }) version: number;
  @ApiProperty({ description: '操作' }) action: string;
  @ApiProperty({ description: '操作人' }) actor: string;
  @ApiProperty({ description: '时间' }) at: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '该版本的全部字段' }) snapshot: Record<string, unknown>;
}

export class PowerDetailResponse extends PowerResponse {
  @ApiProperty({ type: [PowerVersionResponse], description: '历史版本' }) versions: PowerVersionResponse[];
}

// ---- risk points ----
export class RiskPointListItemResponse {
  @ApiProperty({ type: 'integer', description: '编号' }) id: number;
  @ApiProperty({ type: 'integer', description: '所属单位' }) institutionId: number;
  @ApiProperty({ description: '层级（单位、部门、岗位）' }) level: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '部门' }) departmentId: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: '部门名称' }) departmentName: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '岗位' }) postId: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: '岗位名称' }) postName: string | null;
  @ApiProperty({ description: '风险点' }) title: string;
  @ApiProperty({ description: '风险类别' }) category: string;
  @ApiProperty({ description: '风险类别名称' }) categoryLabel: string;
  @ApiProperty({ type: 'integer', description: '风险等级' }) grade: number;
  @ApiProperty({ description: '等级名称' }) gradeLabel: string;
  @ApiProperty({ type: 'number', description: '风险指数' }) riskIndex: number;
  @ApiProperty({ description: '状态' }) status: string;
  @ApiProperty({ type: 'integer', description: '当前步骤（从 0 起）' }) currentStep: number;
  @ApiProperty({ type: 'integer', description: '版本' }) version: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'object', additionalProperties: true }, description: '插件扩展字段：插件 → 字段 → 值' }) extensions: Record<string, Record<string, unknown>>;
}

export class RiskPointPageResponse {
  @ApiProperty({ type: [RiskPointListItemResponse], description: '本页条目' }) items: RiskPointListItemResponse[];
  @ApiProperty({ type: 'integer', description: '符合条件的总条数' }) total: number;
  @ApiProperty({ type: 'integer', description: '页码' }) page: number;
  @ApiProperty({ type: 'integer', description: '每页条数' }) pageSize: number;
  @ApiProperty({ description: '总数是否已封顶（只数到上限）' }) totalCapped: boolean;
}

export class MeasuresResponse {
  @ApiProperty({ description: '事前预防' }) prevention: string;
  @ApiProperty({ description: '事中监控' }) monitoring: string;
  @ApiProperty({ description: '事后处置' }) disposal: string;
}

export class PowerRefResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ description: '事项编号' }) number: string;
  @ApiProperty({ description: '事项名称' }) name: string;
}

export class RiskStepResponse {
  @ApiProperty({ type: 'integer', description: '步骤（从 0 起）' }) index: number;
  @ApiProperty({ description: '步骤键' }) key: string;
  @ApiProperty({ enum: ['self', 'colleague', 'leader', 'collective', 'organisation'], description: '查找方式' }) kind: string;
  @ApiProperty({ description: '步骤名称' }) label: string;
  @ApiProperty({ description: '已完成' }) done: boolean;
  @ApiProperty({ description: '当前步骤' }) current: boolean;
}

export class RiskContributionResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '步骤（从 0 起）' }) stepIndex: number;
  @ApiProperty({ description: '步骤键' }) stepKey: string;
  @ApiProperty({ description: '步骤名称' }) stepLabel: string;
  @ApiProperty({ description: '查找方式' }) kind: string;
  @ApiProperty({ description: '显示颜色' }) colour: string;
  @ApiProperty({ description: '动作（提交、退回）' }) action: string;
  @ApiProperty({ description: '内容' }) content: string;
  @ApiProperty({ description: '提交人' }) authorName: string;
  @ApiProperty({ description: '时间' }) at: string;
}

export class GradeChangeResponse {
  @ApiProperty({ type: 'integer', description: '原等级' }) fromGrade: number;
  @ApiProperty({ type: 'integer', description: '新等级' }) toGrade: number;
  @ApiProperty({ description: '理由' }) reason: string;
  @ApiProperty({ description: '操作人' }) actor: string;
  @ApiProperty({ description: '时间' }) at: string;
}

export class RiskPointVersionResponse {
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ description: '原因' }) reason: string;
  @ApiProperty({ description: '操作人' }) actor: string;
  @ApiProperty({ description: '时间' }) at: string;
}

export class RiskPointResponse extends RiskPointListItemResponse {
  @ApiProperty({ type: 'integer', nullable: true, description: '岗位本人' }) ownerPersonId: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: '岗位本人姓名' }) ownerName: string | null;
  @ApiProperty({ description: '风险描述' }) description: string;
  @ApiProperty({ description: '表现形式' }) manifestation: string;
  @ApiProperty({ type: 'integer', description: '发生可能性' }) likelihood: number;
  @ApiProperty({ type: 'integer', description: '危害程度' }) harm: number;
  @ApiProperty({ type: 'integer', description: '影响范围' }) scope: number;
  @ApiProperty({ type: 'integer', description: '发生频率' }) frequency: number;
  @ApiProperty({ type: 'integer', nullable: true, description: '可变性' }) variability: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '分布' }) distribution: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '持续时间' }) duration: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '主体责任人' }) responsiblePersonId: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: '主体责任人姓名' }) responsibleName: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '监督责任人' }) supervisorPersonId: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: '监督责任人姓名' }) supervisorName: string | null;
  @ApiProperty({ description: '责任人是否手工指定' }) responsibilityOverridden: boolean;
  @ApiProperty({ type: MeasuresResponse, description: '防控措施' }) measures: MeasuresResponse;
  @ApiProperty({ type: 'integer', isArray: true, description: '关联权力事项' }) powerIds: number[];
  @ApiProperty({ type: [PowerRefResponse], description: '关联权力事项' }) powers: PowerRefResponse[];
  @ApiProperty({ type: [RiskStepResponse], description: '查找与审核步骤' }) steps: RiskStepResponse[];
  @ApiProperty({ type: [RiskContributionResponse], description: '各步骤的意见' }) contributions: RiskContributionResponse[];
  @ApiProperty({ type: [GradeChangeResponse], description: '等级调整记录' }) gradeLog: GradeChangeResponse[];
  @ApiProperty({ type: [RiskPointVersionResponse], description: '历史版本' }) versions: RiskPointVersionResponse[];
  @ApiProperty({ description: '创建时间' }) createdAt: string;
  @ApiProperty({ description: '修改时间' }) updatedAt: string;
}

// ---- publications ----
export class PublicationSummaryResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '公示版本' }) version: number;
  @ApiProperty({ description: '标题' }) title: string;
  @ApiProperty({ format: 'date', description: '公示开始' }) startsOn: string;
  @ApiProperty({ format: 'date', description: '公示结束' }) endsOn: string;
  @ApiProperty({ description: '状态' }) status: string;
  @ApiProperty({ description: '今天是否在公示期内' }) inPeriod: boolean;
  @ApiProperty({ type: 'integer', description: '风险点数' }) items: number;
  @ApiProperty({ type: 'integer', description: '意见数' }) comments: number;
  @ApiProperty({ type: 'integer', nullable: true, description: '所修订的上一版' }) supersedesId: number | null;
}

export class PublicationItemResponse {
  @ApiProperty({ type: 'integer', description: '风险点' }) pointId: number;
  @ApiProperty({ type: 'integer', description: '风险点版本' }) version: number;
  @ApiProperty({ description: '风险点' }) title: string;
  @ApiProperty({ description: '层级' }) level: string;
  @ApiProperty({ type: 'string', nullable: true, description: '部门' }) departmentName: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '岗位' }) postName: string | null;
  @ApiProperty({ description: '风险类别' }) categoryLabel: string;
  @ApiProperty({ type: 'integer', description: '风险等级' }) grade: number;
  @ApiProperty({ description: '等级名称' }) gradeLabel: string;
  @ApiProperty({ description: '表现形式' }) manifestation: string;
  @ApiProperty({ type: MeasuresResponse, description: '防控措施' }) measures: MeasuresResponse;
  @ApiProperty({ type: 'string', nullable: true, description: '主体责任人' }) responsibleName: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '监督责任人' }) supervisorName: string | null;
}

export class PublicationCommentResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '意见所针对的公示版本' }) publicationVersion: number;
  @ApiProperty({ type: 'integer', nullable: true, description: '风险点' }) pointId: number | null;
  @ApiProperty({ description: '意见类别' }) kind: string;
  @ApiProperty({ description: '内容' }) content: string;
  @ApiProperty({ description: '提出人' }) authorName: string;
  @ApiProperty({ description: '时间' }) at: string;
}

export class PublicationResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '所属单位' }) institutionId: number;
  @ApiProperty({ type: 'integer', description: '公示版本' }) version: number;
  @ApiProperty({ description: '标题' }) title: string;
  @ApiProperty({ format: 'date', description: '公示开始' }) startsOn: string;
  @ApiProperty({ format: 'date', description: '公示结束' }) endsOn: string;
  @ApiProperty({ description: '状态' }) status: string;
  @ApiProperty({ description: '今天是否在公示期内' }) inPeriod: boolean;
  @ApiProperty({ type: 'integer', nullable: true, description: '所修订的上一版' }) supersedesId: number | null;
  @ApiProperty({ type: [PublicationItemResponse], description: '公示的风险点（公示时的内容）' }) items: PublicationItemResponse[];
  @ApiProperty({ type: [PublicationCommentResponse], description: '意见（含此前各版）' }) comments: PublicationCommentResponse[];
}

// ---- commitments, self-checks, rotation, messages ----
export class CommitmentPointResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ description: '风险点' }) title: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '风险等级' }) grade: number | null;
}

export class CommitmentResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ enum: ['personal', 'department'], description: '个人或部门承诺' }) kind: string;
  @ApiProperty({ type: 'integer', description: '年度' }) year: number;
  @ApiProperty({ type: 'integer', nullable: true, description: '承诺人' }) personId: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: '承诺人姓名' }) personName: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '承诺人职务' }) personTitle: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '部门' }) departmentId: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: '部门名称' }) departmentName: string | null;
  @ApiProperty({ description: '承诺内容' }) pledge: string;
  @ApiProperty({ description: '防控措施' }) measures: string;
  @ApiProperty({ type: [CommitmentPointResponse], description: '涉及的风险点' }) points: CommitmentPointResponse[];
  @ApiProperty({ type: 'string', nullable: true, description: '签署时间' }) acknowledgedAt: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: '签署人' }) acknowledgedByName: string | null;
}

export class SelfCheckResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '风险点' }) pointId: number;
  @ApiProperty({ description: '风险点标题' }) pointTitle: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '风险等级' }) grade: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '自查人' }) personId: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: '自查人姓名' }) personName: string | null;
  @ApiProperty({ description: '期间', example: '2026H1' }) periodKey: string;
  @ApiProperty({ format: 'date', description: '截止日期' }) dueDate: string;
  @ApiProperty({ enum: ['due', 'submitted', 'overdue'], description: '状态' }) status: string;
  @ApiProperty({ description: '自查报告' }) report: string;
  @ApiProperty({ type: 'string', nullable: true, description: '提交时间' }) submittedAt: string | null;
}

export class SelfCheckScanResponse {
  @ApiProperty({ type: 'integer', description: '新建的自查任务' }) created: number;
  @ApiProperty({ type: 'integer', description: '发出的提醒' }) reminded: number;
  @ApiProperty({ type: 'integer', description: '标为逾期的' }) overdue: number;
  @ApiProperty({ type: 'integer', description: '提示应轮岗的' }) rotationFlags: number;
}

export class RotationResponse {
  @ApiProperty({ type: 'integer', description: '人员' }) personId: number;
  @ApiProperty({ description: '姓名' }) name: string;
  @ApiProperty({ format: 'date', description: '任现岗位时间' }) postSince: string;
  @ApiProperty({ type: 'integer', description: '在岗年数' }) years: number;
  @ApiProperty({ type: 'integer', description: 'A 级风险点' }) pointId: number;
  @ApiProperty({ description: '风险点标题' }) pointTitle: string;
}

export class RiskMessageResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '所属单位' }) institutionId: number;
  @ApiProperty({ type: 'integer', nullable: true, description: '收件人' }) personId: number | null;
  @ApiProperty({ description: '种类' }) kind: string;
  @ApiProperty({ description: '标题' }) title: string;
  @ApiProperty({ description: '正文' }) body: string;
  @ApiProperty({ description: '去重键' }) dedupeKey: string;
  @ApiProperty({ description: '时间' }) createdAt: string;
  @ApiProperty({ type: 'string', nullable: true, description: '阅读时间；未读为 null' }) readAt: string | null;
}

export class UnreadCountResponse {
  @ApiProperty({ type: 'integer', description: '未读数' }) unread: number;
}

export class MarkedReadResponse {
  @ApiProperty({ type: 'integer', description: '本次标为已读的条数' }) marked: number;
  @ApiProperty({ type: 'integer', description: '仍未读的条数' }) unread: number;
}

// ---- presets and imports ----
export class PresetSetResponse {
  @ApiProperty({ description: '插件' }) pluginId: string;
  @ApiProperty({ description: '插件名称' }) name: string;
  @ApiProperty({ type: 'integer', description: '预置风险点数' }) count: number;
}

export class PresetPreviewResponse {
  @ApiProperty({ description: '预置项' }) id: string;
  @ApiProperty({ description: '岗位名称' }) post: string;
  @ApiProperty({ description: '风险点' }) title: string;
  @ApiProperty({ type: 'string', nullable: true, description: '风险类别' }) category: string | null;
  @ApiProperty({ description: '类别名称' }) categoryLabel: string;
  @ApiProperty({ type: 'integer', description: '风险等级' }) grade: number;
  @ApiProperty({ description: '等级名称' }) gradeLabel: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '发生可能性' }) likelihood: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '危害程度' }) harm: number | null;
  @ApiProperty({ description: '事前预防' }) prevention: string;
  @ApiProperty({ description: '事中监控' }) monitoring: string;
  @ApiProperty({ description: '事后处置' }) disposal: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '岗位' }) postId: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '部门' }) departmentId: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '岗位本人' }) ownerPersonId: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: '岗位本人姓名' }) ownerName: string | null;
  @ApiProperty({ type: [String], description: '导入前须解决的问题' }) problems: string[];
}

export class CreatedIdsResponse {
  @ApiProperty({ type: 'integer', description: '新建条数' }) created: number;
  @ApiProperty({ type: 'integer', isArray: true, description: '新建的编号' }) ids: number[];
}

export class RiskImportResponse extends CreatedIdsResponse {
  @ApiProperty({ description: '识别出的表样（附表1-3）' }) form: string;
}
