import { describe, expect, it } from 'vitest';
import type { ClusterStatus } from '../../clusters/provider.ts';
import { settledStatus, upDecision } from '../../clusters/local/reuse.ts';
import type { OwnerRecord } from '../../clusters/shared/runs.ts';

const status = (running: boolean, detail: string): ClusterStatus => ({
  provider: 'local',
  name: 'pod-conformance',
  running,
  kubeconfig: '/k',
  detail,
});
const RUNNING = status(true, 'running: 8 components');
const SLOW = status(false, 'processes up, API not answering: context deadline exceeded');
const other: OwnerRecord = {
  pid: 4242,
  startTime: '1',
  host: 'vm',
  runId: 'run-20261201-220000-aaaaaaaa',
  since: '2026-12-01T22:00:00Z',
  where: '/work/wt-8',
};

describe('local cluster reuse', () => {
  it('asks again while the API is slow, and reuses the cluster once it answers', async () => {
    const answers = [SLOW, SLOW, RUNNING];
    let now = 0;
    const seen: string[] = [];
    const s = await settledStatus(
      () => Promise.resolve(answers.shift()!),
      60_000,
      (x) => seen.push(x.detail),
      2_000,
      () => now,
      (ms) => Promise.resolve((now += ms)),
    );
    expect(s).toBe(RUNNING);
    expect(seen).toHaveLength(2);
    expect(upDecision(s, true, [])).toEqual({ action: 'reuse' });
  });

  it('gives up on a silent API only after the deadline', async () => {
    let now = 0;
    let asked = 0;
    const s = await settledStatus(
      () => Promise.resolve((asked++, SLOW)),
      60_000,
      undefined,
      2_000,
      () => now,
      (ms) => Promise.resolve((now += ms)),
    );
    expect(s).toBe(SLOW);
    expect(asked).toBe(31);
    expect(now).toBeGreaterThanOrEqual(60_000);
  });

  it('does not wait for a cluster that is plainly not running', async () => {
    let asked = 0;
    await settledStatus(() => Promise.resolve((asked++, status(false, 'not running'))), 60_000);
    expect(asked).toBe(1);
  });

  it('never tears down a cluster other runs are using', () => {
    const refused = upDecision(SLOW, true, [other]);
    expect(refused.action === 'refuse' && refused.reason).toMatch(
      /1 run\(s\) are using it \(run-20261201-220000-aaaaaaaa \(pid 4242 .*not tearing it down/,
    );
    expect(upDecision(status(false, 'partly running: kubelet not running'), true, [other]).action).toBe('refuse');
    expect(upDecision(SLOW, true, []).action).toBe('rebuild');
    expect(upDecision(status(false, 'not running'), true, []).action).toBe('rebuild');
    expect(upDecision(status(false, 'not running'), false, [other]).action).toBe('start');
  });
});
