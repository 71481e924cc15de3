import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../support/assert.ts';
import type { PodJson } from '../support/kube/json.ts';
import { onlyProbeInForce, probeInForce, probesInForce } from '../support/probes/in-force.ts';

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

  it("give a startup probe its own kill grace over the pod's, as a liveness probe", () => {
    const startup: PodJson = {
      spec: {
        terminationGracePeriodSeconds: 500,
        containers: [
          { name: 'c', startupProbe: { periodSeconds: 2, failureThreshold: 1, terminationGracePeriodSeconds: 5 } },
        ],
      },
    };
    const probe = probeInForce(startup, 'p', 'c', 'startup', 'x.feature:3');
    expect([probe.settings.periodSeconds, probe.settings.failureThreshold, probe.graceSeconds]).toEqual([2, 1, 5]);
  });
});
