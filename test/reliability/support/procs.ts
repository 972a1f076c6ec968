import * as fs from 'node:fs';

export interface Proc {
  pid: number;
  ppid: number;
  /** NUL-separated arguments joined with spaces. */
  cmdline: string;
  rssKb: number;
}

/** Every process readable in /proc (those that end while being read are skipped). */
export function listProcs(): Proc[] {
  const out: Proc[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').join(' ').trim();
      out.push({ pid: Number(d), ppid: Number(fields[1]), cmdline, rssKb: (Number(fields[21]) * 4096) / 1024 });
    } catch {
      /* ended while we read */
    }
  }
  return out;
}

/** Processes below `root` (not root itself). */
export function descendants(root: number, procs = listProcs()): Proc[] {
  const byParent = new Map<number, Proc[]>();
  for (const p of procs) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const out: Proc[] = [];
  const walk = (pid: number) => {
    for (const c of byParent.get(pid) ?? []) {
      out.push(c);
      walk(c.pid);
    }
  };
  walk(root);
  return out;
}

export const isChromium = (p: Proc) => /(^|\/)chrom(e|ium)(\s|$)/.test(p.cmdline.split(' ')[0] ?? '');

/** The profile directory a Chromium process was started with (every process of one browser carries it). */
export function userDataDir(p: Proc): string | undefined {
  return /--user-data-dir=(\S+)/.exec(p.cmdline)?.[1];
}

/** Resident memory of a process from /proc/<pid>/status, in MB. */
export function vmRssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) / 1024;
}
