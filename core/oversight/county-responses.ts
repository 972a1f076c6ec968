import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Answer of GET /api/county/board (docs only; core/oversight/county-board.service.ts `CountyBoard`). */

export class BoardPeriodResponse {
  @ApiProperty({ description: '列表所用的期间（年度或季度）', example: '2026-Q3' }) id: string;
  @ApiProperty({ type: 'integer', description: '年度' }) year: number;
  @ApiProperty({ type: 'integer', description: '季度' }) quarter: number;
  @ApiProperty({ format: 'date', description: '起' }) from: string;
  @ApiProperty({ format: 'date', description: '止' }) to: string;
  @ApiProperty({ description: '考核期间' }) assessmentPeriod: string;
}

export class BoardColourResponse {
  @ApiProperty({ description: '预警颜色' }) colour: string;
  @ApiProperty({ description: '名称' }) label: string;
}

export class FigureResponse {
  @ApiProperty({ type: 'integer', description: '数量' }) count: number;
  @ApiProperty({ description: '给出同样数量的列表页地址' }) href: string;
}

export class BoardAssessmentResponse {
  @ApiProperty({ description: '考核得分' }) score: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '名次' }) rank: number | null;
  @ApiProperty({ description: '排名页地址' }) href: string;
}

export class BoardUnitResponse {
  @ApiProperty({ type: 'integer', description: '单位' }) id: number;
  @ApiProperty({ description: '单位名称' }) name: string;
  @ApiProperty({ type: 'integer', description: '层级（0 为直属下级）' }) depth: number;
  @ApiProperty({ description: '单位看板地址' }) href: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/FigureResponse' },
    description: '各项数字：grade-1…3、identifying、self-checks-overdue、clues、rule-clues、overdue、assignments-overdue、rule-hits、level-<颜色>',
  })
  figures: Record<string, FigureResponse>;
  @ApiProperty({ type: 'integer', description: '规则命中数' }) ruleHits: number;
  @ApiProperty({ type: BoardAssessmentResponse, description: '考核' }) assessment: BoardAssessmentResponse;
}

export class BoardOverdueResponse {
  @ApiProperty({ type: 'integer', description: '逾期事项总数' }) total: number;
  @ApiProperty({ description: '列表页地址' }) href: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: '逾期事项（预警看板的行）' }) rows: Record<string, unknown>[];
}

export class BoardRuleHitsResponse {
  @ApiProperty({ description: '规则模型' }) ruleId: string;
  @ApiProperty({ description: '名称' }) label: string;
  @ApiProperty({ type: 'integer', description: '命中数' }) count: number;
  @ApiPropertyOptional({ description: '命中列表地址（单个单位的看板）' }) href?: string;
}

export class CountyBoardResponse {
  @ApiProperty({ type: BoardPeriodResponse, description: '期间' }) period: BoardPeriodResponse;
  @ApiProperty({ type: [BoardColourResponse], description: '预警颜色（重到轻）' }) colours: BoardColourResponse[];
  @ApiProperty({ type: [BoardUnitResponse], description: '各下级单位' }) units: BoardUnitResponse[];
  @ApiProperty({ type: BoardOverdueResponse, description: '逾期事项' }) overdue: BoardOverdueResponse;
  @ApiProperty({ type: [BoardRuleHitsResponse], description: '各规则模型的命中' }) ruleHits: BoardRuleHitsResponse[];
}
