/**
 * Restart back-off as the cluster's own timestamps show it: the delay from each run's finishedAt
 * to the next run's startedAt, read from the pod's recorded history (a later read of the pod only
 * keeps the last run in lastState). Each measured delay is logged and attached to the report.
 */
import { fail } from '../assert.ts';
import type { RestartDelay } from '../pods/runs.ts';
import { containerRuns, restartDelays } from '../pods/runs.ts';
import { latestRestartDelay } from '../pods/run-timing.ts';
import type { Duration } from '../duration.ts';
import type { ScenarioContext } from './context.ts';
import type { PodChecks } from './pods.ts';

/**
 * The interval a measured delay must lie in, for a back-off of `seconds` (B): never early, at most
 * half a back-off late. The kubelet refuses to restart a container in back-off and requeues the
 * pod's worker with a jitter factor of 0.5: v1.35 requeues at the back-off's expiry, so the next
 * attempt comes B … 1.5 B after the failure (pkg/kubelet/pod_workers.go completeWork,
 * MinBackoffExpiration); v1.34 retries every 10–15 s, which stays within 1.5 B for every B ≥ 10.
 * Then 3 s of slack: the kubelet's relist that sees the exit (1 s), the container's start, and
 * whole-second startedAt/finishedAt (also the 1 s early). 1.5 B + 3 s is below 2 B − 1 s for every
 * B ≥ 10, so consecutive doubling back-offs have disjoint intervals: a constant, linear or
 * skipped back-off fails. A restart without back-off (0) comes at the next relist plus the
 * container's start, about 2 s on a quiet node; a loaded kubelet (several full runs sharing a
 * 2-core node) took up to 14 s to notice the exit and start the container again. So "at once" is
 * any delay the kubelet's shortest back-off (10 s, whose interval starts at 9 s) cannot explain:
 * at most 8 s, still disjoint from it.
 */
export const BACKOFF_EARLY_SECONDS = 1;
export const BACKOFF_LATE_FRACTION = 0.5;
export const BACKOFF_SLACK_SECONDS = 3;
/** The kubelet's first back-off (its shortest). */
export const FIRST_BACKOFF_SECONDS = 10;
export const IMMEDIATE_RESTART_SECONDS = FIRST_BACKOFF_SECONDS - BACKOFF_EARLY_SECONDS - 1;

export function backoffInterval(seconds: number): { minSeconds: number; maxSeconds: number } {
  if (seconds === 0) return { minSeconds: 0, maxSeconds: IMMEDIATE_RESTART_SECONDS };
  return {
    minSeconds: seconds - BACKOFF_EARLY_SECONDS,
    maxSeconds: Math.ceil(seconds * (1 + BACKOFF_LATE_FRACTION)) + BACKOFF_SLACK_SECONDS,
  };
}

export const BACKOFF_BOUNDS = `back-off − ${BACKOFF_EARLY_SECONDS} s (whole-second timestamps) … 1.5 × back-off + ${BACKOFF_SLACK_SECONDS} s (the kubelet requeues a pod in back-off with a jitter factor of ${BACKOFF_LATE_FRACTION}; relist, start and whole seconds); 0 … ${IMMEDIATE_RESTART_SECONDS} s for a restart without back-off (anything the first ${FIRST_BACKOFF_SECONDS} s back-off cannot explain)`;

export interface BackoffCheck {
  expected: number;
  minSeconds: number;
  maxSeconds: number;
  measured: RestartDelay;
  ok: boolean;
}

export function checkBackoff(delays: RestartDelay[], expected: number[]): BackoffCheck[] {
  return expected.flatMap((seconds, i) => {
    const measured = delays[i];
    if (!measured) return [];
    const { minSeconds, maxSeconds } = backoffInterval(seconds);
    return [
      {
        expected: seconds,
        minSeconds,
        maxSeconds,
        measured,
        ok: measured.seconds >= minSeconds && measured.seconds <= maxSeconds,
      },
    ];
  });
}

export class RestartChecks {
  constructor(
    private readonly ctx: ScenarioContext,
    private readonly pods: PodChecks,
  ) {}

  /**
   * The latest run started at most `max` after the run before it ended (cluster timestamps):
   * no back-off was waited out before it.
   */
  expectLatestRestartWithin(pod: string, container: string, max: Duration): void {
    const delay = latestRestartDelay(this.pods.history(pod), pod, container);
    const line = `run ${delay.after + 1} of container "${container}" of pod "${pod}" started ${delay.seconds} s after run ${delay.after} ended (finishedAt ${delay.finishedAt} → startedAt ${delay.nextStartedAt})`;
    if (delay.seconds > max.ms / 1000) fail(`${line}: expected at most ${max.text}`);
    this.ctx.log(`${line}, at most ${max.text} as expected`);
  }

  expectBackoffDelays(pod: string, container: string, expected: number[]): void {
    const runs = containerRuns(this.pods.history(pod), container);
    const delays = restartDelays(runs);
    const checks = checkBackoff(delays, expected);
    const subject = `restart delays of container "${container}" of pod "${pod}"`;
    const lines = checks.map(
      (c) =>
        `after run ${c.measured.after}: ${c.measured.seconds} s (finishedAt ${c.measured.finishedAt} → next startedAt ${c.measured.nextStartedAt}), expected ${c.minSeconds} s … ${c.maxSeconds} s (back-off ${c.expected} s)${c.ok ? '' : '  OUT OF BOUNDS'}`,
    );
    const runLines = runs.map(
      (r) =>
        `run ${r.number}: ${r.startedAt} → ${r.finishedAt ?? 'running'}${r.exitCode !== undefined ? ` exit ${r.exitCode}` : ''}${r.reason ? ` ${r.reason}` : ''}`,
    );
    this.ctx.log(`measured ${subject}:\n${lines.join('\n')}`);
    this.ctx.attach(
      `restart-delays-${pod}-${container}.json`,
      JSON.stringify(
        {
          pod,
          container,
          bounds: BACKOFF_BOUNDS,
          runs,
          delays: checks.map((c) => ({
            ...c.measured,
            expected: c.expected,
            min: c.minSeconds,
            max: c.maxSeconds,
            ok: c.ok,
          })),
        },
        null,
        2,
      ),
    );
    if (checks.length < expected.length) {
      fail(
        `${subject}: expected ${expected.length} delays (${expected.join(', ')} s), observed ${delays.length} in ${runs.length} recorded runs`,
        runLines.join('\n'),
      );
    }
    const bad = checks.filter((c) => !c.ok);
    if (bad.length > 0) {
      fail(
        `${subject}: expected ${checks.map((c) => `${c.minSeconds}…${c.maxSeconds} s`).join(', ')}, observed ${checks.map((c) => `${c.measured.seconds} s`).join(', ')}`,
        [`bounds: ${BACKOFF_BOUNDS}`, ...lines, ...runLines].join('\n'),
      );
    }
  }
}
