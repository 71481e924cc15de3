import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  acquireOwnerFile,
  describeOwner,
  liveRuns,
  ownerState,
  parseOwner,
  registerRun,
  releaseOwnerFile,
  runsAgainst,
  type OwnerRecord,
  type ProcessProbe,
} from '../clusters/shared/runs.ts';
import { newRunId, RUN_ID, runStarted } from '../scripts/run/run-id.ts';

/** A machine with the given PIDs alive, each with its start time. */
const machine = (alive: Record<number, string>, host = 'vm1'): ProcessProbe => ({
  host,
  startTimeOf: (pid) => alive[pid],
});
const record = (pid: number, startTime: string, runId = `run-${pid}`): OwnerRecord => ({
  pid,
  startTime,
  host: 'vm1',
  runId,
  since: '2026-12-01T21:00:00.000Z',
  where: '/work/a',
});

describe('run ids', () => {
  it('read as the UTC start time and differ within the same second', () => {
    const at = new Date('2026-12-01T21:53:07.123Z');
    expect(newRunId(at, Buffer.from([0x9f, 0x3a, 0x61, 0xc2]))).toBe('run-20261201-215307-9f3a61c2');
    const ids = new Set(Array.from({ length: 1000 }, () => newRunId(at)));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(RUN_ID);
    expect(runStarted('run-20261201-215307-9f3a61c2')).toEqual(new Date('2026-12-01T21:53:07Z'));
    expect(runStarted('run-20261201t214007z')).toBeUndefined();
  });
});

describe('lock owners', () => {
  it('count as alive only while the PID still has its start time', () => {
    const r = record(4242, '1000');
    expect(ownerState(r, machine({ 4242: '1000' }))).toEqual({ alive: true });
    expect(ownerState(r, machine({}))).toEqual({ alive: false, why: 'process 4242 no longer exists' });
    expect(ownerState(r, machine({ 4242: '2000' }))).toEqual({
      alive: false,
      why: 'PID 4242 now belongs to another process',
    });
    // A bare PID (the old lock format), PID 1, an empty file: never an owner.
    expect(ownerState(parseOwner('1'), machine({ 1: '1' })).alive).toBe(false);
    expect(ownerState(parseOwner(''), machine({})).alive).toBe(false);
    expect(ownerState(record(1, '5'), machine({ 1: '1' })).alive).toBe(false);
    expect(ownerState(r, machine({}, 'vm2')).alive).toBe('unknown');
  });

  it('are taken over when gone, and refused while alive', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const lock = join(dir, '.run.lock');
    const first = record(10, 'a');
    expect(acquireOwnerFile(lock, first, machine({ 10: 'a' }))).toEqual({ held: false });
    const second = record(11, 'b');
    const refused = acquireOwnerFile(lock, second, machine({ 10: 'a', 11: 'b' }));
    expect(refused).toMatchObject({ held: true, by: { pid: 10, runId: 'run-10' }, state: { alive: true } });
    // PID 10 was recycled: the lock is taken over.
    expect(acquireOwnerFile(lock, second, machine({ 10: 'z', 11: 'b' }))).toEqual({ held: false });
    expect(parseOwner(readFileSync(lock, 'utf8'))?.pid).toBe(11);
    // Releasing someone else's lock leaves it alone.
    releaseOwnerFile(lock, first);
    expect(parseOwner(readFileSync(lock, 'utf8'))?.pid).toBe(11);
    releaseOwnerFile(lock, second);
    writeFileSync(lock, '');
    expect(acquireOwnerFile(lock, first, machine({ 10: 'a' }))).toEqual({ held: false });
  });

  it('of runs on this machine are listed while alive, and forgotten when gone', () => {
    const env = { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'state-')) };
    const registration = registerRun('run-mine', '/work/a', env);
    const dir = join(env.XDG_STATE_HOME, 'pod-conformance', 'runs');
    writeFileSync(join(dir, 'run-other.json'), JSON.stringify(record(77, 's', 'run-other')));
    writeFileSync(join(dir, 'run-dead.json'), JSON.stringify(record(78, 's', 'run-dead')));
    const probe = machine({ 77: 's', [process.pid]: 'me' });
    expect(liveRuns(env, probe).map((r) => r.runId)).toEqual(['run-other']);
    expect(liveRuns(env, probe).map((r) => r.runId)).toEqual(['run-other']);
    registration.release();
    expect(liveRuns(env, machine({})).map((r) => r.runId)).toEqual([]);
  });

  it('of runs say which cluster they use once known; a down waits only for runs against its cluster or of no known cluster', () => {
    const env = { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'state-')) };
    const dir = join(env.XDG_STATE_HOME, 'pod-conformance', 'runs');
    const kind = { provider: 'kind', kubeconfig: '/s/kind/pod-conformance.kubeconfig' };
    const local = { provider: 'local', kubeconfig: '/s/local/admin.kubeconfig' };
    const registration = registerRun('run-kind', '/work/a', env);
    const mine = () => parseOwner(readFileSync(join(dir, 'run-kind.json'), 'utf8'));
    expect(mine()?.cluster).toBeUndefined();
    registration.uses(kind);
    expect(mine()).toMatchObject({ pid: process.pid, runId: 'run-kind', cluster: kind });
    const runs = [
      { ...record(1, 'a', 'run-local'), cluster: local },
      { ...record(2, 'b', 'run-old') },
      { ...record(3, 'c', 'run-kind-2'), cluster: kind },
      { ...record(4, 'd', 'run-other-kind'), cluster: { provider: 'kind', kubeconfig: '/s/kind/other.kubeconfig' } },
    ];
    expect(runsAgainst(runs, kind).map((r) => r.runId)).toEqual(['run-old', 'run-kind-2']);
    expect(runsAgainst(runs, local).map((r) => r.runId)).toEqual(['run-local', 'run-old']);
    // A cluster field of another shape is not trusted: the run counts for every cluster.
    const odd = parseOwner(JSON.stringify({ ...record(5, 'e'), cluster: 'kind' }));
    expect(odd?.cluster).toBeUndefined();
    expect(runsAgainst([odd!], local)).toHaveLength(1);
    expect(describeOwner(mine()!)).toContain('against the kind cluster of /s/kind/pod-conformance.kubeconfig');
    // Released after uses(): the rewritten record is still this run's, so it goes.
    registration.release();
    expect(liveRuns(env, machine({})).map((r) => r.runId)).toEqual([]);
  });
});
