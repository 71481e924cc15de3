/**
 * The runs of one container, rebuilt from every recorded state of its pod: each run is reported
 * first as the container's state (running, then terminated) and later as its lastState, and a
 * fast crash loop may show a run only in one of those places. Runs are identified by their
 * startedAt (restarts are seconds apart, so two runs never share one). Only the latest
 * incarnation of the pod counts (same uid as its last state).
 */
import type { PodSnapshot } from './snapshot.ts';
import { findContainer } from './snapshot.ts';

/** The state reports the container's first run: restartCount 1 and a lastState with both times. */
export function reportsFirstRun(s: PodSnapshot, container: string): boolean {
  const c = findContainer(s, container);
  return c?.restartCount === 1 && !!c.lastTerminated?.startedAt && !!c.lastTerminated.finishedAt;
}

export interface ContainerRun {
  /** 1 for the first run. */
  number: number;
  startedAt: string;
  finishedAt?: string;
  exitCode?: number;
  reason?: string;
}

export function containerRuns(states: PodSnapshot[], container: string): ContainerRun[] {
  const uid = states.at(-1)?.uid;
  const byStart = new Map<string, Omit<ContainerRun, 'number'>>();
  const note = (run: Omit<ContainerRun, 'number'>) => {
    const known = byStart.get(run.startedAt);
    byStart.set(run.startedAt, {
      startedAt: run.startedAt,
      finishedAt: known?.finishedAt ?? run.finishedAt,
      exitCode: known?.exitCode ?? run.exitCode,
      reason: known?.reason ?? run.reason,
    });
  };
  for (const s of states) {
    if (s.uid !== uid) continue;
    const c = findContainer(s, container);
    if (!c) continue;
    // A lastState without times is the kubelet's placeholder for a run it could not report.
    const last = c.lastTerminated;
    if (last?.startedAt) note({ ...last, startedAt: last.startedAt });
    if (c.startedAt && (c.state === 'running' || c.state === 'terminated')) {
      note({
        startedAt: c.startedAt,
        finishedAt: c.state === 'terminated' ? c.finishedAt : undefined,
        exitCode: c.state === 'terminated' ? c.exitCode : undefined,
        reason: c.state === 'terminated' ? c.reason : undefined,
      });
    }
  }
  return [...byStart.values()]
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt))
    .map((run, i) => ({ number: i + 1, ...run }));
}

export interface RestartDelay {
  /** The run that ended; the next one started after the delay. */
  after: number;
  finishedAt: string;
  nextStartedAt: string;
  seconds: number;
}

/** finishedAt of each run to startedAt of the next, in whole seconds as the cluster reports them. */
export function restartDelays(runs: ContainerRun[]): RestartDelay[] {
  const delays: RestartDelay[] = [];
  for (let i = 0; i + 1 < runs.length; i++) {
    const [run, next] = [runs[i], runs[i + 1]];
    if (!run?.finishedAt || !next) continue;
    delays.push({
      after: run.number,
      finishedAt: run.finishedAt,
      nextStartedAt: next.startedAt,
      seconds: (Date.parse(next.startedAt) - Date.parse(run.finishedAt)) / 1000,
    });
  }
  return delays;
}
