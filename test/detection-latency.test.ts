import { afterEach, describe, expect, it } from 'vitest';
import { noteDetection, takeDetections, transitionOf } from '../support/pods/detection-latency.ts';
import { Duration } from '../support/duration.ts';
import { inPhase, ready } from '../support/pods/pod-expectations.ts';
import { PodRecorder } from '../support/pods/recorder.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';
import { ScriptedPodSource, pod, type PodSpec } from './fakes.ts';

const snap = (spec: PodSpec, observedAt = '2026-12-01T10:00:05.000Z') =>
  snapshotOf(pod(spec).pod, { seq: 1, via: 'MODIFIED', observedAt });

afterEach(() => void takeDetections());

describe('the transition a state carries', () => {
  const pending = snap({ rv: '1', conditions: { PodScheduled: { status: 'True', at: '2026-12-01T10:00:00Z' } } });

  it('is the newest timestamp the state before it did not carry', () => {
    const running = snap({
      rv: '2',
      phase: 'Running',
      apps: [{ name: 'app', state: { running: '2026-12-01T10:00:03Z' } }],
      conditions: {
        PodScheduled: { status: 'True', at: '2026-12-01T10:00:00Z' },
        Ready: { status: 'True', at: '2026-12-01T10:00:04Z' },
      },
    });
    expect(transitionOf(pending, running)).toEqual({ field: 'condition Ready', at: '2026-12-01T10:00:04Z' });
  });

  it('is absent when no timestamp changed, and every timestamp counts for a new pod (another uid)', () => {
    expect(
      transitionOf(
        pending,
        snap({
          rv: '2',
          phase: 'Running',
          conditions: { PodScheduled: { status: 'True', at: '2026-12-01T10:00:00Z' } },
        }),
      ),
    ).toBeUndefined();
    expect(
      transitionOf(
        pending,
        snap({ rv: '9', uid: 'uid-2', conditions: { PodScheduled: { status: 'True', at: '2026-12-01T10:00:00Z' } } }),
      ),
    ).toEqual({
      field: 'condition PodScheduled',
      at: '2026-12-01T10:00:00Z',
    });
  });

  it("ignores a container's previous run: a back-off is not stamped when the exit was", () => {
    const exited = snap({
      rv: '2',
      apps: [
        {
          name: 'app',
          state: { terminated: 1, startedAt: '2026-12-01T10:00:01Z', finishedAt: '2026-12-01T10:00:02Z' },
        },
      ],
    });
    const backOff = snap({ rv: '3', apps: [{ name: 'app', state: { waiting: 'CrashLoopBackOff' }, lastExit: 1 }] });
    backOff.containers[0]!.lastTerminated!.finishedAt = '2026-12-01T10:00:02Z';
    expect(transitionOf(exited, backOff)).toBeUndefined();
  });

  it('gives a sample with the raw latency and the part after our watch delivered the state', () => {
    const finished = snap(
      {
        rv: '3',
        phase: 'Succeeded',
        apps: [
          {
            name: 'app',
            state: { terminated: 0, startedAt: '2026-12-01T10:00:01Z', finishedAt: '2026-12-01T10:00:04Z' },
          },
        ],
      },
      '2026-12-01T10:00:05.200Z',
    );
    noteDetection('p', 'Succeeded', [pending, finished], Date.parse('2026-12-01T10:00:05.250Z'));
    expect(takeDetections()).toEqual([
      {
        pod: 'p',
        waitedFor: 'Succeeded',
        field: 'container app finishedAt',
        stampedAt: '2026-12-01T10:00:04Z',
        observedAt: '2026-12-01T10:00:05.200Z',
        returnedAt: '2026-12-01T10:00:05.250Z',
        rawMs: 1250,
        afterObservedMs: 50,
      },
    ]);
    expect(takeDetections()).toEqual([]);
  });
});

describe('the pod wait notes a detection', () => {
  it('when it ends on a state observed while it waited, not when the state held already', async () => {
    const source = new ScriptedPodSource();
    const recorder = new PodRecorder(source);
    await recorder.start();
    await source.connected();
    const wait = recorder.becomes('p', ready(true), Duration.ofMs(5_000));
    source.emit(
      'ADDED',
      pod({ rv: '2', phase: 'Running', conditions: { Ready: { status: 'False', at: '2026-12-01T10:00:00Z' } } }),
    );
    source.emit(
      'MODIFIED',
      pod({ rv: '3', phase: 'Running', conditions: { Ready: { status: 'True', at: '2026-12-01T10:00:02Z' } } }),
    );
    await wait;
    expect(takeDetections().map((s) => [s.field, s.stampedAt])).toEqual([['condition Ready', '2026-12-01T10:00:02Z']]);
    await recorder.becomes('p', inPhase('Running'), Duration.ofMs(10));
    expect(takeDetections()).toEqual([]);
    await recorder.stop();
  });
});
