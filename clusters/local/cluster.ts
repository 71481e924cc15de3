/**
 * The local cluster as the provider's jobs (up, restart, status, down) handle it on this host:
 * where it lives, its processes, the binaries it runs and the options it was asked for, and the
 * commands every job runs against it (kubectl with the admin kubeconfig, ctr on its containerd
 * socket, starting a component and waiting for it).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { execa } from 'execa';
import { ClusterError, type Progress } from '../provider.ts';
import { poll } from '../shared/poll.ts';
import { firstLine, lastLines } from '../shared/text.ts';
import { commandLine, COMPONENTS, isHostBinary, type ComponentName } from './components.ts';
import { NODE_NAME, paths, stateFiles, type Paths, type StateFiles } from './layout.ts';
import { DEFAULT_OPTIONS, localOptions, type LocalOptions } from './options.ts';
import { ProcessManager } from './processes.ts';

/** The node's Ready condition as the API server reports it, or why it could not be read. */
export type NodeReadiness = { answered: true; ready: boolean } | { answered: false; error: string };

/** kubectl's `name<TAB>True` lines (nodesReadiness) as name → Ready. */
export function parseNodesReadiness(text: string): Map<string, boolean> {
  const ready = new Map<string, boolean>();
  for (const line of text.split('\n')) {
    const [name, status] = line.split('\t');
    if (name?.trim()) ready.set(name.trim(), status?.trim() === 'True');
  }
  return ready;
}

export class LocalCluster {
  /** Build sources, binary cache, state and runtime directories. */
  readonly dirs: Paths = paths();
  /** Every file and directory inside the state and runtime directories. */
  readonly files: StateFiles = stateFiles(this.dirs.state, this.dirs.run);
  readonly processes = new ProcessManager(this.files.pids, this.files.logs);
  /** Where the binaries the cluster runs are: set by up() and restart, else found in the cache. */
  binDir: string | undefined;
  /** Runtime and Kubernetes version asked for (POD_CONFORMANCE_LOCAL_RUNTIME, _KUBERNETES). */
  readonly options: LocalOptions = localOptions();
  /** Where a started cluster records its options, for reuse checks and describe(). */
  readonly optionsFile = join(this.dirs.state, 'options.json');

  /** The options the running (or last started) cluster was started with; the default before this file existed. */
  startedWith(): LocalOptions {
    if (!existsSync(this.optionsFile)) return DEFAULT_OPTIONS;
    return JSON.parse(readFileSync(this.optionsFile, 'utf8')) as LocalOptions;
  }

  /**
   * The binary directory of the requested Kubernetes version when every binary is already built,
   * without building anything (the cache may hold other versions too).
   */
  cachedBinDir(version = this.options.kubernetes.version): string | undefined {
    if (!existsSync(this.dirs.binCache)) return undefined;
    const linkDirs = readdirSync(this.dirs.binCache).filter((d) => d.startsWith('cluster-'));
    for (const linkDir of linkDirs) {
      const marker = join(this.dirs.binCache, linkDir, '.complete');
      if (!existsSync(marker)) continue;
      if (readFileSync(marker, 'utf8').startsWith(`kubernetes-${version}-`)) return join(this.dirs.binCache, linkDir);
    }
    return undefined;
  }

  env(): NodeJS.ProcessEnv {
    return {
      PATH: `${this.binDir ?? ''}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      HOME: process.env.HOME ?? '/root',
      // Components must not pick up a proxy or a kubeconfig from the caller's environment.
      NO_PROXY: '*',
    };
  }

  kubectl(args: string[], input?: string) {
    const bin = this.binDir ? join(this.binDir, 'kubectl') : 'kubectl';
    return execa(bin, ['--kubeconfig', this.files.adminKubeconfig, '--request-timeout=10s', ...args], {
      reject: false,
      input,
      env: this.env(),
    });
  }

  /** containerd's own client on the cluster's socket; `all` holds stdout and stderr interleaved. */
  ctr(args: string[], timeoutMs?: number, socket = this.files.containerdSocket) {
    return execa('ctr', ['--address', socket, ...args], {
      reject: false,
      all: true,
      timeout: timeoutMs,
    });
  }

  /** Whether the API server answers /readyz. */
  async apiReady(): Promise<boolean> {
    return (await this.kubectl(['get', '--raw', '/readyz'])).exitCode === 0;
  }

  /**
   * Every node's Ready condition in one kubectl call (name → whether it is True); `answered:
   * false` when the API server did not answer. cluster status asks this once for all its nodes: a
   * kubectl per node cost a run about 0.1 s of CPU each, three times over (docs/speed.md).
   */
  async nodesReadiness(): Promise<
    { answered: true; ready: Map<string, boolean> } | { answered: false; error: string }
  > {
    const r = await this.kubectl([
      'get',
      'nodes',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
    ]);
    if (r.exitCode !== 0) return { answered: false, error: firstLine(r.stderr) };
    return { answered: true, ready: parseNodesReadiness(r.stdout) };
  }

  async nodeReadiness(name = NODE_NAME): Promise<NodeReadiness> {
    const r = await this.kubectl([
      'get',
      'node',
      name,
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
    ]);
    if (r.exitCode !== 0) return { answered: false, error: firstLine(r.stderr) };
    return { answered: true, ready: r.stdout.trim() === 'True' };
  }

  /** Whether the node reports Ready=True. */
  async nodeReady(name = NODE_NAME): Promise<boolean> {
    const readiness = await this.nodeReadiness(name);
    return readiness.answered && readiness.ready;
  }

  /** The argv a component is started with: its binary (Debian's on the PATH, or our build) and arguments. */
  componentArgv(component: ComponentName): string[] {
    const { binary, args } = commandLine(component, this.files);
    return [isHostBinary(binary) ? binary : join(this.binDir!, binary), ...args];
  }

  async startComponent(component: ComponentName, progress: Progress): Promise<void> {
    progress.step(`starting ${component}`);
    const [path, ...args] = this.componentArgv(component);
    await this.processes.start(component, path!, args, this.env());
    await delay(300);
    if (!(await this.processes.alive(component))) {
      throw new ClusterError(`${component} exited right after start: ${await this.logTail(component)}`);
    }
  }

  /**
   * Waits until `check` holds; fails at once when a component that was started has died since
   * (with the end of its log), and after `timeoutMs` with where the logs are.
   */
  async waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
    await poll(
      async () => {
        if (await check()) return true;
        for (const component of COMPONENTS) {
          if ((await this.processes.tracked(component)) && !(await this.processes.alive(component))) {
            throw new ClusterError(`${component} died while waiting for ${what}: ${await this.logTail(component)}`);
          }
        }
        return undefined;
      },
      {
        timeoutMs,
        intervalMs: 500,
        timeout: `timed out after ${timeoutMs / 1000}s waiting for ${what}; component logs are in ${this.files.logs}`,
      },
    );
  }

  /** `<last 3 lines of its log> (log: <file>)`, for the error of a component that exited. */
  private async logTail(component: ComponentName): Promise<string> {
    const logFile = this.processes.logFile(component);
    const log = await readFile(logFile, 'utf8').catch(() => '');
    return `${lastLines(log, 3)} (log: ${logFile})`;
  }
}
