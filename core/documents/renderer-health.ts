import * as fs from 'node:fs';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EnvConfig } from '../config/env.config';
import { HealthChecks, HealthResult } from '../http/health-checks';
import { DocumentRenderService } from './document-render.service';

/** A pool busy with a batch for longer than this is reported as busy (warn), not down. */
const BUSY_AFTER_MS = 4_000;

/**
 * The renderer's health: once Chromium runs, a one-line PDF through the pool (it opens a page); before the first
 * document, only that the browser can be started, so a health probe never launches Chromium on its own.
 */
@Injectable()
export class RendererHealth implements OnModuleInit {
  constructor(
    private readonly checks: HealthChecks,
    private readonly render: DocumentRenderService,
    private readonly env: EnvConfig,
  ) {}

  onModuleInit(): void {
    this.checks.register('renderer', () => this.check());
  }

  async check(): Promise<HealthResult> {
    const pdf = this.render.pdf;
    if (pdf.stats.launches === 0) {
      try {
        fs.accessSync(this.env.CHROMIUM_PATH, fs.constants.X_OK);
        return { status: 'ok', detail: 'idle: Chromium starts with the first document' };
      } catch {
        return { status: 'down', detail: `CHROMIUM_PATH ${this.env.CHROMIUM_PATH} is not an executable file` };
      }
    }
    let timer: NodeJS.Timeout | undefined;
    const busy = new Promise<HealthResult>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'warn', detail: `busy: no page free within ${BUSY_AFTER_MS / 1000} s` }), BUSY_AFTER_MS);
    });
    const probe = pdf.render('<p>健康检查 health</p>').then((r): HealthResult => (r.pdf.subarray(0, 5).toString('latin1') === '%PDF-' ? { status: 'ok', ms: Math.round(r.ms) } : { status: 'down', detail: 'the page printed no PDF' }));
    try {
      return await Promise.race([probe, busy]);
    } finally {
      clearTimeout(timer);
    }
  }
}
