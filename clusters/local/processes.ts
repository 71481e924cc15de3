/**
 * Host processes of the local cluster: started detached with their output in log files, tracked
 * by pid files that also record the kernel's start time of the process, so a recycled PID is never
 * mistaken for one of ours and never signalled.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { poll } from '../shared/poll.ts';
import { procStartTime } from '../shared/proc.ts';

export interface Tracked {
  name: string;
  pid: number;
  startTime: string;
}

export class ProcessManager {
  constructor(
    private readonly pidDir: string,
    private readonly logDir: string,
  ) {}

  logFile(name: string): string {
    return join(this.logDir, `${name}.log`);
  }

  async start(name: string, binary: string, args: string[], env: NodeJS.ProcessEnv): Promise<Tracked> {
    await mkdir(this.pidDir, { recursive: true });
    await mkdir(this.logDir, { recursive: true });
    const fd = openSync(this.logFile(name), 'a');
    try {
      const child = spawn(binary, args, { detached: true, stdio: ['ignore', fd, fd], env });
      const pid = await new Promise<number>((resolve, reject) => {
        child.once('error', (e) => reject(new Error(`cannot start ${name} (${binary}): ${e.message}`)));
        child.once('spawn', () => resolve(child.pid!));
      });
      child.unref();
      const startTime = procStartTime(pid);
      if (!startTime) throw new Error(`${name} exited at once; see ${this.logFile(name)}`);
      const tracked = { name, pid, startTime };
      await writeFile(join(this.pidDir, `${name}.json`), JSON.stringify(tracked) + '\n');
      return tracked;
    } finally {
      closeSync(fd);
    }
  }

  async tracked(name: string): Promise<Tracked | undefined> {
    const file = join(this.pidDir, `${name}.json`);
    if (!existsSync(file)) return undefined;
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Tracked;
    } catch {
      return undefined;
    }
  }

  /** True when the recorded process is still the one we started. */
  async alive(name: string): Promise<boolean> {
    const record = await this.tracked(name);
    return record !== undefined && procStartTime(record.pid) === record.startTime;
  }

  /** SIGTERM, then SIGKILL after the grace period; also signals the whole process group. */
  async stop(name: string, graceMs = 10_000): Promise<boolean> {
    return (await this.stopReporting(name, graceMs)).stopped;
  }

  /**
   * stop(), saying what it took: whether the process was ours and running, whether it needed
   * SIGKILL, and how long it took to be gone (ms, from SIGTERM).
   */
  async stopReporting(
    name: string,
    graceMs = 10_000,
  ): Promise<{ stopped: boolean; pid?: number; killed: boolean; tookMs: number }> {
    const record = await this.tracked(name);
    if (!record) return { stopped: false, killed: false, tookMs: 0 };
    const ours = () => procStartTime(record.pid) === record.startTime;
    const start = Date.now();
    let stopped = false;
    let killed = false;
    if (ours()) {
      signal(record.pid, 'SIGTERM');
      await poll(() => Promise.resolve(ours() ? undefined : true), {
        timeoutMs: graceMs,
        intervalMs: 100,
        timeout: { settleFor: () => false },
      });
      if (ours()) {
        signal(record.pid, 'SIGKILL');
        killed = true;
        while (ours()) await delay(50);
      }
      stopped = true;
    }
    await rm(join(this.pidDir, `${name}.json`), { force: true });
    return { stopped, pid: record.pid, killed, tookMs: Date.now() - start };
  }

  /** The argv of the recorded process while it is still the one we started; undefined otherwise. */
  async commandLine(name: string): Promise<string[] | undefined> {
    const record = await this.tracked(name);
    if (!record || procStartTime(record.pid) !== record.startTime) return undefined;
    try {
      const argv = (await readFile(`/proc/${record.pid}/cmdline`, 'utf8')).split('\0');
      if (argv.at(-1) === '') argv.pop();
      return argv;
    } catch {
      return undefined;
    }
  }
}

/** SIGKILL to one process (a containerd shim, a registry, a process left in a cgroup); one gone already is no error. */
export function killNow(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, sig);
    } catch {
      // already gone, or not a group leader
    }
  }
}
