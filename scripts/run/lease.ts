/**
 * Which runs are alive, as any machine talking to the cluster can tell: every run creates its own
 * namespace `pc-run-<random>` (labelled with the run id) holding a Lease the run renews every 15
 * seconds. A later run (or `npm run cleanup`) removes the namespaces of runs whose Lease has
 * expired (or is gone), and only namespaces the suite created: named `pc-…`, labelled with a run
 * and a scenario (or as a run's lease namespace). Namespaces kept on purpose (`--keep`) stay.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isNotFound } from '../../support/kube/errors.ts';
import type { KubeHttp } from '../../support/kube/http.ts';
import { LABEL_KEPT, LABEL_ROLE, LABEL_RUN, LABEL_SCENARIO } from '../../support/scenario/namespace.ts';
import { runStarted } from './run-id.ts';

import { LEASE_NAME, LEASE_SECONDS } from '../../support/scenario/other-runs.ts';

export { LEASE_NAME, LEASE_SECONDS };
export { otherLiveRuns } from '../../support/scenario/other-runs.ts';
const RENEW_MS = 15_000;
/** Allowed difference between the clocks of two machines sharing a cluster. */
const CLOCK_SKEW_MS = 60_000;
/** A run creates its lease before any scenario namespace; this covers the lease's own creation. */
const NO_LEASE_GRACE_MS = 2 * 60_000;
/** Runs of versions without leases (ids without the random part) count as gone after this. */
const LEGACY_RUN_MAX_MS = 3 * 60 * 60_000;

export interface NamespaceInfo {
  name: string;
  labels: Record<string, string>;
  created: Date;
  terminating: boolean;
}

export interface LeaseInfo {
  renewed: Date;
  durationSeconds: number;
  /** The lease's namespace is being deleted: its run has ended. */
  terminating: boolean;
}

export type Verdict = { stale: true; why: string } | { stale: false };

/** The rule: is the run that created this namespace gone? */
export function runGone(ns: NamespaceInfo, lease: LeaseInfo | undefined, now: Date): Verdict {
  const run = ns.labels[LABEL_RUN] ?? '';
  if (lease) {
    if (lease.terminating) return { stale: true, why: `run ${run} has ended` };
    const expires = lease.renewed.getTime() + lease.durationSeconds * 1000 + CLOCK_SKEW_MS;
    if (expires < now.getTime())
      return { stale: true, why: `run ${run} stopped renewing its lease at ${lease.renewed.toISOString()}` };
    return { stale: false };
  }
  const age = now.getTime() - ns.created.getTime();
  if (runStarted(run)) {
    return age > NO_LEASE_GRACE_MS ? { stale: true, why: `run ${run} has no lease any more` } : { stale: false };
  }
  return age > LEGACY_RUN_MAX_MS
    ? { stale: true, why: `run ${run} (an older version, without a lease) started over 3 hours ago` }
    : { stale: false };
}

/** Namespaces the suite created: the only ones a cleanup may touch. */
export function createdBySuite(ns: NamespaceInfo): boolean {
  return (
    ns.name.startsWith('pc-') &&
    ns.labels[LABEL_RUN] !== undefined &&
    (ns.labels[LABEL_SCENARIO] !== undefined || ns.labels[LABEL_ROLE] === 'run')
  );
}

/** The namespaces to delete, each with the reason. */
export function staleNamespaces(
  namespaces: NamespaceInfo[],
  leases: Map<string, LeaseInfo>,
  ownRun: string | undefined,
  now: Date,
): { name: string; why: string }[] {
  return namespaces.flatMap((ns) => {
    const run = ns.labels[LABEL_RUN];
    if (!createdBySuite(ns) || ns.terminating || run === ownRun || ns.labels[LABEL_KEPT] !== undefined) return [];
    const verdict = runGone(ns, leases.get(run ?? ''), now);
    return verdict.stale ? [{ name: ns.name, why: verdict.why }] : [];
  });
}

interface NamespaceJson {
  metadata: { name: string; labels?: Record<string, string>; creationTimestamp: string; deletionTimestamp?: string };
}
interface LeaseJson {
  spec?: { renewTime?: string; acquireTime?: string; leaseDurationSeconds?: number };
}

function info(ns: NamespaceJson): NamespaceInfo {
  return {
    name: ns.metadata.name,
    labels: ns.metadata.labels ?? {},
    created: new Date(ns.metadata.creationTimestamp),
    terminating: ns.metadata.deletionTimestamp !== undefined,
  };
}

/** Every namespace carrying a run label, and the lease of each run that has one. */
async function observe(http: KubeHttp): Promise<{ namespaces: NamespaceInfo[]; leases: Map<string, LeaseInfo> }> {
  const list = await http.request<{ items: NamespaceJson[] }>('GET', '/api/v1/namespaces', {
    query: { labelSelector: LABEL_RUN },
  });
  const namespaces = list.items.map(info);
  const leases = new Map<string, LeaseInfo>();
  for (const ns of namespaces.filter((n) => n.labels[LABEL_ROLE] === 'run')) {
    try {
      const lease = await http.request<LeaseJson>(
        'GET',
        `/apis/coordination.k8s.io/v1/namespaces/${ns.name}/leases/${LEASE_NAME}`,
      );
      const renewed = lease.spec?.renewTime ?? lease.spec?.acquireTime;
      if (!renewed) continue;
      leases.set(ns.labels[LABEL_RUN] ?? '', {
        renewed: new Date(renewed),
        durationSeconds: lease.spec?.leaseDurationSeconds ?? LEASE_SECONDS,
        terminating: ns.terminating,
      });
    } catch {
      // No lease (yet) in it: judged by the namespace's age.
    }
  }
  return { namespaces, leases };
}

export async function deleteNamespace(http: KubeHttp, name: string): Promise<void> {
  try {
    await http.request('DELETE', `/api/v1/namespaces/${name}`, {
      body: { propagationPolicy: 'Background' },
      timeoutMs: 10_000,
    });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** Deletes what runs that are no longer alive left behind; returns one line per namespace. */
export async function removeStaleRuns(http: KubeHttp, ownRun?: string, now = new Date()): Promise<string[]> {
  const { namespaces, leases } = await observe(http);
  const stale = staleNamespaces(namespaces, leases, ownRun, now);
  for (const s of stale) await deleteNamespace(http, s.name);
  return stale.map((s) => `${s.name}: ${s.why}`);
}

/**
 * Issues the deletes of a run's namespaces (pods first, with no grace period) without waiting for
 * them to go; used when a run is stopped hard. Kept namespaces stay.
 */
export async function deleteRunNamespaces(http: KubeHttp, runId: string): Promise<string[]> {
  const list = await http.request<{ items: NamespaceJson[] }>('GET', '/api/v1/namespaces', {
    query: { labelSelector: `${LABEL_RUN}=${runId},!${LABEL_KEPT}` },
    timeoutMs: 3_000,
  });
  const names = list.items
    .map(info)
    .filter((n) => createdBySuite(n) && n.labels[LABEL_ROLE] !== 'run')
    .map((n) => n.name);
  await Promise.all(
    names.map(async (name) => {
      await http
        .request('DELETE', `/api/v1/namespaces/${name}/pods`, { query: { gracePeriodSeconds: 0 }, timeoutMs: 3_000 })
        .catch(() => undefined);
      await deleteNamespace(http, name).catch(() => undefined);
    }),
  );
  return names;
}

/** Namespaces kept by `--keep` (never removed automatically), with the command that removes each. */
export async function keptNamespaces(http: KubeHttp): Promise<string[]> {
  const { namespaces } = await observe(http);
  return namespaces.filter((n) => createdBySuite(n) && n.labels[LABEL_KEPT] !== undefined).map((n) => n.name);
}

export interface RunLease {
  namespace: string;
  /** Stops renewing and deletes the lease namespace (without waiting for it to go). */
  end(): Promise<void>;
}

/** Creates this run's lease and keeps it renewed until end(). */
export async function startRunLease(http: KubeHttp, runId: string): Promise<RunLease> {
  const namespace = `pc-run-${randomBytes(4).toString('hex')}`;
  await http.request('POST', '/api/v1/namespaces', {
    body: {
      metadata: {
        name: namespace,
        labels: { [LABEL_RUN]: runId, [LABEL_ROLE]: 'run' },
        annotations: { 'pod-conformance.io/holder': `${hostname()} pid ${process.pid}` },
      },
    },
  });
  const leasePath = `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases`;
  const now = () => new Date().toISOString().replace('Z', '000Z');
  await http.request('POST', leasePath, {
    body: {
      metadata: { name: LEASE_NAME, labels: { [LABEL_RUN]: runId } },
      spec: {
        holderIdentity: `${runId} ${hostname()} pid ${process.pid}`,
        leaseDurationSeconds: LEASE_SECONDS,
        acquireTime: now(),
        renewTime: now(),
      },
    },
  });
  const timer = setInterval(() => {
    http
      .request('PATCH', `${leasePath}/${LEASE_NAME}`, {
        body: { spec: { renewTime: now() } },
        contentType: 'application/merge-patch+json',
        timeoutMs: 10_000,
      })
      .catch(() => undefined); // the next renewal retries; the lease allows three misses
  }, RENEW_MS);
  timer.unref();
  return {
    namespace,
    end: async () => {
      clearInterval(timer);
      await deleteNamespace(http, namespace);
    },
  };
}
