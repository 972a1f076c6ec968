import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Answer of /api/audit/verify (docs only). */

export class ChainBreakResponse {
  @ApiProperty({ type: 'integer', description: '第一条不连贯的序号' }) seq: number;
  @ApiProperty({ description: '原因' }) reason: string;
}

export class ChainReportResponse {
  @ApiProperty({ description: '哈希链是否完整' }) ok: boolean;
  @ApiProperty({ type: 'integer', description: '校验的条数' }) rows: number;
  @ApiPropertyOptional({ type: ChainBreakResponse, description: '第一处断裂（完整时没有）' }) firstBroken?: ChainBreakResponse;
}
