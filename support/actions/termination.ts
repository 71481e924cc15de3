/**
 * Deleting pods (default grace, --grace-period=N, --force --grace-period=0) and observing their
 * termination: the deletion stamp, and the time until the object is gone, measured on the
 * cluster's clock (see support/checks/deletion.ts) and reported with the harness's own observation.
 */
import { ConformanceAssertionError, ScenarioError, fail } from '../assert.ts';
import type { DeleteMode, DeletionStamp, Removal } from '../checks/deletion.ts';
import {
  deleteOptions,
  describeDeleteMode,
  describeRemoval,
  finishedAfterRequest,
  removalOf,
  removalWithin,
  requestTimeOf,
  stopsNotReported,
} from '../checks/deletion.ts';
import { Duration, formatMs } from '../duration.ts';
import { gone } from '../pods/pod-expectations.ts';
import type { ContainerState } from '../pods/container-expectations.ts';
import { containerIn } from '../pods/container-expectations.ts';
import type { Expectation, PodView } from '../pods/expectation.ts';
import type { PodSnapshot } from '../pods/snapshot.ts';
import type { PodJson } from '../kube/json.ts';
import { describeSnapshot, findContainer } from '../pods/snapshot.ts';
import type { Interval } from '../probes/windows.ts';
import type { ScenarioContext } from './context.ts';
import type { MeasuredTiming } from './timing.ts';
import { expectTiming, recordUnfinished } from './timing.ts';

interface DeletionRecord {
  mode: DeleteMode;
  /** Harness clock when the request was sent and answered (for the cross-check only). */
  sentAtMs: number;
  answeredAtMs: number;
  /** The deletion fields of the pod in the API server's answer. */
  stamp: DeletionStamp;
  uid?: string;
}

/** How long a collection delete waits for the watch to show the stamp it put on each pod. */
const STAMP_SEEN = Duration.parse('15 seconds');

/** The pod (this incarnation) carries a deletionTimestamp, or was removed with one. */
function markedForDeletion(uid: string | undefined): Expectation {
  const stamp = (v: PodView) => (v.snapshot?.uid === uid ? v.snapshot?.deletionTimestamp : undefined);
  return {
    description: 'marked for deletion',
    holds: (v) => !!stamp(v),
    mismatch: (v) => `deletionTimestamp: expected one, observed ${v.snapshot?.deletionTimestamp ?? '(none)'}`,
    impossible: () => undefined,
  };
}

/** How long after the upper bound a removal wait goes on, so a late removal is measured, not timed out. */
const LATE_REMOVAL_SLACK = Duration.parse('10 seconds');

export class TerminationActions {
  private readonly deletions = new Map<string, DeletionRecord>();

  constructor(private readonly ctx: ScenarioContext) {}

  async delete(name: string, mode: DeleteMode): Promise<void> {
    const path = `/api/v1/namespaces/${this.ctx.namespace}/pods/${name}`;
    const sentAtMs = Date.now();
    const answer = await this.ctx.clients.http.request<PodJson & { kind?: string }>('DELETE', path, {
      body: deleteOptions(mode),
    });
    const answeredAtMs = Date.now();
    this.ctx.deletedByScenario.add(name);
    if (answer.kind !== 'Pod') {
      throw new ScenarioError(
        `DELETE ${path} answered with a ${answer.kind ?? 'body without kind'} instead of the pod`,
      );
    }
    const stamp: DeletionStamp = {
      deletionTimestamp: answer.metadata?.deletionTimestamp,
      deletionGracePeriodSeconds: answer.metadata?.deletionGracePeriodSeconds,
    };
    this.deletions.set(name, { mode, sentAtMs, answeredAtMs, stamp, uid: answer.metadata?.uid });
    this.ctx.log(
      `deleted pod "${name}" with ${describeDeleteMode(mode)}: deletionTimestamp ${stamp.deletionTimestamp ?? '(none)'}, ` +
        `deletionGracePeriodSeconds ${stamp.deletionGracePeriodSeconds ?? '(none)'} (answered in ${formatMs(answeredAtMs - sentAtMs)})`,
    );
  }

  /**
   * One DELETE of the collection (`kubectl delete pods -l SELECTOR`): every pod the API server
   * answers with is recorded as deleted by this request, with the stamp it carries.
   */
  async deleteSelected(selector: string, mode: DeleteMode): Promise<void> {
    const path = `/api/v1/namespaces/${this.ctx.namespace}/pods`;
    const sentAtMs = Date.now();
    const answer = await this.ctx.clients.http.request<{ kind?: string; items?: PodJson[] }>('DELETE', path, {
      body: deleteOptions(mode),
      query: { labelSelector: selector },
    });
    const answeredAtMs = Date.now();
    const names = (answer.items ?? []).map((item) => item.metadata?.name ?? '');
    for (const name of names) this.ctx.deletedByScenario.add(name);
    // The answer lists the pods as they were before the request: the stamp it put on each is read
    // from the first state the scenario's watch recorded with it.
    for (const item of answer.items ?? []) {
      const name = item.metadata?.name ?? '';
      const uid = item.metadata?.uid;
      const stamped = (s: PodSnapshot) => s.uid === uid && !!s.deletionTimestamp;
      await this.ctx.recorder.becomes(name, markedForDeletion(uid), STAMP_SEEN);
      const first = this.ctx.recorder.timeline(name).find(stamped);
      const stamp: DeletionStamp = {
        deletionTimestamp: first?.pod.metadata?.deletionTimestamp,
        deletionGracePeriodSeconds: first?.pod.metadata?.deletionGracePeriodSeconds,
      };
      this.deletions.set(name, { mode, sentAtMs, answeredAtMs, stamp, uid });
    }
    this.ctx.log(
      `deleted the pods matching label selector "${selector}" with ${describeDeleteMode(mode)}: ${names.join(', ') || 'none'} (answered in ${formatMs(answeredAtMs - sentAtMs)})`,
    );
  }

  private deletion(name: string): DeletionRecord {
    const found = this.deletions.get(name);
    if (!found)
      throw new ScenarioError(`pod "${name}" was not deleted by an earlier step; add "When I delete pod "${name}""`);
    return found;
  }

  /** The state the DELETED event carried, of the incarnation this scenario deleted. */
  private finalState(name: string): PodSnapshot {
    const record = this.deletion(name);
    const states = this.ctx.recorder.timeline(name).filter((s) => !record.uid || s.uid === record.uid);
    const last = states.at(-1);
    if (!last || last.via !== 'DELETED') {
      fail(
        `pod "${name}": expected its removal to have been observed, observed ${last ? describeSnapshot(last) : 'no state'}`,
      );
    }
    return last;
  }

  /**
   * Waits (on the watch) until the pod is gone, then checks the removal interval measured on the
   * cluster's clock lies within [min, max]. The wait runs until max plus a slack after the
   * request, so a removal that is a little late is reported with its measured time.
   */
  async expectRemovedBetween(name: string, min: Duration, max: Duration): Promise<Removal> {
    const record = this.deletion(name);
    const remaining = record.sentAtMs + max.ms + LATE_REMOVAL_SLACK.ms - Date.now();
    try {
      await this.ctx.recorder.becomes(name, gone(), Duration.ofMs(Math.max(remaining, 1_000)));
    } catch (err) {
      if (!(err instanceof ConformanceAssertionError)) throw err;
      const gaveUpAt = Date.now();
      recordUnfinished(this.ctx, {
        subject: `removal of pod "${name}" after the delete request (${describeDeleteMode(record.mode)})`,
        ...stepBounds(min, max),
        span: { pod: name },
        from: requestTimeOf(name, record.stamp).iso,
        gaveUpAt,
      });
      throw new ConformanceAssertionError(
        `pod "${name}" removal: expected between ${min.text} and ${max.text} after the delete request, observed the pod still there ${formatMs(gaveUpAt - record.sentAtMs)} after it`,
        err.message,
      );
    }
    const final = this.finalState(name);
    const removal = removalOf(name, record.stamp, final.pod.metadata ?? {});
    const unconfirmed = record.mode.kind === 'force' ? [] : stopsNotReported(final);
    if (unconfirmed.length > 0) {
      fail(
        `pod "${name}" removal: expected the removed pod to report its containers stopped (terminated), observed ${unconfirmed.join(', ')}`,
        `${describeRemoval(name, removal)}\nlast state: ${describeSnapshot(final)}`,
      );
    }
    const harnessMs = Date.parse(final.observedAt) - record.sentAtMs;
    expectTiming(this.ctx, {
      subject: `removal of pod "${name}" after the delete request (${describeDeleteMode(record.mode)})`,
      seconds: removal.seconds,
      ...stepBounds(min, max),
      evidence: [
        describeRemoval(name, removal),
        `the harness saw the DELETED event ${formatMs(harnessMs)} after sending the request`,
      ],
      span: { pod: name, from: removal.requestedAt, to: removal.removedAt },
    });
    return removal;
  }

  /** The container's state in the pod's last recorded state, the one the DELETED event carried. */
  expectContainerAtRemoval(name: string, container: string, state: ContainerState): void {
    const final = this.finalState(name);
    const view = { exists: true, snapshot: final };
    const expectation = containerIn(container, state);
    if (!expectation.holds(view)) {
      fail(
        `pod "${name}" when it was removed: ${expectation.mismatch(view)}`,
        `last state: ${describeSnapshot(final)}`,
      );
    }
    this.ctx.log(`container "${container}" of pod "${name}" was ${expectation.description} when the pod was removed`);
  }

  /** The container's finishedAt, as the removed pod reports it, within [min, max] after the delete request. */
  expectContainerFinishedBetween(name: string, container: string, min: Duration, max: Duration): void {
    const record = this.deletion(name);
    const final = this.finalState(name);
    const c = findContainer(final, container);
    if (!c || c.state !== 'terminated') {
      fail(
        `container "${container}" of pod "${name}" when the pod was removed: expected "terminated", observed ${c ? `"${c.state}"` : 'no such container'}`,
        `last state: ${describeSnapshot(final)}`,
      );
    }
    const seconds = finishedAfterRequest(name, record.stamp, c.finishedAt);
    const requestedAt = requestTimeOf(name, record.stamp).iso;
    expectTiming(this.ctx, {
      subject: `container "${container}" of pod "${name}" finished after the delete request`,
      seconds,
      ...stepBounds(min, max),
      evidence: [
        `finishedAt ${c.finishedAt}, request ${requestedAt} (deletionTimestamp − grace); whole seconds`,
        `exit code ${c.exitCode ?? '(none)'}, reason ${c.reason ?? '(none)'}`,
      ],
      span: { pod: name, container, from: requestedAt, to: c.finishedAt },
    });
  }

  /** The pod as created: spec.terminationGracePeriodSeconds, defaulted by the API server when unset. */
  expectGracePeriodInSpec(name: string, seconds: number): void {
    const first = this.ctx.recorder.timeline(name)[0];
    if (!first) fail(`pod "${name}": expected recorded states, observed none (was it created?)`);
    const observed = first.pod.spec?.terminationGracePeriodSeconds;
    if (observed !== seconds) {
      fail(
        `pod "${name}" spec.terminationGracePeriodSeconds: expected ${seconds}, observed ${JSON.stringify(observed)}`,
      );
    }
  }
}

/**
 * A step's [min, max] held to a difference of two whole-second cluster timestamps: each is
 * truncated, so the measured value may be 1 s off either way (removalWithin).
 */
function stepBounds(min: Duration, max: Duration): { interval: Interval } & Pick<MeasuredTiming, 'fits'> {
  const interval = {
    minSeconds: min.ms / 1000,
    maxSeconds: max.ms / 1000,
    derivation: `the step's bounds ${min.text} … ${max.text}; whole-second timestamps`,
  };
  return { interval, fits: (seconds) => removalWithin(seconds, interval.minSeconds, interval.maxSeconds) };
}
