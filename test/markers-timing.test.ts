import { describe, expect, it } from 'vitest';
import { expectMarkerGap, expectMarkerSequence, parseMarkers } from '../support/checks/markers.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';
import { expectConditionNotBefore, expectRanInOrder } from '../support/pods/timing.ts';
import { pod } from './fakes.ts';

describe('markers', () => {
  const text = '100.10 init-first start\n102.12 init-first done\n102.50 app start\n';
  it('pass when the labels come in the expected order with non-decreasing times', () => {
    expect(() =>
      expectMarkerSequence('/m', parseMarkers(text), ['init-first start', 'init-first done', 'app start']),
    ).not.toThrow();
  });
  it('fail on another order, naming both sequences', () => {
    expect(() =>
      expectMarkerSequence('/m', parseMarkers(text), ['init-first start', 'app start', 'init-first done']),
    ).toThrow(
      'markers in /m: expected "init-first start, app start, init-first done", observed "init-first start, init-first done, app start"',
    );
  });
  it('fail when time runs backwards', () => {
    expect(() => expectMarkerSequence('/m', parseMarkers('5.0 a\n4.0 b\n'), ['a', 'b'])).toThrow(
      /non-decreasing times/,
    );
  });
  it('hold the gap between two markers to both bounds, on the uptime clock', () => {
    const hung = parseMarkers('10.00 main start\n12.40 preStop start\n20.45 SIGTERM received\n');
    expect(expectMarkerGap('/m', hung, 'preStop start', 'SIGTERM received', { minSeconds: 6, maxSeconds: 11 })).toBe(
      8.05,
    );
    expect(() =>
      expectMarkerGap('/m', hung, 'preStop start', 'SIGTERM received', { minSeconds: 6, maxSeconds: 8 }),
    ).toThrow('markers in /m: expected "SIGTERM received" between 6 s and 8 s after "preStop start", observed 8.05 s');
    expect(() => expectMarkerGap('/m', hung, 'main start', 'preStop start', { minSeconds: 5, maxSeconds: 10 })).toThrow(
      /observed 2.4 s/,
    );
  });
  it('refuse lines without a timestamp', () => {
    expect(() => parseMarkers('hello\n')).toThrow(/expected "<seconds> <label>"/);
  });
});

describe('cluster timestamps', () => {
  const T = (sec: number) => `2026-01-01T00:00:0${sec}Z`;
  const state = (seq: number, spec: Parameters<typeof pod>[0]) => snapshotOf(pod(spec).pod, { seq, via: 'MODIFIED' });
  const final = {
    rv: '9',
    inits: [
      { name: 'a', state: { terminated: 0, startedAt: T(1), finishedAt: T(3) } },
      { name: 'b', state: { terminated: 0, startedAt: T(3), finishedAt: T(5) } },
    ],
    apps: [{ name: 'app', state: { running: T(6) } }],
    conditions: {
      Initialized: { status: 'True', at: T(5) },
      Ready: { status: 'True', at: T(4) },
    },
  };
  // What a kubelet writes on the way: a running, then b running, then the app.
  const history = [
    state(1, {
      rv: '1',
      inits: [{ name: 'a', state: { waiting: 'PodInitializing' } }, { name: 'b' }],
      conditions: { Initialized: 'False', Ready: 'False' },
    }),
    state(2, {
      rv: '2',
      inits: [
        { name: 'a', state: { running: T(1) } },
        { name: 'b', state: { waiting: 'PodInitializing' } },
      ],
      conditions: { Initialized: 'False', Ready: 'False' },
    }),
    state(3, {
      rv: '3',
      inits: [
        { name: 'a', state: { terminated: 0, startedAt: T(1), finishedAt: T(3) } },
        { name: 'b', state: { running: T(3) } },
      ],
      conditions: { Initialized: 'False', Ready: 'False' },
    }),
    state(4, final),
  ];
  it('accept containers that ran in order, with a state showing each start before the next (equal seconds allowed)', () => {
    expect(() => expectRanInOrder(history, 'p', ['a', 'b', 'app'])).not.toThrow();
    expect(() => expectConditionNotBefore(history, 'p', 'Initialized', 'b')).not.toThrow();
  });
  it('reject a reversed order and a condition that changed before the container finished', () => {
    expect(() => expectRanInOrder(history, 'p', ['b', 'a'])).toThrow(
      /order of "b" and "a": expected "b" finishedAt .* not after "a" startedAt/,
    );
    expect(() => expectConditionNotBefore(history, 'p', 'Ready', 'b')).toThrow(/observed it 1000 ms later/);
    expect(() => expectRanInOrder(history, 'p', ['app', 'a'])).toThrow(/expected both timestamps/);
  });
  it('reject equal timestamps that no observed state puts in order', () => {
    const same = {
      rv: '9',
      inits: [
        { name: 'a', state: { terminated: 0, startedAt: T(1), finishedAt: T(1) } },
        { name: 'b', state: { terminated: 0, startedAt: T(1), finishedAt: T(1) } },
      ],
      apps: [{ name: 'app', state: { running: T(1) } }],
      conditions: { Initialized: { status: 'True', at: T(1) } },
    };
    const flat = [state(1, { rv: '1', inits: [{ name: 'a' }, { name: 'b' }] }), state(2, same)];
    expect(() => expectRanInOrder(flat, 'p', ['a', 'b', 'app'])).toThrow(
      /order of "a" and "b": expected an observed state in which "a" had started and "b" had not, observed none in 2 states/,
    );
    expect(() => expectConditionNotBefore(flat, 'p', 'Initialized', 'b')).toThrow(
      /expected an observed state in which "b" was running and Initialized was not yet "True"/,
    );
    // Zero timings too: everything at the epoch.
    expect(() => expectRanInOrder([state(1, same)], 'p', ['a', 'b'])).toThrow(/observed none in 1 states/);
  });
  it('accept timestamps in earlier whole seconds without a witness state (a loaded kubelet may write two changes at once)', () => {
    const apart = {
      rv: '9',
      inits: [
        { name: 'a', state: { terminated: 0, startedAt: T(1), finishedAt: T(2) } },
        { name: 'b', state: { terminated: 0, startedAt: T(3), finishedAt: T(5) } },
      ],
      apps: [{ name: 'app', state: { running: T(6) } }],
      conditions: { Initialized: { status: 'True', at: T(6) } },
    };
    const coarse = [state(1, { rv: '1', inits: [{ name: 'a' }, { name: 'b' }] }), state(2, apart)];
    expect(() => expectRanInOrder(coarse, 'p', ['a', 'b', 'app'])).not.toThrow();
    expect(() => expectConditionNotBefore(coarse, 'p', 'Initialized', 'b')).not.toThrow();
  });
  it('reject a condition the pod does not report', () => {
    expect(() => expectConditionNotBefore(history, 'p', 'ContainersReady', 'b')).toThrow(
      'ContainersReady condition of pod "p": expected it reported, observed no such condition',
    );
  });
});
