/**
 * The local provider: a single-node Kubernetes whose components run as host processes, built
 * from the Go module proxy, on Debian's containerd, runc and CNI plugins. This module is the
 * lifecycle (prerequisites, up, status, down, restart); how the cluster starts is start.ts, how a
 * component is restarted restart.ts, what it changes on the host host.ts, and why each setting is
 * what it is is said beside the setting (config.ts, components.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { LOOPBACK_REGISTRIES } from '../images/index.ts';
import {
  ClusterError,
  type ClusterDescription,
  type ClusterProvider,
  type ClusterStatus,
  type Prerequisite,
  type Progress,
} from '../provider.ts';
import { describeCluster, loadKubeConfig } from '../shared/api.ts';
import {
  aptGet,
  hostProbe,
  ownerEnsurePackages,
  ownerInstallPolicy,
  ownerPackagesPrerequisite,
  onPath,
} from '../shared/packages.ts';
import { liveRuns, runsAgainst } from '../shared/runs.ts';
import { lastLines } from '../shared/text.ts';
import { ensureBinaries } from './build.ts';
import { LocalCluster } from './cluster.ts';
import { REGISTRIES, START_ORDER, type ComponentName } from './components.ts';
import { apiServerURL } from './config.ts';
import type { RestartReport } from './faults.ts';
import { killShims, restoreHost } from './host.ts';
import {
  extraNodeState,
  importArchives,
  nodeOf,
  presentExtraNodes,
  reconcileExtraNodes,
  removeExtraNode,
} from './extra-nodes.ts';
import { CLUSTER_NAME, MAX_LOCAL_NODES, NODE_NAME } from './layout.ts';
import { hostSnapshot, inventory } from './leftovers.ts';
import {
  crunCgroupProblem,
  HYBRID_UNIFIED_CONTROLLERS,
  localNodeCount,
  OCI_RUNTIMES,
  ociRuntimeVersion,
  optionsMismatch,
} from './options.ts';
import { hostPackages, LOCAL_PACKAGE_OWNER } from './packages.ts';
import { stopRegistryProcesses } from './registries.ts';
import {
  guardKubelet,
  kubeletLine,
  runningKubelets,
  startKubelet,
  stopKubelet,
  stoppableNode,
} from './kubelet-stop.ts';
import { restartComponent } from './restart.ts';
import { settledStatus, upDecision } from './reuse.ts';
import { startCluster, startRegistries } from './start.ts';
import { RESTART_LOCK_WAIT_MS, UP_LOCK_WAIT_MS, withUpLock } from './up-lock.ts';

/** How long an API server that does not answer (or a node not Ready) gets before it counts as down. */
const SLOW_API_DEADLINE_MS = 60_000;

export class LocalProvider implements ClusterProvider {
  readonly name = 'local' as const;
  private readonly cluster = new LocalCluster();

  kubeconfigPath(): string {
    return this.cluster.files.adminKubeconfig;
  }

  async prerequisites(): Promise<Prerequisite[]> {
    const isRoot = process.getuid?.() === 0;
    const { runtime } = this.cluster.options;
    return [
      {
        what: 'Linux',
        ok: process.platform === 'linux',
        remedy: 'use the kind provider (POD_CONFORMANCE_PROVIDER=kind) on this OS',
      },
      { what: 'root', ok: isRoot, remedy: 'run as root (sudo -E npm run cluster:up), or use the kind provider' },
      {
        what: 'Go toolchain',
        ok: onPath('go'),
        remedy: 'install Go >= 1.25 (https://go.dev/dl or apt-get install golang-1.23 is too old)',
      },
      await ownerPackagesPrerequisite(
        LOCAL_PACKAGE_OWNER,
        hostPackages(runtime),
        ownerInstallPolicy(LOCAL_PACKAGE_OWNER),
        hostProbe,
      ),
      ...(runtime === 'crun' ? [crunCgroups()] : []),
    ];
  }

  /** Every missing Debian package in one announced apt-get install (see packages.ts). */
  async installPrerequisites(progress: Progress): Promise<void> {
    const policy = ownerInstallPolicy(LOCAL_PACKAGE_OWNER);
    const packages = hostPackages(this.cluster.options.runtime);
    await ownerEnsurePackages(LOCAL_PACKAGE_OWNER, packages, policy, hostProbe, aptGet, progress);
  }

  async status(): Promise<ClusterStatus> {
    const { processes } = this.cluster;
    const base = { provider: this.name, name: CLUSTER_NAME, kubeconfig: this.kubeconfigPath() };
    const alive = await Promise.all(START_ORDER.map(async (c) => [c, await processes.alive(c)] as const));
    const up = alive.filter(([, isAlive]) => isAlive).map(([c]) => c);
    if (up.length === 0) return { ...base, running: false, detail: 'not running' };
    if (up.length < START_ORDER.length) {
      const down = alive.filter(([, isAlive]) => !isAlive).map(([c]) => c);
      return { ...base, running: false, detail: `partly running: ${down.join(', ')} not running` };
    }
    this.cluster.binDir ??= this.cluster.cachedBinDir();
    const nodes = await this.cluster.nodesReadiness();
    if (!nodes.answered) return { ...base, running: false, detail: `processes up, API not answering: ${nodes.error}` };
    if (!nodes.ready.get(NODE_NAME))
      return { ...base, running: false, detail: `processes up, node ${NODE_NAME} not Ready` };
    const registries = await this.registriesRunning();
    return {
      ...base,
      running: true,
      detail: `running: ${START_ORDER.length} components, node ${NODE_NAME} Ready${await this.extraNodesDetail(nodes.ready)}, API ${apiServerURL()}; ${registries.detail}`,
    };
  }

  /**
   * `, node pod-conformance-node-2 Ready, node pod-conformance-node-3 processes down`: the extra
   * nodes say how they are without making the cluster count as down (a run on node 1 must never
   * rebuild the cluster for an extra node; cluster up mends it).
   */
  private async extraNodesDetail(ready: Map<string, boolean>): Promise<string> {
    const parts: string[] = [];
    for (const node of presentExtraNodes(this.cluster)) {
      const state = await extraNodeState(this.cluster, node, ready);
      parts.push(`, node ${node.name} ${state === 'ready' ? 'Ready' : state}`);
    }
    return parts.join('');
  }

  /** Both loopback registries run: the registry images are pushed into them (ensureCluster). */
  async runsLoopbackRegistries(): Promise<boolean> {
    return (await this.registriesRunning()).running;
  }

  private async registriesRunning(): Promise<{ running: boolean; detail: string }> {
    const down: string[] = [];
    for (const registry of REGISTRIES) if (!(await this.cluster.processes.alive(registry))) down.push(registry);
    const hosts = Object.values(LOOPBACK_REGISTRIES).map((r) => r.host);
    return down.length === 0
      ? { running: true, detail: `registries on ${hosts.join(' and ')}` }
      : {
          running: false,
          detail: `${down.join(' and ')} not running (image-pull behaviours skipped; npm run cluster:up starts them again)`,
        };
  }

  /** Runs on this machine that use this cluster, or have not said which cluster they use. */
  private otherRuns() {
    return runsAgainst(liveRuns(), { provider: this.name, kubeconfig: this.kubeconfigPath() });
  }

  async up(progress: Progress): Promise<ClusterStatus> {
    const missing = (await this.prerequisites()).filter((p) => !p.ok);
    if (missing.length > 0) {
      throw new ClusterError(missing.map((m) => `missing prerequisite: ${m.what}; ${m.remedy}`).join('\n'));
    }
    return withUpLock('cluster:up', progress, UP_LOCK_WAIT_MS, () => this.upHoldingLock(progress));
  }

  private async upHoldingLock(progress: Progress): Promise<ClusterStatus> {
    const current = await settledStatus(
      () => this.status(),
      SLOW_API_DEADLINE_MS,
      (s) => progress.step(`local cluster ${s.detail}; asking again (a busy API server is not a stopped one)`),
    );
    const decision = upDecision(current, existsSync(this.cluster.dirs.state), this.otherRuns());
    if (decision.action === 'reuse') {
      const mismatch = optionsMismatch(this.cluster.startedWith(), this.cluster.options);
      if (mismatch) throw new ClusterError(mismatch);
      await startRegistries(this.cluster, progress);
      this.cluster.binDir ??= this.cluster.cachedBinDir();
      await reconcileExtraNodes(this.cluster, localNodeCount(), this.otherRuns().length, progress);
      const reused = await this.status();
      progress.done(`reusing the running local cluster (${reused.detail})`);
      return reused;
    }
    if (decision.action === 'refuse') throw new ClusterError(decision.reason);
    if (decision.action === 'rebuild') {
      // Partly running, or left behind by a machine or session that stopped without cluster:down
      // (stale mounts, addresses, pods in etcd), and no run uses it: start from a clean host.
      progress.step(
        `cluster is ${current.detail}, with state in ${this.cluster.dirs.state}: cleaning up before starting afresh`,
      );
      await this.down(progress);
    }
    this.cluster.binDir = await ensureBinaries(progress, this.cluster.options.kubernetes);
    await startCluster(this.cluster, progress);
    await reconcileExtraNodes(this.cluster, localNodeCount(), 0, progress);
    const status = await this.status();
    if (!status.running)
      throw new ClusterError(`local cluster did not come up: ${status.detail}; logs in ${this.cluster.files.logs}`);
    progress.done(`local cluster up: ${status.detail}`);
    return status;
  }

  /**
   * Fault injection (faults.ts, restart.ts): stops one component and starts it again as up()
   * does, then waits until it is healthy again. Holds the lock of up(), so no cluster:up sees the
   * cluster partly running meanwhile and rebuilds it.
   */
  async restart(component: ComponentName): Promise<RestartReport> {
    const quiet: Progress = { step: () => undefined, done: () => undefined, update: () => undefined };
    return withUpLock('cluster:restart', quiet, RESTART_LOCK_WAIT_MS, () =>
      restartComponent(this.cluster, component, quiet),
    );
  }

  /**
   * Node failure (kubelet-stop.ts): an extra node's kubelet stopped, with a guard that starts it
   * again once `holderPid` ends; started again with the command line it was stopped with.
   */
  async stopKubelet(node: string, holderPid: number, guardCommand: string[]): Promise<string> {
    this.cluster.binDir ??= this.cluster.cachedBinDir();
    const extra = stoppableNode(this.cluster, node);
    await stopKubelet(this.cluster, extra, holderPid, guardCommand);
    return kubeletLine(this.cluster, extra);
  }

  async startKubelet(node: string): Promise<string> {
    this.cluster.binDir ??= this.cluster.cachedBinDir();
    const extra = stoppableNode(this.cluster, node);
    const how = await startKubelet(this.cluster, extra);
    return `${await kubeletLine(this.cluster, extra)}${how === 'running' ? ' (it was running)' : ''}`;
  }

  async guardKubelet(node: string, say: (line: string) => void): Promise<void> {
    this.cluster.binDir ??= this.cluster.cachedBinDir();
    await guardKubelet(this.cluster, stoppableNode(this.cluster, node), say);
  }

  /**
   * Imports each archive whose image a node's containerd lacks, or holds at another digest, into
   * node 1's containerd and every extra node's (extra-nodes.ts importArchives).
   */
  async loadImageArchives(archives: string[], progress: Progress): Promise<void> {
    await importArchives((args) => this.cluster.ctr(args), archives, progress, NODE_NAME);
    for (const node of presentExtraNodes(this.cluster)) {
      // An extra node whose containerd is down gets its images when cluster up --nodes mends it;
      // a run that did not ask for nodes must not fail on it.
      if (!(await this.cluster.processes.alive(node.processes.containerd))) {
        progress.step(`node ${node.name}: containerd not running, no images imported (cluster up --nodes mends it)`);
        continue;
      }
      await importArchives(
        (args) => this.cluster.ctr(args, undefined, node.files.containerdSocket),
        archives,
        progress,
        node.name,
      );
    }
  }

  async down(progress: Progress): Promise<void> {
    const { dirs, files, processes } = this.cluster;
    const binDir = (this.cluster.binDir ??= this.cluster.cachedBinDir());
    const stopped: string[] = [];
    // Every extra node that may exist, whether or not its directories survived a crash.
    for (let index = MAX_LOCAL_NODES; index >= 2; index--) {
      await removeExtraNode(this.cluster, nodeOf(this.cluster, index), progress);
    }
    for (const component of ['coredns', 'kube-proxy', 'kubelet'] as const) {
      if (await processes.stop(component)) stopped.push(component);
    }
    // With the kubelet gone, remove every sandbox through CRI so CNI releases netns, veths, IPs
    // and its iptables rules, then stop containerd and whatever shims are left.
    if ((await processes.alive('containerd')) && binDir) {
      progress.step('removing pod sandboxes through CRI');
      const r = await execa(join(binDir, 'cri-cleanup'), [`unix://${files.containerdSocket}`], {
        reject: false,
        all: true,
      });
      if (r.exitCode !== 0) progress.step(`cri-cleanup: ${lastLines(r.all ?? '', 2)} (continuing)`);
    }
    for (const component of [
      'containerd',
      'kube-scheduler',
      'kube-controller-manager',
      'kube-apiserver',
      'etcd',
      ...REGISTRIES,
    ] as const) {
      if (await processes.stop(component)) stopped.push(component);
    }
    const strays = stopRegistryProcesses(files.config);
    if (strays.length > 0) stopped.push(`${strays.length} registry process(es) no pid file named`);
    killShims(files.containerdSocket);
    if (binDir && existsSync(join(binDir, 'kube-proxy'))) {
      await execa(join(binDir, 'kube-proxy'), ['--cleanup'], { reject: false, env: this.cluster.env() });
    }
    await restoreHost(files, dirs.run);
    await rm(dirs.run, { recursive: true, force: true });
    await rm(dirs.state, { recursive: true, force: true });
    const left = await this.leftovers();
    if (left.length > 0) {
      throw new ClusterError(
        `cluster down left ${left.length} thing(s) of the cluster on the host: ${left.slice(0, 8).join('; ')}${left.length > 8 ? '; …' : ''} (all of them: pod-conformance cluster leftovers)`,
      );
    }
    progress.done(
      stopped.length
        ? `local cluster removed (stopped ${stopped.join(', ')})`
        : 'local cluster was not running; leftovers removed',
    );
  }

  /**
   * What of the cluster is on the host (leftovers.ts): processes, mounts and network namespaces,
   * bridges and veths, node addresses, iptables chains and rules, cgroups, directories. Empty
   * after a clean `down`.
   */
  async leftovers(): Promise<string[]> {
    const owned = {
      state: this.cluster.dirs.state,
      run: this.cluster.dirs.run,
      binCache: this.cluster.dirs.binCache,
      network: 'pod-conformance',
    };
    return inventory(await hostSnapshot(owned), owned);
  }

  async exportLogs(dir: string): Promise<string[]> {
    const { logs } = this.cluster.files;
    await mkdir(dir, { recursive: true });
    if (!existsSync(logs)) return [];
    const copied: string[] = [];
    for (const name of await readdir(logs)) {
      await copyFile(join(logs, name), join(dir, name));
      copied.push(join(dir, name));
    }
    return copied;
  }

  async describe(): Promise<ClusterDescription> {
    const cluster = await describeCluster({
      kc: loadKubeConfig(this.kubeconfigPath()),
      provider: this.name,
      name: CLUSTER_NAME,
      kubeconfig: this.kubeconfigPath(),
    });
    // The node reports only containerd's version; the OCI runtime under it is ours to say.
    const runtime = this.cluster.startedWith().runtime;
    const version = await execa(OCI_RUNTIMES[runtime], ['--version'], { reject: false });
    // Its containerd names its one runtime after the OCI runtime, the handler of every pod.
    const stoppable = await runningKubelets(this.cluster);
    return {
      ...cluster,
      ociRuntime: ociRuntimeVersion(runtime, version.stdout),
      runtimeHandler: cluster.runtimeHandler ?? runtime,
      ...(stoppable.length > 0 ? { kubeletControl: { nodes: stoppable } } : {}),
    };
  }
}

function crunCgroups(): Prerequisite {
  const problem = crunCgroupProblem(
    existsSync(HYBRID_UNIFIED_CONTROLLERS) ? readFileSync(HYBRID_UNIFIED_CONTROLLERS, 'utf8') : undefined,
  );
  return {
    what: "cgroups crun can use (no controllers on the hybrid host's cgroup v2)",
    ok: !problem,
    remedy: problem ?? '',
  };
}
