import * as fs from 'node:fs';
import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { EnvConfig } from '../config/env.config';
import { Db } from '../db/db';
import { HealthChecks, HealthResult } from './health-checks';
import { ApiOk } from './api-responses';
import { HealthResponse } from './health-responses';

/** Below this much free space in DATA_DIR new PDFs and uploads may fail half-way: down. Below the warning level: warn. */
const DISK_DOWN_BYTES = 256 * 1024 ** 2;
const DISK_WARN_BYTES = 1024 ** 3;

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly db: Db,
    private readonly env: EnvConfig,
    private readonly checks: HealthChecks,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: '健康检查：数据库、PDF 渲染、数据目录磁盘空间、未来60天工作日历；任一项 down 时返回 503', description: 'Checks the database, PDF rendering, disk space and the work calendar; 503 when any is down.' })
  @ApiOk(HealthResponse, '各项正常或仅有警告')
  @ApiResponse({ status: 503, description: '有检查项 down（应答体同 200）', type: HealthResponse })
  async health(@Res({ passthrough: true }) res: Response) {
    const [database, others] = await Promise.all([this.database(), this.checks.run()]);
    const checks: Record<string, HealthResult> = { database, disk: this.disk(), ...others };
    const named = (s: string) => Object.keys(checks).filter((k) => checks[k].status === s);
    // A warning needs an operator but the instance serves: only a part that is down takes it out of rotation.
    const status = named('down').length ? 'down' : 'ok';
    if (status === 'down') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status, database: this.db.kind, time: new Date().toISOString(), down: named('down'), warnings: named('warn'), checks };
  }

  private async database(): Promise<HealthResult> {
    const started = performance.now();
    try {
      await this.db.read((m) => m.query('SELECT 1'));
      return { status: 'ok', kind: this.db.kind, ms: Math.round(performance.now() - started) };
    } catch (err) {
      return { status: 'down', kind: this.db.kind, detail: (err as Error).message };
    }
  }

  private disk(): HealthResult {
    try {
      const s = fs.statfsSync(this.env.DATA_DIR);
      const freeBytes = s.bavail * s.bsize;
      const status = freeBytes < DISK_DOWN_BYTES ? 'down' : freeBytes < DISK_WARN_BYTES ? 'warn' : 'ok';
      return { status, freeBytes, totalBytes: s.blocks * s.bsize, ...(status === 'ok' ? {} : { detail: `${Math.floor(freeBytes / 1024 ** 2)} MiB free in DATA_DIR` }) };
    } catch (err) {
      return { status: 'down', detail: (err as Error).message };
    }
  }
}
