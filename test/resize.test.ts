import { describe, expect, it } from 'vitest';
import type { PodJson } from '../support/kube/json.ts';
import type { PodView } from '../support/pods/expectation.ts';
import { resized, resizeOutstanding, resourcesDiffer } from '../support/pods/resize.ts';
import { parsePodState } from '../support/pods/state-text.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';

type Amounts = Record<string, string>;
interface Shape {
  spec: { requests?: Amounts; limits?: Amounts };
  reported?: { requests?: Amounts; limits?: Amounts };
  allocated?: Amounts;
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
  generation?: number;
  observedGeneration?: number;
  ready?: string;
}

function resizePod(s: Shape): PodJson {
  return {
    metadata: { name: 'p', uid: 'u', resourceVersion: '9', generation: s.generation ?? 2 },
    spec: { containers: [{ name: 'c1', image: 'busybox', resources: s.spec }] },
    status: {
      phase: 'Running',
      observedGeneration: s.observedGeneration ?? s.generation ?? 2,
      conditions: [{ type: 'Ready', status: s.ready ?? 'True' }, ...(s.conditions ?? [])],
      containerStatuses: [
        {
          name: 'c1',
          image: 'busybox',
          imageID: '',
          ready: true,
          restartCount: 0,
          resources: s.reported ?? s.spec,
          allocatedResources: s.allocated ?? s.spec.requests,
        },
      ],
    },
  };
}
const view = (s: Shape): PodView => ({ exists: true, snapshot: snapshotOf(resizePod(s), { seq: 1, via: 'MODIFIED' }) });
const asked = { requests: { cpu: '25m', memory: '25Mi' }, limits: { cpu: '25m', memory: '25Mi' } };

describe('a resize as the node reports it done', () => {
  it('holds when every amount is reported applied and allocated, whatever its spelling', () => {
    const done = view({
      spec: asked,
      reported: { requests: { cpu: '0.025', memory: '26214400' }, limits: asked.limits },
    });
    expect(resized().holds(done)).toBe(true);
    expect(parsePodState('resized').holds(done)).toBe(true);
  });

  it('names what is still outstanding: the applied amounts, the allocation, a resize condition, the generation, Ready', () => {
    const was = { requests: { cpu: '20m', memory: '20Mi' }, limits: { cpu: '20m', memory: '20Mi' } };
    expect(resizeOutstanding(resizePod({ spec: asked, reported: was }))).toBe(
      'container "c1" status resources.requests.cpu: spec "25m", reported "20m"',
    );
    expect(resizeOutstanding(resizePod({ spec: asked, allocated: { cpu: '25m', memory: '20Mi' } }))).toBe(
      'container "c1" status allocatedResources.memory: requests "25Mi", allocated "20Mi"',
    );
    expect(
      resizeOutstanding(resizePod({ spec: asked, conditions: [{ type: 'PodResizeInProgress', status: 'True' }] })),
    ).toBe('condition PodResizeInProgress is "True"');
    expect(resizeOutstanding(resizePod({ spec: asked, generation: 3, observedGeneration: 2 }))).toBe(
      'status.observedGeneration 2: the kubelet has not acted on generation 3 yet',
    );
    expect(resizeOutstanding(resizePod({ spec: asked, ready: 'False' }))).toBe('condition Ready is "False"');
    expect(resized().mismatch(view({ spec: asked, reported: was }))).toBe(
      'resize: expected every container\'s status.resources and allocatedResources to match its spec, no resize condition and Ready, observed container "c1" status resources.requests.cpu: spec "25m", reported "20m"',
    );
  });

  it('an amount added or removed is a difference; one on neither side is none', () => {
    expect(resourcesDiffer({ requests: { cpu: '25m' }, limits: { cpu: '35m' } }, { requests: { cpu: '25m' } })).toBe(
      'resources.limits.cpu: spec "35m", reported none',
    );
    expect(resourcesDiffer({ requests: { memory: '15Mi' } }, { requests: { memory: '15Mi' } })).toBeUndefined();
    expect(resourcesDiffer({ requests: { cpu: '1m' } }, { requests: { cpu: '2m' } })).toBe(
      'resources.requests.cpu: spec "1m", reported "2m"',
    );
  });

  it('can no longer happen once the kubelet calls it infeasible, or the pod is gone', () => {
    const infeasible = view({
      spec: asked,
      conditions: [
        { type: 'PodResizePending', status: 'True', reason: 'Infeasible', message: "Node didn't have enough capacity" },
      ],
    });
    expect(resized().impossible(infeasible)).toBe(
      "the kubelet found the resize infeasible: Node didn't have enough capacity",
    );
    const deferred = view({
      spec: asked,
      conditions: [{ type: 'PodResizePending', status: 'True', reason: 'Deferred' }],
    });
    expect(resized().impossible(deferred)).toBeUndefined();
    expect(resized().impossible({ exists: false, snapshot: deferred.snapshot })).toBe('the pod was deleted');
  });
});
