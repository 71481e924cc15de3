/**
 * One observed state of a pod, reduced to what assertions and people read: phase, conditions
 * with their lastTransitionTime, and per-container state and restart count, in spec order
 * (init, app, then the ephemeral containers added to the running pod). The raw object is kept
 * for evidence.
 */
import type { PodJson } from '../kube/json.ts';

export type ContainerKind = 'init' | 'sidecar' | 'app' | 'ephemeral';

export interface ContainerSnapshot {
  name: string;
  kind: ContainerKind;
  /** `none`: the kubelet has not reported this container yet. */
  state: 'none' | 'waiting' | 'running' | 'terminated';
  reason?: string;
  message?: string;
  exitCode?: number;
  startedAt?: string;
  finishedAt?: string;
  restartCount: number;
  ready: boolean;
  started?: boolean;
  image?: string;
  lastTerminated?: { exitCode?: number; reason?: string; message?: string; startedAt?: string; finishedAt?: string };
}

export interface ConditionSnapshot {
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export type ObservedVia = 'list' | 'relist' | 'ADDED' | 'MODIFIED' | 'DELETED' | 'GET';

export interface PodSnapshot {
  /** Position in the recorder's sequence (all pods of the namespace share one sequence). */
  seq: number;
  /** Harness clock, for the log only; assertions about timing use the cluster's timestamps. */
  observedAt: string;
  via: ObservedVia;
  /** True when the watch had to relist before this state: intermediate states may be missing. */
  afterGap: boolean;
  name: string;
  uid: string;
  resourceVersion: string;
  phase: string;
  reason?: string;
  /** The STATUS column of `kubectl get pod`, as printed by the API server. */
  printedStatus?: string;
  nodeName?: string;
  deletionTimestamp?: string;
  conditions: Record<string, ConditionSnapshot>;
  initContainers: ContainerSnapshot[];
  containers: ContainerSnapshot[];
  /** Containers added to the running pod through its ephemeralcontainers subresource. */
  ephemeralContainers: ContainerSnapshot[];
  pod: PodJson;
}

type StatusJson = NonNullable<NonNullable<PodJson['status']>['containerStatuses']>[number];

function containerSnapshot(name: string, kind: ContainerKind, status: StatusJson | undefined): ContainerSnapshot {
  if (!status) return { name, kind, state: 'none', restartCount: 0, ready: false };
  const { waiting, running, terminated } = status.state ?? {};
  const last = status.lastState?.terminated;
  const base: ContainerSnapshot = {
    name,
    kind,
    state: 'none',
    restartCount: status.restartCount ?? 0,
    ready: status.ready ?? false,
    started: status.started,
    image: status.image,
    lastTerminated: last
      ? {
          exitCode: last.exitCode,
          reason: last.reason,
          message: last.message,
          startedAt: last.startedAt,
          finishedAt: last.finishedAt,
        }
      : undefined,
  };
  if (terminated) {
    return {
      ...base,
      state: 'terminated',
      reason: terminated.reason,
      message: terminated.message,
      exitCode: terminated.exitCode,
      startedAt: terminated.startedAt,
      finishedAt: terminated.finishedAt,
    };
  }
  if (running) return { ...base, state: 'running', startedAt: running.startedAt };
  if (waiting) return { ...base, state: 'waiting', reason: waiting.reason, message: waiting.message };
  return base;
}

export function snapshotOf(
  pod: PodJson,
  meta: { seq: number; via: ObservedVia; afterGap?: boolean; printedStatus?: string; observedAt?: string },
): PodSnapshot {
  const status = pod.status ?? {};
  const byName = <T extends { name: string }>(list: T[] | undefined) => new Map((list ?? []).map((s) => [s.name, s]));
  const initStatuses = byName(status.initContainerStatuses);
  const appStatuses = byName(status.containerStatuses);
  const ephemeralStatuses = byName(status.ephemeralContainerStatuses);
  const conditions: Record<string, ConditionSnapshot> = {};
  for (const c of status.conditions ?? []) {
    conditions[c.type] = {
      status: c.status,
      reason: c.reason,
      message: c.message,
      lastTransitionTime: c.lastTransitionTime,
    };
  }
  return {
    seq: meta.seq,
    observedAt: meta.observedAt ?? new Date().toISOString(),
    via: meta.via,
    afterGap: meta.afterGap ?? false,
    name: pod.metadata?.name ?? '',
    uid: pod.metadata?.uid ?? '',
    resourceVersion: pod.metadata?.resourceVersion ?? '',
    phase: status.phase ?? '',
    reason: status.reason,
    printedStatus: meta.printedStatus,
    nodeName: pod.spec?.nodeName,
    deletionTimestamp: pod.metadata?.deletionTimestamp,
    conditions,
    initContainers: (pod.spec?.initContainers ?? []).map((c) =>
      containerSnapshot(c.name, c.restartPolicy === 'Always' ? 'sidecar' : 'init', initStatuses.get(c.name)),
    ),
    containers: (pod.spec?.containers ?? []).map((c) => containerSnapshot(c.name, 'app', appStatuses.get(c.name))),
    ephemeralContainers: (pod.spec?.ephemeralContainers ?? []).map((c) =>
      containerSnapshot(c.name, 'ephemeral', ephemeralStatuses.get(c.name)),
    ),
    pod,
  };
}

/**
 * The states of the pod's latest incarnation (the uid of the last state; a pod deleted and created
 * again under its name is another), oldest first; the DELETED event's state aside.
 */
export function latestIncarnation(states: PodSnapshot[]): PodSnapshot[] {
  const uid = states.at(-1)?.uid;
  return states.filter((s) => s.uid === uid && s.via !== 'DELETED');
}

/** Every container of the state: init (and sidecar), app, then ephemeral. */
export function allContainers(s: PodSnapshot): ContainerSnapshot[] {
  return [...s.initContainers, ...s.containers, ...s.ephemeralContainers];
}

export function findContainer(s: PodSnapshot, name: string): ContainerSnapshot | undefined {
  return allContainers(s).find((c) => c.name === name);
}

export function conditionStatus(s: PodSnapshot, type: string): string | undefined {
  return s.conditions[type]?.status;
}

/** Regular (non-sidecar) init containers that have not yet terminated with exit code 0. */
export function pendingInitContainers(s: PodSnapshot): ContainerSnapshot[] {
  return s.initContainers.filter((c) => c.kind === 'init' && !(c.state === 'terminated' && c.exitCode === 0));
}

export function describeContainer(c: ContainerSnapshot): string {
  const parts: string[] = [c.state];
  if (c.reason) parts.push(c.reason);
  if (c.exitCode !== undefined) parts.push(`exit ${c.exitCode}`);
  if (c.state === 'terminated' && c.message) parts.push(`message ${JSON.stringify(c.message.trim())}`);
  if (c.restartCount) parts.push(`restarts ${c.restartCount}`);
  if (c.ready) parts.push('ready');
  return parts.join(' ');
}

/** One line per state for logs and the timeline attachment. */
export function describeSnapshot(s: PodSnapshot): string {
  const conds = ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready']
    .filter((t) => s.conditions[t])
    .map((t) => `${t}=${s.conditions[t]?.status}`)
    .join(' ');
  const inits = s.initContainers.map((c) => `${c.name}: ${describeContainer(c)}`).join(', ');
  const apps = s.containers.map((c) => `${c.name}: ${describeContainer(c)}`).join(', ');
  const ephemeral = s.ephemeralContainers.map((c) => `${c.name}: ${describeContainer(c)}`).join(', ');
  return [
    `#${s.seq} ${s.via}${s.afterGap ? ' (after gap)' : ''} rv=${s.resourceVersion}`,
    `phase=${s.phase || '(none)'}`,
    s.printedStatus !== undefined ? `STATUS=${s.printedStatus}` : undefined,
    conds || undefined,
    inits ? `init[${inits}]` : undefined,
    `app[${apps}]`,
    ephemeral ? `ephemeral[${ephemeral}]` : undefined,
    s.deletionTimestamp ? `deleting since ${s.deletionTimestamp}` : undefined,
  ]
    .filter(Boolean)
    .join(' | ');
}
