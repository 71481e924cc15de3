/**
 * cucumber-js as the run starts it: the dry run of the preflight (profile "preflight") and the
 * scenarios, in a process group of its own so that a terminal's Ctrl-C reaches it only through
 * the runner's signal handlers (scripts/run/command.ts), once, and a second signal can still be
 * told apart.
 */
import { execa, type ResultPromise } from 'execa';
import { binOf, ROOT } from '../shared/paths.ts';

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
    private readonly env: Record<string, string>,
    tags: string | undefined,
  ) {
    this.process = this.spawn(tags);
  }

  private spawn(tags: string | undefined): ResultPromise {
    return execa(CUCUMBER, cucumberArgs(undefined, tags), {
      cwd: ROOT,
      stdio: 'inherit',
      reject: false,
      env: this.env,
      detached: true,
    });
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

  /** Starts it again, once stopped, with another selection. */
  restart(tags: string | undefined): void {
    this.process = this.spawn(tags);
  }

  /** Resolves when the current process ends. */
  async finished(): Promise<{ exitCode?: number }> {
    return this.process;
  }
}
