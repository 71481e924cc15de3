/**
 * Other runs using the cluster now, as any machine talking to it can tell: every run holds a Lease
 * `run` in its own namespace `pc-run-<random>` (labelled with the run id and role=run) and renews
 * it every 15 s (scripts/run/lease.ts takes and renews it). A run counts while its lease was
 * renewed within its duration and its namespace is not being deleted. Read by the worker budget
 * (scripts/run/workers.ts) and by the scenarios that stop a node's kubelet, which must not do so
 * under another run.
 */
import type { KubeHttp } from '../kube/http.ts';
import { LABEL_ROLE, LABEL_RUN } from './namespace.ts';

export const LEASE_NAME = 'run';
export const LEASE_SECONDS = 60;

interface NamespaceJson {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
}
interface LeaseJson {
  spec?: { renewTime?: string; acquireTime?: string; leaseDurationSeconds?: number };
}

/** The ids of the runs other than `ownRun` whose lease is alive now. */
export async function otherLiveRuns(http: KubeHttp, ownRun: string, now = new Date()): Promise<string[]> {
  const list = await http.request<{ items: NamespaceJson[] }>('GET', '/api/v1/namespaces', {
    query: { labelSelector: `${LABEL_ROLE}=run` },
  });
  const alive: string[] = [];
  for (const ns of list.items) {
    const run = ns.metadata.labels?.[LABEL_RUN] ?? '';
    if (run === ownRun || ns.metadata.deletionTimestamp) continue;
    const lease = await http
      .request<LeaseJson>('GET', `/apis/coordination.k8s.io/v1/namespaces/${ns.metadata.name}/leases/${LEASE_NAME}`)
      .catch(() => undefined);
    const renewed = lease?.spec?.renewTime ?? lease?.spec?.acquireTime;
    if (!renewed) continue;
    const duration = (lease?.spec?.leaseDurationSeconds ?? LEASE_SECONDS) * 1000;
    if (now.getTime() - Date.parse(renewed) <= duration) alive.push(run);
  }
  return alive;
}
