/**
 * The local provider: a single-node Kubernetes whose components run as host processes, built
 * from the Go module proxy, on Debian's containerd, runc and CNI plugins. See
 * ../shared/guides/local-cluster.md for why each setting is what it is. This module is the
 * lifecycle (prerequisites, up, status, down); what it changes on the host is in host.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { execa } from 'execa';
import { LOGICAL_IMAGES } from '../images/index.ts';
import {
  ClusterError,
  type ClusterDescription,
  type ClusterProvider,
  type ClusterStatus,
  type Prerequisite,
  type Progress,
} from '../provider.ts';
import { describeCluster, loadKubeConfig } from '../shared/api.ts';
import { ensureBinaries } from './build.ts';
import {
  apiServerURL,
  cniConflist,
  commandLine,
  containerdConfig,
  corefile,
  KUBECONFIG_USERS,
  kubeconfig,
  kubeletConfig,
  kubeProxyConfig,
  rbacManifest,
  schedulerConfig,
  START_ORDER,
  type ComponentName,
} from './config.ts';
import { stateRoot } from '../shared/paths.ts';
import { acquireOwnerFile, describeOwner, liveRuns, ownerRecord, releaseOwnerFile, type OwnerRecord } from '../runs.ts';
import {
  HEALTH,
  HEALTHY_TIMEOUT_MS,
  STOP_GRACE_MS,
  firstDifference,
  type HealthCheck,
  type RestartReport,
} from './faults.ts';
import { killShims, prepareHost, restoreHost } from './host.ts';
import { aptGet, ensurePackages, hostPackages, hostProbe, installPolicy, packagesPrerequisite } from './packages.ts';
import { ensurePKI } from './pki.ts';
import { settledStatus, upDecision } from './reuse.ts';
import { ProcessManager } from './processes.ts';
import { CLUSTER_NAME, NODE_NAME, paths, stateFiles, type StateFiles } from './layout.ts';
import {
  crunCgroupProblem,
  DEFAULT_OPTIONS,
  describeOptions,
  HYBRID_UNIFIED_CONTROLLERS,
  localOptions,
  OCI_RUNTIMES,
  optionsMismatch,
  type LocalOptions,
} from './options.ts';

/** How long an API server that does not answer (or a node not Ready) gets before it counts as down. */
const SLOW_API_DEADLINE_MS = 60_000;
/** How long an up() waits for another one to finish (a cold build takes about 12 minutes). */
const UP_LOCK_WAIT_MS = 30 * 60_000;
/** How long a restart waits for a cluster:up to finish (one that reuses the cluster takes seconds). */
const RESTART_LOCK_WAIT_MS = 2 * 60_000;

export class LocalProvider implements ClusterProvider {
  readonly name = 'local' as const;
  private readonly p = paths();
  private readonly f: StateFiles = stateFiles(this.p.state, this.p.run);
  private readonly procs = new ProcessManager(this.f.pids, this.f.logs);
  private binDir: string | undefined;
  /** Runtime and Kubernetes version asked for (POD_CONFORMANCE_LOCAL_RUNTIME, _KUBERNETES). */
  private readonly options: LocalOptions = localOptions();
  /** Where a started cluster records its options, for reuse checks and describe(). */
  private readonly optionsFile = join(this.p.state, 'options.json');

  /** The options the running (or last started) cluster was started with; the default before this file existed. */
  private startedWith(): LocalOptions {
    if (!existsSync(this.optionsFile)) return DEFAULT_OPTIONS;
    return JSON.parse(readFileSync(this.optionsFile, 'utf8')) as LocalOptions;
  }

  kubeconfigPath(): string {
    return this.f.adminKubeconfig;
  }

  async prerequisites(): Promise<Prerequisite[]> {
    const isRoot = process.getuid?.() === 0;
    const onPath = async (cmd: string) =>
      (await execa('sh', ['-c', `command -v ${cmd}`], { reject: false })).exitCode === 0;
    return [
      {
        what: 'Linux',
        ok: process.platform === 'linux',
        remedy: 'use the kind provider (POD_CONFORMANCE_PROVIDER=kind) on this OS',
      },
      { what: 'root', ok: isRoot, remedy: 'run as root (sudo -E npm run cluster:up), or use the kind provider' },
      {
        what: 'Go toolchain',
        ok: await onPath('go'),
        remedy: 'install Go >= 1.25 (https://go.dev/dl or apt-get install golang-1.23 is too old)',
      },
      await packagesPrerequisite(hostPackages(this.options.runtime), installPolicy(), hostProbe),
      ...(this.options.runtime === 'crun' ? [this.crunCgroups()] : []),
    ];
  }

  /** Every missing Debian package in one announced apt-get install (see packages.ts). */
  async installPrerequisites(progress: Progress): Promise<void> {
    await ensurePackages(hostPackages(this.options.runtime), installPolicy(), hostProbe, aptGet, progress);
  }

  private crunCgroups(): Prerequisite {
    const problem = crunCgroupProblem(
      existsSync(HYBRID_UNIFIED_CONTROLLERS) ? readFileSync(HYBRID_UNIFIED_CONTROLLERS, 'utf8') : undefined,
    );
    return {
      what: "cgroups crun can use (no controllers on the hybrid host's cgroup v2)",
      ok: !problem,
      remedy: problem ?? '',
    };
  }

  private env(): NodeJS.ProcessEnv {
    return {
      PATH: `${this.binDir ?? ''}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      HOME: process.env.HOME ?? '/root',
      // Components must not pick up a proxy or a kubeconfig from the caller's environment.
      NO_PROXY: '*',
    };
  }

  private async kubectl(args: string[], input?: string) {
    const bin = this.binDir ? join(this.binDir, 'kubectl') : 'kubectl';
    return execa(bin, ['--kubeconfig', this.f.adminKubeconfig, '--request-timeout=10s', ...args], {
      reject: false,
      input,
      env: this.env(),
    });
  }

  async status(): Promise<ClusterStatus> {
    const base = { provider: this.name, name: CLUSTER_NAME, kubeconfig: this.f.adminKubeconfig };
    const states = await Promise.all(START_ORDER.map(async (c) => [c, await this.procs.alive(c)] as const));
    const up = states.filter(([, a]) => a).map(([c]) => c);
    if (up.length === 0) return { ...base, running: false, detail: 'not running' };
    if (up.length < START_ORDER.length) {
      const down = states.filter(([, a]) => !a).map(([c]) => c);
      return { ...base, running: false, detail: `partly running: ${down.join(', ')} not running` };
    }
    this.binDir ??= this.cachedBinDir();
    const node = await this.kubectl([
      'get',
      'node',
      NODE_NAME,
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
    ]);
    if (node.exitCode !== 0)
      return { ...base, running: false, detail: `processes up, API not answering: ${firstLine(node.stderr)}` };
    if (node.stdout.trim() !== 'True')
      return { ...base, running: false, detail: `processes up, node ${NODE_NAME} not Ready` };
    return {
      ...base,
      running: true,
      detail: `running: ${START_ORDER.length} components, node ${NODE_NAME} Ready, API ${apiServerURL()}`,
    };
  }

  /**
   * The binary directory of the requested Kubernetes version when every binary is already built,
   * without building anything (the cache may hold other versions too).
   */
  private cachedBinDir(version = this.options.kubernetes.version): string | undefined {
    if (!existsSync(this.p.binCache)) return undefined;
    const dirs = readdirSync(this.p.binCache).filter((d) => d.startsWith('cluster-'));
    for (const d of dirs) {
      const marker = join(this.p.binCache, d, '.complete');
      if (!existsSync(marker)) continue;
      if (readFileSync(marker, 'utf8').startsWith(`kubernetes-${version}-`)) return join(this.p.binCache, d);
    }
    return undefined;
  }

  async up(progress: Progress): Promise<ClusterStatus> {
    const missing = (await this.prerequisites()).filter((p) => !p.ok);
    if (missing.length > 0) {
      throw new ClusterError(missing.map((m) => `missing prerequisite: ${m.what}; ${m.remedy}`).join('\n'));
    }
    // One cluster:up at a time on this machine: a second one would tear down the first's start.
    const lock = join(stateRoot(), 'local-up.lock');
    const record = ownerRecord('cluster:up', process.cwd());
    await this.waitForUpLock(lock, record, progress);
    try {
      return await this.upHoldingLock(progress);
    } finally {
      releaseOwnerFile(lock, record);
    }
  }

  private async waitForUpLock(
    lock: string,
    record: OwnerRecord,
    progress: Progress,
    waitMs = UP_LOCK_WAIT_MS,
  ): Promise<void> {
    await mkdir(stateRoot(), { recursive: true });
    const deadline = Date.now() + waitMs;
    let said = 0;
    for (;;) {
      const got = acquireOwnerFile(lock, record);
      if (!got.held) return;
      if (Date.now() > deadline) {
        throw new ClusterError(
          `another cluster:up or restart (${got.by ? describeOwner(got.by) : 'unknown owner'}) has held ${lock} for over ${waitMs / 60_000} minutes; if it is gone, remove the file`,
        );
      }
      if (Date.now() - said > 30_000) {
        progress.step(`waiting for the cluster:up of ${got.by ? describeOwner(got.by) : 'another process'} to finish`);
        said = Date.now();
      }
      await delay(2_000);
    }
  }

  private async upHoldingLock(progress: Progress): Promise<ClusterStatus> {
    const current = await settledStatus(
      () => this.status(),
      SLOW_API_DEADLINE_MS,
      (s) => progress.step(`local cluster ${s.detail}; asking again (a busy API server is not a stopped one)`),
    );
    const decision = upDecision(current, existsSync(this.p.state), liveRuns());
    if (decision.action === 'reuse') {
      const mismatch = optionsMismatch(this.startedWith(), this.options);
      if (mismatch) throw new ClusterError(mismatch);
      progress.done(`reusing the running local cluster (${current.detail})`);
      return current;
    }
    if (decision.action === 'refuse') throw new ClusterError(decision.reason);
    if (decision.action === 'rebuild') {
      // Partly running, or left behind by a machine or session that stopped without cluster:down
      // (stale mounts, addresses, pods in etcd), and no run uses it: start from a clean host.
      progress.step(`cluster is ${current.detail}, with state in ${this.p.state}: cleaning up before starting afresh`);
      await this.down(progress);
    }
    this.binDir = await ensureBinaries(progress, this.options.kubernetes);

    progress.step('preparing the host: node address, sysctls, certificates, configuration');
    await this.makeStateDirectories();
    await prepareHost(this.f);
    await ensurePKI(this.f.pki);
    await this.writeConfigs(LOGICAL_IMAGES.pause);
    await writeFile(this.optionsFile, JSON.stringify(this.options, null, 2) + '\n');
    progress.step(`starting ${describeOptions(this.options)}`);

    await this.startComponent('etcd', progress);
    await this.startComponent('kube-apiserver', progress);
    await this.until(
      'the API server to be ready',
      90_000,
      async () => (await this.kubectl(['get', '--raw', '/readyz'])).exitCode === 0,
    );
    const rbac = await this.kubectl(['apply', '-f', '-'], rbacManifest());
    if (rbac.exitCode !== 0) throw new ClusterError(`applying RBAC failed: ${firstLine(rbac.stderr)}`);
    await this.startComponent('kube-controller-manager', progress);
    await this.startComponent('kube-scheduler', progress);
    await this.startComponent('containerd', progress);
    await this.until('containerd to listen', 30_000, () => Promise.resolve(existsSync(this.f.containerdSocket)));
    await this.startComponent('kubelet', progress);
    await this.until(`node ${NODE_NAME} to be Ready`, 180_000, () => this.nodeReady());
    await this.startComponent('kube-proxy', progress);
    await this.startComponent('coredns', progress);
    await this.until('CoreDNS to be ready', 30_000, async () => {
      const r = await execa('busybox', ['wget', '-q', '-O', '-', 'http://127.0.0.1:18181/ready'], { reject: false });
      return r.exitCode === 0;
    });
    await this.until(
      'the default service account',
      60_000,
      async () => (await this.kubectl(['get', 'serviceaccount', 'default', '-n', 'default'])).exitCode === 0,
    );
    const status = await this.status();
    if (!status.running)
      throw new ClusterError(`local cluster did not come up: ${status.detail}; logs in ${this.f.logs}`);
    progress.done(`local cluster up: ${status.detail}`);
    return status;
  }

  /** The argv a component is started with: its binary (containerd: Debian's, on the PATH) and arguments. */
  private componentArgv(c: ComponentName): string[] {
    const { binary, args } = commandLine(c, this.f);
    return [binary === 'containerd' ? 'containerd' : join(this.binDir!, binary), ...args];
  }

  private async startComponent(c: ComponentName, progress: Progress): Promise<void> {
    progress.step(`starting ${c}`);
    const [path, ...args] = this.componentArgv(c);
    await this.procs.start(c, path!, args, this.env());
    await delay(300);
    if (!(await this.procs.alive(c))) {
      const log = await readFile(this.procs.logFile(c), 'utf8').catch(() => '');
      throw new ClusterError(`${c} exited right after start: ${lastLines(log, 3)} (log: ${this.procs.logFile(c)})`);
    }
  }

  /**
   * Fault injection (faults.ts): stops one component (SIGTERM, SIGKILL after STOP_GRACE_MS) and
   * starts it again as up() does, with the same command line, configuration files (left as they
   * are on disk) and log file (appended), then waits until it is healthy again. Holds the lock of
   * up(), so no cluster:up sees the cluster partly running meanwhile and rebuilds it. Refuses when
   * the component does not run, or runs with another command line than this checkout would start.
   */
  async restart(c: ComponentName): Promise<RestartReport> {
    const lock = join(stateRoot(), 'local-up.lock');
    const record = ownerRecord('cluster:restart', process.cwd());
    const quiet: Progress = { step: () => undefined, done: () => undefined, update: () => undefined };
    await this.waitForUpLock(lock, record, quiet, RESTART_LOCK_WAIT_MS);
    try {
      return await this.restartHoldingLock(c, quiet);
    } finally {
      releaseOwnerFile(lock, record);
    }
  }

  private async restartHoldingLock(c: ComponentName, quiet: Progress): Promise<RestartReport> {
    const running = await this.procs.commandLine(c);
    if (!running) throw new ClusterError(`${c} is not running; nothing to restart (npm run cluster:status)`);
    // The binaries the cluster runs (the cache may hold several builds): the directory of the
    // component's own binary, or the kubelet's for containerd (Debian's, on the PATH).
    const built = c === 'containerd' ? (await this.procs.commandLine('kubelet'))?.[0] : running[0];
    const version = this.startedWith().kubernetes.version;
    this.binDir = built?.startsWith('/') ? dirname(built) : this.cachedBinDir(version);
    if (!this.binDir) throw new ClusterError(`no built binaries of Kubernetes ${version} in ${this.p.binCache}`);
    const difference = firstDifference(running, this.componentArgv(c));
    if (difference) {
      throw new ClusterError(
        `${c} runs with another command line than this checkout starts it with (${difference}); a restart would change the cluster: restart it from the checkout that brought the cluster up, or bring it up again from this one`,
      );
    }
    const counted = c === 'containerd' || c === 'kubelet';
    const before = counted ? await this.runningTasks() : [];
    const stoppedAt = Date.now();
    const stop = await this.procs.stopReporting(c, STOP_GRACE_MS);
    const startedAt = Date.now();
    await this.startComponent(c, quiet);
    const checks: string[] = [];
    for (const check of HEALTH[c]) {
      await this.until(`${c} to be healthy again: ${check.what}`, HEALTHY_TIMEOUT_MS - (Date.now() - startedAt), () =>
        this.holds(check, startedAt),
      );
      checks.push(check.what);
    }
    const healthyAt = Date.now();
    const after = counted ? new Set(await this.runningTasks()) : new Set<string>();
    return {
      component: c,
      stoppedAt,
      oldPid: stop.pid ?? 0,
      newPid: (await this.procs.tracked(c))?.pid ?? 0,
      killed: stop.killed,
      stopMs: stop.tookMs,
      healthyMs: healthyAt - startedAt,
      outageMs: healthyAt - stoppedAt,
      checks,
      ...(counted ? { containers: { before: before.length, kept: before.filter((t) => after.has(t)).length } } : {}),
    };
  }

  /** Whether one health check holds now; `since`: when the component was started again. */
  private async holds(check: HealthCheck, since: number): Promise<boolean> {
    switch (check.kind) {
      case 'http':
        return httpOk(check.url);
      case 'api-ready':
        return (await this.kubectl(['get', '--raw', '/readyz'])).exitCode === 0;
      case 'containerd': {
        const r = await execa('ctr', ['--address', this.f.containerdSocket, 'version'], {
          reject: false,
          timeout: 5_000,
        });
        return r.exitCode === 0;
      }
      case 'node-lease': {
        const r = await this.kubectl([
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
        return this.nodeReady();
    }
  }

  /** Whether the node reports Ready=True. */
  private async nodeReady(): Promise<boolean> {
    const r = await this.kubectl([
      'get',
      'node',
      NODE_NAME,
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
    ]);
    return r.stdout.trim() === 'True';
  }

  /** IDs of the containerd tasks (containers and sandboxes) running in the CRI namespace. */
  private async runningTasks(): Promise<string[]> {
    const r = await execa('ctr', ['--address', this.f.containerdSocket, '-n', 'k8s.io', 'tasks', 'ls'], {
      reject: false,
      timeout: 10_000,
    });
    return r.stdout
      .split('\n')
      .slice(1)
      .map((l) => l.trim().split(/\s+/))
      .filter((cols) => cols[2] === 'RUNNING')
      .map((cols) => cols[0]!);
  }

  private async until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return;
      for (const c of START_ORDER) {
        const t = await this.procs.tracked(c);
        if (t && !(await this.procs.alive(c))) {
          const log = await readFile(this.procs.logFile(c), 'utf8').catch(() => '');
          throw new ClusterError(
            `${c} died while waiting for ${what}: ${lastLines(log, 3)} (log: ${this.procs.logFile(c)})`,
          );
        }
      }
      await delay(500);
    }
    throw new ClusterError(
      `timed out after ${timeoutMs / 1000}s waiting for ${what}; component logs are in ${this.f.logs}`,
    );
  }

  private async makeStateDirectories(): Promise<void> {
    for (const d of [
      this.f.config,
      this.f.logs,
      this.f.pids,
      this.f.etcdData,
      this.f.kubeletRoot,
      this.f.podLogs,
      this.f.containerdRoot,
      this.f.cniData,
      this.f.containerdState,
    ]) {
      await mkdir(d, { recursive: true, mode: 0o700 });
    }
  }

  private async writeConfigs(pauseImage: string): Promise<void> {
    const cniDir = join(this.f.config, 'cni');
    await mkdir(cniDir, { recursive: true });
    const files: Record<string, string> = {
      'containerd.toml': containerdConfig(this.f, pauseImage, cniDir, this.options.runtime),
      'cni/10-pod-conformance.conflist': cniConflist(this.f),
      'kubelet.yaml': kubeletConfig(this.f),
      'kube-proxy.yaml': kubeProxyConfig(this.f),
      'scheduler.yaml': schedulerConfig(this.f),
      Corefile: corefile(this.f),
    };
    for (const [component, certName] of Object.entries(KUBECONFIG_USERS)) {
      const body = kubeconfig({
        server: apiServerURL(),
        caFile: join(this.f.pki, 'ca.crt'),
        certFile: join(this.f.pki, `${certName}.crt`),
        keyFile: join(this.f.pki, `${certName}.key`),
        user: component,
      });
      if (component === 'admin') await writeFile(this.f.adminKubeconfig, body, { mode: 0o600 });
      else files[`${certName}.kubeconfig`] = body;
    }
    for (const [name, body] of Object.entries(files)) {
      await writeFile(join(this.f.config, name), body, { mode: 0o600 });
    }
  }

  async loadImageArchives(archives: string[], progress: Progress): Promise<void> {
    for (const archive of archives) {
      progress.step(`importing ${archive.split('/').pop()} into containerd`);
      const r = await execa(
        'ctr',
        ['--address', this.f.containerdSocket, '-n', 'k8s.io', 'images', 'import', '--no-unpack', archive],
        { reject: false, all: true },
      );
      if (r.exitCode !== 0) throw new ClusterError(`ctr images import ${archive} failed: ${lastLines(r.all ?? '', 3)}`);
    }
  }

  async down(progress: Progress): Promise<void> {
    this.binDir ??= this.cachedBinDir();
    const stopped: string[] = [];
    for (const c of ['coredns', 'kube-proxy', 'kubelet'] as const) {
      if (await this.procs.stop(c)) stopped.push(c);
    }
    // With the kubelet gone, remove every sandbox through CRI so CNI releases netns, veths, IPs
    // and its iptables rules, then stop containerd and whatever shims are left.
    if ((await this.procs.alive('containerd')) && this.binDir) {
      progress.step('removing pod sandboxes through CRI');
      const r = await execa(join(this.binDir, 'cri-cleanup'), [`unix://${this.f.containerdSocket}`], {
        reject: false,
        all: true,
      });
      if (r.exitCode !== 0) progress.step(`cri-cleanup: ${lastLines(r.all ?? '', 2)} (continuing)`);
    }
    for (const c of ['containerd', 'kube-scheduler', 'kube-controller-manager', 'kube-apiserver', 'etcd'] as const) {
      if (await this.procs.stop(c)) stopped.push(c);
    }
    killShims(this.f.containerdSocket);
    if (this.binDir && existsSync(join(this.binDir, 'kube-proxy'))) {
      await execa(join(this.binDir, 'kube-proxy'), ['--cleanup'], { reject: false, env: this.env() });
    }
    await restoreHost(this.f, this.p.run);
    await rm(this.p.run, { recursive: true, force: true });
    await rm(this.p.state, { recursive: true, force: true });
    progress.done(
      stopped.length
        ? `local cluster removed (stopped ${stopped.join(', ')})`
        : 'local cluster was not running; leftovers removed',
    );
  }

  async exportLogs(dir: string): Promise<string[]> {
    await mkdir(dir, { recursive: true });
    if (!existsSync(this.f.logs)) return [];
    const out: string[] = [];
    for (const name of await readdir(this.f.logs)) {
      await copyFile(join(this.f.logs, name), join(dir, name));
      out.push(join(dir, name));
    }
    return out;
  }

  async describe(): Promise<ClusterDescription> {
    const cluster = await describeCluster({
      kc: loadKubeConfig(this.f.adminKubeconfig),
      provider: this.name,
      name: CLUSTER_NAME,
      kubeconfig: this.f.adminKubeconfig,
    });
    // The node reports only containerd's version; the OCI runtime under it is ours to say.
    const runtime = this.startedWith().runtime;
    const version = await execa(OCI_RUNTIMES[runtime], ['--version'], { reject: false });
    return { ...cluster, ociRuntime: ociRuntimeVersion(runtime, version.stdout) };
  }
}

/** `crun 1.8.1` from `crun version 1.8.1\ncommit: …` (or the runtime name alone when it says nothing). */
export function ociRuntimeVersion(runtime: string, versionOutput: string): string {
  const version = /version\s+(\S+)/.exec(versionOutput)?.[1];
  return version ? `${runtime} ${version}` : runtime;
}

/** Whether a GET of the URL answers 200 within 3 s (https: the serving certificate is not checked). */
function httpOk(url: string): Promise<boolean> {
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

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}

function lastLines(s: string, n: number): string {
  return s.trim().split('\n').slice(-n).join(' | ');
}
