import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../support/assert.ts';
import type { PodJson } from '../support/kube/json.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';
import { printedRow } from '../support/probes/expectations.ts';
import { onlyProbeInForce, probeInForce, probesInForce } from '../support/probes/in-force.ts';
import { pod } from './fakes.ts';

const twoProbes: PodJson = {
  spec: {
    terminationGracePeriodSeconds: 5,
    containers: [
      { name: 'web', livenessProbe: { periodSeconds: 2 }, readinessProbe: { periodSeconds: 3 } },
      { name: 'side', livenessProbe: { periodSeconds: 4, terminationGracePeriodSeconds: 1 } },
    ],
  },
};

describe('probes in force', () => {
  it('list every container with a probe of the kind, with its settings and kill grace', () => {
    expect(
      probesInForce(twoProbes, 'liveness').map((p) => [p.container, p.settings.periodSeconds, p.graceSeconds]),
    ).toEqual([
      ['web', 2, 5],
      ['side', 4, 1],
    ]);
  });

  it('refuse a step naming a probe the container does not have, or one that needs exactly one', () => {
    expect(probeInForce(twoProbes, 'p', 'web', 'readiness', 'x.feature:3').settings.periodSeconds).toBe(3);
    expect(() => probeInForce(twoProbes, 'p', 'side', 'readiness', 'x.feature:3')).toThrow(ScenarioError);
    expect(() => onlyProbeInForce(twoProbes, 'p', 'liveness', 'x.feature:3')).toThrow(
      'x.feature:3: pod "p" has 2 containers with a liveness probe; this step needs exactly one',
    );
    expect(onlyProbeInForce(twoProbes, 'p', 'readiness', 'x.feature:3').container).toBe('web');
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
