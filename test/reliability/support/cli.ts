import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './test-db';

export const CLI = path.join(ROOT, 'dist', 'apps', 'cli', 'cli.js');
export const DEMO_CONFIG = path.join(ROOT, 'config');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with only the given environment (plus PATH), optionally feeding stdin. */
export function runCli(args: string[], env: Record<string, string | undefined>, stdin?: string, timeoutMs = 45_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const clean: Record<string, string> = { PATH: process.env.PATH ?? '' };
    for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: clean, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cli ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (stdin !== undefined) child.stdin.end(stdin);
    else child.stdin.end();
  });
}
