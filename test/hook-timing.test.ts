import { describe, expect, it } from 'vitest';
import { Duration } from '../support/duration.ts';
import { expectReadyAtLeastAfterStart, readyDelayAfterStart } from '../support/checks/hook-timing.ts';
import { differences } from '../support/checks/readback.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';
import { pod } from './fakes.ts';

// HOOK-09 on the local cluster: started 02:31:36, postStart slept 5 s, Ready at 02:31:42.
const states = [
  snapshotOf(pod({ rv: '1', apps: [{ name: 'main', state: { waiting: 'ContainerCreating' } }] }).pod, {
    seq: 1,
    via: 'ADDED',
  }),
  snapshotOf(
    pod({
      rv: '2',
      phase: 'Running',
      apps: [{ name: 'main', state: { running: '2026-11-23T02:31:36Z' }, ready: true }],
      conditions: { Ready: { status: 'True', at: '2026-11-23T02:31:42Z' } },
    }).pod,
    { seq: 2, via: 'MODIFIED' },
  ),
];

describe('postStart hold', () => {
  it('is measured from the container startedAt to the first Ready', () => {
    expect(readyDelayAfterStart(states, 'p', 'main')).toEqual({
      startedAt: '2026-11-23T02:31:36Z',
      readyAt: '2026-11-23T02:31:42Z',
      seconds: 6,
    });
  });

  it('must be at least the hook duration', () => {
    expect(() => expectReadyAtLeastAfterStart(states, 'p', 'main', Duration.parse('5 seconds'))).not.toThrow();
    expect(() => expectReadyAtLeastAfterStart(states, 'p', 'main', Duration.parse('10 seconds'))).toThrow(
      'pod "p" Ready after container "main" started: expected at least 10 seconds, observed 6 s',
    );
  });

  it('cannot be measured without a Ready state', () => {
    expect(() => readyDelayAfterStart(states.slice(0, 1), 'p', 'main')).toThrow(
      /expected an observed state with Ready=True/,
    );
  });
});

describe('handler read-back', () => {
  it('compares JSON regardless of key order', () => {
    expect(
      differences({ tcpSocket: { port: 9000, host: 'h' } }, { tcpSocket: { host: 'h', port: 9000 } }, '', 'equals'),
    ).toEqual([]);
  });
});
