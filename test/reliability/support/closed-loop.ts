import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface LoopRequest {
  key: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoopStats {
  /** Requests taken from the list (each sent once, in order), answered or not. */
  sent: number;
  requests: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  /** p99 per request key, to see which page is slow. */
  p99ByKey: Record<string, number>;
}

/**
 * `connections` users, each sending the next request of `requests` when the last one's answer has fully arrived, for
 * `seconds` (or until the list is used up); latency from sending to the last byte. A plain keep-alive Node client in a
 * worker thread (closed-loop-worker.js): autocannon's own parser fell seconds behind on the 50 KB HTML pages (9 s waits
 * while the server's log showed every request answered within 0.4 s).
 */
export function closedLoop(url: string, connections: number, seconds: number, requests: LoopRequest[]): Promise<LoopStats> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'closed-loop-worker.js'), { workerData: { url, connections, seconds, requests } });
    worker.once('message', (m: { stats?: LoopStats; error?: string }) => (m.stats ? resolve(m.stats) : reject(new Error(m.error))));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`closed-loop worker exited with ${code}`)));
  });
}
