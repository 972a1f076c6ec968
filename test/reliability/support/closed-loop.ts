import * as http from 'node:http';

export interface LoopRequest {
  key: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoopStats {
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

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] : 0);

/**
 * `connections` users, each sending its next request when the last one's answer has fully arrived, for `seconds`;
 * latency from sending to the last byte. A plain keep-alive Node client: autocannon's own parser fell seconds behind on
 * the 50 KB HTML pages (9 s waits while the server's log showed every request answered within 0.4 s).
 */
export async function closedLoop(url: string, connections: number, seconds: number, next: (k: number) => LoopRequest): Promise<LoopStats> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const byKey = new Map<string, number[]>();
  let errors = 0;
  let non2xx = 0;
  let k = 0;
  const send = (r: LoopRequest) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(`${url}${r.path}`, { method: r.method, headers: r.headers, agent, timeout: 30_000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(r.body);
    });
  const started = Date.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        const r = next(k++);
        const t = process.hrtime.bigint();
        try {
          const status = await send(r);
          if (status < 200 || status >= 300) non2xx++;
        } catch {
          errors++;
          continue;
        }
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        latencies.push(ms);
        if (!byKey.has(r.key)) byKey.set(r.key, []);
        byKey.get(r.key)!.push(ms);
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const p99ByKey = Object.fromEntries([...byKey].map(([key, l]) => [key, Math.round(quantile(l.sort((a, b) => a - b), 0.99))]));
  const round = (v: number) => Math.round(v);
  return {
    requests: latencies.length + errors,
    perSecond: latencies.length / ((Date.now() - started) / 1000),
    p50: round(quantile(latencies, 0.5)),
    p90: round(quantile(latencies, 0.9)),
    p99: round(quantile(latencies, 0.99)),
    max: round(latencies[latencies.length - 1] ?? 0),
    errors,
    non2xx,
    p99ByKey,
  };
}
