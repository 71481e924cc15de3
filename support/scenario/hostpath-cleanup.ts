/**
 * After a scenario: remove its hostPath directory from every node where one of its pods mounted
 * it (see support/checks/hostpath.ts), through a short-lived pod per node, before the namespace goes.
 * A directory that cannot be removed fails the scenario: it would be left on the node.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { Duration } from '../duration.ts';
import { cleanupPod, nodesToClean, scenarioDirectory } from '../checks/hostpath.ts';
import type { KubeClients } from '../kube/clients.ts';
import { call } from '../kube/errors.ts';
import { jsonSource } from '../watch/sources.ts';
import type { PodRecorder } from '../pods/recorder.ts';
import type { PodJson } from '../kube/json.ts';
import { describeSnapshot, snapshotOf } from '../pods/snapshot.ts';
import { whyCannotRun } from '../pods/pod-expectations.ts';
import { waitForCollection } from '../watch/wait-for-collection.ts';
import { readContainerLog } from '../kube/logs.ts';

/** A busybox `rm` on a node that has the image: seconds. Waits end early when the pod cannot run. */
const CLEANUP_WAIT = Duration.parse('30 seconds');

const cannotRun = (p: PodJson) => whyCannotRun(snapshotOf(p, { seq: 0, via: 'GET' }));

/** Every pod state the recorder saw: a pod deleted long ago still tells where it ran. */
function recordedPods(recorder: PodRecorder | undefined): PodJson[] {
  if (!recorder) return [];
  return recorder.podNames().flatMap((name) => recorder.timeline(name).map((s) => s.pod));
}

async function runCleanupPod(clients: KubeClients, namespace: string, body: V1Pod, node: string): Promise<string> {
  const name = body.metadata?.name ?? '';
  await call(`create ${name}`, () => clients.core.createNamespacedPod({ namespace, body }));
  // A pod that can never finish ends the wait at once, with why.
  const over = (p: PodJson) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed' || !!cannotRun(p);
  const outcome = await waitForCollection(
    jsonSource<PodJson>(clients.http, `/api/v1/namespaces/${namespace}/pods`, {
      fieldSelector: `metadata.name=${name}`,
    }),
    (p) => p.metadata?.name ?? '',
    {
      what: `hostPath cleanup pod "${name}" on node ${node} to finish`,
      holds: (pods) => pods.some(over),
      observed: (pods) => {
        const last = pods.at(-1);
        return last ? describeSnapshot(snapshotOf(last, { seq: 0, via: 'GET' })) : 'nothing';
      },
    },
    CLEANUP_WAIT,
  );
  const finished = outcome.observed.find(over)!;
  const why = cannotRun(finished);
  if (why && finished.status?.phase !== 'Succeeded') {
    throw new Error(`could not remove ${scenarioDirectory(namespace)} on node ${node}: cleanup pod "${name}": ${why}`);
  }
  const log = await call(`log of ${name}`, () => readContainerLog(clients, namespace, name)).catch(
    (err: unknown) => `(no log: ${err instanceof Error ? err.message : String(err)})`,
  );
  if (finished.status?.phase !== 'Succeeded') {
    throw new Error(`could not remove ${scenarioDirectory(namespace)} on node ${node}: ${log.trim() || 'no output'}`);
  }
  return log.trim();
}

export async function removeScenarioHostPaths(
  clients: KubeClients,
  namespace: string,
  recorder: PodRecorder | undefined,
  image: string | undefined,
  log: (line: string) => void,
): Promise<void> {
  const nodes = nodesToClean(recordedPods(recorder), namespace);
  if (nodes.length === 0) return;
  if (!image) throw new Error(`cannot remove ${scenarioDirectory(namespace)}: the image map has no "busybox" image`);
  for (const [i, node] of nodes.entries()) {
    const body = cleanupPod({ name: `hostpath-cleanup-${i + 1}`, node, namespace, image });
    const output = await runCleanupPod(clients, namespace, body, node);
    log(`hostPath cleanup on node ${node}: ${output.replace(/\n/g, '; ')}`);
  }
}
