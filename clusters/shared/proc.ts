/**
 * What /proc says about a process. A PID alone does not name a process: the kernel reuses it. A
 * PID with the kernel's start time of that PID does, so every record of a process the suite keeps
 * (a run, a lock's owner, a component of the local cluster) holds both.
 */
import { readFileSync } from 'node:fs';

/** Field 22 of /proc/PID/stat (start time in clock ticks since boot), or undefined if gone. */
export function procStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: parse after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = rest[0];
    if (state === 'Z' || state === 'X') return undefined;
    return rest[19];
  } catch {
    return undefined;
  }
}
