/**
 * Ordering and timing read from the timestamps the cluster reports (container startedAt and
 * finishedAt, condition lastTransitionTime), never from the harness clock. Kubernetes reports
 * them at one-second resolution, so "before" means "not after".
 */
import { expectNotAfter, fail } from '../assert.ts';
import type { PodSnapshot } from './snapshot.ts';
import { findContainer } from './snapshot.ts';

function container(s: PodSnapshot, name: string) {
  const c = findContainer(s, name);
  if (!c) fail(`container "${name}": expected in pod "${s.name}", observed no such container`);
  return c;
}

/** Each container finished no later than the next one started: `init-a, init-b, app`. */
export function assertRanInOrder(s: PodSnapshot, names: string[]): void {
  for (let i = 0; i + 1 < names.length; i++) {
    const a = container(s, names[i] ?? '');
    const b = container(s, names[i + 1] ?? '');
    const bStarted = b.startedAt ?? b.lastTerminated?.startedAt;
    expectNotAfter(
      `order of "${a.name}" and "${b.name}"`,
      { label: `"${a.name}" finishedAt`, at: a.finishedAt },
      { label: `"${b.name}" startedAt`, at: bStarted },
    );
  }
}

/** The condition changed to its current status no earlier than the container finished. */
export function assertConditionNotBefore(s: PodSnapshot, type: string, containerName: string): void {
  const c = container(s, containerName);
  const cond = s.conditions[type];
  expectNotAfter(
    `${type} condition and container "${containerName}"`,
    { label: `"${containerName}" finishedAt`, at: c.finishedAt },
    { label: `${type} lastTransitionTime`, at: cond?.lastTransitionTime },
  );
}
