import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../http/id.pipe';
import { Actor, actorLabel } from './actor';
import { CurrentActor, Roles } from './auth.decorators';
import { CreateUserDto } from './auth.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Roles('system-admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list() {
    return (await this.users.list()).map(({ passwordHash: _h, ...u }) => u);
  }

  @Post()
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    const { passwordHash: _h, ...user } = await this.users.create(dto, actorLabel(actor));
    return user;
  }

  @Post(':id/disable')
  @HttpCode(200)
  async disable(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    await this.users.setDisabled(id, true, actorLabel(actor));
    return { ok: true };
  }

  @Post(':id/enable')
  @HttpCode(200)
  async enable(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    await this.users.setDisabled(id, false, actorLabel(actor));
    return { ok: true };
  }
}
