/**
 * The run's cluster: brought up when none is running (an existing one is only checked), its API
 * server reached, and claimed: what ended runs left in it removed, then this run's lease taken so
 * that other runs can tell it is alive. Each problem stops the run with exit 3.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import {
  ClusterError,
  consoleProgress,
  ensureCluster,
  resolveProvider,
  type ClusterDescription,
  type ClusterProvider,
  type RunRegistration,
} from '../../clusters/index.ts';
import { KubeHttp } from '../../support/kube/http.ts';
import { EXIT } from '../shared/exit.ts';
import { inClusterHandOver } from '../shared/in-cluster.ts';
import type { RunOptions } from '../shared/options.ts';
import { REPORTS } from '../shared/paths.ts';
import { heading, StopRun, timed } from './console.ts';
import { inClusterCluster } from './in-cluster-runner.ts';
import { LEASE_NAME, removeStaleRuns, startRunLease } from './lease.ts';
import { API_LEVEL_TAG } from './selection.ts';
import type { RunTimings } from './timings.ts';

export interface Cluster {
  kubeconfig: string;
  images: Record<string, string>;
  description: ClusterDescription;
  /** Whether it was running or had to be started, and how long that took (for the bench). */
  start: NonNullable<RunTimings['cluster']>;
}

/**
 * `images: false` when no selected scenario starts a container (every one @api-level,
 * scripts/run/sanity-gate.ts needsNoNode): the test images are named, not loaded or pushed.
 */
export async function bringUpCluster(
  options: Pick<RunOptions, 'provider' | 'kubeconfig' | 'context'>,
  need: { images: boolean } = { images: true },
  /** The run's entry in the machine's run registry: told the cluster once the provider is known. */
  registration?: Pick<RunRegistration, 'uses'>,
): Promise<Cluster> {
  heading('cluster');
  const opts = { provider: options.provider, kubeconfig: options.kubeconfig, context: options.context };
  try {
    // Inside the cluster (run --in-cluster): nothing to bring up or load, the host did it.
    const handOver = inClusterHandOver();
    if (handOver) return await inClusterCluster(handOver);
    const provider = await resolveProvider(opts);
    // Before the cluster is touched: a `cluster down` of this cluster now waits for this run, one of another does not.
    recordCluster(provider, registration);
    const status = await provider.status();
    // An existing cluster is never created by us: ensureCluster reports why it is unusable.
    if (!status.running && provider.name !== 'existing') {
      console.log(
        `  no running ${provider.name} cluster (${status.detail}): bringing it up now; the first time this builds Kubernetes and takes a while`,
      );
    }
    const progress = consoleProgress(provider.name);
    let built = false;
    const started = Date.now();
    const ready = await timed('cluster ready', () =>
      ensureCluster(
        { ...progress, step: (m) => ((built ||= m.startsWith('building ')), progress.step(m)) },
        { ...opts, quiet: true },
        need,
      ),
    );
    const state = status.running ? 'running' : built ? 'started cold' : 'started warm';
    const start = { state, ms: Date.now() - started } as const;
    console.log(`  ${ready.status.provider} cluster ${ready.status.name}: ${ready.status.detail}`);
    if (!need.images)
      console.log(
        `  test images not loaded or pushed: every selected scenario is ${API_LEVEL_TAG} (no container runs; nothing pulls them)`,
      );
    const description = await ready.provider.describe();
    return { kubeconfig: ready.status.kubeconfig, images: ready.images, description, start };
  } catch (err) {
    if (err instanceof ClusterError) throw new StopRun(err.message.split('\n')[0] ?? err.message, EXIT.cluster);
    throw err;
  }
}

/**
 * Tells the registry which cluster the run uses. An existing provider whose kubeconfig cannot be
 * read says so below (ensureCluster); until then the run counts for every cluster.
 */
function recordCluster(provider: ClusterProvider, registration: Pick<RunRegistration, 'uses'> | undefined): void {
  if (!registration) return;
  let kubeconfig: string;
  try {
    kubeconfig = provider.kubeconfigPath();
  } catch {
    return;
  }
  registration.uses({ provider: provider.name, kubeconfig });
}

/** reports/cluster.json: the cluster the scenarios ran on, for conformance.json (scripts/report/conformance.ts). */
export function writeClusterFile(cluster: Cluster): void {
  writeFileSync(
    resolve(REPORTS, 'cluster.json'),
    JSON.stringify({ kubeconfig: cluster.kubeconfig, images: cluster.images, cluster: cluster.description }, null, 2),
  );
}

/** A kubeconfig file's client configuration, at `context` when one is given. */
export function kubeConfigOf(kubeconfig: string, context: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  if (context) kc.setCurrentContext(context);
  return kc;
}

/** The API server answers /version, or the run stops with what to do. */
export async function reachApiServer(kubeconfig: string, context: string | undefined): Promise<KubeHttp> {
  const http = new KubeHttp(kubeConfigOf(kubeconfig, context));
  try {
    // A cluster that is not there is said at once (exit 3); scenarios wait out a restarting one.
    const version = await http.request<{ gitVersion?: string }>('GET', '/version', {
      timeoutMs: 10_000,
      refusalGraceMs: 0,
    });
    console.log(`  API server ${http.server} answers: Kubernetes ${version.gitVersion ?? '?'}`);
    return http;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new StopRun(
      `cannot reach the cluster's API server at ${http.server} (${reason}). Start it with \`npm run cluster:up\`, or pass --kubeconfig/--context for a running cluster.`,
      EXIT.cluster,
    );
  }
}

/**
 * Removes what runs that are no longer alive left in the cluster, then takes this run's lease, so
 * that other runs can tell it is alive. Returns the function that ends the lease.
 */
export async function claimCluster(http: KubeHttp, runId: string): Promise<() => Promise<void>> {
  try {
    const removed = await removeStaleRuns(http, runId);
    if (removed.length > 0) {
      console.log(`  removed ${removed.length} namespace(s) left by runs that are no longer alive:`);
      for (const line of removed) console.log(`    ${line}`);
    }
  } catch (err) {
    // Not this run's problem: the next run (or npm run cleanup) tries again.
    console.log(`  could not check for namespaces of ended runs (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    const lease = await startRunLease(http, runId);
    console.log(`  run lease: lease/${LEASE_NAME} in namespace ${lease.namespace}, renewed every 15 s`);
    return () => lease.end().catch(() => undefined);
  } catch (err) {
    throw new StopRun(
      `cannot create this run's lease namespace (${err instanceof Error ? err.message : String(err)}); the suite needs to create namespaces and Leases in them`,
      EXIT.cluster,
    );
  }
}
