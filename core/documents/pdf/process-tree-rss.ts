import * as fs from 'node:fs';

/** Resident memory, in MB, of a process and all its descendants, read from /proc (0 where /proc cannot be read). */
export function processTreeRssMb(root: number): number {
  try {
    const parents = new Map<number, number>();
    const rss = new Map<number, number>();
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parents.set(Number(d), Number(fields[1]));
        rss.set(Number(d), Number(fields[21]) * 4096);
      } catch {
        /* process ended while we read */
      }
    }
    let total = 0;
    for (const pid of rss.keys()) {
      for (let p: number | undefined = pid; p && p > 1; p = parents.get(p)) {
        if (p === root) {
          total += rss.get(pid)!;
          break;
        }
      }
    }
    return total / 1024 / 1024;
  } catch {
    return 0;
  }
}
