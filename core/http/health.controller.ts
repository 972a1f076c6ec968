import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { Db } from '../db/db';

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(private readonly db: Db) {}

  @Public()
  @Get()
  async health() {
    await this.db.read((m) => m.query('SELECT 1'));
    return { status: 'ok', database: this.db.kind, time: new Date().toISOString() };
  }
}
