/**
 * Options of the local provider, so the same machine can stand in for other implementations in
 * the matrix: another OCI runtime under containerd (POD_CONFORMANCE_LOCAL_RUNTIME=crun) and another
 * Kubernetes minor (POD_CONFORMANCE_LOCAL_KUBERNETES=v1.34), each built from its own committed
 * wrapper module and cached per version. The running cluster records the options it was started
 * with, so a run never silently uses a cluster other than the one asked for.
 */
import { ClusterError } from '../provider.ts';
import { MAX_LOCAL_NODES, VERSIONS } from './layout.ts';

export const OCI_RUNTIMES = {
  runc: '/usr/bin/runc',
  crun: '/usr/bin/crun',
} as const;

export type OciRuntime = keyof typeof OCI_RUNTIMES;

export interface KubernetesRelease {
  version: string;
  /** Directory of the wrapper module under clusters/local/build/. */
  wrapper: string;
}

/** The Kubernetes minors the local provider can build; the first is the default. */
export const KUBERNETES_RELEASES: Readonly<Record<string, KubernetesRelease>> = {
  'v1.35': { version: VERSIONS.kubernetes, wrapper: 'kubernetes' },
  'v1.34': { version: 'v1.34.4', wrapper: 'kubernetes-v1.34' },
};

export interface LocalOptions {
  runtime: OciRuntime;
  kubernetes: KubernetesRelease;
}

export const DEFAULT_OPTIONS: LocalOptions = { runtime: 'runc', kubernetes: KUBERNETES_RELEASES['v1.35']! };

/** Reads the options from the environment; a bad value is one line naming the choices. */
export function localOptions(env: NodeJS.ProcessEnv = process.env): LocalOptions {
  const runtime = env.POD_CONFORMANCE_LOCAL_RUNTIME || DEFAULT_OPTIONS.runtime;
  if (!(runtime in OCI_RUNTIMES)) {
    throw new ClusterError(
      `POD_CONFORMANCE_LOCAL_RUNTIME=${runtime}: the local provider runs containers with ${Object.keys(OCI_RUNTIMES).join(' or ')}`,
    );
  }
  const asked = env.POD_CONFORMANCE_LOCAL_KUBERNETES;
  let kubernetes = DEFAULT_OPTIONS.kubernetes;
  if (asked) {
    const minor = /^v?(1\.\d+)(\.\d+)?$/.exec(asked);
    const release = minor ? KUBERNETES_RELEASES[`v${minor[1]}`] : undefined;
    if (!release || (minor?.[2] && release.version !== `v${minor[1]}${minor[2]}`)) {
      const choices = Object.values(KUBERNETES_RELEASES).map((r) => r.version);
      throw new ClusterError(
        `POD_CONFORMANCE_LOCAL_KUBERNETES=${asked}: the local provider builds Kubernetes ${choices.join(' or ')} ` +
          `(another minor needs a wrapper module: clusters/local/build/gen-wrappers.sh --kubernetes-only <version>)`,
      );
    }
    kubernetes = release;
  }
  return { runtime: runtime as OciRuntime, kubernetes };
}

/** The environment name of the node count (also `cluster up --nodes N`). */
export const LOCAL_NODES_ENV = 'POD_CONFORMANCE_LOCAL_NODES';

/**
 * How many nodes the local cluster should have (POD_CONFORMANCE_LOCAL_NODES=1..3), or undefined
 * when not asked: then a running cluster keeps the nodes it has and a new one starts with one.
 * A bad value is one line naming the choices.
 */
export function localNodeCount(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const asked = env[LOCAL_NODES_ENV];
  if (asked === undefined || asked === '') return undefined;
  const n = /^\d+$/.test(asked.trim()) ? Number(asked.trim()) : NaN;
  if (!(n >= 1 && n <= MAX_LOCAL_NODES)) {
    throw new ClusterError(
      `${LOCAL_NODES_ENV}=${asked}: the local provider runs 1 to ${MAX_LOCAL_NODES} nodes on this host; give a number from 1 to ${MAX_LOCAL_NODES}`,
    );
  }
  return n;
}

export function describeOptions(o: LocalOptions): string {
  return `Kubernetes ${o.kubernetes.version} with ${o.runtime}`;
}

/** Why a running cluster started with `running` cannot serve a run that asked for `wanted`. */
export function optionsMismatch(running: LocalOptions, wanted: LocalOptions): string | undefined {
  if (running.runtime === wanted.runtime && running.kubernetes.version === wanted.kubernetes.version) return undefined;
  return (
    `the running local cluster has ${describeOptions(running)}, this run asks for ${describeOptions(wanted)}; ` +
    'stop it with `npm run cluster:down` (when nobody else is using it), then run again'
  );
}

/** The cgroup v2 hierarchy that sits beside the v1 controllers on a hybrid host. */
export const HYBRID_UNIFIED_CONTROLLERS = '/sys/fs/cgroup/unified/cgroup.controllers';

/**
 * crun (1.8) refuses a hybrid cgroup host whose v2 hierarchy holds controllers ("cgroups in
 * hybrid mode not supported, drop all controllers from cgroupv2"); runc does not mind. On our
 * VMs hugetlb is such a controller. Mounting it as a v1 hierarchy moves it off v2: a host change,
 * so it is the operator's to make (with the cluster down) and to undo (umount after cluster:down).
 */
export function crunCgroupProblem(unifiedControllers: string | undefined): string | undefined {
  const controllers = (unifiedControllers ?? '').trim().split(/\s+/).filter(Boolean);
  if (controllers.length === 0) return undefined;
  const mounts = controllers
    .map((c) => `mkdir -p /sys/fs/cgroup/${c} && mount -t cgroup -o ${c} cgroup /sys/fs/cgroup/${c}`)
    .join(' && ');
  return (
    `crun refuses this hybrid cgroup host while cgroup v2 holds controllers (${controllers.join(', ')}); ` +
    `with the cluster down, move them to v1: ${mounts} (undo after cluster:down with umount)`
  );
}

/** `crun 1.8.1` from `crun version 1.8.1\ncommit: …` (or the runtime name alone when it says nothing). */
export function ociRuntimeVersion(runtime: string, versionOutput: string): string {
  const version = /version\s+(\S+)/.exec(versionOutput)?.[1];
  return version ? `${runtime} ${version}` : runtime;
}
