/**
 * Records every state of every pod in a scenario's namespace from the moment the namespace
 * exists, through one resumable watch, and answers waits against that record:
 *   becomes(pod, expectation, within)  resolves as soon as an observed state satisfies it, fails at
 *                                      once when it becomes impossible, fails at the deadline;
 *   stays(pod, expectation, for)       fails as soon as an observed state violates it.
 * Every observed state is kept (the timeline), so assertions can cover the whole history.
 */
import type { ConformanceAssertionError } from '../assert.ts';
import { noteDetection } from './detection-latency.ts';
import { formatMs, type Duration } from '../duration.ts';
import type { Measurement } from '../measurements.ts';
import type { WatchSource, WatchStats } from '../watch/resumable-watch.ts';
import { ResumableWatch } from '../watch/resumable-watch.ts';
import { timeBoxed, waitFailure, type Settle, type Settled } from '../watch/wait.ts';
import type { Expectation, PodView } from './expectation.ts';
import { subjectOf } from './expectation.ts';
import type { PodSnapshot } from './snapshot.ts';
import type { PodObservation } from '../watch/sources.ts';
import { describeSnapshot, snapshotOf } from './snapshot.ts';

/** The state a pod wait settled on. */
export interface PodObserved {
  snapshot?: PodSnapshot;
  /** True when only the confirming GET saw the state (the watch lagged behind). */
  confirmedByGet: boolean;
}

export type WaitOutcome = Settled<PodObserved>;

type PodSettle = Settle<PodObserved>;

interface Waiter {
  pod: string;
  onChange(): void;
}

export class PodRecorder {
  private readonly timelines = new Map<string, PodSnapshot[]>();
  private readonly present = new Set<string>();
  private readonly waiters = new Set<Waiter>();
  private readonly watch: ResumableWatch<PodObservation>;
  private seq = 0;
  readonly notices: string[] = [];
  /** Timings the scenario's steps measured, kept beside the history they were measured on. */
  readonly measurements: Measurement[] = [];

  constructor(
    source: WatchSource<PodObservation>,
    /** A fresh read of one pod, to confirm the end of a wait against the API (not the watch). */
    private readonly read?: (name: string) => Promise<PodObservation | undefined>,
  ) {
    this.watch = new ResumableWatch(source, {
      onList: (items, { relist }) => this.onList(items, relist),
      onEvent: (type, item) => this.record(item, type, false),
      onNotice: (message) => this.notices.push(`${new Date().toISOString()} ${message}`),
    });
  }

  start(): Promise<void> {
    return this.watch.start();
  }

  stop(): Promise<void> {
    return this.watch.stop();
  }

  get watchStats(): WatchStats {
    return this.watch.stats;
  }

  /** Every state observed for the pod, oldest first (across re-creations: compare uid). */
  timeline(name: string): PodSnapshot[] {
    return this.timelines.get(name) ?? [];
  }

  podNames(): string[] {
    return [...this.timelines.keys()];
  }

  view(name: string): PodView {
    return { exists: this.present.has(name), snapshot: this.timeline(name).at(-1) };
  }

  private onList(items: PodObservation[], relist: boolean): void {
    const listed = new Set<string>();
    for (const item of items) {
      const name = item.pod.metadata?.name ?? '';
      listed.add(name);
      const last = this.timeline(name).at(-1);
      if (last?.resourceVersion !== item.pod.metadata?.resourceVersion) {
        this.record(item, relist ? 'relist' : 'list', relist);
      } else {
        this.present.add(name);
      }
    }
    // A pod that vanished while we could not watch: record its last known state as deleted.
    for (const name of [...this.present]) {
      if (listed.has(name)) continue;
      const last = this.timeline(name).at(-1);
      if (last) this.record({ pod: last.pod, printedStatus: last.printedStatus }, 'DELETED', true);
    }
  }

  private record(item: PodObservation, via: PodSnapshot['via'], afterGap: boolean): void {
    const snapshot = snapshotOf(item.pod, { seq: ++this.seq, via, afterGap, printedStatus: item.printedStatus });
    const name = snapshot.name;
    const list = this.timelines.get(name) ?? [];
    list.push(snapshot);
    this.timelines.set(name, list);
    if (via === 'DELETED') this.present.delete(name);
    else this.present.add(name);
    for (const w of [...this.waiters]) if (w.pod === name) w.onChange();
  }

  /**
   * Resolves with true at the pod's next recorded state, or with false once `ms` have passed
   * without one: for waits on things the pod watch does not carry (logs), driven by its changes.
   */
  async nextChange(name: string, ms: number): Promise<boolean> {
    const waiter: Waiter = { pod: name, onChange: () => undefined };
    const outcome = await timeBoxed<boolean>(
      { ms },
      {
        start: (settle) => {
          waiter.onChange = () => settle.resolve(true);
          this.waiters.add(waiter);
        },
        deadline: (settle) => settle.resolve(false),
        stop: () => {
          this.waiters.delete(waiter);
        },
      },
    );
    return outcome.observed;
  }

  /** Resolves when an observed state of the pod satisfies the expectation. */
  becomes(name: string, expectation: Expectation, within: Duration): Promise<WaitOutcome> {
    const seenBefore = this.seq;
    return this.observe(name, within.ms, {
      onState: (settle) => {
        const view = this.view(name);
        if (expectation.holds(view)) {
          // Ended on a state observed during the wait: how long after the cluster stamped it (npm run bench).
          if (view.snapshot && view.snapshot.seq > seenBefore)
            noteDetection(name, expectation.description, this.timeline(name));
          settle.resolve({ snapshot: view.snapshot, confirmedByGet: false });
          return;
        }
        const why = expectation.impossible(view);
        if (why) {
          settle.reject(
            this.failure(
              `${subjectOf(expectation, name)} can no longer reach ${expectation.description} (${why}); ${expectation.mismatch(view)}`,
              name,
            ),
          );
        }
      },
      onDeadline: (settle, confirmed) => {
        if (confirmed && expectation.holds(confirmed)) {
          settle.resolve({ snapshot: confirmed.snapshot, confirmedByGet: true });
          return;
        }
        settle.reject(
          this.failure(
            `${subjectOf(expectation, name)} did not reach ${expectation.description} within ${within.text}: ${expectation.mismatch(this.view(name))}`,
            name,
            confirmed,
          ),
        );
      },
    });
  }

  /** Resolves after the window if every state observed during it satisfied the expectation. */
  stays(name: string, expectation: Expectation, window: Duration): Promise<WaitOutcome> {
    const started = Date.now();
    const violation = (view: PodView, how: string) =>
      this.failure(
        `${subjectOf(expectation, name)} did not stay ${expectation.description} for ${window.text}: ${how}${formatMs(Date.now() - started)}, ${expectation.mismatch(view)}`,
        name,
      );
    return this.observe(name, window.ms, {
      onState: (settle) => {
        const view = this.view(name);
        if (!expectation.holds(view)) settle.reject(violation(view, 'after '));
      },
      // The window is over; the read makes sure the watch did not simply fall silent.
      onDeadline: (settle, confirmed) => {
        if (confirmed && !expectation.holds(confirmed)) {
          settle.reject(violation(confirmed, 'a read at the end of the window, after '));
          return;
        }
        settle.resolve({ snapshot: this.view(name).snapshot, confirmedByGet: false });
      },
    });
  }

  /**
   * The lifecycle both waits share: `onState` runs now and on every observed state of the pod
   * until the wait settles; once `ms` have passed without settling, the pod is read directly and
   * `onDeadline` decides with that read (states recorded during the read no longer count).
   */
  private observe(
    name: string,
    ms: number,
    handlers: {
      onState: (settle: PodSettle) => void;
      onDeadline: (settle: PodSettle, confirmed: PodView | undefined) => void;
    },
  ): Promise<WaitOutcome> {
    const waiter: Waiter = { pod: name, onChange: () => undefined };
    return timeBoxed<PodObserved>(
      { ms },
      {
        start: (settle) => {
          waiter.onChange = () => handlers.onState(settle);
          this.waiters.add(waiter);
          handlers.onState(settle);
        },
        deadline: async (settle) => {
          this.waiters.delete(waiter);
          handlers.onDeadline(settle, await this.confirm(name));
        },
        stop: () => {
          this.waiters.delete(waiter);
        },
      },
    );
  }

  private async confirm(name: string): Promise<PodView | undefined> {
    if (!this.read) return undefined;
    try {
      const item = await this.read(name);
      if (!item) return { exists: false, snapshot: this.view(name).snapshot };
      return {
        exists: true,
        snapshot: snapshotOf(item.pod, { seq: 0, via: 'GET', printedStatus: item.printedStatus }),
      };
    } catch {
      return undefined;
    }
  }

  private failure(message: string, name: string, confirmed?: PodView): ConformanceAssertionError {
    return waitFailure({
      message,
      states: { of: `pod "${name}"`, lines: this.timeline(name).map((s) => describeSnapshot(s)) },
      notes:
        confirmed?.snapshot && confirmed.exists ? [`read at the end: ${describeSnapshot(confirmed.snapshot)}`] : [],
      stats: this.watch.stats,
    });
  }
}
