import { describe, expect, it } from 'vitest';
import type { Expectation, PodView } from '../support/pods/expectation.ts';
import {
  condition,
  gone,
  inPhase,
  observedGeneration,
  printedRow,
  printedStatus,
  ready,
  readyWithRestarts,
  runningNotReadyWithRestarts,
  statusMessageMatching,
  terminating,
  totalRestarts,
  writtenAt,
} from '../support/pods/pod-expectations.ts';
import {
  containerIn,
  firstRunReported,
  previousRunIn,
  restartsAtLeast,
  restartsExactly,
  terminationMessage,
} from '../support/pods/container-expectations.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';
import { pod, verdict, view } from './fakes.ts';

describe('pod expectations', () => {
  it('phase', () => {
    expect(verdict(inPhase('Succeeded'), view({ rv: '1', phase: 'Failed' }))).toEqual({
      holds: false,
      mismatch: 'phase: expected "Succeeded", observed "Failed"',
      impossible: 'the pod reached the final phase "Failed"',
    });
    expect(inPhase('Pending').impossible(view({ rv: '1', phase: 'Running' }))).toBe(
      'the pod left Pending for "Running"',
    );
    expect(inPhase('Running').impossible(view({ rv: '1', phase: 'Pending' }))).toBeUndefined();
  });

  it('conditions: reported status and reason', () => {
    expect(
      condition('Initialized', 'False', 'ContainersNotInitialized').holds(
        view({ rv: '1', conditions: { Initialized: { status: 'False', reason: 'ContainersNotInitialized' } } }),
      ),
    ).toBe(true);
    expect(ready(false).holds(view({ rv: '1', conditions: { Ready: 'False' } }))).toBe(true);
    expect(
      ready(true).mismatch(view({ rv: '1', conditions: { Ready: { status: 'False', reason: 'ContainersNotReady' } } })),
    ).toBe('Ready condition: expected "True", observed "False" with reason "ContainersNotReady"');
  });

  it('conditions: the message, exactly as the kubelet wrote it', () => {
    const incomplete = view({
      rv: '1',
      conditions: {
        Initialized: {
          status: 'False',
          reason: 'ContainersNotInitialized',
          message: 'containers with incomplete status: [init1 init2]',
        },
      },
    });
    const wanted = (message: string) => condition('Initialized', 'False', 'ContainersNotInitialized', message);
    expect(wanted('containers with incomplete status: [init1 init2]').holds(incomplete)).toBe(true);
    expect(wanted('containers with incomplete status: [init1]').holds(incomplete)).toBe(false);
    expect(wanted('containers with incomplete status: [init1]').mismatch(incomplete)).toBe(
      'Initialized condition: expected "False" with reason "ContainersNotInitialized" and message "containers with incomplete status: [init1]", observed "False" with reason "ContainersNotInitialized" and message "containers with incomplete status: [init1 init2]"',
    );
    const noMessage = view({
      rv: '1',
      conditions: { Initialized: { status: 'False', reason: 'ContainersNotInitialized' } },
    });
    expect(wanted('containers with incomplete status: [init1]').mismatch(noMessage)).toMatch(/and message ""$/);
  });

  it('conditions: absence is not falsehood', () => {
    const noConditions = view({ rv: '1' });
    expect(ready(false).holds(noConditions)).toBe(false);
    expect(condition('Ready', 'False').holds(noConditions)).toBe(false);
    expect(ready(false).mismatch(noConditions)).toBe(
      'Ready condition: expected "False", observed no such condition (the pod does not report it)',
    );
    expect(ready(false).appliesTo?.(noConditions)).toBe(false);
    const neverCreated: PodView = { exists: false };
    expect(ready(false).holds(neverCreated)).toBe(false);
    expect(condition('Initialized', 'False').holds(neverCreated)).toBe(false);
    expect(ready(false).mismatch(neverCreated)).toBe('Ready condition: expected "False", observed no such pod');
    const deletedPod: PodView = { exists: false, snapshot: view({ rv: '1', conditions: { Ready: 'False' } }).snapshot };
    expect(ready(false).holds(deletedPod)).toBe(false);
    expect(ready(false).mismatch(deletedPod)).toBe('Ready condition: expected "False", observed the pod was deleted');
  });

  it('conditions: an unknown type is refused, a readiness gate type is accepted', () => {
    expect(() => condition('Redy', 'False')).toThrow(/unknown pod condition type "Redy"; known: PodScheduled/);
    expect(() => condition('example.com/feature-1', 'True')).not.toThrow();
    expect(() => condition('PodReadyToStartContainers', 'True')).not.toThrow();
  });

  it('kubectl STATUS', () => {
    expect(printedStatus('Init:1/2').mismatch(view({ rv: '1', status: 'Init:0/2' }))).toBe(
      'STATUS: expected "Init:1/2", observed "Init:0/2"',
    );
  });

  it("phase with the pod's own reason", () => {
    const evicted = view({ rv: '1', phase: 'Failed', reason: 'Evicted' });
    expect(inPhase('Failed', 'Evicted').holds(evicted)).toBe(true);
    const plain = view({ rv: '1', phase: 'Failed' });
    expect(verdict(inPhase('Failed', 'Evicted'), plain)).toEqual({
      holds: false,
      mismatch: 'phase: expected "Failed" with reason "Evicted", observed "Failed with reason (none)"',
      impossible: 'the pod reached the final phase "Failed" with reason (none)',
    });
    expect(inPhase('Failed', 'Evicted').impossible(view({ rv: '1', phase: 'Running' }))).toBeUndefined();
  });

  it('say when the pod does not exist', () => {
    expect(inPhase('Running').mismatch({ exists: false })).toBe('phase: expected "Running", observed no such pod');
  });
});

describe('terminating expectation', () => {
  const view = (metadata: Record<string, unknown>, exists = true) => ({
    exists,
    snapshot: snapshotOf(
      { metadata: { name: 'p', ...metadata }, spec: { containers: [] }, status: {} },
      { seq: 1, via: 'GET' },
    ),
  });

  it('holds with a deletionTimestamp and the expected grace', () => {
    const e = terminating(20);
    expect(e.holds(view({ deletionTimestamp: 'T', deletionGracePeriodSeconds: 20 }))).toBe(true);
    expect(e.holds(view({ deletionTimestamp: 'T', deletionGracePeriodSeconds: 120 }))).toBe(false);
    expect(e.mismatch(view({ deletionTimestamp: 'T', deletionGracePeriodSeconds: 120 }))).toBe(
      'deletion: expected a deletionTimestamp with deletionGracePeriodSeconds 20, observed deletionTimestamp "T" with deletionGracePeriodSeconds 120',
    );
  });

  it('does not hold for a pod that is not being deleted, and is impossible once it is gone', () => {
    const e = terminating(20);
    expect(e.holds(view({}))).toBe(false);
    expect(e.impossible(view({ deletionTimestamp: 'T' }, false))).toBe('the pod was deleted');
  });
});

describe('printedRow', () => {
  const view = (ready: boolean, status: string, exists = true) => {
    const o = pod({
      rv: '1',
      phase: 'Running',
      status,
      apps: [{ name: 'app', state: { running: '2026-01-01T00:00:00Z' }, ready }],
    });
    return { exists, snapshot: snapshotOf(o.pod, { seq: 1, via: 'ADDED', printedStatus: o.printedStatus }) };
  };

  it('holds when READY, STATUS and RESTARTS all match, and names the first column that does not', () => {
    const wanted = printedRow('1/1', 'Running', 0);
    expect(wanted.holds(view(true, 'Running'))).toBe(true);
    expect(wanted.mismatch(view(false, 'Running'))).toBe('READY: expected "1/1", observed "0/1"');
  });

  it('cannot be reached once the pod is deleted', () => {
    expect(printedRow('1/1', 'Running', 0).impossible(view(true, 'Running', false))).toBe('the pod was deleted');
  });
});

describe('the states a probe scenario holds a pod to for a window', () => {
  const running = (restarts: number, readiness: 'True' | 'False') =>
    view({
      rv: '1',
      phase: 'Running',
      apps: [{ name: 'c', state: { running: 'S' }, restarts, ready: readiness === 'True' }],
      conditions: { Ready: readiness, ContainersReady: readiness },
    });

  it('Ready with N restarts needs Ready, ContainersReady, running containers and the exact count', () => {
    expect(readyWithRestarts(1).holds(running(1, 'True'))).toBe(true);
    expect(readyWithRestarts(0).mismatch(running(1, 'True'))).toBe('restarts: expected 0, observed 1 (c: 1)');
    expect(readyWithRestarts(0).impossible(running(1, 'True'))).toBe('restart counts never go down');
  });

  it('Running but not Ready fails on the first condition that does not hold', () => {
    expect(runningNotReadyWithRestarts(0).holds(running(0, 'False'))).toBe(true);
    const waiting = view({
      rv: '1',
      phase: 'Running',
      apps: [{ name: 'c', state: { waiting: 'ContainerCreating' } }],
      conditions: { Ready: 'False', ContainersReady: 'False' },
    });
    expect(runningNotReadyWithRestarts(0).mismatch(waiting)).toBe(
      'container "c": expected "running", observed "waiting"',
    );
    expect(runningNotReadyWithRestarts(0).mismatch(running(0, 'True'))).toMatch(
      /^Ready condition: expected "False", observed "True"/,
    );
  });

  it('count restarts over all containers', () => {
    const twice = view({
      rv: '1',
      inits: [{ name: 'i', state: { terminated: 0 }, restarts: 1 }],
      apps: [{ name: 'c', state: { running: 'S' }, restarts: 1 }],
    });
    expect(totalRestarts(2).holds(twice)).toBe(true);
    expect(totalRestarts(2).holds({ exists: false })).toBe(false);
  });
});

describe('a pod that is not there', () => {
  const last = view({
    rv: '1',
    phase: 'Running',
    status: 'Running',
    apps: [{ name: 'app', state: { running: 'S' }, restarts: 1, ready: true, lastExit: 1 }],
    conditions: { Ready: 'True' },
  }).snapshot;
  const deletedPod: PodView = { exists: false, snapshot: last };
  const neverSeen: PodView = { exists: false };
  const every: Expectation[] = [
    inPhase('Running'),
    condition('Ready', 'True'),
    printedStatus('Running'),
    printedRow('1/1', 'Running', 1),
    totalRestarts(1),
    readyWithRestarts(1),
    runningNotReadyWithRestarts(1),
    terminating(30),
    observedGeneration(1),
    statusMessageMatching(/x/),
    containerIn('app', { state: 'running' }),
    restartsAtLeast('app', 1),
    restartsExactly('app', 1),
    previousRunIn('app', { exitCode: 1 }),
    firstRunReported('app'),
    terminationMessage('app', ''),
  ];

  it('is "the pod was deleted" once seen, "no such pod" before, in every expectation', () => {
    for (const e of every) {
      expect(e.holds(neverSeen), e.description).toBe(false);
      expect(e.mismatch(neverSeen), e.description).toMatch(/: expected .*, observed no such pod$/);
      expect(e.mismatch(deletedPod), e.description).toMatch(/: expected .*, observed the pod was deleted$/);
      expect(e.impossible(deletedPod), e.description).toBe('the pod was deleted');
    }
  });

  it('is what "gone" expects', () => {
    expect(gone().holds(deletedPod)).toBe(true);
    expect(gone().holds(neverSeen)).toBe(true);
    expect(gone().mismatch(view({ rv: '1', phase: 'Running' }))).toBe(
      'existence: expected the pod to be gone, observed it in phase "Running"',
    );
  });
});

describe('writtenAt', () => {
  it('holds from the state a write answered with on, never on a state recorded before it', () => {
    const caughtUp = writtenAt('1042', 'the patch');
    expect(verdict(caughtUp, view({ rv: '1041' }))).toEqual({
      holds: false,
      mismatch: 'resourceVersion: expected 1042 or later, observed "1041"',
      impossible: undefined,
    });
    expect(caughtUp.holds(view({ rv: '1042' }))).toBe(true);
    expect(caughtUp.holds(view({ rv: '1100' }))).toBe(true);
    expect(caughtUp.description).toBe('resourceVersion 1042 (the patch) or later');
  });
});
