import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { pageWindow } from '../http/pagination';
import { ClueAssignmentService } from './clue-assignment.service';
import { AssignClueDto, AssignmentListQuery, AssignmentNoteDto, ReportAssignmentDto, ReturnAssignmentDto } from './clue-assignment.dto';
import { ApiCreated, ApiOk, PageOf } from '../http/api-responses';
import { AssignmentDetailResponse, AssignmentResponse } from './warning-responses';

@ApiTags('warning')
@Controller('api/warning')
export class ClueAssignmentController {
  constructor(private readonly assignments: ClueAssignmentService) {}

  @Post('clues/:id/assignments')
  @ApiOperation({ summary: '交办预警信息', description: 'Assigns the clue to a unit below the current body, with a deadline and instructions.' })
  @ApiCreated(AssignmentResponse)
  assign(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: AssignClueDto) {
    return this.assignments.assign(actor, id, dto);
  }

  @Get('assignments')
  @ApiOperation({ summary: '查询交办事项', description: 'Assignments the caller supervises or handles, overdue first.' })
  @ApiOk(PageOf(AssignmentResponse))
  list(@CurrentActor() actor: Actor, @Query() q: AssignmentListQuery) {
    return this.assignments.page(actor, { status: q.status, unit: q.unit, overdue: q.overdue }, pageWindow(q));
  }

  @Get('assignments/:id')
  @ApiOperation({ summary: '查看交办事项', description: 'Reads one assignment with its history.' })
  @ApiOk(AssignmentDetailResponse)
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.assignments.get(actor, id);
  }

  @Post('assignments/:id/report')
  @HttpCode(200)
  @ApiOperation({ summary: '报告交办办理结果', description: 'The unit\'s discipline officer reports the outcome.' })
  @ApiOk(AssignmentResponse)
  report(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReportAssignmentDto) {
    return this.assignments.report(actor, id, dto);
  }

  @Post('assignments/:id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: '接收交办结果', description: 'The assigning body accepts the reported outcome.' })
  @ApiOk(AssignmentResponse)
  accept(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: AssignmentNoteDto) {
    return this.assignments.accept(actor, id, dto);
  }

  @Post('assignments/:id/return')
  @HttpCode(200)
  @ApiOperation({ summary: '退回交办事项', description: 'The assigning body returns the outcome for more work.' })
  @ApiOk(AssignmentResponse)
  returnAssignment(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReturnAssignmentDto) {
    return this.assignments.return(actor, id, dto);
  }

  @Post('assignments/:id/take-over')
  @HttpCode(200)
  @ApiOperation({ summary: '提级办理', description: 'The assigning body takes the matter back.' })
  @ApiOk(AssignmentResponse)
  takeOver(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: AssignmentNoteDto) {
    return this.assignments.takeOver(actor, id, dto);
  }
}
