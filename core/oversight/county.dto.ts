import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

/** The board's period: a year and optionally one quarter (the current ones when absent). */
export class CountyBoardQuery {
  @ApiPropertyOptional({ example: 2026 }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 4, description: '1–4; 0 for the whole year' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(4) quarter?: number;
  @ApiPropertyOptional({ enum: ['zh', 'en'] }) @IsOptional() @IsIn(['zh', 'en']) lang?: string;
}
