/**
 * Ordering and timing read from what the cluster reports, never from the harness clock. Container
 * startedAt/finishedAt and condition lastTransitionTime have one-second resolution, so two of them
 * in the same second cannot tell "before" from "at the same time": a check that would pass when
 * every timestamp is equal proves no order. Timestamps in different seconds do prove it (the API
 * truncates to the second, so a true time lies in [t, t + 1 s): an earlier second is an earlier
 * time). In the same second an order check needs a witness in the observed history: a state, in
 * the API server's own order of writes, in which the first thing had happened and the second had
 * not yet. The history alone is not enough either: on a loaded node the kubelet can report two
 * changes in one status write, so a short-lived state may never be written at all.
 * Sub-second order between containers comes from marker lines (support/checks/markers.ts).
 */
import { expectNotAfter, fail } from '../assert.ts';
import type { ContainerSnapshot, PodSnapshot } from './snapshot.ts';
import { findContainer, latestIncarnation } from './snapshot.ts';

function container(s: PodSnapshot, name: string) {
  const c = findContainer(s, name);
  if (!c) fail(`container "${name}": expected in pod "${s.name}", observed no such container`);
  return c;
}

/** The container has run at some point: running, terminated, or restarted. */
export function hasStarted(c: ContainerSnapshot | undefined): boolean {
  return !!c && (c.state === 'running' || c.state === 'terminated' || c.restartCount > 0 || !!c.lastTerminated);
}

/** The first observed state in which `first` had started and `second` had not. */
export function startOrderWitness(states: PodSnapshot[], first: string, second: string): PodSnapshot | undefined {
  return latestIncarnation(states).find(
    (s) => hasStarted(findContainer(s, first)) && !hasStarted(findContainer(s, second)),
  );
}

/**
 * What shows that container `first` ran before `second` began, rather than "at the same time":
 * the cluster's own timestamps, when `first` finished in an earlier whole second than `second`
 * started, or else an observed state in which `first` had started and `second` had not. A loaded
 * kubelet may report both runs in one status write, so the state alone is not always there; the
 * timestamps alone cannot separate runs within one second. Undefined when neither shows it.
 */
export function startOrderShown(
  states: PodSnapshot[],
  first: ContainerSnapshot,
  second: ContainerSnapshot,
): 'timestamps' | PodSnapshot | undefined {
  const secondStarted = second.startedAt ?? second.lastTerminated?.startedAt;
  if (earlierSecond(first.finishedAt, secondStarted)) return 'timestamps';
  return startOrderWitness(states, first.name, second.name);
}

/** Both timestamps present and `a` in an earlier whole second than `b`: an order the timestamps prove alone. */
function earlierSecond(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && Math.floor(Date.parse(a) / 1000) < Math.floor(Date.parse(b) / 1000);
}

function lastState(states: PodSnapshot[], pod: string): PodSnapshot {
  const last = latestIncarnation(states).at(-1);
  if (!last) fail(`pod "${pod}" history: expected recorded states, observed none (was it created?)`);
  return last;
}

/**
 * Each container finished no later than the next one started (`init-a, init-b, app`), and an
 * observed state shows the first started while the next had not.
 */
export function expectRanInOrder(states: PodSnapshot[], pod: string, names: string[]): PodSnapshot {
  const s = lastState(states, pod);
  for (let i = 0; i + 1 < names.length; i++) {
    const a = container(s, names[i] ?? '');
    const b = container(s, names[i + 1] ?? '');
    const bStarted = b.startedAt ?? b.lastTerminated?.startedAt;
    expectNotAfter(
      `order of "${a.name}" and "${b.name}"`,
      { label: `"${a.name}" finishedAt`, at: a.finishedAt },
      { label: `"${b.name}" startedAt`, at: bStarted },
    );
    if (!startOrderShown(states, a, b)) {
      fail(
        `order of "${a.name}" and "${b.name}": expected an observed state in which "${a.name}" had started and "${b.name}" had not, observed none in ${latestIncarnation(states).length} states`,
        `"${a.name}" finishedAt ${a.finishedAt ?? '(none)'}, "${b.name}" startedAt ${bStarted ?? '(none)'}: ` +
          'whole-second timestamps that are not after each other cannot tell "before" from "at the same time"',
      );
    }
  }
  return s;
}

/**
 * The condition changed to its current status no earlier than the container finished, and an
 * observed state shows the container running while the condition did not yet have that status
 * (so the condition did not simply change when the container started).
 */
export function expectConditionNotBefore(
  states: PodSnapshot[],
  pod: string,
  type: string,
  containerName: string,
): void {
  const s = lastState(states, pod);
  const c = container(s, containerName);
  const cond = s.conditions[type];
  if (!cond) fail(`${type} condition of pod "${pod}": expected it reported, observed no such condition`);
  expectNotAfter(
    `${type} condition and container "${containerName}"`,
    { label: `"${containerName}" finishedAt`, at: c.finishedAt },
    { label: `${type} lastTransitionTime`, at: cond.lastTransitionTime },
  );
  if (earlierSecond(c.finishedAt, cond.lastTransitionTime)) return;
  const witness = latestIncarnation(states).find(
    (x) => findContainer(x, containerName)?.state === 'running' && x.conditions[type]?.status !== cond.status,
  );
  if (!witness) {
    fail(
      `${type} condition and container "${containerName}": expected an observed state in which "${containerName}" was running and ${type} was not yet ${JSON.stringify(cond.status)}, observed none in ${latestIncarnation(states).length} states`,
      `"${containerName}" finishedAt ${c.finishedAt ?? '(none)'}, ${type} lastTransitionTime ${cond.lastTransitionTime ?? '(none)'}: ` +
        'whole-second timestamps that are not after each other cannot tell "before" from "at the same time"',
    );
  }
}
