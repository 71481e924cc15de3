/**
 * The check `cluster:up` ends with, on any provider: a pod from the busybox test image runs and
 * resolves the API server's Service name through the cluster DNS from inside the pod. It proves
 * scheduling, the runtime, the test images, pod networking and DNS in a few seconds, and leaves
 * nothing behind (its namespace is deleted whatever happens).
 */
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { loadKubeConfig } from './shared/api.ts';
import { poll } from './shared/poll.ts';
import { firstLine, lastLines } from './shared/text.ts';
import { ClusterError, type Progress } from './provider.ts';

const DNS_NAME = 'kubernetes.default.svc.cluster.local';

export async function verifyCluster(
  kubeconfigPath: string,
  busyboxImage: string,
  progress: Progress,
  timeoutMs = 90_000,
): Promise<string> {
  const api = loadKubeConfig(kubeconfigPath).makeApiClient(CoreV1Api);
  const namespace = `pod-conformance-verify-${Date.now().toString(36)}`;
  progress.step(`verifying: a ${busyboxImage} pod resolves ${DNS_NAME} through the cluster DNS`);
  await api.createNamespace({
    body: { metadata: { name: namespace, labels: { 'pod-conformance/purpose': 'verify' } } },
  });
  try {
    await waitForDefaultServiceAccount(api, namespace, timeoutMs);
    await api.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'verify' },
        spec: {
          restartPolicy: 'Never',
          terminationGracePeriodSeconds: 0,
          containers: [
            {
              name: 'verify',
              image: busyboxImage,
              imagePullPolicy: 'IfNotPresent',
              // Retries cover CoreDNS's first seconds; a name it cannot resolve fails the pod.
              command: ['sh', '-c', `for i in 1 2 3 4 5; do nslookup ${DNS_NAME} && exit 0; sleep 1; done; exit 1`],
            },
          ],
        },
      },
    });
    const readLog = () => api.readNamespacedPodLog({ name: 'verify', namespace }).catch(() => '');
    const ended = (phase: string | undefined, log: string) =>
      `verification pod ended ${phase ?? 'nowhere'} within ${timeoutMs / 1000}s; its output: ${lastLines(log, 3)}`;
    let last: V1Pod | undefined;
    const pod = await poll(
      async () => {
        last = await api.readNamespacedPod({ name: 'verify', namespace });
        if (last.status?.phase === 'Succeeded' || last.status?.phase === 'Failed') return last;
        const waiting = last.status?.containerStatuses?.[0]?.state?.waiting;
        if (waiting && /ErrImage|ImagePullBackOff|InvalidImageName|CreateContainerError/.test(waiting.reason ?? '')) {
          throw new ClusterError(
            `verification pod cannot start: ${waiting.reason}: ${waiting.message ?? ''}; are the test images loaded?`,
          );
        }
        return undefined;
      },
      { timeoutMs, intervalMs: 500, timeout: async () => ended(last?.status?.phase, await readLog()) },
    );
    const log = await readLog();
    if (pod.status?.phase !== 'Succeeded') throw new ClusterError(ended(pod.status?.phase, log));
    const address = /Name:\s+\S+\s+Address:\s+(\S+)/.exec(log)?.[1] ?? '?';
    const node = pod.spec?.nodeName ?? '?';
    const msg = `verified: pod on ${node} (IP ${pod.status?.podIP ?? '?'}) resolved ${DNS_NAME} to ${address}`;
    progress.done(msg);
    return msg;
  } catch (error) {
    if (error instanceof ClusterError) throw error;
    throw new ClusterError(`cluster verification failed: ${firstLine(error)}`);
  } finally {
    await api.deleteNamespace({ name: namespace, gracePeriodSeconds: 0 }).catch(() => undefined);
  }
}

async function waitForDefaultServiceAccount(api: CoreV1Api, namespace: string, timeoutMs: number): Promise<void> {
  await poll(
    async () => {
      const list = await api.listNamespacedServiceAccount({ namespace });
      return list.items.some((sa) => sa.metadata?.name === 'default') || undefined;
    },
    {
      timeoutMs,
      intervalMs: 200,
      timeout: `namespace ${namespace} got no default service account within ${timeoutMs / 1000}s: is kube-controller-manager running?`,
    },
  );
}
