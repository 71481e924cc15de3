/** Scripted stand-ins for the API server: pods built from a few fields, and a watch we drive by hand. */
import type { PodObservation } from '../support/watch/sources.ts';
import type { PodJson } from '../support/kube/json.ts';
import type { ObjectEventType, WatchConnection, WatchEvent, WatchSource } from '../support/watch/resumable-watch.ts';
import type { Expectation, PodView } from '../support/pods/expectation.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';

type State =
  | { waiting: string }
  | { running: string }
  | { terminated: number; startedAt?: string; finishedAt?: string; reason?: string; message?: string };

export interface ContainerSpec {
  name: string;
  state?: State;
  restarts?: number;
  ready?: boolean;
  lastExit?: number;
  lastReason?: string;
  lastMessage?: string;
  /** lastState.terminated's startedAt and finishedAt. */
  lastRun?: [string, string];
}

export interface PodSpec {
  name?: string;
  uid?: string;
  rv: string;
  phase?: string;
  inits?: ContainerSpec[];
  apps?: ContainerSpec[];
  /** Ephemeral containers added to the pod (spec.ephemeralContainers, status.ephemeralContainerStatuses). */
  ephemerals?: ContainerSpec[];
  conditions?: Record<string, string | { status: string; reason?: string; message?: string; at?: string }>;
  status?: string;
  reason?: string;
}

function containerStatus(c: ContainerSpec) {
  const s = c.state;
  const state =
    s === undefined
      ? undefined
      : 'waiting' in s
        ? { waiting: { reason: s.waiting } }
        : 'running' in s
          ? { running: { startedAt: s.running } }
          : {
              terminated: {
                exitCode: s.terminated,
                reason: s.reason ?? (s.terminated === 0 ? 'Completed' : 'Error'),
                startedAt: s.startedAt,
                finishedAt: s.finishedAt,
                message: s.message,
              },
            };
  return {
    name: c.name,
    image: 'busybox',
    imageID: '',
    ready: c.ready ?? false,
    restartCount: c.restarts ?? 0,
    state,
    lastState:
      c.lastExit === undefined
        ? {}
        : {
            terminated: {
              exitCode: c.lastExit,
              reason: c.lastReason,
              message: c.lastMessage,
              ...(c.lastRun ? { startedAt: c.lastRun[0], finishedAt: c.lastRun[1] } : {}),
            },
          },
  };
}

export function pod(spec: PodSpec): PodObservation {
  const inits = spec.inits ?? [];
  const apps = spec.apps ?? [{ name: 'app', state: { waiting: 'PodInitializing' } }];
  const json: PodJson = {
    metadata: { name: spec.name ?? 'p', uid: spec.uid ?? 'uid-1', resourceVersion: spec.rv },
    spec: {
      initContainers: inits.map((c) => ({ name: c.name })),
      containers: apps.map((c) => ({ name: c.name })),
      ...(spec.ephemerals ? { ephemeralContainers: spec.ephemerals.map((c) => ({ name: c.name })) } : {}),
    },
    status: {
      phase: spec.phase ?? 'Pending',
      reason: spec.reason,
      conditions: Object.entries(spec.conditions ?? {}).map(([type, v]) =>
        typeof v === 'string'
          ? { type, status: v }
          : { type, status: v.status, reason: v.reason, message: v.message, lastTransitionTime: v.at },
      ),
      initContainerStatuses: inits.filter((c) => c.state).map(containerStatus),
      containerStatuses: apps.filter((c) => c.state).map(containerStatus),
      ...(spec.ephemerals
        ? { ephemeralContainerStatuses: spec.ephemerals.filter((c) => c.state).map(containerStatus) }
        : {}),
    },
  };
  return { pod: json, printedStatus: spec.status };
}

interface Connection {
  resourceVersion: string;
  onEvent: (e: WatchEvent<PodObservation>) => void;
  end: (err?: Error) => void;
  stopped: boolean;
}

/** A watch source whose list results and stream events the test scripts step by step. */
export class ScriptedPodSource implements WatchSource<PodObservation> {
  readonly description = 'scripted pods';
  /** Each list() returns the next entry (the last one repeats). */
  lists: { items: PodObservation[]; resourceVersion: string }[] = [{ items: [], resourceVersion: '1' }];
  listCalls = 0;
  readonly watchCalls: string[] = [];
  private connection: Connection | undefined;
  private connectedWaiters: (() => void)[] = [];

  list() {
    const result = this.lists[Math.min(this.listCalls, this.lists.length - 1)] ?? { items: [], resourceVersion: '1' };
    this.listCalls += 1;
    return Promise.resolve(result);
  }

  watch(resourceVersion: string, onEvent: (e: WatchEvent<PodObservation>) => void): Promise<WatchConnection> {
    this.watchCalls.push(resourceVersion);
    let end!: (err?: Error) => void;
    const ended = new Promise<void>((resolve, reject) => {
      end = (err) => (err ? reject(err) : resolve());
    });
    const connection: Connection = { resourceVersion, onEvent, end, stopped: false };
    this.connection = connection;
    this.connectedWaiters.splice(0).forEach((w) => w());
    return Promise.resolve({
      ended,
      stop: () => {
        connection.stopped = true;
        end();
      },
    });
  }

  resourceVersionOf(item: PodObservation): string {
    return item.pod.metadata?.resourceVersion ?? '';
  }

  /** Resolves once the watch has (re)connected `count` times in total. */
  async connected(count = 1): Promise<void> {
    while (this.watchCalls.length < count) await new Promise<void>((r) => this.connectedWaiters.push(r));
  }

  emit(type: ObjectEventType, item: PodObservation): void {
    if (!this.connection || this.connection.stopped) throw new Error('no open watch');
    this.connection.onEvent({ type, object: item });
  }

  emitError(code: number, message = 'too old resource version'): void {
    this.connection?.onEvent({ type: 'ERROR', status: { code, message } });
  }

  /** The server closes the stream cleanly (what happens on timeoutSeconds or a restart). */
  drop(): void {
    this.connection?.end();
  }

  /** The transport fails (connection reset). */
  breakConnection(): void {
    this.connection?.end(new Error('ECONNRESET'));
  }
}

/** Lets pending promise callbacks and immediate timers run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

/** One recorded state of a fake pod, as an expectation sees it. */
export const view = (spec: PodSpec): PodView => {
  const o = pod(spec);
  return { exists: true, snapshot: snapshotOf(o.pod, { seq: 1, via: 'GET', printedStatus: o.printedStatus }) };
};

/** What an expectation says of a view: holds, its mismatch and whether it became impossible. */
export const verdict = (e: Expectation, v: PodView) => ({
  holds: e.holds(v),
  mismatch: e.mismatch(v),
  impossible: e.impossible(v),
});
