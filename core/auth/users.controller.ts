import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../http/id.pipe';
import { Actor, actorLabel } from './actor';
import { CurrentActor, Roles } from './auth.decorators';
import { CreateUserDto } from './auth.dto';
import { UsersService } from './users.service';
import { ApiCreated, ApiOk, OkResponse } from '../http/api-responses';
import { UserResponse } from './auth-responses';

@ApiTags('users')
@Roles('system-admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: '查询账号列表', description: 'Lists all accounts (without password hashes).' })
  @ApiOk([UserResponse])
  async list() {
    return (await this.users.list()).map(({ passwordHash: _h, ...u }) => u);
  }

  @Post()
  @ApiOperation({ summary: '新建账号', description: 'Creates an account with a temporary password.' })
  @ApiCreated(UserResponse)
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    const { passwordHash: _h, ...user } = await this.users.create(dto, actorLabel(actor));
    return user;
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: '停用账号', description: 'Disables an account; its sessions end.' })
  @ApiOk(OkResponse)
  async disable(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    await this.users.setDisabled(id, true, actorLabel(actor));
    return { ok: true };
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: '启用账号', description: 'Enables a disabled account again.' })
  @ApiOk(OkResponse)
  async enable(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    await this.users.setDisabled(id, false, actorLabel(actor));
    return { ok: true };
  }
}
