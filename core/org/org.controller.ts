import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { ImportUpload } from '../records/record-import.controller';
import type { ImportFile } from '../records/record-import.service';
import { DepartmentDto, PersonContactDto, PersonDto, PostDto } from './org.dto';
import { OrgStructureService } from './org-structure.service';
import { OrgService } from './org.service';
import { PeopleImportService } from './people-import.service';
import { PeopleService } from './people.service';
import { ApiCreated, ApiNoContent, ApiOk } from '../http/api-responses';
import { DepartmentResponse, InstitutionResponse, PeopleImportedResponse, PersonResponse, PersonRowResponse, PostResponse, PostRowResponse, PostUpdatedResponse } from './org-responses';

@ApiTags('institutions')
@Controller('api/institutions')
export class OrgController {
  constructor(
    private readonly org: OrgService,
    private readonly structure: OrgStructureService,
    private readonly people: PeopleService,
    private readonly imports: PeopleImportService,
  ) {}

  @Get()
  @ApiOperation({ summary: '查询单位列表', description: 'Lists the institutions the caller may see.' })
  @ApiOk([InstitutionResponse])
  list(@CurrentActor() actor: Actor) {
    return this.org.listVisible(actor);
  }

  @Get(':id')
  @ApiOperation({ summary: '查看单位', description: 'Reads one institution.' })
  @ApiOk(InstitutionResponse)
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.org.get(actor, id);
  }

  @Get(':id/departments')
  @ApiOperation({ summary: '查询部门列表', description: 'Lists the departments of an institution.' })
  @ApiOk([DepartmentResponse])
  departments(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.org.departments(actor, id);
  }

  @Roles('system-admin', 'head')
  @Post(':id/departments')
  @ApiOperation({ summary: '新增部门', description: 'Adds a department to an institution.' })
  @ApiCreated(DepartmentResponse)
  createDepartment(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: DepartmentDto) {
    return this.structure.createDepartment(actor, id, dto.name);
  }

  @Roles('system-admin', 'head')
  @Put(':id/departments/:departmentId')
  @ApiOperation({ summary: '部门改名', description: 'Renames a department.' })
  @ApiOk(DepartmentResponse)
  renameDepartment(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('departmentId', IdPipe) departmentId: number, @Body() dto: DepartmentDto) {
    return this.structure.renameDepartment(actor, id, departmentId, dto.name);
  }

  @Roles('system-admin', 'head')
  @Delete(':id/departments/:departmentId')
  @HttpCode(204)
  @ApiOperation({ summary: '删除部门（仅限没有人员、岗位和其他记录引用的部门，否则 409 并说明）', description: 'Deletes a department that nothing refers to (409 with the reason otherwise).' })
  @ApiNoContent('部门已删除')
  removeDepartment(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('departmentId', IdPipe) departmentId: number) {
    return this.structure.removeDepartment(actor, id, departmentId);
  }

  @Get(':id/posts')
  @ApiOperation({ summary: '查询岗位列表', description: 'Lists the posts of an institution.' })
  @ApiOk([PostRowResponse])
  posts(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.structure.posts(actor, id);
  }

  @Roles('system-admin', 'head')
  @Post(':id/posts')
  @ApiOperation({ summary: '新增岗位', description: 'Adds a post to an institution.' })
  @ApiCreated(PostResponse)
  createPost(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: PostDto) {
    return this.structure.createPost(actor, id, dto);
  }

  @Roles('system-admin', 'head')
  @Put(':id/posts/:postId')
  @ApiOperation({ summary: '岗位改名或调整所属部门（担任该岗位的人员随岗位调整部门）', description: 'Renames a post or moves it to another department (its holders move with it).' })
  @ApiOk(PostUpdatedResponse)
  updatePost(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('postId', IdPipe) postId: number, @Body() dto: PostDto) {
    return this.structure.updatePost(actor, id, postId, dto);
  }

  @Get(':id/people')
  @ApiOperation({ summary: '查询人员列表', description: 'Lists the people of an institution, contacts masked.' })
  @ApiOk([PersonRowResponse])
  listPeople(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.org.people(actor, id);
  }

  @Roles('system-admin', 'head')
  @Post(':id/people')
  @ApiOperation({ summary: '新增人员（手机号、邮箱加密保存，只显示掩码）', description: 'Adds a person; phone and email are stored encrypted and shown masked.' })
  @ApiCreated(PersonRowResponse)
  createPerson(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: PersonDto) {
    return this.people.create(actor, id, dto);
  }

  @Roles('system-admin', 'head')
  @Put(':id/people/:personId')
  @ApiOperation({ summary: '修改人员：部门、岗位、职务、任职时间未给出即为空；手机号、邮箱未给出则保持不变', description: 'Changes a person; absent phone and email stay unchanged.' })
  @ApiOk(PersonRowResponse)
  updatePerson(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('personId', IdPipe) personId: number, @Body() dto: PersonDto) {
    return this.people.update(actor, id, personId, dto);
  }

  @Roles('system-admin', 'head')
  @Post(':id/people/import')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(ImportUpload)
  @ApiOperation({ summary: '从 Excel 导入人员（表头：部门、岗位、姓名、职务、任职时间、手机、邮箱）；任何一行有错则全部不导入，逐行说明', description: 'Imports people from an Excel sheet; nothing is imported if any row fails.' })
  @ApiCreated(PeopleImportedResponse)
  importPeople(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @UploadedFile() file: ImportFile | undefined) {
    return this.imports.import(actor, id, file);
  }

  @Roles('system-admin', 'head', 'discipline-officer')
  @Put(':id/people/:personId/contact')
  @ApiOperation({ summary: '设置人员的手机号和邮箱（加密保存，只显示掩码）', description: 'Sets a person\'s phone and email (stored encrypted, shown masked).' })
  @ApiOk(PersonResponse)
  setContact(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('personId', IdPipe) personId: number, @Body() dto: PersonContactDto) {
    return this.org.setContact(actor, id, personId, dto);
  }
}
