import type { INestApplication } from '@nestjs/common';
import { DocumentBatchService } from './document-batch.service';

/**
 * Starts a render worker in an initialised app (`cli.js worker`): consumes BullMQ render jobs with the process's
 * Chromium pool. Resolves once it is listening for jobs; `app.close()` stops it after the jobs in hand finish.
 */
export async function startRenderWorker(app: INestApplication): Promise<void> {
  await app.get(DocumentBatchService).startWorker();
}
