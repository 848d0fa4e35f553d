import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] = utime, fields[12] = stime (the 14th and 15th fields of the full line).
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** This process's own CPU seconds. */
export function selfCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/**
 * Measures the CPU share (1.0 = one full core) of a set of processes over `ms`. The set is read
 * again at the end so a process that restarted mid-window is not silently dropped.
 */
export async function cpuShare(pids: () => number[], ms: number, includeSelf = false): Promise<number> {
  const startPids = pids();
  const start = new Map(startPids.map((pid) => [pid, cpuSeconds(pid)]));
  const selfStart = selfCpuSeconds();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const wall = (performance.now() - t0) / 1000;
  let used = includeSelf ? selfCpuSeconds() - selfStart : 0;
  for (const pid of new Set([...startPids, ...pids()])) used += cpuSeconds(pid) - (start.get(pid) ?? 0);
  return used / wall;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
