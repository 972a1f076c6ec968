import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FIELD_TYPES } from '../plugin-api/field-types';
import { ROLES } from '../plugin-api/roles';
import { LocalizedTextResponse } from '../http/api-responses';

/** A value of any field type. */
const ANY_VALUE = [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: {} }, { type: 'object', additionalProperties: true }];

/** Answer of GET /api/plugins: the installed plugins' declarations as JSON (functions left out; docs only). */

export class FieldOptionResponse {
  @ApiProperty({ description: '值' }) value: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '名称' }) label: LocalizedTextResponse;
}

export class FieldRefResponse {
  @ApiProperty({ description: '引用的记录类型' }) recordType: string;
}

export class SensitiveFieldResponse {
  @ApiProperty({ description: '是否加密保存' }) encrypt: boolean;
  @ApiProperty({ description: '掩码方式' }) mask: string;
  @ApiProperty({ enum: ROLES, isArray: true, description: '可见明文的角色' }) visibleTo: string[];
  @ApiPropertyOptional({ enum: ROLES, isArray: true, description: '看化名的角色' }) pseudonymFor?: string[];
}

export class PluginFieldResponse {
  @ApiProperty({ description: '字段键（请求体、应答中的名称）' }) key: string;
  @ApiProperty({ description: '稳定的字段编号' }) id: string;
  @ApiProperty({ enum: FIELD_TYPES, description: '字段类型' }) type: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '名称' }) label: LocalizedTextResponse;
  @ApiPropertyOptional({ type: LocalizedTextResponse, description: '说明' }) help?: LocalizedTextResponse;
  @ApiPropertyOptional({ description: '是否必填' }) required?: boolean;
  @ApiPropertyOptional({ type: [FieldOptionResponse], description: '可选项' }) options?: FieldOptionResponse[];
  @ApiPropertyOptional({ type: 'number', description: '最小值' }) min?: number;
  @ApiPropertyOptional({ type: 'number', description: '最大值' }) max?: number;
  @ApiPropertyOptional({ type: 'integer', description: '最大长度' }) maxLength?: number;
  @ApiPropertyOptional({ description: '格式（正则）' }) pattern?: string;
  @ApiPropertyOptional({ type: LocalizedTextResponse, description: '格式不符时的说明' }) patternMessage?: LocalizedTextResponse;
  @ApiPropertyOptional({ description: '列表中显示' }) list?: boolean;
  @ApiPropertyOptional({ description: '不得晚于今天' }) notAfterToday?: boolean;
  @ApiPropertyOptional({ anyOf: ANY_VALUE, description: '默认值（类型随字段）' }) default?: unknown;
  @ApiPropertyOptional({ type: FieldRefResponse, description: '引用（reference 字段）' }) ref?: FieldRefResponse;
  @ApiPropertyOptional({ type: 'object', properties: { types: { type: 'array', items: { type: 'string' } } }, description: '填单位代码时可选的单位类型' }) institution?: { types: string[] };
  @ApiPropertyOptional({ type: () => [PluginFieldResponse], description: '各列（rows 字段）' }) columns?: PluginFieldResponse[];
  @ApiPropertyOptional({ type: 'integer', description: '最多行数（rows 字段）' }) maxRows?: number;
  @ApiPropertyOptional({ description: '证件等格式' }) format?: string;
  @ApiPropertyOptional({ type: SensitiveFieldResponse, description: '敏感字段' }) sensitive?: SensitiveFieldResponse;
  @ApiPropertyOptional({ description: '是否指向人员' }) namesPerson?: boolean;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: '谁何时可以写' }) write?: Record<string, unknown>;
  @ApiPropertyOptional({ description: '同一单位内不得重复' }) unique?: boolean;
}

export class PluginRecordTypeResponse {
  @ApiProperty({ description: '记录类型' }) id: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '名称' }) label: LocalizedTextResponse;
  @ApiProperty({ type: [PluginFieldResponse], description: '字段' }) fields: PluginFieldResponse[];
}

export class PluginRuleResponse {
  @ApiProperty({ description: '规则' }) id: string;
  @ApiProperty({ type: 'integer', description: '版本' }) version: number;
  @ApiProperty({ type: LocalizedTextResponse, description: '名称' }) label: LocalizedTextResponse;
  @ApiProperty({ description: '预警等级' }) level: string;
}

export class PluginTemplateResponse {
  @ApiProperty({ description: '模板（插件/模板）' }) id: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '名称' }) label: LocalizedTextResponse;
  @ApiProperty({ enum: ['notice', 'minutes', 'report', 'form', 'letter'], description: '种类' }) kind: string;
}

export class PluginScreenResponse {
  @ApiProperty({ description: '页面' }) id: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '名称' }) label: LocalizedTextResponse;
  @ApiProperty({ enum: ['list', 'form', 'detail', 'dashboard', 'check-in'], description: '种类' }) kind: string;
  @ApiProperty({ description: '记录类型' }) recordType: string;
  @ApiProperty({ type: [String], description: '列表页的筛选字段' }) filters: string[];
}

export class PluginIndicatorResponse {
  @ApiProperty({ description: '指标（插件/指标）' }) id: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '名称' }) label: LocalizedTextResponse;
  @ApiProperty({ enum: ['%', 'count', 'fen'], description: '单位' }) unit: string;
  @ApiProperty({ type: 'number', nullable: true, description: '目标值' }) target: number | null;
}

export class PresetMeasureResponse {
  @ApiProperty({ enum: ['prevention', 'monitoring', 'disposal'], description: '环节' }) phase: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '措施' }) text: LocalizedTextResponse;
}

export class PluginRiskPresetResponse {
  @ApiProperty({ description: '预置项' }) id: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '岗位' }) post: LocalizedTextResponse;
  @ApiProperty({ type: LocalizedTextResponse, description: '风险点' }) name: LocalizedTextResponse;
  @ApiProperty({ enum: ['post-duty', 'business-process', 'mechanism', 'external'], description: '类别' }) category: string;
  @ApiProperty({ type: 'integer', enum: [1, 2, 3], description: '等级' }) grade: number;
  @ApiProperty({ type: [PresetMeasureResponse], description: '防控措施' }) measures: PresetMeasureResponse[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: '插件扩展字段的值' }) extra?: Record<string, unknown>;
}

export class PluginResponse {
  @ApiProperty({ description: '插件' }) id: string;
  @ApiProperty({ description: '版本' }) version: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '名称' }) name: LocalizedTextResponse;
  @ApiProperty({ type: LocalizedTextResponse, nullable: true, description: '说明' }) description: LocalizedTextResponse | null;
  @ApiProperty({ description: '适用的平台版本（semver 范围）' }) coreCompatibility: string;
  @ApiProperty({ type: [String], description: '依赖的插件' }) dependsOn: string[];
  @ApiProperty({ type: [String], description: '启用该插件的单位代码' }) institutions: string[];
  @ApiProperty({ type: [PluginRecordTypeResponse], description: '记录类型' }) recordTypes: PluginRecordTypeResponse[];
  @ApiProperty({ type: [PluginRuleResponse], description: '规则' }) rules: PluginRuleResponse[];
  @ApiProperty({ type: [PluginTemplateResponse], description: '文书模板' }) templates: PluginTemplateResponse[];
  @ApiProperty({ type: [PluginScreenResponse], description: '页面' }) screens: PluginScreenResponse[];
  @ApiProperty({ type: [PluginIndicatorResponse], description: '指标' }) indicators: PluginIndicatorResponse[];
  @ApiProperty({ type: [PluginRiskPresetResponse], description: '预置风险点' }) riskPresets: PluginRiskPresetResponse[];
}
