import { describe, expect, it } from 'vitest';
import { snapshotOf } from '../support/pods/snapshot.ts';
import { implausibleTimestamps } from '../support/scenario/sanity-gate.ts';
import { apiLevelOnly } from '../scripts/run/sanity-gate.ts';
import { pod } from './fakes.ts';

function gateState(created: string, init: [string, string], main: string) {
  const o = pod({
    rv: '5',
    phase: 'Running',
    inits: [{ name: 'warm-up', state: { terminated: 0, startedAt: init[0], finishedAt: init[1] } }],
    apps: [{ name: 'main', state: { running: main } }],
  });
  o.pod.metadata = { ...o.pod.metadata, creationTimestamp: created };
  return snapshotOf(o.pod, { seq: 5, via: 'MODIFIED' });
}

describe('sanity gate timestamps', () => {
  it('accept a node that really slept 2 s in the init container', () => {
    expect(
      implausibleTimestamps(
        gateState('2026-01-01T00:00:00Z', ['2026-01-01T00:00:01Z', '2026-01-01T00:00:03Z'], '2026-01-01T00:00:03Z'),
      ),
    ).toBeUndefined();
  });
  it('refuse timestamps that are all the same invented "now"', () => {
    const now = '2026-01-01T00:00:00Z';
    expect(implausibleTimestamps(gateState(now, [now, now], now))).toMatch(
      /an init container that sleeps 2 s is reported to have run 0 s/,
    );
  });
  it('refuse missing and out-of-order timestamps', () => {
    const o = pod({
      rv: '1',
      phase: 'Running',
      inits: [{ name: 'warm-up' }],
      apps: [{ name: 'main', state: { running: 't' } }],
    });
    expect(implausibleTimestamps(snapshotOf(o.pod, { seq: 1, via: 'GET' }))).toMatch(/for an unknown time/);
    expect(
      implausibleTimestamps(
        gateState('2026-01-01T00:00:00Z', ['2026-01-01T00:00:01Z', '2026-01-01T00:00:03Z'], '2026-01-01T00:00:02Z'),
      ),
    ).toMatch(/out of order/);
  });
});

describe('sanity gate selection', () => {
  it('restricts the selection to API-level scenarios', () => {
    expect(apiLevelOnly(undefined)).toBe('@api-level');
    expect(apiLevelOnly('@INIT-06 or @PROBE-02')).toBe('(@INIT-06 or @PROBE-02) and @api-level');
  });
});
