import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { OrgService } from './org.service';
import { EMAIL_PATTERN, PHONE_PATTERN } from './person-contact';

export class CreateDepartmentDto {
  @ApiProperty({ example: '药剂科' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
}

/** Omitted keeps the stored value; null or '' clears it. */
export class PersonContactDto {
  @ApiPropertyOptional({ example: '13800138000', nullable: true, description: '手机号（11 位，可带 +86），用于短信提醒' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null && v !== '')
  @IsString()
  @Matches(PHONE_PATTERN, { message: '手机号须为 11 位大陆手机号 / phone must be an 11-digit mainland mobile number' })
  phone?: string | null;

  @ApiPropertyOptional({ example: 'linqing@example.cn', nullable: true, description: '电子邮箱，用于邮件提醒' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null && v !== '')
  @IsString()
  @MaxLength(254)
  @Matches(EMAIL_PATTERN, { message: '邮箱格式不正确 / email is not a valid address' })
  email?: string | null;
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

  @ApiOperation({ summary: '设置人员的手机号和邮箱（加密保存，只显示掩码）' })
  @Roles('system-admin', 'head', 'discipline-officer')
  @Put(':id/people/:personId/contact')
  setContact(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('personId', IdPipe) personId: number, @Body() dto: PersonContactDto) {
    return this.org.setContact(actor, id, personId, dto);
  }
}
