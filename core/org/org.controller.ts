import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { OrgService } from './org.service';

export class CreateDepartmentDto {
  @ApiProperty({ example: '药剂科' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
}

@ApiTags('institutions')
@Controller('api/institutions')
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Get()
  list(@CurrentActor() actor: Actor) {
    return this.org.listVisible(actor);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.org.get(actor, id);
  }

  @Get(':id/departments')
  departments(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.org.departments(actor, id);
  }

  @Roles('system-admin', 'head')
  @Post(':id/departments')
  createDepartment(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: CreateDepartmentDto) {
    return this.org.createDepartment(actor, id, dto.name);
  }

  @Get(':id/people')
  people(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.org.people(actor, id);
  }
}
