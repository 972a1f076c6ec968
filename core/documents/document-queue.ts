import { Logger } from '@nestjs/common';
import type * as BullMQ from 'bullmq';

/**
 * Where batch render jobs run.
 * - `inline` (default): in the web process that started the batch (the embedded SQLite default, and PG without workers).
 * - `bullmq`: a BullMQ queue on PostgreSQL (its own schema, `DOCUMENT_QUEUE_SCHEMA`, default `bullmq`), rendered by
 *   `cli.js worker` processes. Opt-in, because without a running worker a batch never progresses.
 */
export interface DocumentQueueConfig {
  mode: 'inline' | 'bullmq';
  databaseUrl?: string;
  schema: string;
  /** BullMQ job lock; a job whose worker died is retried once its lock has expired. */
  lockMs: number;
  concurrency: number;
}

export function documentQueueConfig(source: NodeJS.ProcessEnv = process.env, databaseUrl?: string): DocumentQueueConfig {
  const mode = (source.DOCUMENT_QUEUE || 'inline').toLowerCase();
  if (mode !== 'inline' && mode !== 'bullmq') throw new Error(`DOCUMENT_QUEUE must be "inline" or "bullmq", not "${mode}"`);
  if (mode === 'bullmq' && !databaseUrl) throw new Error('DOCUMENT_QUEUE=bullmq needs DATABASE_URL (PostgreSQL): the queue lives there');
  const schema = source.DOCUMENT_QUEUE_SCHEMA || 'bullmq';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`DOCUMENT_QUEUE_SCHEMA "${schema}" is not a plain lower-case identifier`);
  const lockMs = Number(source.DOCUMENT_QUEUE_LOCK_MS || 30_000);
  if (!Number.isInteger(lockMs) || lockMs < 1000) throw new Error('DOCUMENT_QUEUE_LOCK_MS must be an integer ≥ 1000');
  const concurrency = Number(source.DOCUMENT_WORKER_CONCURRENCY || 2);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) throw new Error('DOCUMENT_WORKER_CONCURRENCY must be an integer 1–16');
  return { mode, databaseUrl, schema, lockMs, concurrency };
}

export const QUEUE_NAME = 'document-render';

export interface RenderJob {
  /** The batch's public id: unlike the row id it never repeats, even across a wiped database. */
  batch: string;
  idx: number;
}

/** BullMQ is loaded only in processes that use it. */
function loadBullmq(): typeof BullMQ {
  return require('bullmq');
}

/** The BullMQ side: a producer in web processes, a consumer in worker processes. */
export class BullmqRenderQueue {
  private readonly log = new Logger('DocumentQueue');
  private queue: BullMQ.Queue<RenderJob, void, string, RenderJob, void, string, BullMQ.PostgresQueueBackend, BullMQ.PostgresConnectionOptions> | null = null;
  private worker: BullMQ.Worker<RenderJob, void, string, BullMQ.PostgresQueueBackend, BullMQ.JobProgress, BullMQ.PostgresConnectionOptions> | null = null;

  constructor(private readonly cfg: DocumentQueueConfig) {}

  private get connection() {
    // migrate: the first process to connect creates the schema; later ones find it (an advisory lock serialises them).
    return { connectionString: this.cfg.databaseUrl, schema: this.cfg.schema, migrate: true, max: 4 };
  }

  async enqueue(jobs: RenderJob[]): Promise<void> {
    const { Queue, createPostgresBackend } = loadBullmq();
    const queue = (this.queue ??= new Queue<RenderJob, void, string, RenderJob, void, string, BullMQ.PostgresQueueBackend, BullMQ.PostgresConnectionOptions>(QUEUE_NAME, { connection: this.connection }, createPostgresBackend));
    await queue.addBulk(
      jobs.map((data) => ({
        name: 'render',
        data,
        // A stable id: enqueueing the same item again (a resumed batch) is a no-op while the job exists.
        opts: { jobId: `${data.batch}-${data.idx}`, attempts: 2, removeOnComplete: 1000, removeOnFail: 1000 },
      })),
    );
  }

  /** Consumes render jobs; `final` is true on the last attempt, when a failure must be recorded rather than retried. */
  async startWorker(process: (job: RenderJob, final: boolean) => Promise<void>): Promise<void> {
    const { Worker, createPostgresBackend } = loadBullmq();
    this.worker = new Worker<RenderJob, void, string, BullMQ.PostgresQueueBackend, BullMQ.JobProgress, BullMQ.PostgresConnectionOptions>(
      QUEUE_NAME,
      async (job) => process(job.data, job.attemptsMade + 1 >= (job.opts.attempts ?? 1)),
      { connection: this.connection, concurrency: this.cfg.concurrency, lockDuration: this.cfg.lockMs, stalledInterval: this.cfg.lockMs, maxStalledCount: 3 },
      createPostgresBackend,
    );
    this.worker.on('error', (err) => this.log.error(`worker: ${err.message}`));
    await this.worker.waitUntilReady();
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    this.worker = null;
    this.queue = null;
  }
}
