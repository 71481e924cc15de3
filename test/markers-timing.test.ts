import { describe, expect, it } from 'vitest';
import { assertMarkerSequence, parseMarkers } from '../support/markers.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';
import { assertConditionNotBefore, assertRanInOrder } from '../support/pods/timing.ts';
import { pod } from './fakes.ts';

describe('markers', () => {
  const text = '100.10 init-first start\n102.12 init-first done\n102.50 app start\n';
  it('pass when the labels come in the expected order with non-decreasing times', () => {
    expect(() =>
      assertMarkerSequence('/m', parseMarkers(text), ['init-first start', 'init-first done', 'app start']),
    ).not.toThrow();
  });
  it('fail on another order, naming both sequences', () => {
    expect(() =>
      assertMarkerSequence('/m', parseMarkers(text), ['init-first start', 'app start', 'init-first done']),
    ).toThrow(
      'markers in /m: expected "init-first start, app start, init-first done", observed "init-first start, init-first done, app start"',
    );
  });
  it('fail when time runs backwards', () => {
    expect(() => assertMarkerSequence('/m', parseMarkers('5.0 a\n4.0 b\n'), ['a', 'b'])).toThrow(
      /non-decreasing times/,
    );
  });
  it('refuse lines without a timestamp', () => {
    expect(() => parseMarkers('hello\n')).toThrow(/expected "<seconds> <label>"/);
  });
});

describe('cluster timestamps', () => {
  const s = snapshotOf(
    pod({
      rv: '1',
      inits: [
        { name: 'a', state: { terminated: 0, startedAt: '2026-01-01T00:00:01Z', finishedAt: '2026-01-01T00:00:03Z' } },
        { name: 'b', state: { terminated: 0, startedAt: '2026-01-01T00:00:03Z', finishedAt: '2026-01-01T00:00:05Z' } },
      ],
      apps: [{ name: 'app', state: { running: '2026-01-01T00:00:06Z' } }],
      conditions: {
        Initialized: { status: 'True', at: '2026-01-01T00:00:05Z' },
        Ready: { status: 'True', at: '2026-01-01T00:00:04Z' },
      },
    }).pod,
    { seq: 1, via: 'GET' },
  );
  it('accept containers that ran in order (equal seconds allowed)', () => {
    expect(() => assertRanInOrder(s, ['a', 'b', 'app'])).not.toThrow();
    expect(() => assertConditionNotBefore(s, 'Initialized', 'b')).not.toThrow();
  });
  it('reject a reversed order and a condition that changed before the container finished', () => {
    expect(() => assertRanInOrder(s, ['b', 'a'])).toThrow(
      /order of "b" and "a": expected "b" finishedAt .* not after "a" startedAt/,
    );
    expect(() => assertConditionNotBefore(s, 'Ready', 'b')).toThrow(/observed it 1000 ms later/);
    expect(() => assertRanInOrder(s, ['app', 'a'])).toThrow(/expected both timestamps/);
  });
});
