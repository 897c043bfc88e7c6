// CPU time of the calling thread alone (process.cpuUsage counts every thread of the process), so a
// benchmark can tell the main thread's share from the workers' and from V8's helper threads.
import { readFileSync } from 'node:fs';

/** Node ≥ 23.9 has `process.threadCpuUsage`; Node 20 does not. */
type ThreadCpuUsage = () => { user: number; system: number };

/** Microseconds of CPU the calling thread has used; undefined where neither source exists. */
export function threadCpuMicros(): number | undefined {
  const own = (process as { threadCpuUsage?: ThreadCpuUsage }).threadCpuUsage;
  if (own) {
    const { user, system } = own.call(process);
    return user + system;
  }
  return linuxThreadCpuMicros();
}

/** Linux: the first field of /proc/thread-self/schedstat is the thread's time on a CPU, in ns. */
function linuxThreadCpuMicros(): number | undefined {
  try {
    const ns = Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ', 1)[0]);
    return Number.isFinite(ns) ? ns / 1000 : undefined;
  } catch {
    return undefined;
  }
}
