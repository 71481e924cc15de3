/**
 * Marker lines: `<seconds since boot> <label…>` appended by containers, hooks and traps to a
 * shared file (the technique of upstream's node e2e tests). /proc/uptime is the same clock for
 * every container on a node and has 10 ms resolution, finer than the cluster's one-second
 * startedAt/finishedAt. A scenario asserts the exact sequence of labels and that time never ran
 * backwards between them.
 */
import { fail, quote } from '../assert.ts';

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

export function expectMarkerSequence(where: string, markers: Marker[], expected: string[]): void {
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

/** The single marker with this label; a label written zero or several times cannot be placed. */
export function findMarker(where: string, markers: Marker[], label: string): { marker: Marker; index: number } {
  const found = markers.map((marker, index) => ({ marker, index })).filter((m) => m.marker.label === label);
  const only = found[0];
  if (found.length !== 1 || !only) {
    fail(
      `marker ${quote(label)} in ${where}: expected exactly one, observed ${found.length} among ${quote(markers.map((m) => m.label).join(', '))}`,
    );
  }
  return only;
}

/** `first` was written before `second` (earlier line, and its time not later). */
export function expectMarkerBefore(where: string, markers: Marker[], first: string, second: string): void {
  const a = findMarker(where, markers, first);
  const b = findMarker(where, markers, second);
  if (a.index > b.index || a.marker.time > b.marker.time) {
    fail(
      `markers in ${where}: expected ${quote(first)} before ${quote(second)}, observed ${quote(first)} at ${a.marker.time} s (line ${a.index + 1}) and ${quote(second)} at ${b.marker.time} s (line ${b.index + 1})`,
    );
  }
}

/** Seconds from the `earlier` marker to the `later` one (negative when it came first). */
export function markerGap(where: string, markers: Marker[], earlier: string, later: string): number {
  const a = findMarker(where, markers, earlier).marker;
  const b = findMarker(where, markers, later).marker;
  return Math.round((b.time - a.time) * 100) / 100;
}

/**
 * `later` was written at least `minSeconds` after `earlier`, and at most `maxSeconds` when given
 * (both on the node's uptime clock); the gap, for the log.
 */
export function expectMarkerGap(
  where: string,
  markers: Marker[],
  earlier: string,
  later: string,
  bounds: { minSeconds: number; maxSeconds?: number },
): number {
  const { minSeconds, maxSeconds } = bounds;
  const gap = markerGap(where, markers, earlier, later);
  if (gap < minSeconds || (maxSeconds !== undefined && gap > maxSeconds)) {
    const expected =
      maxSeconds === undefined ? `at least ${minSeconds} s` : `between ${minSeconds} s and ${maxSeconds} s`;
    fail(`markers in ${where}: expected ${quote(later)} ${expected} after ${quote(earlier)}, observed ${gap} s`);
  }
  return gap;
}
