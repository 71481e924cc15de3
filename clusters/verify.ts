/**
 * The check `cluster:up` ends with, on any provider: a pod from the busybox test image runs and
 * resolves the API server's Service name through the cluster DNS from inside the pod. It proves
 * scheduling, the runtime, the test images, pod networking and DNS in a few seconds, and leaves
 * nothing behind (its namespace is deleted whatever happens).
 */
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { setTimeout as delay } from 'node:timers/promises';
import { firstLine, loadKubeConfig } from './shared/api.ts';
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
    const deadline = Date.now() + timeoutMs;
    let pod: V1Pod | undefined;
    while (Date.now() < deadline) {
      pod = await api.readNamespacedPod({ name: 'verify', namespace });
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') break;
      const waiting = pod.status?.containerStatuses?.[0]?.state?.waiting;
      if (waiting && /ErrImage|ImagePullBackOff|InvalidImageName|CreateContainerError/.test(waiting.reason ?? '')) {
        throw new ClusterError(
          `verification pod cannot start: ${waiting.reason}: ${waiting.message ?? ''}; are the test images loaded?`,
        );
      }
      await delay(500);
    }
    const log = await api.readNamespacedPodLog({ name: 'verify', namespace }).catch(() => '');
    if (pod?.status?.phase !== 'Succeeded') {
      throw new ClusterError(
        `verification pod ended ${pod?.status?.phase ?? 'nowhere'} within ${timeoutMs / 1000}s; its output: ${log.trim().split('\n').slice(-3).join(' | ')}`,
      );
    }
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
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const list = await api.listNamespacedServiceAccount({ namespace });
    if (list.items.some((sa) => sa.metadata?.name === 'default')) return;
    await delay(200);
  }
  throw new ClusterError(
    `namespace ${namespace} got no default service account within ${timeoutMs / 1000}s: is kube-controller-manager running?`,
  );
}
