import { describe, expect, it } from 'vitest';
import {
  earliest,
  firstSeen,
  matches,
  occurrences,
  summarise,
  totalOccurrences,
} from '../support/checks/event-matching.ts';
import type { EventJson } from '../support/checks/events.ts';

function event(uid: string, reason: string, message: string, extra: Partial<EventJson> = {}): EventJson {
  return {
    metadata: { uid, name: `p.${uid}` },
    involvedObject: { kind: 'Pod', name: 'p' },
    reason,
    message,
    ...extra,
  };
}

describe('event occurrences', () => {
  it('come from series.count, else count, else one', () => {
    expect(occurrences(event('a', 'R', '', { series: { count: 4 }, count: 2 }))).toBe(4);
    expect(occurrences(event('a', 'R', '', { count: 2 }))).toBe(2);
    expect(occurrences(event('a', 'R', ''))).toBe(1);
  });

  it('count each Event once (its latest version) and sum across Events', () => {
    const events = [
      event('a', 'Unhealthy', 'Liveness probe failed: x', { count: 2 }),
      event('a', 'Unhealthy', 'Liveness probe failed: x', { count: 3 }), // same Event, count grew
      event('b', 'Unhealthy', 'Liveness probe errored: exec "1"'),
      event('c', 'Unhealthy', '(combined from similar events): Liveness probe errored: exec "9"', { count: 5 }),
      event('d', 'Killing', 'Container c failed liveness probe, will be restarted'),
    ];
    expect(totalOccurrences(events, { reason: 'Unhealthy' })).toBe(9);
    expect(totalOccurrences(events, { reason: 'Unhealthy', message: /Liveness probe errored/ })).toBe(6);
    expect(totalOccurrences(events, { reason: 'Unhealthy', message: /^Liveness probe errored/ })).toBe(1);
    expect(totalOccurrences(events, { reason: 'BackOff' })).toBe(0);
  });

  it('match reason exactly and the message pattern unanchored', () => {
    const e = event('a', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 404');
    expect(matches(e, { reason: 'Unhealthy', message: /statuscode: 404/ })).toBe(true);
    expect(matches(e, { reason: 'unhealthy' })).toBe(false);
    expect(matches(e, { reason: 'Unhealthy', message: /statuscode: 500/ })).toBe(false);
  });
});

describe('event times', () => {
  it('take the first time from firstTimestamp, else eventTime, else creation', () => {
    expect(firstSeen(event('a', 'R', '', { firstTimestamp: 't1', eventTime: 't2' }))).toBe('t1');
    expect(firstSeen(event('a', 'R', '', { eventTime: 't2' }))).toBe('t2');
    expect(firstSeen({ ...event('a', 'R', ''), metadata: { uid: 'a', creationTimestamp: 't3' } })).toBe('t3');
  });

  it('find the earliest matching Event across separate Events of one behaviour', () => {
    const events = [
      event('b', 'Unhealthy', 'probe 7 fails', { firstTimestamp: '2026-11-23T02:28:32Z' }),
      event('a', 'Unhealthy', 'probe 1 fails', { firstTimestamp: '2026-11-23T02:28:15Z' }),
      event('c', 'Killing', 'will be restarted', { firstTimestamp: '2026-11-23T02:28:01Z' }),
    ];
    expect(earliest(events, { reason: 'Unhealthy' })?.at).toBe('2026-11-23T02:28:15Z');
    expect(earliest(events, { reason: 'Unhealthy', message: /probe 7/ })?.event.metadata?.uid).toBe('b');
    expect(earliest(events, { reason: 'Unhealthy', message: /probe 9/ })).toBeUndefined();
  });

  it('summarise one line per Event in time order, with counts and spans', () => {
    const text = summarise([
      event('b', 'Killing', 'Container c failed liveness probe', { firstTimestamp: 'T2' }),
      event('a', 'Unhealthy', 'Liveness probe failed: x\n', { count: 3, firstTimestamp: 'T1', lastTimestamp: 'T3' }),
    ]);
    expect(text).toBe(
      'Unhealthy ×3 (T1–T3): Liveness probe failed: x\nKilling (T2): Container c failed liveness probe',
    );
    expect(summarise([], 'Killing')).toBe('no "Killing" event');
  });
});
