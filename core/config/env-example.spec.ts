import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENV_KEYS } from './env.config';

describe('.env.example', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', '.env.example'), 'utf8');
  const keys = [...text.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);

  it('lists every setting the platform reads, each with a comment above it', () => {
    const read = [...ENV_KEYS, 'DEMO_MODE', 'SSO_ONLY_EXCEPT_ADMINS', 'DOCUMENT_QUEUE', 'DOCUMENT_QUEUE_SCHEMA', 'DOCUMENT_QUEUE_LOCK_MS', 'DOCUMENT_WORKER_CONCURRENCY', 'ADMIN_PASSWORD'];
    expect(read.filter((k) => !keys.includes(k))).toEqual([]);
    const lines = text.split('\n');
    const uncommented = keys.filter((k) => {
      let i = lines.findIndex((l) => l.startsWith(`${k}=`)) - 1;
      while (i >= 0 && /^[A-Z_]+=/.test(lines[i])) i--;
      return !(lines[i] ?? '').startsWith('#');
    });
    expect(uncommented).toEqual([]);
  });
});
