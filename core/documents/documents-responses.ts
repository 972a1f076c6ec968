import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../plugin-api/roles';

/** Answers of /api/documents, and of every route that issues a numbered PDF (docs only). */

export class IssuedDocumentResponse {
  @ApiProperty({ type: 'integer', description: '文书编号' }) id: number;
  @ApiProperty({ description: '公开核验码' }) publicId: string;
  @ApiProperty({ type: 'integer', description: '发文单位' }) institutionId: number;
  @ApiProperty({ description: '模板', example: 'warning/notice' }) templateId: string;
  @ApiProperty({ description: '模板版本' }) templateVersion: string;
  @ApiProperty({ description: '标题' }) title: string;
  @ApiProperty({ description: '文号（草稿为空串）' }) number: string;
  @ApiProperty({ type: 'integer', description: '年度' }) year: number;
  @ApiProperty({ type: 'integer', description: '年度内序号' }) seq: number;
  @ApiProperty({ type: 'integer', description: '版本（重新印发时加一）' }) version: number;
  @ApiProperty({ type: 'integer', nullable: true, description: '被替代的上一版' }) previousId: number | null;
  @ApiProperty({ description: 'PDF 的 SHA-256' }) sha256: string;
  @ApiProperty({ type: 'integer', description: 'PDF 字节数' }) sizeBytes: number;
  @ApiProperty({ type: 'integer', description: '页数' }) pages: number;
  @ApiProperty({ format: 'date', description: '成文日期' }) issuedOn: string;
  @ApiProperty({ description: '印发时间（ISO 8601）' }) issuedAt: string;
  @ApiProperty({ description: '印发人' }) issuedBy: string;
  @ApiProperty({ description: '核验页地址' }) verifyPath: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '填入模板的数据（随模板而定）' }) data: Record<string, unknown>;
  @ApiProperty({ enum: ROLES, isArray: true, nullable: true, description: '可阅读的角色；null 为不限' }) readRoles: string[] | null;
  @ApiProperty({ type: 'integer', isArray: true, nullable: true, description: '可阅读的账号；null 为不限' }) readUserIds: number[] | null;
}

export class BatchErrorResponse {
  @ApiProperty({ type: 'integer', description: '第几份（从 0 起）' }) index: number;
  @ApiProperty({ description: '原因' }) message: string;
}

export class BatchStatusResponse {
  @ApiProperty({ description: '批次编号（24 位十六进制）' }) id: string;
  @ApiProperty({ description: '模板' }) templateId: string;
  @ApiProperty({ type: 'integer', description: '发文单位' }) institutionId: number;
  @ApiProperty({ type: 'integer', description: '总份数' }) total: number;
  @ApiProperty({ type: 'integer', description: '已完成份数' }) done: number;
  @ApiProperty({ type: 'integer', description: '失败份数' }) failed: number;
  @ApiProperty({ enum: ['running', 'done'], description: '状态' }) status: string;
  @ApiProperty({ type: [BatchErrorResponse], description: '失败的各份及原因' }) errors: BatchErrorResponse[];
  @ApiProperty({ type: 'integer', isArray: true, description: '已印发的文书编号' }) documentIds: number[];
  @ApiProperty({ description: '草稿 PDF 已过保存期删除，无可下载' }) expired: boolean;
}
