import { ApiProperty } from '@nestjs/swagger';

/** Answer of /api/health (docs only). */

export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'down'], description: '总体状态：任一项 down 即为 down（HTTP 503）' }) status: string;
  @ApiProperty({ enum: ['sqlite', 'postgres'], description: '数据库类型' }) database: string;
  @ApiProperty({ description: '检查时间（ISO 8601）' }) time: string;
  @ApiProperty({ type: [String], description: 'down 的检查项' }) down: string[];
  @ApiProperty({ type: [String], description: 'warn 的检查项' }) warnings: string[];
  @ApiProperty({
    type: 'object',
    description: '各检查项（database、disk、renderer、calendar、notifications 等）；每项另有各自的数值',
    additionalProperties: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ['ok', 'warn', 'down'], description: '该项状态' }, detail: { type: 'string', description: '说明（warn、down 时）' } },
      additionalProperties: true,
    },
  })
  checks: Record<string, { status: string; detail?: string }>;
}
