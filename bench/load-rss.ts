// Resident memory of the server: the process and any processes it started, read from /proc (Linux).
// Worker threads are threads of the server process, so its own RSS already counts them.
import fs from 'node:fs';

function children(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name in parentheses may hold spaces; the fields after it are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = byParent.get(ppid) ?? [];
      list.push(Number(name));
      byParent.set(ppid, list);
    } catch {
      // gone since the listing
    }
  }
  return byParent;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      fs.readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return m ? Number(m[1]) : null;
  } catch {
    return null; // gone, or a kernel thread
  }
}

/** RSS of `pid` and all its descendants, in kB. */
export function treeRssKb(pid: number): number {
  const tree = children();
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    total += statusKb(p, 'VmRSS') ?? 0;
    stack.push(...(tree.get(p) ?? []));
  }
  return total;
}

/** The kernel's high-water mark of the process's resident set (VmHWM), in kB. */
export const peakRssKb = (pid: number) => statusKb(pid, 'VmHWM');

/** Polls the tree's RSS; `peakKb()` is the largest seen since the last `restart()`. */
export function sampleRss(pid: number, everyMs = 250) {
  let peak = 0;
  const take = () => {
    peak = Math.max(peak, treeRssKb(pid));
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    peakKb: () => (take(), peak),
    restart: () => {
      peak = 0;
      take();
    },
    stop: () => clearInterval(timer),
  };
}
