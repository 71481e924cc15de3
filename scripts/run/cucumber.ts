/**
 * cucumber-js as the run starts it: the dry run of the preflight (profile "preflight") and the
 * scenarios, in a process group of its own so that a terminal's Ctrl-C reaches it only through
 * the runner's signal handlers (scripts/run/command.ts), once, and a second signal can still be
 * told apart.
 */
import { setPriority } from 'node:os';
import { execa, type ResultPromise } from 'execa';
import { binOf, ROOT } from '../shared/paths.ts';

/**
 * The scenarios' cucumber and its workers run at this niceness. On a local cluster they share
 * the machine's cores with the cluster they test, and a full run keeps those cores busy: at the
 * same priority the workers' own CPU (parsing watch streams, drawing evidence, writing reports,
 * about a fifth of a run's CPU) delays the kubelets, runtimes and API server on the path of every
 * pod start and status write, which is what the scenarios wait for. A little lower priority puts
 * the cluster first; what the workers measure is taken from the cluster's own timestamps, and
 * their own part of a wait's latency is printed by the bench. Workers inherit it at their fork.
 */
export const SCENARIO_NICENESS = 5;

export const CUCUMBER = binOf('@cucumber/cucumber', 'cucumber-js');

/** cucumber's arguments: a profile of cucumber.mjs (default: the scenarios) and the selection. */
export function cucumberArgs(profile: string | undefined, tags: string | undefined): string[] {
  const args = profile ? ['--profile', profile] : [];
  if (tags) args.push('--tags', tags);
  return args;
}

/** Sends `signal` to every process of the group `pid` leads (cucumber and its workers). */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** The scenarios' cucumber, with its workers: started, restarted with other tags, signalled, awaited. */
export class CucumberProcess {
  private process: ResultPromise;

  constructor(
    private env: Record<string, string>,
    tags: string | undefined,
  ) {
    this.process = this.spawn(tags);
  }

  private spawn(tags: string | undefined): ResultPromise {
    const child = execa(CUCUMBER, cucumberArgs(undefined, tags), {
      cwd: ROOT,
      stdio: 'inherit',
      reject: false,
      env: this.env,
      detached: true,
    });
    try {
      if (child.pid) setPriority(child.pid, SCENARIO_NICENESS);
    } catch {
      // Not allowed here (a container without the right): the run goes on at the same priority.
    }
    return child;
  }

  /** Its process group's leader, while it has one. */
  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Every process of its group gets `signal`. */
  signal(signal: NodeJS.Signals): void {
    if (this.process.pid) signalGroup(this.process.pid, signal);
  }

  /** Kills it (before any scenario started) and waits until it is gone. */
  async stop(): Promise<void> {
    this.signal('SIGKILL');
    await this.process;
  }

  /** Starts it again, once stopped, with another selection (and the run's environment as it is now). */
  restart(tags: string | undefined, env: Record<string, string> = this.env): void {
    this.env = env;
    this.process = this.spawn(tags);
  }

  /** Resolves when the current process ends. */
  async finished(): Promise<{ exitCode?: number }> {
    return this.process;
  }
}
