import { describe, expect, it } from 'vitest';
import type { EventJson } from '../support/checks/events.ts';
import type { Measurement } from '../support/measurements.ts';
import type { PodJson } from '../support/kube/json.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';
import { timelineModel } from '../support/evidence/timeline-model.ts';
import { stagger, tickStep } from '../support/evidence/timeline-canvas.ts';
import { timelineSvg } from '../support/evidence/timeline-svg.ts';

const T = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString().replace('.000Z', 'Z');

function pod(
  seq: number,
  observed: number,
  c: Record<string, unknown>,
  extra: { conditions?: [string, string, number][]; deletion?: [number, number]; via?: 'DELETED' } = {},
) {
  const json = {
    metadata: {
      name: 'exec-health-pod',
      uid: 'u1',
      resourceVersion: String(seq),
      creationTimestamp: T(0),
      ...(extra.deletion
        ? { deletionTimestamp: T(extra.deletion[0]), deletionGracePeriodSeconds: extra.deletion[1] }
        : {}),
    },
    spec: { containers: [{ name: 'busybox' }] },
    status: {
      phase: 'Running',
      conditions: (extra.conditions ?? []).map(([type, status, at]) => ({ type, status, lastTransitionTime: T(at) })),
      containerStatuses: [{ name: 'busybox', ...c }],
    },
  } as unknown as PodJson;
  return snapshotOf(json, { seq, via: extra.via ?? 'MODIFIED', observedAt: T(observed) });
}

const ready: [string, string, number][] = [
  ['PodScheduled', 'True', 0],
  ['Ready', 'True', 3],
];

// A liveness restart: run 1 from 2 s to 48 s (killed, exit 137), run 2 from 49 s, then deleted
// with grace 1 at 60 s and removed at 62 s.
const history = [
  pod(
    1,
    0,
    { state: { waiting: { reason: 'ContainerCreating' } }, restartCount: 0 },
    { conditions: [['PodScheduled', 'True', 0]] },
  ),
  pod(2, 3, { state: { running: { startedAt: T(2) } }, restartCount: 0, ready: true }, { conditions: ready }),
  pod(
    3,
    49,
    {
      state: { running: { startedAt: T(49) } },
      restartCount: 1,
      lastState: { terminated: { exitCode: 137, reason: 'Error', startedAt: T(2), finishedAt: T(48) } },
    },
    { conditions: ready },
  ),
  pod(4, 61, { state: { running: { startedAt: T(49) } }, restartCount: 1 }, { conditions: ready, deletion: [61, 1] }),
  pod(
    5,
    62,
    { state: { running: { startedAt: T(49) } }, restartCount: 1 },
    { conditions: ready, deletion: [62, 0], via: 'DELETED' },
  ),
];

const events = [
  {
    involvedObject: { kind: 'Pod', name: 'exec-health-pod', uid: 'u1', fieldPath: 'spec.containers{busybox}' },
    reason: 'Unhealthy',
    type: 'Warning',
    count: 3,
    firstTimestamp: T(36),
    lastTimestamp: T(46),
    message: "Liveness probe failed: cat: can't open '/tmp/health'",
  },
  {
    involvedObject: { kind: 'Pod', name: 'exec-health-pod', uid: 'u1', fieldPath: 'spec.containers{busybox}' },
    reason: 'Killing',
    type: 'Normal',
    count: 1,
    firstTimestamp: T(46),
    message: 'Container busybox failed liveness probe, will be restarted',
  },
  {
    involvedObject: { kind: 'Pod', name: 'other-pod', uid: 'u2' },
    reason: 'Killing',
    type: 'Normal',
    firstTimestamp: T(10),
    message: 'not ours',
  },
] as unknown as EventJson[];

const measured: Measurement = {
  subject: 'first run of container "busybox" of pod "exec-health-pod"',
  pod: 'exec-health-pod',
  container: 'busybox',
  seconds: 46,
  minSeconds: 38,
  maxSeconds: 56,
  derivation: '30 s + (3 − 1) × 5 s − 2 s … 30 s + (3 + 1) × 5 s + grace 1 s + 5 s',
  withinBounds: true,
  from: T(2),
  to: T(48),
};

describe('timeline model', () => {
  const m = timelineModel('exec-health-pod', history, events, [measured]);

  it('has one run per startedAt, the killed run with its exit code, and the waiting reason before it', () => {
    expect(m?.containers).toEqual([
      {
        name: 'busybox',
        kind: 'app',
        runs: [
          { index: 1, startedAt: Date.parse(T(2)), finishedAt: Date.parse(T(48)), exitCode: 137, reason: 'Error' },
          { index: 2, startedAt: Date.parse(T(49)), finishedAt: undefined, exitCode: undefined, reason: undefined },
        ],
        waiting: [{ reason: 'ContainerCreating', from: Date.parse(T(0)), to: Date.parse(T(3)) }],
      },
    ]);
  });

  it("keeps this pod's events with their first and last occurrence, conditions in order, and the deletion", () => {
    expect(m?.events.map((e) => [e.reason, e.count, e.lastAt !== undefined, e.container])).toEqual([
      ['Unhealthy', 3, true, 'busybox'],
      ['Killing', 1, false, 'busybox'],
    ]);
    expect(m?.conditions.map((c) => c.type)).toEqual(['PodScheduled', 'Ready']);
    expect(m?.deletion).toEqual({
      requestedAt: Date.parse(T(60)),
      deadline: Date.parse(T(61)),
      graceSeconds: 1,
      removedAt: Date.parse(T(62)),
    });
    expect(m?.bounds).toMatchObject([{ earliest: Date.parse(T(40)), latest: Date.parse(T(58)), withinBounds: true }]);
    expect(m?.end).toBe(Date.parse(T(62)));
  });

  it('is absent for a pod never observed', () => {
    expect(timelineModel('x', [], [], [])).toBeUndefined();
  });
});

describe('timeline picture', () => {
  const svg = timelineSvg(timelineModel('exec-health-pod', history, events, [measured])!);

  it('is one standalone SVG document without scripts, links or ids', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toMatch(/<script|href=|\sid="/);
  });

  it('labels the runs, restarts, events, deletion and the asserted bound', () => {
    for (const text of [
      'run 1 · exit 137 Error · 46 s',
      '↻ restart 1',
      'Unhealthy ×3',
      'Killing',
      'DELETE requested · grace 1 s',
      'removed +2 s',
      '✓ measured 46 s, bounds 38 s … 56 s',
    ]) {
      expect(svg).toContain(text);
    }
    expect(svg).not.toContain('not ours');
  });

  it('escapes text from the cluster', () => {
    expect(svg).toContain('can&#39;t open'.replace('&#39;', "'"));
    expect(svg).not.toMatch(/<title>[^<]*<[^/]/);
  });
});

describe('hooks on the timeline', () => {
  // Run 1 started at 2 s (cluster clock); the markers file starts with the container's own marker
  // at uptime 100.25, the preStop hook marked 58.5 s and 59.75 s later; a FailedPreStopHook event at 61 s.
  const reads = [
    {
      pod: 'exec-health-pod',
      source: 'file "markers.log"',
      text: '100.25 busybox start\n158.75 preStop start\n160.00 preStop done\n',
    },
    // Without a "<container> start" marker, the first one is placed at the first app container start.
    { pod: 'exec-health-pod', source: 'file "requests.log"', text: '7.5 GET /record?hook=postStart\n' },
    { pod: 'other-pod', source: 'file "markers.log"', text: '5.00 preStop start\n' },
    { pod: 'exec-health-pod', source: 'file "message"', text: 'Hello from the preStop handler\n' },
  ];
  const failed = {
    involvedObject: { kind: 'Pod', name: 'exec-health-pod', uid: 'u1', fieldPath: 'spec.containers{busybox}' },
    reason: 'FailedPreStopHook',
    type: 'Warning',
    firstTimestamp: T(61),
    message: 'PreStopHook failed',
  } as unknown as EventJson;
  const m = timelineModel('exec-health-pod', history, [...events, failed], [], reads)!;

  it('places markers by a container start, keeps their gaps, and names the hook', () => {
    const start = Date.parse(T(2));
    expect(m.hooks).toEqual([
      expect.objectContaining({ label: 'busybox start', at: start, clock: 'marker', hook: undefined }),
      expect.objectContaining({ label: 'GET /record?hook=postStart', at: start, clock: 'marker', hook: 'postStart' }),
      expect.objectContaining({ label: 'preStop start', at: start + 58_500, clock: 'marker', hook: 'preStop' }),
      expect.objectContaining({ label: 'FailedPreStopHook', at: Date.parse(T(61)), clock: 'event', failed: true }),
      expect.objectContaining({ label: 'preStop done', at: start + 59_750, clock: 'marker', hook: 'preStop' }),
    ]);
    expect(m.hooks[2]?.detail).toBe(
      'file "markers.log": uptime 158.75 s; "busybox start" placed at the start of container "busybox"',
    );
    expect(m.hooks[1]?.detail).toBe(
      'file "requests.log": uptime 7.5 s; the first marker placed at the first app container start',
    );
  });

  it('draws them with their times and says how markers are placed', () => {
    const svg = timelineSvg(m);
    for (const text of [
      'hooks &amp; markers',
      'markers aligned to a container start',
      '◆ preStop start',
      'preStop start at 60.5 s (node uptime, aligned to a container start)',
      'FailedPreStopHook at 61 s (event time): PreStopHook failed',
    ]) {
      expect(svg).toContain(text);
    }
    expect(svg).not.toContain('Hello from');
  });

  it('leaves the lane out when no hook left evidence', () => {
    expect(timelineModel('exec-health-pod', history, events, [])?.hooks).toEqual([]);
    expect(timelineSvg(timelineModel('exec-health-pod', history, events, [])!)).not.toContain('hooks &amp; markers');
  });
});

describe('layout helpers', () => {
  it('tick steps keep the axis readable', () => {
    expect(tickStep(8)).toBe(1);
    expect(tickStep(62)).toBe(5);
    expect(tickStep(600)).toBe(60);
  });

  it('stagger puts overlapping labels on separate rows', () => {
    expect(
      stagger(
        [
          { x: 0, width: 50 },
          { x: 20, width: 50 },
          { x: 100, width: 10 },
        ],
        3,
      ),
    ).toEqual([0, 1, 0]);
  });
});

describe('a failed timing on the timeline', () => {
  // The pod was still there when the check gave up 12 s after the request at 60 s (bounds 0-2 s),
  // and the step failed at 72.5 s; the recording stopped at 62 s (no removal in this history).
  const pending = history.slice(0, 4);
  const unfinished: Measurement = {
    subject: 'removal of pod "exec-health-pod" after the delete request',
    pod: 'exec-health-pod',
    seconds: 12,
    minSeconds: 0,
    maxSeconds: 2,
    derivation: "the step's bounds 0 seconds … 2 seconds",
    withinBounds: false,
    unfinished: true,
    from: T(60),
    to: T(72),
  };
  const failure = {
    at: Date.parse(T(72)) + 500,
    step: 'pod "exec-health-pod" is gone between 0 seconds and 2 seconds after the delete request',
    message:
      'pod "exec-health-pod" removal: expected between 0 seconds and 2 seconds, observed the pod still there 12.5 s after it',
  };
  const m = timelineModel('exec-health-pod', pending, events, [unfinished], [], failure)!;
  const svg = timelineSvg(m);

  it('runs the axis to the failed step, past the asserted band', () => {
    expect(m.end).toBe(failure.at);
    expect(svg).toContain('>70 s</text>');
  });

  it('draws the asserted band, where the wait gave up, and the failed step with its message', () => {
    expect(svg).toContain('✗ not yet after 12 s, bounds 0 s … 2 s');
    expect(svg).toContain('✗ 72.5 s: pod &quot;exec-health-pod&quot; is gone between 0 seconds');
    expect(svg).toContain('observed the pod still there 12.5 s after it');
  });

  it('keeps every label inside the picture', () => {
    const texts = [...svg.matchAll(/<text x="([\d.-]+)"[^>]*font-size="([\d.]+)"[^>]*>([^<]*)</g)];
    expect(texts.length).toBeGreaterThan(10);
    for (const [, x, size, body] of texts) {
      const text = body!
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&[lg]t;/g, '<');
      expect(Number(x) + text.length * Number(size) * 0.6, text).toBeLessThanOrEqual(1280);
      expect(Number(x)).toBeGreaterThanOrEqual(0);
    }
  });

  it('is captioned by what the pod is and what failed, not by a file name', () => {
    expect(svg).toMatch(
      /<desc>pod &quot;exec-health-pod&quot; · app &quot;busybox&quot; ×2 runs · deleted \(grace 1 s\), not removed · ✗ removal of pod .* · ✗ failed at 72.5 s<\/desc>/,
    );
  });
});
