/**
 * Fault injection for the local cluster: `pod-conformance cluster restart <component>` stops one
 * host process (SIGTERM, then SIGKILL after a bound) and starts it again through the provider's
 * own start code, then waits until it is healthy again. This module is the pure part: which names
 * a user may give, what "healthy again" means for each component, and the one line that reports
 * a restart. The provider (provider.ts) does the I/O.
 */
import type { ComponentName } from './components.ts';
import { registryHealthURL } from './registries.ts';

/** The names `cluster restart` accepts, each for one component (short names for the common ones). */
export const RESTART_NAMES: Readonly<Record<string, ComponentName>> = {
  etcd: 'etcd',
  apiserver: 'kube-apiserver',
  'kube-apiserver': 'kube-apiserver',
  'controller-manager': 'kube-controller-manager',
  'kube-controller-manager': 'kube-controller-manager',
  scheduler: 'kube-scheduler',
  'kube-scheduler': 'kube-scheduler',
  containerd: 'containerd',
  kubelet: 'kubelet',
  'kube-proxy': 'kube-proxy',
  coredns: 'coredns',
  registry: 'registry',
  'private-registry': 'private-registry',
};

/** The names as the usage line lists them: one per component, the short one. */
export const RESTART_CHOICES =
  'kubelet, containerd, apiserver, etcd, scheduler, controller-manager, kube-proxy, coredns, registry, private-registry';

/** The component a name given on the command line stands for; undefined for an unknown name. */
export function restartTarget(name: string | undefined): ComponentName | undefined {
  return name !== undefined && Object.hasOwn(RESTART_NAMES, name) ? RESTART_NAMES[name] : undefined;
}

/** How long a stopped component gets after SIGTERM before SIGKILL (the same bound as cluster:down's). */
export const STOP_GRACE_MS = 10_000;
/** How long a restarted component gets to be healthy again before the restart counts as failed. */
export const HEALTHY_TIMEOUT_MS = 180_000;

/**
 * One condition of "healthy again", checked in order (each until it holds):
 * - `http`: the URL answers 200 (https: the component's own serving certificate is not checked);
 * - `api-ready`: the API server's /readyz, through the admin kubeconfig;
 * - `containerd`: containerd answers on its socket (`ctr version`);
 * - `node-lease`: the node's Lease was renewed after the component started again (the new kubelet
 *   talks to the API server);
 * - `node-ready`: the node's Ready condition is True.
 */
export type HealthCheck =
  | { kind: 'http'; what: string; url: string }
  | { kind: 'api-ready'; what: string }
  | { kind: 'containerd'; what: string }
  | { kind: 'node-lease'; what: string }
  | { kind: 'node-ready'; what: string };

/**
 * Health endpoints of the components, as config.ts configures them (the unit tests hold the two
 * together): etcd's metrics listener, the kubelet's default healthz port on 127.0.0.1, the
 * controller-manager's and scheduler's default secure ports, kube-proxy's healthz address,
 * CoreDNS's ready plugin, the registries' /v2/.
 */
export const HEALTH_ENDPOINTS = {
  etcd: 'http://127.0.0.1:2381/health',
  kubelet: 'http://127.0.0.1:10248/healthz',
  'kube-controller-manager': 'https://127.0.0.1:10257/healthz',
  'kube-scheduler': 'https://127.0.0.1:10259/healthz',
  'kube-proxy': 'http://127.0.0.1:10256/healthz',
  coredns: 'http://127.0.0.1:18181/ready',
  // The registries' API root: 200 once they serve (the private one with its credentials).
  registry: registryHealthURL('registry'),
  'private-registry': registryHealthURL('private-registry'),
} as const;

const API_READY: HealthCheck = { kind: 'api-ready', what: 'API /readyz' };
const NODE_READY: HealthCheck = { kind: 'node-ready', what: 'node Ready' };
const http = (c: keyof typeof HEALTH_ENDPOINTS, what: string): HealthCheck => ({
  kind: 'http',
  what,
  url: HEALTH_ENDPOINTS[c],
});

/**
 * What "healthy again" means per component. etcd is back when the API server answers again
 * through it; containerd when the kubelet still reports the node Ready over it.
 */
export const HEALTH: Readonly<Record<ComponentName, readonly HealthCheck[]>> = {
  etcd: [http('etcd', 'etcd /health'), API_READY],
  'kube-apiserver': [API_READY],
  'kube-controller-manager': [http('kube-controller-manager', 'controller-manager /healthz')],
  'kube-scheduler': [http('kube-scheduler', 'scheduler /healthz')],
  containerd: [{ kind: 'containerd', what: 'containerd answering on its socket' }, NODE_READY],
  kubelet: [http('kubelet', 'kubelet /healthz'), { kind: 'node-lease', what: 'node lease renewed' }, NODE_READY],
  'kube-proxy': [http('kube-proxy', 'kube-proxy /healthz')],
  coredns: [http('coredns', 'CoreDNS /ready')],
  registry: [http('registry', 'registry /v2/')],
  'private-registry': [http('private-registry', 'private registry /v2/ with its credentials')],
};

/**
 * Where the command line of the running process differs from the one the provider would start
 * (binary path first): `undefined` when they are the same. A restart never starts a component
 * differently from how it runs: a checkout whose config.ts changed would otherwise change the
 * cluster under the runs that use it.
 */
export function firstDifference(running: readonly string[], ours: readonly string[]): string | undefined {
  const n = Math.max(running.length, ours.length);
  for (let i = 0; i < n; i++) {
    if (running[i] === ours[i]) continue;
    const say = (a: string | undefined) => (a === undefined ? 'nothing' : `"${a}"`);
    return `${i === 0 ? 'binary' : `argument ${i}`}: running ${say(running[i])}, this checkout ${say(ours[i])}`;
  }
  return undefined;
}

/** What one restart did, for the line `cluster restart` prints. */
export interface RestartReport {
  component: ComponentName;
  /** When SIGTERM was sent (epoch ms). */
  stoppedAt: number;
  oldPid: number;
  newPid: number;
  /** SIGKILL was needed: the process outlived SIGTERM by the grace period. */
  killed: boolean;
  /** From SIGTERM to the old process gone. */
  stopMs: number;
  /** From the new process's start to the last health check holding. */
  healthyMs: number;
  /** From SIGTERM to healthy again: how long the component was missing. */
  outageMs: number;
  /** The health checks that held, in order. */
  checks: string[];
  /** Running containers (containerd tasks) before the stop, and how many of those still run after. */
  containers?: { before: number; kept: number };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Local wall-clock time of day with milliseconds: 14:03:07.412. */
export function timeOfDay(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/**
 * One line: `restarted kubelet at 14:03:07.412: SIGTERM, pid 1234 gone in 0.2 s, pid 5678 healthy
 * in 6.1 s (kubelet /healthz, node lease renewed, node Ready); outage 6.3 s; containers: 12 running
 * before, 12 still running`.
 */
export function restartLine(r: RestartReport): string {
  const stop = r.killed
    ? `SIGTERM, SIGKILL after ${seconds(STOP_GRACE_MS)}`
    : `SIGTERM, pid ${r.oldPid} gone in ${seconds(r.stopMs)}`;
  const killedPid = r.killed ? `, pid ${r.oldPid} gone in ${seconds(r.stopMs)}` : '';
  const containers = r.containers
    ? `; containers: ${r.containers.before} running before, ${r.containers.kept} of them still running`
    : '';
  return (
    `restarted ${r.component} at ${timeOfDay(r.stoppedAt)}: ${stop}${killedPid}, pid ${r.newPid} healthy in ` +
    `${seconds(r.healthyMs)} (${r.checks.join(', ')}); outage ${seconds(r.outageMs)}${containers}`
  );
}
