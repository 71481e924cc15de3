/**
 * `cluster restart <component>`, the I/O half (faults.ts is the pure half): stops one component
 * (SIGTERM, SIGKILL after STOP_GRACE_MS) and starts it again as up() does, with the same command
 * line, configuration files (left as they are on disk) and log file (appended), then waits until
 * it is healthy again. Refuses when the component does not run, or runs with another command line
 * than this checkout would start. The caller holds the up lock (up-lock.ts).
 */
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { dirname } from 'node:path';
import { ClusterError, type Progress } from '../provider.ts';
import type { LocalCluster } from './cluster.ts';
import { isHostBinary, type ComponentName } from './components.ts';
import {
  HEALTH,
  HEALTHY_TIMEOUT_MS,
  STOP_GRACE_MS,
  firstDifference,
  type HealthCheck,
  type RestartReport,
} from './faults.ts';
import { NODE_NAME } from './layout.ts';

export async function restartComponent(
  cluster: LocalCluster,
  component: ComponentName,
  progress: Progress,
): Promise<RestartReport> {
  const { processes } = cluster;
  const running = await processes.commandLine(component);
  if (!running) throw new ClusterError(`${component} is not running; nothing to restart (npm run cluster:status)`);
  // The binaries the cluster runs (the cache may hold several builds): the directory of the
  // component's own binary, or the kubelet's for containerd and the registries (Debian's, on the PATH).
  const built = isHostBinary(running[0] ?? '') ? (await processes.commandLine('kubelet'))?.[0] : running[0];
  const version = cluster.startedWith().kubernetes.version;
  cluster.binDir = built?.startsWith('/') ? dirname(built) : cluster.cachedBinDir(version);
  if (!cluster.binDir) throw new ClusterError(`no built binaries of Kubernetes ${version} in ${cluster.dirs.binCache}`);
  const difference = firstDifference(running, cluster.componentArgv(component));
  if (difference) {
    throw new ClusterError(
      `${component} runs with another command line than this checkout starts it with (${difference}); a restart would change the cluster: restart it from the checkout that brought the cluster up, or bring it up again from this one`,
    );
  }
  const counted = component === 'containerd' || component === 'kubelet';
  const before = counted ? await runningTasks(cluster) : [];
  const stoppedAt = Date.now();
  const stop = await processes.stopReporting(component, STOP_GRACE_MS);
  const startedAt = Date.now();
  await cluster.startComponent(component, progress);
  const checks: string[] = [];
  for (const check of HEALTH[component]) {
    await cluster.waitFor(
      `${component} to be healthy again: ${check.what}`,
      HEALTHY_TIMEOUT_MS - (Date.now() - startedAt),
      () => holds(cluster, check, startedAt),
    );
    checks.push(check.what);
  }
  const healthyAt = Date.now();
  const after = counted ? new Set(await runningTasks(cluster)) : new Set<string>();
  return {
    component,
    stoppedAt,
    oldPid: stop.pid ?? 0,
    newPid: (await processes.tracked(component))?.pid ?? 0,
    killed: stop.killed,
    stopMs: stop.tookMs,
    healthyMs: healthyAt - startedAt,
    outageMs: healthyAt - stoppedAt,
    checks,
    ...(counted ? { containers: { before: before.length, kept: before.filter((t) => after.has(t)).length } } : {}),
  };
}

/** Whether one health check holds now; `since`: when the component was started again. */
async function holds(cluster: LocalCluster, check: HealthCheck, since: number): Promise<boolean> {
  switch (check.kind) {
    case 'http':
      return httpOk(check.url);
    case 'api-ready':
      return cluster.apiReady();
    case 'containerd':
      return (await cluster.ctr(['version'], 5_000)).exitCode === 0;
    case 'node-lease': {
      const r = await cluster.kubectl([
        'get',
        'lease',
        NODE_NAME,
        '-n',
        'kube-node-lease',
        '-o',
        'jsonpath={.spec.renewTime}',
      ]);
      return r.exitCode === 0 && Date.parse(r.stdout.trim()) > since;
    }
    case 'node-ready':
      return cluster.nodeReady();
  }
}

/** IDs of the containerd tasks (containers and sandboxes) running in the CRI namespace. */
async function runningTasks(cluster: LocalCluster): Promise<string[]> {
  const r = await cluster.ctr(['-n', 'k8s.io', 'tasks', 'ls'], 10_000);
  return r.stdout
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((cols) => cols[2] === 'RUNNING')
    .map((cols) => cols[0]!);
}

/** Whether a GET of the URL answers 200 within 3 s (https: the serving certificate is not checked). */
export function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = (url.startsWith('https:') ? httpsGet : httpGet)(
      url,
      { timeout: 3_000, rejectUnauthorized: false },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}
