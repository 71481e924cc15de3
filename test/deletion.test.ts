import { describe, expect, it } from 'vitest';
import {
  deleteOptions,
  removalOf,
  removalWithin,
  finishedAfterRequest,
  requestTimeOf,
  stopsNotReported,
} from '../support/checks/deletion.ts';
import { pod } from './fakes.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';

describe('deleteOptions (what kubectl delete sends)', () => {
  it('leaves the grace period to the pod by default', () => {
    expect(deleteOptions({ kind: 'default' })).toEqual({
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      propagationPolicy: 'Background',
    });
  });
  it('sends --grace-period=N, turning 0 into 1 as kubectl does without --force', () => {
    expect(deleteOptions({ kind: 'grace', seconds: 5 }).gracePeriodSeconds).toBe(5);
    expect(deleteOptions({ kind: 'grace', seconds: 0 }).gracePeriodSeconds).toBe(1);
  });
  it('sends 0 for --force --grace-period=0', () => {
    expect(deleteOptions({ kind: 'force' }).gracePeriodSeconds).toBe(0);
  });
});

describe('removal interval on the cluster clock', () => {
  // Observed on the local cluster: DELETE at 02:28:14 with the default grace of 30 s; the kubelet
  // killed the container at the deadline and deleted the pod with grace 0 one second later.
  const request = { deletionTimestamp: '2026-11-23T02:28:44Z', deletionGracePeriodSeconds: 30 };
  const final = { deletionTimestamp: '2026-11-23T02:28:45Z', deletionGracePeriodSeconds: 0 };

  it('takes the request time as deletionTimestamp minus the grace period, not deletionTimestamp itself', () => {
    expect(requestTimeOf('p', request).iso).toBe('2026-11-23T02:28:14Z');
    expect(removalOf('p', request, final)).toEqual({
      requestedAt: '2026-11-23T02:28:14Z',
      gracePeriodSeconds: 30,
      removedAt: '2026-11-23T02:28:45Z',
      seconds: 31,
    });
  });

  it('gives 0 s for a forced delete (one stamp, grace 0)', () => {
    const forced = { deletionTimestamp: '2026-11-23T02:31:50Z', deletionGracePeriodSeconds: 0 };
    expect(removalOf('p', forced, forced).seconds).toBe(0);
  });

  it('refuses a DELETED object that is not the final grace-0 deletion (e.g. seen only after a relist)', () => {
    expect(() => removalOf('p', request, request)).toThrow(
      'pod "p" removal time: expected the DELETED object to carry the final deletion (deletionGracePeriodSeconds 0), observed deletionGracePeriodSeconds 30 with deletionTimestamp "2026-11-23T02:28:44Z"',
    );
  });

  it('refuses a pod that was not deleted', () => {
    expect(() => requestTimeOf('p', {})).toThrow(/expected deletionGracePeriodSeconds on the deleted pod/);
  });
});

describe('bounds at whole-second resolution', () => {
  it('accepts exactly the measurements a removal inside the range can produce', () => {
    // A true interval in [30, 40] truncates to a measured 30..40 (each timestamp loses < 1 s).
    expect(removalWithin(30, 30, 40)).toBe(true);
    expect(removalWithin(40, 30, 40)).toBe(true);
    expect(removalWithin(29, 30, 40)).toBe(false);
    expect(removalWithin(41, 30, 40)).toBe(false);
    expect(removalWithin(0, 0, 2)).toBe(true);
  });
});

describe('a removal is evidence of a stop only when the node reported it', () => {
  const request = { deletionTimestamp: '2026-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 };
  it('refuses an instant removal of a pod whose containers were never reported stopped', () => {
    // A node that does not run containers: the pod goes at once, its container still "running".
    const instant = { deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 0 };
    const removal = removalOf('p', request, instant);
    expect(removal.seconds).toBe(0);
    expect(removalWithin(removal.seconds, 0, 10)).toBe(true); // the bound alone would pass…
    const final = snapshotOf(
      pod({ rv: '2', phase: 'Running', apps: [{ name: 'main', state: { running: 't' } }] }).pod,
      {
        seq: 2,
        via: 'DELETED',
      },
    );
    expect(stopsNotReported(final)).toEqual(['"main" running']); // …so the removal check fails on this
    const never = snapshotOf(pod({ rv: '2', apps: [{ name: 'main' }] }).pod, { seq: 2, via: 'DELETED' });
    expect(stopsNotReported(never)).toEqual(['"main" none']);
  });
  it('accepts containers reported terminated, and times their end from the request', () => {
    const stopped = snapshotOf(
      pod({ rv: '2', apps: [{ name: 'main', state: { terminated: 0, finishedAt: '2026-01-01T00:00:02Z' } }] }).pod,
      { seq: 2, via: 'DELETED' },
    );
    expect(stopsNotReported(stopped)).toEqual([]);
    expect(finishedAfterRequest('p', request, '2026-01-01T00:00:02Z')).toBe(2);
    expect(() => finishedAfterRequest('p', request, undefined)).toThrow(
      /container finishedAt: expected an RFC 3339 timestamp/,
    );
  });
});
