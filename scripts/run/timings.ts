/**
 * What a run did before its first scenario, and how long each part took, for `npm run bench`:
 * scripts/run/run.ts times its phases through this and writes reports/run-timings.json. The
 * cucumber start (coordinator and workers loading) ends at the first scenario, which the bench
 * reads from cucumber's messages.
 */
import { writeFileSync } from 'node:fs';

export interface RunTimings {
  /** When this process started (epoch ms). */
  processStartedAt: number;
  phases: { name: string; ms: number }[];
  /** running: reused; started warm: binaries cached; started cold: something was built first. */
  cluster?: { state: 'running' | 'started warm' | 'started cold'; ms: number };
  workers?: number;
  /** When cucumber was started (epoch ms): from here to the first scenario, it loads and starts its workers. */
  cucumberStartedAt?: number;
}

export class PhaseClock {
  readonly timings: RunTimings;

  /** `startedAt`: when the run began, for the runs of a repeat after its first (default: the process start). */
  constructor(startedAt = Math.round(performance.timeOrigin)) {
    this.timings = { processStartedAt: startedAt, phases: [] };
  }

  /** The phase from the process start until now (node and tsx loading the runner). */
  sinceStart(name: string): void {
    this.timings.phases.push({ name, ms: Date.now() - this.timings.processStartedAt });
  }

  /** Runs `fn` as the named phase. */
  async time<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await fn();
    } finally {
      this.timings.phases.push({ name, ms: Date.now() - started });
    }
  }

  write(path: string): void {
    writeFileSync(path, `${JSON.stringify(this.timings, null, 2)}\n`);
  }
}
