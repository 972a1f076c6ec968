import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LocalizedTextResponse } from '../../http/api-responses';

/** Answers of /api/models (docs only). */

export class ModelFilterResponse {
  @ApiProperty({ description: '字段' }) field: string;
  @ApiProperty({ enum: ['equal', 'in', 'range', 'present'], description: '运算' }) operator: string;
  @ApiPropertyOptional({ description: 'equal 的取值', oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] }) value?: unknown;
  @ApiPropertyOptional({ type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] }, description: 'in 的取值' }) values?: unknown[];
  @ApiPropertyOptional({ description: 'range 起（含）', oneOf: [{ type: 'string' }, { type: 'number' }] }) from?: unknown;
  @ApiPropertyOptional({ description: 'range 止（含）', oneOf: [{ type: 'string' }, { type: 'number' }] }) to?: unknown;
}

export class ModelWindowResponse {
  @ApiProperty({ description: '日期字段' }) field: string;
  @ApiPropertyOptional({ type: 'integer', description: '截至当日的天数' }) days?: number;
  @ApiPropertyOptional({ enum: ['month', 'quarter', 'year'], description: '所在月、季、年（截至当日）' }) period?: string;
}

export class ModelMeasureResponse {
  @ApiProperty({ enum: ['count', 'sum', 'max', 'distinct', 'share'], description: '度量' }) kind: string;
  @ApiPropertyOptional({ description: '度量的字段' }) field?: string;
  @ApiPropertyOptional({ type: [ModelFilterResponse], description: '占比的分子条件' }) part?: ModelFilterResponse[];
}

export class ModelDefinitionResponse {
  @ApiProperty({ description: '模型标识（本单位内唯一）' }) id: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '名称' }) name: LocalizedTextResponse;
  @ApiProperty({ description: '插件' }) pluginId: string;
  @ApiProperty({ description: '记录类型' }) recordType: string;
  @ApiProperty({ type: [ModelFilterResponse], description: '筛选条件' }) filters: ModelFilterResponse[];
  @ApiProperty({ type: [String], description: '分组字段' }) groupBy: string[];
  @ApiProperty({ type: ModelWindowResponse, description: '时间窗口' }) window: ModelWindowResponse;
  @ApiProperty({ type: ModelMeasureResponse, description: '度量' }) measure: ModelMeasureResponse;
  @ApiProperty({ type: 'number', description: '阈值（超过即命中）' }) threshold: number;
  @ApiProperty({ enum: ['blue', 'yellow', 'red'], description: '预警等级' }) level: string;
  @ApiPropertyOptional({ description: '当事人字段' }) personField?: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '预警消息模板' }) message: LocalizedTextResponse;
}

export class ModelResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '单位' }) institutionId: number;
  @ApiProperty({ description: '模型标识' }) key: string;
  @ApiProperty({ description: '命中记录中的规则标识（插件/model.标识）' }) ruleId: string;
  @ApiProperty({ enum: ['draft', 'enabled', 'disabled'], description: '状态' }) status: string;
  @ApiProperty({ type: 'integer', description: '当前版本；未启用过为 0' }) version: number;
  @ApiProperty({ type: ModelDefinitionResponse, description: '当前定义' }) definition: ModelDefinitionResponse;
  @ApiProperty({ type: 'string', nullable: true, description: '由配置文件定义时的文件' }) configFile: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ModelVersionResponse {
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: ModelDefinitionResponse }) definition: ModelDefinitionResponse;
  @ApiProperty({ description: '操作人' }) actor: string;
  @ApiProperty({ description: '理由' }) reason: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ModelDetailResponse extends ModelResponse {
  @ApiProperty({ type: [ModelVersionResponse], description: '各版本' }) versions: ModelVersionResponse[];
}

export class ModelListResponse {
  @ApiProperty({ type: [ModelResponse] }) items: ModelResponse[];
}

export class ModelFieldResponse {
  @ApiProperty() key: string;
  @ApiProperty({ description: '字段类型' }) type: string;
  @ApiProperty({ type: LocalizedTextResponse }) label: LocalizedTextResponse;
  @ApiProperty({ type: [String], description: '适用的筛选运算' }) operators: string[];
  @ApiProperty({ type: [String], description: '可对其计算的度量' }) measures: string[];
  @ApiProperty({ description: '可作分组字段' }) groupable: boolean;
  @ApiProperty({ description: '可作时间窗口的日期字段' }) window: boolean;
  @ApiProperty({ description: '可作当事人字段' }) personField: boolean;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', properties: { value: { type: 'string' }, label: { $ref: '#/components/schemas/LocalizedTextResponse' } } }, description: '枚举选项' }) options?: unknown[];
}

export class ModelSchemaTypeResponse {
  @ApiProperty() pluginId: string;
  @ApiProperty({ type: LocalizedTextResponse }) pluginName: LocalizedTextResponse;
  @ApiProperty() recordType: string;
  @ApiProperty({ type: LocalizedTextResponse }) label: LocalizedTextResponse;
  @ApiProperty({ type: [ModelFieldResponse], description: '可用字段（敏感字段、列表字段除外）' }) fields: ModelFieldResponse[];
}

export class ModelSchemaResponse {
  @ApiProperty({ type: 'integer' }) institutionId: number;
  @ApiProperty({ type: [ModelSchemaTypeResponse], description: '本单位启用插件的记录类型' }) recordTypes: ModelSchemaTypeResponse[];
  @ApiProperty({ type: [String] }) operators: string[];
  @ApiProperty({ type: [String] }) measures: string[];
  @ApiProperty({ type: [String] }) periods: string[];
  @ApiProperty({ type: [String] }) levels: string[];
}

export class BacktestMonthResponse {
  @ApiProperty({ example: '2026-03' }) month: string;
  @ApiProperty({ type: 'integer', description: '该月将产生的命中' }) hits: number;
}

export class WindowSpanResponse {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ description: '窗口标识（截止日或期间）' }) id: string;
}

export class MeasuredResponse {
  @ApiProperty({ type: 'integer', description: '记录数' }) count: number;
  @ApiPropertyOptional({ type: 'number' }) sum?: number;
  @ApiPropertyOptional({ type: 'number', nullable: true }) max?: number | null;
  @ApiPropertyOptional({ type: 'integer' }) distinct?: number;
  @ApiPropertyOptional({ type: 'number', description: '百分比' }) share?: number;
  @ApiProperty({ type: 'number', description: '与阈值比较的度量值' }) value: number;
}

export class BacktestSubjectResponse {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '分组字段的取值' }) group: Record<string, unknown>;
  @ApiProperty({ type: WindowSpanResponse }) window: WindowSpanResponse;
  @ApiProperty({ type: MeasuredResponse }) measured: MeasuredResponse;
  @ApiProperty({ type: LocalizedTextResponse, description: '将显示的预警消息' }) message: LocalizedTextResponse;
}

export class BacktestResponse {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [BacktestMonthResponse], description: '近12个月各月命中数' }) months: BacktestMonthResponse[];
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: [BacktestSubjectResponse], description: '前20个命中对象及度量值' }) subjects: BacktestSubjectResponse[];
  @ApiProperty({ description: '是否在时间上限内完成' }) complete: boolean;
  @ApiProperty({ type: LocalizedTextResponse, nullable: true, description: '超时停止的说明' }) stoppedReason: LocalizedTextResponse | null;
  @ApiProperty({ type: 'integer' }) elapsedMs: number;
  @ApiProperty({ type: 'integer' }) budgetMs: number;
}

export class ModelFileResponse {
  @ApiProperty({ example: 'lianzheng-warning-model' }) format: string;
  @ApiProperty({ type: 'integer', example: 1 }) formatVersion: number;
  @ApiProperty({ format: 'date-time' }) exportedAt: string;
  @ApiProperty({ type: ModelDefinitionResponse }) definition: ModelDefinitionResponse;
}
