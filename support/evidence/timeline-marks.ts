/**
 * The marks on a pod's timeline: the pod's events at their first time (with repeat counts), and
 * the lifecycle hooks where the evidence says they ran.
 *
 * Lifecycle hooks show where the evidence says they ran: a FailedPostStartHook/FailedPreStopHook
 * event at its time, and the marker lines a hook (or the container) wrote to a file the scenario
 * read (support/checks/markers.ts). Markers carry the node's uptime, not a date: the picture
 * places a file's markers by one anchor (anchorOf), a container start in whole seconds, so to
 * about a second, and says which; the order of the markers and their gaps are exact to 10 ms.
 */
import type { HostPathRead } from '../actions/written-evidence.ts';
import type { EventJson } from '../checks/events.ts';
import type { Marker } from '../checks/markers.ts';
import { parseMarkers } from '../checks/markers.ts';
import type { ContainerLane, EventMark, HookMark } from './timeline-model.ts';

/** A cluster timestamp as epoch milliseconds; undefined when absent or unreadable. */
export const time = (iso: string | undefined): number | undefined => {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
};

export function eventMarks(events: EventJson[], pod: string, uid: string | undefined): EventMark[] {
  return events
    .filter((e) => e.involvedObject.kind === 'Pod' && e.involvedObject.name === pod)
    .filter((e) => !uid || !e.involvedObject.uid || e.involvedObject.uid === uid)
    .flatMap((e) => {
      const first = time(e.firstTimestamp) ?? time(e.eventTime) ?? time(e.metadata?.creationTimestamp);
      if (first === undefined) return [];
      const count = e.series?.count ?? e.count ?? 1;
      const last = time(e.series?.lastObservedTime) ?? time(e.lastTimestamp);
      const container = /spec\.(?:initContainers|containers)\{(.+)\}/.exec(e.involvedObject.fieldPath ?? '')?.[1];
      return [
        {
          reason: e.reason ?? '?',
          warning: e.type === 'Warning',
          at: first,
          lastAt: count > 1 && last !== undefined && last > first ? last : undefined,
          count,
          message: e.message ?? '',
          container,
        },
      ];
    })
    .sort((a, b) => a.at - b.at);
}

const HOOK_EVENTS: Record<string, HookMark['hook']> = {
  FailedPostStartHook: 'postStart',
  FailedPreStopHook: 'preStop',
};

const hookNamed = (label: string): HookMark['hook'] =>
  /post-?start/i.test(label) ? 'postStart' : /pre-?stop/i.test(label) ? 'preStop' : undefined;

/**
 * Where a marker file meets the cluster's clock: a marker "<container> start" at that container's
 * first start (markers come in order, so its first occurrence is run 1), else the first marker at
 * the first start of an app container (a postStart request, say, milliseconds after it).
 */
function anchorOf(
  markers: Marker[],
  containers: ContainerLane[],
): { uptime: number; at: number; how: string } | undefined {
  for (const m of markers) {
    const lane = containers.find((c) => m.label === `${c.name} start`);
    const run = lane?.runs[0];
    if (lane && run)
      return { uptime: m.time, at: run.startedAt, how: `"${m.label}" placed at the start of container "${lane.name}"` };
  }
  const first = markers[0];
  const starts = containers.filter((c) => c.kind === 'app').flatMap((c) => c.runs.map((r) => r.startedAt));
  if (!first || starts.length === 0) return undefined;
  return {
    uptime: first.time,
    at: Math.min(...starts),
    how: 'the first marker placed at the first app container start',
  };
}

export function hookMarks(
  marks: EventMark[],
  reads: HostPathRead[],
  pod: string,
  containers: ContainerLane[],
): HookMark[] {
  const failures = marks.flatMap((e) => {
    const hook = HOOK_EVENTS[e.reason];
    return hook ? [{ hook, label: e.reason, at: e.at, clock: 'event' as const, failed: true, detail: e.message }] : [];
  });
  const written = reads
    .filter((r) => r.pod === pod)
    .flatMap((r) => {
      let markers: Marker[];
      try {
        markers = parseMarkers(r.text);
      } catch {
        return []; // not a marker file
      }
      const anchor = anchorOf(markers, containers);
      if (!anchor) return [];
      return markers.map((m) => ({
        hook: hookNamed(m.label),
        label: m.label,
        at: anchor.at + Math.round((m.time - anchor.uptime) * 1000),
        clock: 'marker' as const,
        failed: false,
        detail: `${r.source}: uptime ${m.time} s; ${anchor.how}`,
      }));
    });
  return [...failures, ...written].sort((a, b) => a.at - b.at);
}
