/**
 * Pod states the probe scenarios hold a pod to for a whole window: "Ready with N restarts" and
 * "Running but not Ready, with N restarts". Composed from the harness's expectations so that
 * waits, history checks and messages work the same way.
 */
import { quote } from '../assert.ts';
import type { Expectation, PodView } from '../pods/expectations.ts';
import { condition, inPhase, printedStatus } from '../pods/expectations.ts';
import type { PodSnapshot } from '../pods/snapshot.ts';
import { findContainer } from '../pods/snapshot.ts';
import { reportsFirstRun } from './measurements.ts';

/** All of them hold; the mismatch names the first that does not. */
export function allOf(description: string, parts: Expectation[]): Expectation {
  return {
    description,
    holds: (v) => parts.every((p) => p.holds(v)),
    mismatch: (v) => {
      const failing = parts.find((p) => !p.holds(v));
      return failing ? failing.mismatch(v) : 'all parts hold';
    },
    impossible: (v) => parts.map((p) => p.impossible(v)).find(Boolean),
  };
}

function restarts(s: PodSnapshot): number {
  return [...s.initContainers, ...s.containers].reduce((sum, c) => sum + c.restartCount, 0);
}

/** The pod's containers were restarted exactly `count` times in total (the RESTARTS column). */
export function totalRestarts(count: number): Expectation {
  return {
    description: `with ${count} restart${count === 1 ? '' : 's'}`,
    holds: (v: PodView) => v.exists && !!v.snapshot && restarts(v.snapshot) === count,
    mismatch: (v: PodView) =>
      `restarts: expected ${count}, observed ${v.exists && v.snapshot ? restarts(v.snapshot) : 'no such pod'}` +
      (v.snapshot
        ? ` (${[...v.snapshot.initContainers, ...v.snapshot.containers].map((c) => `${c.name}: ${c.restartCount}`).join(', ')})`
        : ''),
    impossible: (v: PodView) =>
      v.exists && v.snapshot && restarts(v.snapshot) > count ? 'restart counts never go down' : undefined,
  };
}

function readyColumn(s: PodSnapshot): string {
  return `${s.containers.filter((c) => c.ready).length}/${s.containers.length}`;
}

/** The `kubectl get pod` row's READY, STATUS and RESTARTS columns, as the watch's Table printing reports them. */
export function printedRow(ready: string, status: string, restarts: number): Expectation {
  const readyPart: Expectation = {
    description: `READY ${ready}`,
    holds: (v) => !!v.snapshot && readyColumn(v.snapshot) === ready,
    mismatch: (v) =>
      `READY: expected ${quote(ready)}, observed ${quote(v.snapshot ? readyColumn(v.snapshot) : undefined)}`,
    impossible: () => undefined,
  };
  return allOf(`showing READY ${ready}, STATUS ${status}, RESTARTS ${restarts}`, [
    readyPart,
    printedStatus(status),
    totalRestarts(restarts),
  ]);
}

/** Every app container is running (none waiting, none terminated). */
export function allContainersRunning(): Expectation {
  return {
    description: 'with every container running',
    holds: (v) => v.exists && !!v.snapshot && v.snapshot.containers.every((c) => c.state === 'running'),
    mismatch: (v) => {
      const c = v.snapshot?.containers.find((x) => x.state !== 'running');
      return c ? `container "${c.name}": expected "running", observed ${quote(c.state)}` : 'no such pod';
    },
    impossible: () => undefined,
  };
}

export function readyWithRestarts(count: number): Expectation {
  return allOf(`Ready with ${count} restart${count === 1 ? '' : 's'}`, [
    condition('Ready', 'True'),
    condition('ContainersReady', 'True'),
    allContainersRunning(),
    totalRestarts(count),
  ]);
}

export function runningNotReadyWithRestarts(count: number): Expectation {
  return allOf(`Running but not Ready, with ${count} restart${count === 1 ? '' : 's'}`, [
    inPhase('Running'),
    allContainersRunning(),
    condition('Ready', 'False'),
    condition('ContainersReady', 'False'),
    totalRestarts(count),
  ]);
}

/**
 * The container's first run has been reported with its times (or the container is already past
 * it, in which case the recorded history has to hold it).
 */
export function firstRunReported(container: string): Expectation {
  return {
    description: `reporting the first run of container "${container}"`,
    holds: (v) =>
      !!v.snapshot &&
      (reportsFirstRun(v.snapshot, container) || (findContainer(v.snapshot, container)?.restartCount ?? 0) > 1),
    mismatch: (v) => {
      const c = v.snapshot ? findContainer(v.snapshot, container) : undefined;
      return `container "${container}": expected restartCount 1 with the first run's startedAt and finishedAt, observed ${
        c
          ? `restartCount ${c.restartCount}, lastState ${JSON.stringify(c.lastTerminated ?? null)}`
          : 'no such container'
      }`;
    },
    impossible: () => undefined,
  };
}
