import { ApiProperty } from '@nestjs/swagger';
import { LocalizedTextResponse } from '../http/api-responses';

/** Answers of /api/records and /api/plugins/{pluginId}/records (docs only). */

/**
 * A plugin record as the API shows it. The document narrows `values` per record type from the field declarations
 * (completeApiDocument: `PluginRecordView.<plugin>.<type>`); this is the shape they share.
 */
export class PluginRecordResponse {
  @ApiProperty({ type: 'integer', description: '记录编号' }) id: number;
  @ApiProperty({ type: 'integer', description: '所属单位' }) institutionId: number;
  @ApiProperty({ description: '插件' }) pluginId: string;
  @ApiProperty({ description: '记录类型' }) recordType: string;
  @ApiProperty({ description: '标题' }) title: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '字段值（敏感字段按角色掩码或化名）' }) values: Record<string, unknown>;
  @ApiProperty({ description: '创建时间' }) createdAt: string;
  @ApiProperty({ description: '修改时间' }) updatedAt: string;
}

export class RevealedFieldResponse {
  @ApiProperty({ type: 'integer', description: '记录编号' }) recordId: number;
  @ApiProperty({ description: '字段' }) field: string;
  @ApiProperty({ nullable: true, anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: {} }, { type: 'object', additionalProperties: true }], description: '明文值（类型随字段）' }) value: unknown;
}

export class RecordRuleHitResponse {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: '所属单位' }) institutionId: number;
  @ApiProperty({ description: '插件' }) pluginId: string;
  @ApiProperty({ description: '规则' }) ruleId: string;
  @ApiProperty({ type: 'integer', description: '规则版本' }) ruleVersion: number;
  @ApiProperty({ description: '预警等级' }) level: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '命中的记录（聚合规则为 null）' }) recordId: number | null;
  @ApiProperty({ description: '命中对象键' }) subjectKey: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '规则的输入（随规则而定）' }) inputs: unknown;
  @ApiProperty({ type: LocalizedTextResponse, description: '说明' }) message: LocalizedTextResponse;
  @ApiProperty({ description: '时间' }) createdAt: string;
}

export class PublicFormLinkResponse {
  @ApiProperty({ description: '公开表单' }) formId: string;
  @ApiProperty({ description: '填报地址' }) url: string;
  @ApiProperty({ description: '纸面上印的一次性代码' }) code: string;
  @ApiProperty({ description: '二维码（SVG data: URI）' }) qr: string;
  @ApiProperty({ description: '是否已填报' }) answered: boolean;
}

export class ImportRowErrorResponse {
  @ApiProperty({ type: 'integer', description: '行号' }) row: number;
  @ApiProperty({ description: '列' }) column: string;
  @ApiProperty({ description: '问题' }) message: string;
}

export class ImportPreviewRowResponse {
  @ApiProperty({ type: 'integer', description: '行号' }) row: number;
  @ApiProperty({ type: [String], description: '各单元格（按保存时的样子）' }) cells: string[];
  @ApiProperty({ type: [ImportRowErrorResponse], description: '该行的问题' }) errors: ImportRowErrorResponse[];
}

export class ImportPreviewResponse {
  @ApiProperty({ type: [String], description: '表头' }) header: string[];
  @ApiProperty({ type: 'array', items: { type: 'string', nullable: true }, description: '各列对应的字段；null 为不导入' }) mapping: (string | null)[];
  @ApiProperty({ type: [ImportPreviewRowResponse], description: '前几行' }) rows: ImportPreviewRowResponse[];
  @ApiProperty({ type: 'integer', description: '总行数' }) total: number;
  @ApiProperty({ type: 'integer', description: '问题数' }) errorCount: number;
  @ApiProperty({ type: [ImportRowErrorResponse], description: '问题（前 1000 个）' }) errors: ImportRowErrorResponse[];
}

export class RecordsImportedResponse {
  @ApiProperty({ type: 'integer', description: '导入的记录数' }) imported: number;
  @ApiProperty({ type: 'integer', description: '新的规则命中' }) newHits: number;
}
