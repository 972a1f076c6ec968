import { ApiProperty } from '@nestjs/swagger';
import { LocalizedTextResponse } from '../http/api-responses';

/** Answers of /api/rules and /api/indicators (docs only). */

export class RuleScanResultResponse {
  @ApiProperty({ type: 'integer', description: '单位' }) institutionId: number;
  @ApiProperty({ type: 'integer', description: '评估的规则次数' }) evaluated: number;
  @ApiProperty({ type: 'integer', description: '新的命中' }) newHits: number;
}

export class RuleScanResponse {
  @ApiProperty({ type: [RuleScanResultResponse], description: '各单位的扫描结果' }) results: RuleScanResultResponse[];
}

export class IndicatorPeriodResponse {
  @ApiProperty({ description: '期间', example: '2026-Q1' }) id: string;
  @ApiProperty({ format: 'date', description: '起' }) from: string;
  @ApiProperty({ format: 'date', description: '止' }) to: string;
}

export class IndicatorValueResponse {
  @ApiProperty({ description: '指标（插件/指标）' }) id: string;
  @ApiProperty({ type: LocalizedTextResponse, description: '名称' }) label: LocalizedTextResponse;
  @ApiProperty({ enum: ['%', 'count', 'fen'], description: '单位' }) unit: string;
  @ApiProperty({ type: 'number', nullable: true, description: '值；无法计算时为 null' }) value: number | null;
  @ApiProperty({ type: LocalizedTextResponse, nullable: true, description: '无法计算的原因' }) unavailable: LocalizedTextResponse | null;
  @ApiProperty({ type: 'number', nullable: true, description: '目标值' }) target: number | null;
  @ApiProperty({ enum: ['higher', 'lower'], description: '越高越好或越低越好' }) better: string;
  @ApiProperty({ type: 'number', nullable: true, description: '分子' }) numerator: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: '分母' }) denominator: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: '统计期间；null 为全部记录' }) period: string | null;
}

export class IndicatorsResponse {
  @ApiProperty({ type: 'integer', description: '单位' }) institutionId: number;
  @ApiProperty({ type: IndicatorPeriodResponse, nullable: true, description: '统计期间；null 为全部记录' }) period: IndicatorPeriodResponse | null;
  @ApiProperty({ type: [IndicatorValueResponse], description: '各指标' }) indicators: IndicatorValueResponse[];
}

export class IndicatorRecordResponse {
  @ApiProperty({ type: 'integer', description: '记录编号' }) id: number;
  @ApiProperty({ description: '标题' }) title: string;
  @ApiProperty({ description: '是否计入分子' }) ok: boolean;
  @ApiProperty({ type: 'string', nullable: true, description: '记录类型' }) recordType: string | null;
}

export class IndicatorDrillDownResponse extends IndicatorValueResponse {
  @ApiProperty({ type: 'integer', description: '单位' }) institutionId: number;
  @ApiProperty({ type: [IndicatorRecordResponse], description: '分母中的记录' }) records: IndicatorRecordResponse[];
}
