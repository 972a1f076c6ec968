import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as ts from 'typescript';
import { ROOT } from './test-db';

const SERVE = path.join(__dirname, 'serve-with-test-plugin.js');
const PLUGIN_SRC = path.join(ROOT, 'test', 'fixtures', 'test-plugin');
const PLUGIN_OUT = path.join(ROOT, 'dist', 'test', 'fixtures', 'test-plugin');

/** Emits the test plugin next to the built dist/ (global setup builds only core, plugins and apps). */
export function buildTestPlugin(): void {
  const src = path.join(PLUGIN_SRC, 'test-plugin.plugin.ts');
  // Transpile only: the plugin is type-checked with the rest of the tree, and a full tsc run here costs ~a minute.
  const out = ts.transpileModule(fs.readFileSync(src, 'utf8'), {
    fileName: src,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true },
  });
  fs.mkdirSync(PLUGIN_OUT, { recursive: true });
  fs.writeFileSync(path.join(PLUGIN_OUT, 'test-plugin.plugin.js'), out.outputText);
  fs.cpSync(path.join(PLUGIN_SRC, 'templates'), path.join(PLUGIN_OUT, 'templates'), { recursive: true });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

/** Spawns the built server with the test plugin on 127.0.0.1:port; `extra` adds variables such as NODE_ENV and LZ_FAKE_NOW. */
export function spawnServer(env: { DATA_DIR: string; CONFIG_DIR: string; PORT: number; DATABASE_URL?: string; extra?: Record<string, string>; nodeArgs?: string[] }): ServerProcess {
  const clean: Record<string, string> = { PATH: process.env.PATH ?? '', DATA_DIR: env.DATA_DIR, CONFIG_DIR: env.CONFIG_DIR, PORT: String(env.PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env.extra };
  if (env.DATABASE_URL) clean.DATABASE_URL = env.DATABASE_URL;
  const child = spawn(process.execPath, [...(env.nodeArgs ?? []), SERVE], { cwd: ROOT, env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-4000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${env.PORT}`, output: () => out, exited };
}

/** Milliseconds until GET /api/health answers 200; throws after timeoutMs or if the process exits. */
export async function waitHealthy(server: ServerProcess, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let dead = false;
  void server.exited.then(() => (dead = true));
  while (Date.now() - started < timeoutMs) {
    if (dead) throw new Error(`server exited before it was healthy:\n${server.output()}`);
    try {
      const res = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return Date.now() - started;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${server.output()}`);
}

export async function kill9(server: ServerProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await server.exited;
}

export async function stop(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await server.exited;
  clearTimeout(timer);
}
