import { describe, expect, it } from 'vitest';
import type { KubeClients } from '../support/kube/clients.ts';
import { missingReason } from '../support/scenario/capabilities.ts';

const node = (name: string, ready = true) => ({
  metadata: { name },
  spec: {},
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'Unknown' }] },
});
const now = new Date().toISOString();
/** A cluster with these nodes and these other runs' leases (a lease renewed now). */
const cluster = (nodes: ReturnType<typeof node>[], runs: string[] = []) =>
  ({
    core: { listNode: () => Promise.resolve({ items: nodes }) },
    http: {
      request: (_method: string, path: string) =>
        Promise.resolve(
          path === '/api/v1/namespaces'
            ? {
                items: runs.map((run, i) => ({
                  metadata: { name: `pc-run-${i}`, labels: { 'pod-conformance.io/run': run } },
                })),
              }
            : { spec: { renewTime: now, leaseDurationSeconds: 60 } },
        ),
    },
  }) as unknown as KubeClients;
const context = (nodes: string[] | undefined) => ({
  namespace: 'ns',
  image: 'busybox',
  overrides: new Map<string, boolean>(),
  runId: 'own',
  ...(nodes ? { kubeletControl: { command: ['node', 'bin', 'cluster', 'kubelet'], nodes } } : {}),
});

describe('capability nodeStop', () => {
  it('needs a provider that stops kubelets', async () => {
    await expect(missingReason(cluster([node('a'), node('b')]), 'nodeStop', context(undefined))).resolves.toMatch(
      /the run's cluster provider stops no node's kubelet/,
    );
  });

  it('a schedulable node to stop and another besides', async () => {
    await expect(missingReason(cluster([node('a'), node('b', false)]), 'nodeStop', context(['b']))).resolves.toMatch(
      /none of the nodes whose kubelet the run may stop \(b\) is schedulable now/,
    );
    await expect(missingReason(cluster([node('b')]), 'nodeStop', context(['b']))).resolves.toMatch(
      /needs 2 schedulable nodes .* the cluster has 1/,
    );
    await expect(missingReason(cluster([node('a'), node('b')]), 'nodeStop', context(['b']))).resolves.toBeUndefined();
  });

  it('and no other run on the cluster (its own lease does not count)', async () => {
    await expect(
      missingReason(cluster([node('a'), node('b')], ['own', 'run-x']), 'nodeStop', context(['b'])),
    ).resolves.toMatch(/1 other run\(s\) use the cluster \(run-x\)/);
    await expect(
      missingReason(cluster([node('a'), node('b')], ['own']), 'nodeStop', context(['b'])),
    ).resolves.toBeUndefined();
  });
});
