/**
 * Marker lines: `<seconds since boot> <label…>` appended by containers, hooks and traps to a
 * shared file (the technique of upstream's node e2e tests). /proc/uptime is the same clock for
 * every container on a node and has 10 ms resolution, finer than the cluster's one-second
 * startedAt/finishedAt. A scenario asserts the exact sequence of labels and that time never ran
 * backwards between them.
 */
import { fail, quote } from './assert.ts';

export interface Marker {
  time: number;
  label: string;
}

export function parseMarkers(text: string): Marker[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(\d+(?:\.\d+)?)\s+(.+)$/.exec(line);
      if (!m) fail(`marker line: expected "<seconds> <label>", observed ${quote(line)}`);
      return { time: Number(m[1]), label: m[2] ?? '' };
    });
}

export function assertMarkerSequence(where: string, markers: Marker[], expected: string[]): void {
  const observed = markers.map((m) => m.label);
  if (observed.join(', ') !== expected.join(', ')) {
    fail(`markers in ${where}: expected ${quote(expected.join(', '))}, observed ${quote(observed.join(', '))}`);
  }
  for (let i = 1; i < markers.length; i++) {
    const [a, b] = [markers[i - 1], markers[i]];
    if (a && b && b.time < a.time) {
      fail(
        `markers in ${where}: expected non-decreasing times, observed "${b.label}" at ${b.time} after "${a.label}" at ${a.time}`,
      );
    }
  }
}
