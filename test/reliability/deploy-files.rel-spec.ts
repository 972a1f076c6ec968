import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ENV_KEYS, loadEnv } from '../../core/config/env.config';
import { IMPORT_LIMITS } from '../../core/records/record-import-parse';
import { ROOT } from './support/test-db';

// The Dockerfile and compose file cannot be built or run here (no image registry is reachable): they are checked by
// reading them. The systemd units and the nginx sample are checked by the tools that will load them.
const DEPLOY = path.join(ROOT, 'deploy');
const read = (name: string) => fs.readFileSync(path.join(DEPLOY, name), 'utf8');
const ENV_EXAMPLE_KEYS = [...fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8').matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
/** Settings of the runtime and tools rather than of the app. */
const NOT_APP_SETTINGS = ['NODE_ENV', 'PUPPETEER_SKIP_DOWNLOAD'];
/** apps/server/bootstrap.ts's keepAliveTimeout, in seconds, read from the source so a change there fails this test. */
const APP_KEEPALIVE_S = Number(/server\.keepAliveTimeout = ([\d_]+);/.exec(fs.readFileSync(path.join(ROOT, 'apps/server/bootstrap.ts'), 'utf8'))![1].replace(/_/g, '')) / 1000;

describe('deployment files in deploy/', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-deploy-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('systemd units pass `systemd-analyze verify` without a warning', () => {
    const units = ['lianzheng.service', 'lianzheng-worker.service'].map((u) => {
      fs.copyFileSync(path.join(DEPLOY, u), path.join(tmp, u));
      return path.join(tmp, u);
    });
    const res = spawnSync('systemd-analyze', ['verify', ...units], { encoding: 'utf8' });
    expect({ status: res.status, stderr: res.stderr, error: res.error?.message }).toEqual({ status: 0, stderr: '', error: undefined });
    const web = read('lianzheng.service');
    expect(web).toMatch(/^ExecStart=\/usr\/bin\/node dist\/apps\/cli\/cli\.js start$/m);
    expect(read('lianzheng-worker.service')).toMatch(/^ExecStart=\/usr\/bin\/node dist\/apps\/cli\/cli\.js worker$/m);
    expect(web).toMatch(/^User=lianzheng$/m);
    // The proxy the unit trusts is the one nginx connects from.
    expect(/^Environment=TRUST_PROXY=(.+)$/m.exec(web)![1]).toBe('127.0.0.1');
    expect(/server (127\.0\.0\.1):3000;/.exec(read('nginx.conf'))![1]).toBe('127.0.0.1');
  });

  it('a broken unit fails the same check (it can fail)', () => {
    const bad = path.join(tmp, 'broken.service');
    fs.writeFileSync(bad, read('lianzheng.service').replace('/usr/bin/node ', '/usr/bin/no-such-node '));
    const res = spawnSync('systemd-analyze', ['verify', bad], { encoding: 'utf8' });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain('/usr/bin/no-such-node is not executable');
  });

  it('the nginx sample passes `nginx -t` with a self-signed certificate, in a temporary prefix', () => {
    const prefix = path.join(tmp, 'nginx');
    fs.mkdirSync(path.join(prefix, 'logs'), { recursive: true });
    const cert = path.join(prefix, 'cert.pem');
    const key = path.join(prefix, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=lianzheng.example.gov.cn', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const site = read('nginx.conf').replace('/etc/ssl/lianzheng/fullchain.pem', cert).replace('/etc/ssl/lianzheng/privkey.pem', key);
    expect(site).not.toContain('/etc/ssl/');
    fs.writeFileSync(path.join(prefix, 'site.conf'), site);
    const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${path.join(prefix, t)};`).join(' ');
    const main = `pid ${prefix}/nginx.pid;\nerror_log ${prefix}/logs/error.log;\nevents {}\nhttp {\n  access_log ${prefix}/logs/access.log;\n  ${temps}\n  include ${prefix}/site.conf;\n}\n`;
    fs.writeFileSync(path.join(prefix, 'nginx.conf'), main);
    const test = (conf: string) => spawnSync('nginx', ['-t', '-q', '-e', path.join(prefix, 'logs', 'error.log'), '-p', prefix, '-c', conf], { encoding: 'utf8' });
    const res = test(path.join(prefix, 'nginx.conf'));
    expect({ status: res.status, stderr: res.stderr, error: res.error?.message }).toEqual({ status: 0, stderr: '', error: undefined });
    // It can fail: a directive nginx does not know.
    fs.writeFileSync(path.join(prefix, 'site.conf'), site.replace('client_max_body_size', 'client_max_body_bytes'));
    expect(test(path.join(prefix, 'nginx.conf')).stderr).toContain('unknown directive "client_max_body_bytes"');
  });

  it('the nginx sample redirects HTTP, forwards the headers TRUST_PROXY reads, fits the upload cap and keeps idle connections shorter than the app', () => {
    const conf = read('nginx.conf');
    expect(conf).toMatch(/listen 80;[\s\S]*return 301 https:\/\/\$host\$request_uri;/);
    expect(conf).toMatch(/listen 443 ssl/);
    for (const header of ['X-Forwarded-For $remote_addr', 'X-Forwarded-Proto $scheme', 'X-Forwarded-Host $host', 'Host $host', 'X-Request-Id $request_id']) expect(conf).toContain(`proxy_set_header ${header};`);
    const bodyMiB = Number(/client_max_body_size (\d+)m;/.exec(conf)![1]);
    expect(bodyMiB * 1024 * 1024).toBeGreaterThan(IMPORT_LIMITS.bytes);
    expect(bodyMiB * 1024 * 1024).toBeLessThanOrEqual(IMPORT_LIMITS.bytes + 2 * 1024 * 1024);
    expect(APP_KEEPALIVE_S).toBe(65);
    const upstream = /upstream lianzheng \{([^}]*)\}/.exec(conf)![1];
    expect(upstream).toMatch(/^\s*keepalive \d+;/m);
    expect(Number(/keepalive_timeout (\d+)s;/.exec(upstream)![1])).toBeLessThan(APP_KEEPALIVE_S);
    expect(conf).toContain('proxy_http_version 1.1;');
  });

  it('the compose file parses, runs PostgreSQL 15, the web app and a bullmq render worker, and sets only known settings', () => {
    const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, { image?: string; command?: string[]; environment?: Record<string, string>; volumes?: string[] }> };
    const { db, web, worker } = compose.services;
    expect(db.image).toMatch(/^postgres:15(\b|-)/);
    expect(web.command).toEqual(['node', 'dist/apps/cli/cli.js', 'start']);
    expect(worker.command).toEqual(['node', 'dist/apps/cli/cli.js', 'worker']);
    for (const [name, svc] of [['web', web], ['worker', worker]] as const) {
      const env = svc.environment!;
      expect({ name, unknown: Object.keys(env).filter((k) => !ENV_EXAMPLE_KEYS.includes(k)) }).toEqual({ name, unknown: [] });
      expect(env).toMatchObject({ DOCUMENT_QUEUE: 'bullmq', DATA_DIR: '/var/lib/lianzheng' });
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/lianzheng:.*@db:5432\/lianzheng$/);
      expect(svc.volumes).toContain('lianzheng-data:/var/lib/lianzheng');
      // What loadEnv would say of these values (the password placeholder stands for the operator's).
      const values = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{[^}]+\}/g, 'secret')]));
      expect(() => loadEnv({ ...values, PUBLIC_URL: 'https://lianzheng.example.gov.cn' })).not.toThrow();
    }
    expect(web.environment!.BACKUP_DIR).toBe('/var/backups/lianzheng');
  });

  it('the Dockerfile: node 20 on bookworm, the CI packages, npm ci, a non-root user, DATA_DIR as a volume, a health check', () => {
    const file = read('Dockerfile');
    expect(file).toMatch(/^FROM node:20-bookworm-slim$/m);
    const ci = /^DEB_PACKAGES=\(([^)]*)\)$/m.exec(fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8'))![1].split(/\s+/);
    const installed = /apt-get install -y --no-install-recommends ([^\\&\n]+)/.exec(file)![1].trim().split(/\s+/);
    // postgresql, nginx and systemd are CI's own: the database and the proxy run beside the image.
    expect(ci.filter((p) => !['postgresql', 'nginx', 'systemd'].includes(p) && !installed.includes(p))).toEqual([]);
    expect(file).toMatch(/^RUN npm ci\b/m);
    expect(file).toMatch(/npm run build/);
    const user = /^USER (\S+)$/m.exec(file)![1];
    expect(user).not.toMatch(/^(root|0)$/);
    const env = Object.fromEntries([...file.matchAll(/^\s*(?:ENV )?([A-Z_]+)=(\S+?)\s*\\?$/gm)].map((m) => [m[1], m[2]]));
    expect(Object.keys(env).filter((k) => !NOT_APP_SETTINGS.includes(k) && !(ENV_KEYS as readonly string[]).includes(k))).toEqual([]);
    expect(file).toContain(`VOLUME ["${env.DATA_DIR}"]`);
    expect(file).toMatch(/^HEALTHCHECK .*\n\s+CMD .*\/api\/health/m);
    expect(file).toMatch(/^CMD \["node", "dist\/apps\/cli\/cli\.js", "start"\]$/m);
  });

  it("the Dockerfile's `npm run build` compiles: tsc over tsconfig.build.json (no test file, no jest globals) reports no error", () => {
    // A plugin's own e2e spec once slipped into the build, whose jest globals failed it and so the image's build step.
    const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
    const res = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--noEmit'], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
    expect({ status: res.status, out: `${res.stdout}${res.stderr}`.slice(0, 2000) }).toEqual({ status: 0, out: '' });
  }, 300_000);
});
