/**
 * Interruption inside cucumber. scripts/run/cucumber.ts runs cucumber in its own process group and
 * forwards SIGINT/SIGTERM to it, so the coordinator and every worker get each signal once:
 *
 * - first signal: a worker fails its running step at once ("interrupted by SIGINT"), so that the
 *   After hook collects the evidence and deletes the namespace as usual; scenarios not started
 *   yet are skipped without touching the cluster. The coordinator keeps running, so the reports
 *   and the summary are written.
 * - second signal: a worker issues the delete of its scenario's namespace and exits; the
 *   coordinator exits (scripts/run/run.ts deletes the run's namespaces by label as well), after
 *   the same deletes when it runs the scenarios itself (one worker: cucumber.mjs).
 * - the parent gone (killed with SIGKILL): the coordinator interrupts its process group; a worker
 *   whose coordinator vanished deletes its namespace and exits, so no worker outlives the run.
 */
import { constants } from 'node:os';

export class InterruptedError extends Error {
  override name = 'InterruptedError';
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type Signal = (typeof SIGNALS)[number];

let received: Signal | undefined;
let count = 0;
let rejectAll: ((err: Error) => void)[] = [];
/** The scenario namespaces this worker has now (its own and any further one), for the deletes issued on the way out. */
let liveNamespaces: { name: string; remove: () => Promise<void> }[] = [];

const isWorker = process.env.CUCUMBER_WORKER_ID !== undefined;

/** The signal that interrupted the run, if any. */
export function interruption(): Signal | undefined {
  return received;
}

/** Rejects when the run is interrupted: raced against every step (steps/define.ts). */
export function whenInterrupted(): { promise: Promise<never>; dispose: () => void } {
  let reject: (err: Error) => void = () => undefined;
  const promise = new Promise<never>((_, r) => {
    reject = r;
  });
  if (received) reject(interruptedError());
  else rejectAll.push(reject);
  return { promise, dispose: () => (rejectAll = rejectAll.filter((r) => r !== reject)) };
}

export function interruptedError(): InterruptedError {
  return new InterruptedError(
    `interrupted by ${received ?? 'a signal'}: the run was stopped while this step ran (its namespace is cleaned up as usual)`,
  );
}

/**
 * Adds a namespace of the running scenario to those deleted on a second signal; `undefined`
 * forgets them all (the scenario has ended, or keeps them).
 */
export function trackNamespace(name: string | undefined, remove?: () => Promise<void>): void {
  if (name && remove) liveNamespaces.push({ name, remove });
  else liveNamespaces = [];
}

/** The namespaces a second signal would delete now. */
export function trackedNamespaces(): string[] {
  return liveNamespaces.map((ns) => ns.name);
}

async function leaveNow(signal: Signal): Promise<never> {
  const namespaces = liveNamespaces;
  if (namespaces.length > 0) {
    process.stderr.write(`  ${signal} again: deleting namespace(s) ${trackedNamespaces().join(', ')} and exiting\n`);
    // Issued, not awaited to the end: a few seconds at most for the requests to leave.
    await Promise.race([
      Promise.all(namespaces.map((ns) => ns.remove().catch(() => undefined))),
      new Promise((r) => setTimeout(r, 3_000)),
    ]);
  }
  process.exit(128 + constants.signals[signal]);
}

function onSignal(signal: Signal): void {
  count += 1;
  if (count === 1) {
    received = signal;
    for (const reject of rejectAll) reject(interruptedError());
    rejectAll = [];
    return;
  }
  // The coordinator of a one-worker run (cucumber.mjs: parallel 0) runs the scenarios itself and
  // has namespaces to delete like a worker; a parallel run's has none and exits at once.
  void leaveNow(signal);
}

for (const signal of SIGNALS) process.on(signal, onSignal);

if (isWorker) {
  // The coordinator is gone: nobody will receive this worker's results.
  process.on('disconnect', () => {
    received ??= 'SIGTERM';
    void leaveNow('SIGTERM');
  });
} else {
  // The runner (scripts/run/command.ts) was killed without forwarding anything: interrupt the group.
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    try {
      process.kill(-process.pid, 'SIGTERM');
    } catch {
      process.kill(process.pid, 'SIGTERM'); // not a group leader (cucumber-js started by hand)
    }
  }, 1_000).unref();
}
