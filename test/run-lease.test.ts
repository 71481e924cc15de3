import { describe, expect, it } from 'vitest';
import { staleNamespaces, type LeaseInfo, type NamespaceInfo } from '../scripts/run/lease.ts';

const now = new Date('2026-12-01T22:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const ns = (
  name: string,
  labels: Record<string, string>,
  createdSecondsAgo = 600,
  terminating = false,
): NamespaceInfo => ({
  name,
  labels,
  created: ago(createdSecondsAgo),
  terminating,
});
const scenario = (run: string, extra: Record<string, string> = {}) => ({
  'pod-conformance.io/run': run,
  'pod-conformance.io/scenario': 's',
  ...extra,
});
const lease = (renewedSecondsAgo: number, terminating = false): LeaseInfo => ({
  renewed: ago(renewedSecondsAgo),
  durationSeconds: 60,
  terminating,
});
const LIVE = 'run-20261201-215000-aaaaaaaa';
const DEAD = 'run-20261201-214000-bbbbbbbb';

describe('stale-run cleanup', () => {
  const stale = (namespaces: NamespaceInfo[], leases: Record<string, LeaseInfo>, own?: string) =>
    staleNamespaces(namespaces, new Map(Object.entries(leases)), own, now).map((s) => s.name);

  it('removes the namespaces of a run whose lease expired, and never a live run’s', () => {
    const namespaces = [
      ns('pc-init-01-aaa', scenario(LIVE)),
      ns('pc-run-aaa', { 'pod-conformance.io/run': LIVE, 'pod-conformance.io/role': 'run' }),
      ns('pc-init-01-bbb', scenario(DEAD)),
      ns('pc-run-bbb', { 'pod-conformance.io/run': DEAD, 'pod-conformance.io/role': 'run' }),
    ];
    // Renewed 100 s ago with a 60 s lease: still inside the allowance for clock skew.
    expect(stale(namespaces, { [LIVE]: lease(100), [DEAD]: lease(121) })).toEqual(['pc-init-01-bbb', 'pc-run-bbb']);
    expect(stale(namespaces, { [LIVE]: lease(5), [DEAD]: lease(10, true) })).toEqual(['pc-init-01-bbb', 'pc-run-bbb']);
  });

  it('gives a run without a lease two minutes, and an older version’s run three hours', () => {
    expect(stale([ns('pc-a-1', scenario(DEAD), 119)], {})).toEqual([]);
    expect(stale([ns('pc-a-1', scenario(DEAD), 121)], {})).toEqual(['pc-a-1']);
    expect(stale([ns('pc-a-1', scenario('run-20261201t214007z'), 2 * 3600)], {})).toEqual([]);
    expect(stale([ns('pc-a-1', scenario('run-20261201t214007z'), 3 * 3600 + 1)], {})).toEqual(['pc-a-1']);
  });

  it('leaves alone its own run, kept and terminating namespaces, and what the suite did not create', () => {
    expect(
      stale(
        [
          ns('pc-own-1', scenario(DEAD)),
          ns('pc-kept-1', scenario('run-20261201-200000-cccccccc', { 'pod-conformance.io/kept': 'failed' })),
          ns('pc-going-1', scenario('run-20261201-200000-cccccccc'), 600, true),
          ns('team-app', scenario('run-20261201-200000-cccccccc')),
          ns('pc-unlabelled', { 'pod-conformance.io/run': 'run-20261201-200000-cccccccc' }),
        ],
        {},
        DEAD,
      ),
    ).toEqual([]);
  });
});
