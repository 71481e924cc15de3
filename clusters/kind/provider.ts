/**
 * The kind provider: a named single-node cluster (default "pod-conformance"). With a reachable
 * Docker engine, kind-config.yaml and the public kindest/node image. Without one (our machines),
 * podman from Debian and a node image we build offline (docs/kind.md): the engine, the image and
 * kind itself are installed or built when this provider is asked for, announced, never on the
 * default path. Its kubeconfig lives in a file of ours under
 * ${XDG_STATE_HOME:-~/.local/state}/pod-conformance/kind/; ~/.kube/config is never read or written.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import {
  describeCluster,
  getJson,
  isNodeReady,
  listNodes,
  loadKubeConfig,
  probeApiServer,
  readinessSummary,
  waitForReadyNodes,
} from '../shared/api.ts';
import { stateRoot } from '../shared/paths.ts';
import { poll } from '../shared/poll.ts';
import { firstLine } from '../shared/text.ts';
import {
  ClusterError,
  type ClusterDescription,
  type ClusterProvider,
  type ClusterStatus,
  type Prerequisite,
  type Progress,
} from '../provider.ts';
import {
  CLUSTER_NAME_ENV,
  DEFAULT_CLUSTER_NAME,
  KIND_CONFIG,
  KIND_INSTALL_REMEDY,
  MINIMUM_KIND_VERSION,
  clusterNameProblem,
  kindArgs,
  parseClusterList,
} from './commands.ts';
import {
  KIND_PACKAGE_OWNER,
  PODMAN_NETWORK,
  ensureKindHost,
  kindHostPackages,
  kindNodeNames,
  podmanKindEnv,
  podmanLeftovers,
  podmanNetworkUsers,
  removePodmanNetwork,
} from './engine.ts';
import { forgetHostBefore, networkLeftoversNow, readHostBefore, restoreHostAfterKind } from './host-state.ts';
import { hostProbe, ownerInstallPolicy, ownerPackagesPrerequisite } from '../shared/packages.ts';
import { ensureKind, findKind } from './kind-binary.ts';
import { ensureNodeImage } from './node-image.ts';
import { probeDocker, probeKind } from './probes.ts';

const KIND_CONFIG_OFFLINE = fileURLToPath(new URL('./kind-config-offline.yaml', import.meta.url));

/** The engine kind runs nodes with, and the environment kind and podman need for it. */
type Engine = { name: 'docker'; env: Record<string, string> } | { name: 'podman'; env: Record<string, string> };

const CREATE_WAIT_SECONDS = 300;
const REUSE_READY_TIMEOUT_MS = 120_000;
const DNS_READY_TIMEOUT_MS = 120_000;

export interface KindProviderOptions {
  /** Cluster name; default POD_CONFORMANCE_KIND_CLUSTER, else "pod-conformance". */
  name?: string;
  env?: NodeJS.ProcessEnv;
}

export class KindProvider implements ClusterProvider {
  readonly name = 'kind' as const;
  readonly clusterName: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(options: KindProviderOptions = {}) {
    this.env = options.env ?? process.env;
    this.clusterName = options.name || this.env[CLUSTER_NAME_ENV] || DEFAULT_CLUSTER_NAME;
    const problem = clusterNameProblem(this.clusterName);
    if (problem) throw new ClusterError(`${problem}; choose another name (${CLUSTER_NAME_ENV})`);
  }

  kubeconfigPath(): string {
    return join(stateRoot(this.env), 'kind', `${this.clusterName}.kubeconfig`);
  }

  async prerequisites(): Promise<Prerequisite[]> {
    const [docker, kind, cachedKind] = await Promise.all([probeDocker(), probeKind(), findKind(this.env)]);
    const checks: Prerequisite[] = [];
    if (docker.ok) {
      checks.push({
        what: 'a Docker engine on cgroup v2 (kindest/node v1.35 dropped cgroup v1)',
        ok: docker.value.cgroupVersion === '2',
        remedy: `the engine reports cgroup v${docker.value.cgroupVersion || '?'}: boot the host with cgroup v2 (systemd.unified_cgroup_hierarchy=1), or use the local provider`,
      });
    } else {
      // Without Docker: podman and mmdebstrap (installed by up, announced) and podman prepared for kind.
      const policy = ownerInstallPolicy(KIND_PACKAGE_OWNER, this.env);
      checks.push(await ownerPackagesPrerequisite(KIND_PACKAGE_OWNER, kindHostPackages(), policy, hostProbe));
      const engine = await this.engine();
      checks.push({
        what: `a reachable Docker engine (${docker.cause}), or podman prepared for kind nodes`,
        ok: engine !== undefined,
        remedy:
          'run pod-conformance cluster up --provider kind (it installs podman and prepares it, announced), or install Docker Engine and start it',
      });
    }
    checks.push({
      what: `kind v${MINIMUM_KIND_VERSION.major}.${MINIMUM_KIND_VERSION.minor}.${MINIMUM_KIND_VERSION.patch} or newer`,
      ok: cachedKind !== undefined,
      remedy: kind.ok
        ? `found v${kind.value.major}.${kind.value.minor}.${kind.value.patch}: ${KIND_INSTALL_REMEDY}`
        : `${KIND_INSTALL_REMEDY} (cluster up --provider kind builds it with Go when it is missing)`,
    });
    return checks;
  }

  /**
   * Docker when it answers; else podman once the kind path has prepared it (its containers.conf
   * exists); else undefined.
   */
  private async engine(): Promise<Engine | undefined> {
    if ((await probeDocker()).ok) return { name: 'docker', env: {} };
    const conf = join(stateRoot(this.env), 'kind', 'containers.conf');
    return existsSync(conf) ? { name: 'podman', env: podmanKindEnv(conf) } : undefined;
  }

  private async kind(args: string[], timeoutMs: number, remedy: string): Promise<string> {
    const engine = await this.engine();
    const command = (await findKind(this.env)) ?? 'kind';
    const result = await execa(command, args, { reject: false, timeout: timeoutMs, env: engine?.env ?? {} });
    if (result.exitCode === 0 && !result.failed) return result.stdout;
    const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
    // kind ends a failure with "ERROR: failed to …", sometimes followed by the failing command's output.
    const cause = result.timedOut
      ? `no result within ${timeoutMs / 1000}s`
      : (lines.findLast((l) => l.startsWith('ERROR:')) ?? lines.at(-1) ?? firstLine(result.message));
    throw new ClusterError(`kind ${args.slice(0, 2).join(' ')} failed: ${cause.trim()}; ${remedy}`);
  }

  private async exists(): Promise<boolean> {
    const stdout = await this.kind(kindArgs.listClusters(), 60_000, 'check that `docker info` works');
    return parseClusterList(stdout).includes(this.clusterName);
  }

  private async writeKubeconfig(): Promise<string> {
    const path = this.kubeconfigPath();
    const text = await this.kind(kindArgs.kubeconfig(this.clusterName), 60_000, 'check `kind get clusters`');
    await mkdir(join(stateRoot(this.env), 'kind'), { recursive: true, mode: 0o700 });
    await writeFile(path, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o600 });
    await chmod(path, 0o600);
    return path;
  }

  async up(progress: Progress): Promise<ClusterStatus> {
    let offlineImage: string | undefined;
    if (!(await probeDocker()).ok) {
      // Our machines: podman, our node image and kind itself, each announced when it is installed or built.
      progress.step(
        'kind provider: no Docker engine; podman runs the nodes, on a node image built here (docs/kind.md)',
      );
      const podmanEnv = await ensureKindHost(progress, this.env);
      await ensureKind(progress, this.env);
      offlineImage = (await ensureNodeImage(progress, podmanEnv, this.env)).ref;
    }
    const missing = (await this.prerequisites()).filter((p) => !p.ok);
    if (missing.length > 0) {
      throw new ClusterError(missing.map((m) => `kind provider needs ${m.what}: ${m.remedy}`).join('; '));
    }
    if (await this.exists()) {
      progress.step(`reusing kind cluster "${this.clusterName}"`);
      const kc = loadKubeConfig(await this.writeKubeconfig());
      await waitForReadyNodes(kc, progress, { timeoutMs: REUSE_READY_TIMEOUT_MS });
    } else {
      progress.step(
        offlineImage
          ? `creating kind cluster "${this.clusterName}" from ${KIND_CONFIG_OFFLINE} on ${offlineImage} with podman`
          : `creating kind cluster "${this.clusterName}" from ${KIND_CONFIG} (pulls the node image the first time)`,
      );
      await mkdir(join(stateRoot(this.env), 'kind'), { recursive: true, mode: 0o700 });
      const create = kindArgs.create({
        name: this.clusterName,
        config: offlineImage ? KIND_CONFIG_OFFLINE : KIND_CONFIG,
        kubeconfig: this.kubeconfigPath(),
        waitSeconds: CREATE_WAIT_SECONDS,
      });
      await this.kind(
        offlineImage ? [...create, '--image', offlineImage] : create,
        (CREATE_WAIT_SECONDS + 600) * 1000,
        `see the kind output above; delete leftovers with kind delete cluster --name ${this.clusterName}`,
      );
      await chmod(this.kubeconfigPath(), 0o600);
      progress.done(`kind cluster "${this.clusterName}" created`);
      const kc = loadKubeConfig(this.kubeconfigPath());
      await waitForReadyNodes(kc, progress, { timeoutMs: REUSE_READY_TIMEOUT_MS });
      await waitForClusterDns(kc, progress);
    }
    return this.status();
  }

  async down(progress: Progress): Promise<void> {
    if (!(await this.exists())) {
      progress.done(`no kind cluster "${this.clusterName}" to delete`);
    } else {
      progress.step(`deleting kind cluster "${this.clusterName}"`);
      await mkdir(this.stateDir(), { recursive: true, mode: 0o700 });
      await this.kind(
        kindArgs.delete({ name: this.clusterName, kubeconfig: this.kubeconfigPath() }),
        300_000,
        'check `docker ps` for its containers',
      );
      progress.done(`kind cluster "${this.clusterName}" deleted`);
    }
    await rm(this.kubeconfigPath(), { force: true });
    const engine = await this.engine();
    if (engine?.name !== 'podman') return;
    if (await removePodmanNetwork(engine.env)) progress.done('podman network of the kind nodes removed');
    const others = await podmanNetworkUsers(engine.env);
    if (others.length > 0) {
      // Another kind cluster's nodes: the network, its chains and IPAM state are theirs until their down.
      progress.step(`podman network ${PODMAN_NETWORK} kept: ${others.join(', ')} still on it`);
    }
    // The host as it was before the kind path: podman's CNI chains and IPAM state made since removed.
    const before = others.length === 0 ? await readHostBefore(this.stateDir()) : undefined;
    if (before) {
      const { removed, kept } = await restoreHostAfterKind(before, PODMAN_NETWORK);
      if (removed.length > 0) progress.done(`removed what podman's CNI plugins left: ${removed.join(', ')}`);
      for (const line of kept) progress.step(line);
    }
    const left = await this.leftovers();
    if (left.length > 0) {
      throw new ClusterError(
        `cluster down left ${left.length} thing(s) of the kind cluster on the host: ${left.slice(0, 8).join('; ')}${left.length > 8 ? '; …' : ''} (all of them: pod-conformance cluster leftovers --provider kind)`,
      );
    }
    if (before) await forgetHostBefore(this.stateDir());
  }

  /**
   * What of the kind cluster is on the host with podman as the engine (nothing after a clean
   * `down`): its node containers and volumes; and, once no other kind cluster's node is on our
   * network, the network and what podman's CNI plugins made since the host was recorded
   * (host-state.ts): chains, bridges, rules naming the network, its IPAM directory.
   */
  async leftovers(): Promise<string[]> {
    const engine = await this.engine();
    if (engine?.name !== 'podman') return [];
    const mine = kindNodeNames(this.clusterName);
    const others = (await podmanNetworkUsers(engine.env)).filter((n) => !mine.test(n));
    const own = await podmanLeftovers(engine.env, this.clusterName, others.length > 0);
    if (others.length > 0) return own;
    return [...own, ...(await networkLeftoversNow(PODMAN_NETWORK, await readHostBefore(this.stateDir()), engine.env))];
  }

  private stateDir(): string {
    return join(stateRoot(this.env), 'kind');
  }

  async status(): Promise<ClusterStatus> {
    const base = { provider: this.name, name: this.clusterName, kubeconfig: this.kubeconfigPath() };
    const engine = await this.engine();
    if (!engine) {
      const docker = await probeDocker();
      return {
        ...base,
        running: false,
        detail: `docker engine unreachable (${docker.ok ? '' : docker.cause}) and podman not prepared for kind (cluster up --provider kind prepares it)`,
      };
    }
    try {
      if (!(await this.exists())) {
        return {
          ...base,
          running: false,
          detail: `no kind cluster "${this.clusterName}" (npm run cluster:up creates it)`,
        };
      }
      if (!existsSync(base.kubeconfig)) {
        return {
          ...base,
          running: false,
          detail: 'the cluster exists but its kubeconfig is missing (npm run cluster:up rewrites it)',
        };
      }
      const kc = loadKubeConfig(base.kubeconfig);
      const { version } = await probeApiServer(kc);
      const nodes = await listNodes(kc);
      return {
        ...base,
        running: nodes.length > 0 && nodes.every(isNodeReady),
        detail: `Kubernetes ${version}, ${readinessSummary(nodes)}`,
      };
    } catch (error) {
      return { ...base, running: false, detail: firstLine(error) };
    }
  }

  async loadImageArchives(archives: string[], progress: Progress): Promise<void> {
    for (const archive of archives) {
      progress.step(`loading ${archive} into kind cluster "${this.clusterName}"`);
      await this.kind(
        kindArgs.loadArchive({ name: this.clusterName, archive }),
        300_000,
        'check that the cluster runs (npm run cluster:status) and the archive exists',
      );
    }
    if (archives.length > 0) progress.done(`${archives.length} image archive(s) loaded into "${this.clusterName}"`);
  }

  /** `kind export logs` into dir/kind (node journals, containerd and pod logs, docker info). */
  async exportLogs(dir: string): Promise<string[]> {
    const target = join(dir, 'kind');
    await mkdir(target, { recursive: true });
    await this.kind(
      kindArgs.exportLogs({ name: this.clusterName, dir: target }),
      300_000,
      'check that the cluster runs',
    );
    return listFiles(target);
  }

  async describe(): Promise<ClusterDescription> {
    const cluster = await describeCluster({
      kc: loadKubeConfig(this.kubeconfigPath()),
      provider: this.name,
      name: this.clusterName,
      kubeconfig: this.kubeconfigPath(),
    });
    // kind's node image configures containerd with the handler runc (its default) and test-handler.
    return { ...cluster, runtimeHandler: cluster.runtimeHandler ?? 'runc' };
  }
}

interface EndpointsWire {
  subsets?: { addresses?: { ip: string }[] }[];
}

/**
 * kind's --wait ends when the node is Ready, before CoreDNS answers; the first pod of a run (the
 * verification's nslookup) then met "Connection refused" from kube-proxy's reject rule. Waits
 * until the kube-dns Service has a ready endpoint.
 */
async function waitForClusterDns(kc: ReturnType<typeof loadKubeConfig>, progress: Progress): Promise<void> {
  progress.step(`waiting up to ${DNS_READY_TIMEOUT_MS / 1000}s for the cluster DNS (kube-dns endpoints)`);
  let seen = 'no answer';
  const ips = await poll(
    async () => {
      try {
        const ep = await getJson<EndpointsWire>(kc, '/api/v1/namespaces/kube-system/endpoints/kube-dns', 10_000);
        const found = (ep.subsets ?? []).flatMap((s) => s.addresses ?? []).map((a) => a.ip);
        seen = found.length > 0 ? found.join(', ') : 'no ready address';
        return found.length > 0 ? found : undefined;
      } catch (error) {
        seen = firstLine(error);
        return undefined;
      }
    },
    {
      timeoutMs: DNS_READY_TIMEOUT_MS,
      intervalMs: 2_000,
      timeout: () =>
        `the cluster DNS had no ready endpoint within ${DNS_READY_TIMEOUT_MS / 1000}s (last: ${seen}); see kubectl -n kube-system get pods -l k8s-app=kube-dns`,
    },
  );
  progress.done(`cluster DNS ready at ${ips.join(', ')}`);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
