import { describe, expect, it } from 'vitest';
import { outsideDeletion, withCause } from '../support/scenario/deletion-cause.ts';
import { ConformanceAssertionError } from '../support/assert.ts';
import type { KubeClients } from '../support/kube/clients.ts';
import { ApiError } from '../support/kube/errors.ts';
import type { PodRecorder } from '../support/pods/recorder.ts';
import type { PodSnapshot } from '../support/pods/snapshot.ts';

const clients = (answer: () => unknown): KubeClients =>
  ({ http: { request: () => Promise.resolve().then(answer) } }) as unknown as KubeClients;
const recorder = (timelines: Record<string, Partial<PodSnapshot>[]>): PodRecorder =>
  ({
    podNames: () => Object.keys(timelines),
    timeline: (name: string) => timelines[name] ?? [],
  }) as unknown as PodRecorder;
const alive = () => ({ metadata: {} });

describe('outside deletions', () => {
  it('name a namespace deleted under the scenario', async () => {
    const terminating = clients(() => ({ metadata: { deletionTimestamp: '2026-12-01T22:30:00Z' } }));
    expect(await outsideDeletion({ clients: terminating, namespace: 'pc-x', deletedByScenario: new Set() })).toBe(
      "the scenario's namespace pc-x was deleted at 2026-12-01T22:30:00Z by something outside the scenario",
    );
    const gone = clients(() => {
      throw new ApiError(404, { reason: 'NotFound' }, 'get namespace');
    });
    expect(await outsideDeletion({ clients: gone, namespace: 'pc-x', deletedByScenario: new Set() })).toMatch(
      /namespace pc-x was deleted by something outside/,
    );
  });

  it('name a pod deleted by something other than a step, and not one a step deleted', async () => {
    const timelines = {
      web: [{ phase: 'Running' }, { phase: 'Running', deletionTimestamp: '2026-12-01T22:31:00Z' }],
    };
    const witness = { clients: clients(alive), namespace: 'pc-x', recorder: recorder(timelines) };
    expect(await outsideDeletion({ ...witness, deletedByScenario: new Set() })).toBe(
      'pod "web" was deleted at 2026-12-01T22:31:00Z by something outside the scenario (no step deleted it)',
    );
    expect(await outsideDeletion({ ...witness, deletedByScenario: new Set(['web']) })).toBeUndefined();
    const untouched = { web: [{ phase: 'Running' }, { phase: 'Failed' }] };
    expect(
      await outsideDeletion({ ...witness, recorder: recorder(untouched), deletedByScenario: new Set() }),
    ).toBeUndefined();
  });

  it('put the cause first on the line the console shows', () => {
    const err = withCause(
      new ConformanceAssertionError('pod "web" did not stay Running: observed "Failed"'),
      'pod "web" was deleted',
    );
    expect((err as Error).message).toBe('pod "web" was deleted; so: pod "web" did not stay Running: observed "Failed"');
    expect((err as Error).stack?.split('\n')[0]).toBe(
      'ConformanceAssertionError: pod "web" was deleted; so: pod "web" did not stay Running: observed "Failed"',
    );
  });
});
