/**
 * The container engine our kind provider runs nodes with on a machine without Docker: Debian's
 * podman (4.3.1 on bookworm), rootful. Three things make it work on our VMs (docs/kind.md):
 *
 * - Rlimits. Rootful podman 4.3 asks the OCI runtime to set RLIMIT_NOFILE and RLIMIT_NPROC to
 *   1048576 in every container it starts, and podman itself lowers its own RLIMIT_NPROC to 32768
 *   first. Raising a hard limit needs CAP_SYS_RESOURCE, which these VMs' bounding set lacks, so runc
 *   (or crun) fails with "error setting rlimit type 7: operation not permitted". kind passes no
 *   --ulimit, so a containers.conf of ours (CONTAINERS_CONF, read instead of the machine's) sets
 *   `default_ulimits` to what the calling process may grant: its own hard limits, capped at
 *   podman's values.
 * - The network. kind's podman provider creates a network "kind" with an IPv6 subnet, and the CNI
 *   bridge plugin then turns on net.ipv6.conf.all.forwarding on the host. We create an IPv4-only
 *   network of our own first and name it in KIND_EXPERIMENTAL_PODMAN_NETWORK (kind uses an existing
 *   network as it is).
 * - /lib/modules. kind mounts the host's /lib/modules read-only into every node; podman refuses a
 *   missing source ("statfs /lib/modules: no such file or directory"), and these VMs' kernel has
 *   no modules directory. An empty one is created.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { ClusterError, type Progress } from '../provider.ts';
import { recordHostBefore } from './host-state.ts';
import { stateRoot } from '../shared/paths.ts';
import {
  aptGet,
  hostProbe,
  ownerEnsurePackages,
  ownerInstallPolicy,
  type HostPackage,
  type PackageOwner,
} from '../shared/packages.ts';

export const KIND_INSTALL_ENV = 'POD_CONFORMANCE_KIND_INSTALL';
export const KIND_PACKAGE_OWNER: PackageOwner = {
  env: KIND_INSTALL_ENV,
  purpose: "the kind provider's engine (podman), node image build (mmdebstrap) and test images",
};

/** What the kind provider installs on a machine without Docker, only when it is asked for (never docker.io). */
export function kindHostPackages(): HostPackage[] {
  return [
    { debian: 'podman', provides: 'podman' },
    { debian: 'mmdebstrap', provides: 'mmdebstrap' },
    // The test images every provider loads: a static busybox, and pause built with musl.
    { debian: 'busybox-static', provides: '/bin/busybox' },
    { debian: 'gcc', provides: 'gcc' },
    { debian: 'musl-tools', provides: 'musl-gcc' },
  ];
}

/** The podman network kind's nodes join (IPv4 only; see the module comment). */
export const PODMAN_NETWORK = 'pod-conformance-kind';

/** What rootful podman 4.3 asks for when nothing else is said (define.RLimitDefaultValue). */
export const PODMAN_NOFILE = 1_048_576;
/** What podman 4.3 lowers its own RLIMIT_NPROC to before it starts anything (seen with strace). */
export const PODMAN_NPROC = 32_768;

export interface HardLimits {
  nofile: number;
  nproc: number;
}

/**
 * The hard limits of open files and processes from a /proc/<pid>/limits text; "unlimited" is
 * Infinity. Undefined when either line is missing.
 */
export function parseHardLimits(text: string): HardLimits | undefined {
  const hard = (label: string): number | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(label));
    const fields = line?.slice(label.length).trim().split(/\s+/);
    const value = fields?.[1];
    if (value === undefined) return undefined;
    return value === 'unlimited' ? Infinity : Number(value);
  };
  const nofile = hard('Max open files');
  const nproc = hard('Max processes');
  if (nofile === undefined || nproc === undefined || Number.isNaN(nofile) || Number.isNaN(nproc)) return undefined;
  return { nofile, nproc };
}

/**
 * The containers.conf podman reads for our kind nodes: default ulimits no higher than what the
 * process starting podman may grant, so the runtime never needs CAP_SYS_RESOURCE.
 */
export function containersConf(limits: HardLimits): string {
  const nofile = Math.min(limits.nofile, PODMAN_NOFILE);
  const nproc = Math.min(limits.nproc, PODMAN_NPROC);
  return [
    '# Written by pod-conformance for its kind nodes (clusters/kind/engine.ts, docs/kind.md).',
    "# Rootful podman raises a container's open-file and process limits to 1048576 by default,",
    "# which needs CAP_SYS_RESOURCE; this VM lacks it. These are the caller's own hard limits.",
    '[containers]',
    'default_ulimits = [',
    `  "nofile=${nofile}:${nofile}",`,
    `  "nproc=${nproc}:${nproc}",`,
    ']',
    '',
  ].join('\n');
}

/** The environment kind runs in with podman as its engine. */
export function podmanKindEnv(containersConfPath: string): Record<string, string> {
  return {
    KIND_EXPERIMENTAL_PROVIDER: 'podman',
    KIND_EXPERIMENTAL_PODMAN_NETWORK: PODMAN_NETWORK,
    CONTAINERS_CONF: containersConfPath,
  };
}

export type Engine = { name: 'docker' } | { name: 'podman'; env: Record<string, string> };

/**
 * Prepares podman for kind: writes our containers.conf (from this process's hard limits), creates
 * the IPv4 network and an empty /lib/modules when they are missing, each announced. Resolves to
 * the environment every kind and podman command of the provider runs with.
 */
export async function preparePodman(stateDir: string, progress: Progress): Promise<Record<string, string>> {
  const limits = parseHardLimits(await readFile('/proc/self/limits', 'utf8'));
  if (!limits) throw new ClusterError("cannot read this process's limits from /proc/self/limits; is this Linux?");
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  // What was there before the kind path changes the host: cluster down takes it back to that.
  await recordHostBefore(stateDir, PODMAN_NETWORK);
  const confPath = join(stateDir, 'containers.conf');
  const conf = containersConf(limits);
  if (!existsSync(confPath) || (await readFile(confPath, 'utf8')) !== conf) await writeFile(confPath, conf);
  const env = podmanKindEnv(confPath);
  if (!existsSync('/lib/modules')) {
    progress.step('creating an empty /lib/modules: kind mounts it into every node and podman refuses a missing source');
    await mkdir('/lib/modules', { recursive: true });
  }
  const exists = await execa('podman', ['network', 'exists', PODMAN_NETWORK], { env, reject: false });
  if (exists.exitCode !== 0) {
    progress.step(`creating the IPv4-only podman network ${PODMAN_NETWORK} for the kind nodes`);
    const created = await execa('podman', ['network', 'create', '--driver', 'bridge', PODMAN_NETWORK], {
      env,
      reject: false,
    });
    if (created.exitCode !== 0) {
      throw new ClusterError(
        `podman network create ${PODMAN_NETWORK} failed: ${created.stderr.trim().split('\n').at(-1)}; see podman network ls`,
      );
    }
  }
  return env;
}

/** The names kind gives the node containers of cluster `name`: <name>-control-plane, <name>-worker2 … */
export function kindNodeNames(name: string): RegExp {
  return new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(control-plane|worker)\\d*$`);
}

/** The containers on our podman network (other kind clusters' nodes keep it and its chains). */
export async function podmanNetworkUsers(env: Record<string, string>): Promise<string[]> {
  const users = await execa('podman', ['ps', '-a', '--filter', `network=${PODMAN_NETWORK}`, '--format', '{{.Names}}'], {
    env,
    reject: false,
  });
  return users.stdout.split('\n').filter(Boolean);
}

/**
 * Removes our podman network once no container uses it (kind delete leaves networks behind).
 * Resolves to whether it was removed.
 */
export async function removePodmanNetwork(env: Record<string, string>): Promise<boolean> {
  const exists = await execa('podman', ['network', 'exists', PODMAN_NETWORK], { env, reject: false });
  if (exists.exitCode !== 0) return false;
  if ((await podmanNetworkUsers(env)).length > 0) return false;
  return (await execa('podman', ['network', 'rm', PODMAN_NETWORK], { env, reject: false })).exitCode === 0;
}

/**
 * What of a kind cluster `name` podman still has: node containers (label io.x-k8s.kind.cluster),
 * their volumes (kind labels each with its node's name), and our network unless `networkInUse`
 * (another kind cluster's nodes are on it). One line each.
 */
export async function podmanLeftovers(
  env: Record<string, string>,
  name: string,
  networkInUse: boolean,
): Promise<string[]> {
  const found: string[] = [];
  const containers = await execa(
    'podman',
    ['ps', '-a', '--filter', `label=io.x-k8s.kind.cluster=${name}`, '--format', '{{.Names}}'],
    { env, reject: false },
  );
  for (const c of containers.stdout.split('\n').filter(Boolean)) found.push(`podman container ${c}`);
  const volumes = await execa('podman', ['volume', 'ls', '--format', 'json'], { env, reject: false });
  const node = kindNodeNames(name);
  try {
    for (const v of JSON.parse(volumes.stdout || '[]') as { Name: string; Labels?: Record<string, string> }[]) {
      const of = Object.keys(v.Labels ?? {}).find((k) => node.test(k));
      if (of) found.push(`podman volume ${v.Name.slice(0, 12)} of node ${of}`);
    }
  } catch {
    found.push(`podman volume ls answered no JSON: ${firstLineOf(volumes.stderr || volumes.stdout)}`);
  }
  if (
    !networkInUse &&
    (await execa('podman', ['network', 'exists', PODMAN_NETWORK], { env, reject: false })).exitCode === 0
  ) {
    found.push(`podman network ${PODMAN_NETWORK}`);
  }
  return found;
}

const firstLineOf = (text: string) => text.trim().split('\n')[0] ?? '';

/**
 * Everything the kind path needs from this machine before a node image or a cluster: podman and
 * mmdebstrap (installed, announced, unless POD_CONFORMANCE_KIND_INSTALL=never) and podman made
 * ready for kind (preparePodman). Only ever called when the kind provider is asked for.
 */
export async function ensureKindHost(
  progress: Progress,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, string>> {
  const policy = ownerInstallPolicy(KIND_PACKAGE_OWNER, env);
  await ownerEnsurePackages(KIND_PACKAGE_OWNER, kindHostPackages(), policy, hostProbe, aptGet, progress);
  if (!(await hostProbe.has('podman'))) {
    throw new ClusterError(
      `podman is not on PATH and was not installed (${KIND_INSTALL_ENV}=${env[KIND_INSTALL_ENV] ?? 'auto'}): apt-get install -y --no-install-recommends podman mmdebstrap`,
    );
  }
  return preparePodman(join(stateRoot(env), 'kind'), progress);
}
