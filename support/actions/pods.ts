/**
 * Observing pods: now, eventually, consistently, and over their whole recorded history. Waits log
 * what they wait for and how long it took, so the report reads like a narrative.
 */
import { ConformanceAssertionError, fail, quote } from '../assert.ts';
import { AFTER_GRACE, REPORT_GRACE } from '../report-grace.ts';
import type { Duration } from '../duration.ts';
import { formatMs } from '../duration.ts';
import { readPodObservation } from '../watch/sources.ts';
import type { Expectation, PodView } from '../pods/expectation.ts';
import { subjectOf } from '../pods/expectation.ts';
import { checkConditionType } from '../pods/pod-expectations.ts';
import type { Invariant } from '../pods/history.ts';
import {
  expectAddedBoundTo,
  expectAddedUnboundThenBound,
  expectConditionsTrueInOrder,
  parseConditionOrder,
} from '../pods/flow.ts';
import type { SequenceMatch } from '../pods/history.ts';
import {
  expectHistory,
  containerReasonHistory,
  everyState,
  sequenceMatches,
  statusHistory,
  conditionHistory,
  unchangedSince,
} from '../pods/history.ts';
import type { PodJson } from '../kube/json.ts';
import type { PodSnapshot } from '../pods/snapshot.ts';
import { describeSnapshot, findContainer, snapshotOf } from '../pods/snapshot.ts';
import { expectConditionNotBefore, expectRanInOrder } from '../pods/timing.ts';
import type { ScenarioContext } from './context.ts';

export class PodChecks {
  constructor(private readonly ctx: ScenarioContext) {}

  /** The pod as the API server reports it right now (with its STATUS column). */
  async now(name: string): Promise<PodView> {
    const observed = await readPodObservation(this.ctx.clients.http, this.ctx.namespace, name);
    if (!observed) return { exists: false, snapshot: this.ctx.recorder.timeline(name).at(-1) };
    return {
      exists: true,
      snapshot: snapshotOf(observed.pod, { seq: 0, via: 'GET', printedStatus: observed.printedStatus }),
    };
  }

  /** The pod as the API reports it now or, once it is gone, as last recorded (for its spec). */
  async latestPod(name: string): Promise<PodJson> {
    const view = await this.now(name);
    if (!view.snapshot) fail(`pod "${name}": expected it to exist, observed no such pod`);
    return view.snapshot.pod;
  }

  private async current(name: string): Promise<PodSnapshot> {
    const view = await this.now(name);
    if (!view.exists || !view.snapshot) fail(`pod "${name}": expected it to exist, observed no such pod`);
    return view.snapshot;
  }

  /**
   * The pod is in the state now, or its report of it arrives within the report grace
   * (support/report-grace.ts): the check follows observations of other sources (a log line, an
   * event, an exec) that the kubelet's status report can lag.
   */
  async expectState(name: string, expectation: Expectation): Promise<void> {
    const view = await this.now(name);
    if (expectation.holds(view)) return;
    const impossible = await this.reportedWithinGrace(name, expectation, view);
    if (impossible === undefined) return;
    const after = await this.now(name);
    fail(
      `pod "${name}" ${expectation.mismatch(after)} ${impossible || AFTER_GRACE}`,
      after.snapshot ? `now: ${describeSnapshot(after.snapshot)}` : undefined,
    );
  }

  /**
   * Waits up to the report grace for a state that satisfies the expectation and is no older than
   * the check's own read `read` (the watch may still be delivering older ones): undefined when
   * one was reported (logged with its delay), else why not ('' when the grace ran out, the reason
   * when it became impossible).
   */
  private async reportedWithinGrace(
    name: string,
    expectation: Expectation,
    read: PodView,
  ): Promise<string | undefined> {
    const fresh = this.noOlderThan(name, read);
    const reported: Expectation = { ...expectation, holds: (v) => fresh(v) && expectation.holds(v) };
    try {
      const outcome = await this.ctx.recorder.becomes(name, reported, REPORT_GRACE);
      this.ctx.log(
        `${subjectOf(expectation, name)} was reported ${expectation.description} ${formatMs(outcome.elapsedMs)} after the check (a lagging report, within the ${REPORT_GRACE.text} grace)`,
      );
      return undefined;
    } catch (err) {
      if (!(err instanceof ConformanceAssertionError)) throw err;
      const why = expectation.impossible(this.ctx.recorder.view(name));
      return why ? `(and can no longer be: ${why})` : '';
    }
  }

  /**
   * Whether a view is at least as new as a direct read: a later direct read, the read's own
   * resourceVersion once the watch delivered it, or any state the watch recorded after that.
   * A pod the read did not find: any state recorded from now on.
   */
  private noOlderThan(name: string, read: PodView): (v: PodView) => boolean {
    const rv = read.exists ? read.snapshot?.resourceVersion : undefined;
    const recordedBefore = this.ctx.recorder.timeline(name).at(-1)?.seq ?? 0;
    return (v) => {
      const s = v.snapshot;
      if (!s) return false;
      if (s.via === 'GET') return true;
      if (rv === undefined) return s.seq > recordedBefore;
      const at = this.ctx.recorder.timeline(name).find((t) => t.resourceVersion === rv);
      return at !== undefined && s.seq >= at.seq;
    };
  }

  /**
   * A check over the recorded history and the current state that holds now or on a state reported
   * within the report grace (the same reason as expectState); it fails with its first mismatch.
   */
  private async settled<T>(name: string, what: string, check: (states: PodSnapshot[]) => T): Promise<T> {
    const read = await this.now(name);
    try {
      if (!read.exists || !read.snapshot) fail(`pod "${name}": expected it to exist, observed no such pod`);
      return check([...this.history(name), read.snapshot]);
    } catch (first) {
      if (!(first instanceof ConformanceAssertionError)) throw first;
      let result: { value: T } | undefined;
      const reported: Expectation = {
        description: what,
        holds: () => {
          try {
            result = { value: check(this.history(name)) };
            return true;
          } catch (err) {
            if (err instanceof ConformanceAssertionError) return false;
            throw err;
          }
        },
        mismatch: () => first.message.split('\n')[0] ?? '',
        impossible: () => undefined,
      };
      await this.reportedWithinGrace(name, reported, read);
      if (result) return result.value;
      const [line, ...details] = first.message.split('\n');
      throw new ConformanceAssertionError(`${line} ${AFTER_GRACE}`, details.join('\n') || undefined);
    }
  }

  async becomes(name: string, expectation: Expectation, within: Duration): Promise<void> {
    const subject = subjectOf(expectation, name);
    this.ctx.log(`waiting up to ${within.text} for ${subject} to reach ${expectation.description}`);
    const outcome = await this.ctx.recorder.becomes(name, expectation, within);
    const note = outcome.observed.confirmedByGet ? ' (seen by a direct read; the watch lagged)' : '';
    this.ctx.log(`${subject} reached ${expectation.description} after ${formatMs(outcome.elapsedMs)}${note}`);
  }

  async stays(name: string, expectation: Expectation, window: Duration): Promise<void> {
    const subject = subjectOf(expectation, name);
    this.ctx.log(`checking that ${subject} stays ${expectation.description} for ${window.text}`);
    await this.ctx.recorder.stays(name, expectation, window);
    this.ctx.log(`${subject} stayed ${expectation.description} for ${window.text}`);
  }

  history(name: string): PodSnapshot[] {
    const states = this.ctx.recorder.timeline(name);
    if (states.length === 0) fail(`pod "${name}" history: expected recorded states, observed none (was it created?)`);
    return states;
  }

  expectInvariant(name: string, invariant: Invariant): void {
    const result = invariant.check(this.history(name));
    expectHistory(name, `"${invariant.phrase}"`, invariant.appliesTo, result);
    this.ctx.log(`pod "${name}": "${invariant.phrase}" held in all ${result.checked} applicable observed states`);
  }

  expectEveryState(name: string, expectation: Expectation): void {
    const result = everyState(this.history(name), expectation);
    expectHistory(name, `${expectation.description}`, 'every observed state that reports it', result);
    this.ctx.log(`pod "${name}" was ${expectation.description} in all ${result.checked} observed states`);
  }

  /** The STATUS column went through the values: by first appearance, or exactly these and no others. */
  expectStatusSequence(name: string, expected: string[], how: SequenceMatch): void {
    const seen = statusHistory(this.history(name));
    if (!sequenceMatches(seen, expected, how)) {
      fail(
        `pod "${name}" STATUS history: expected ${how === 'exactly' ? 'exactly' : 'in order of first appearance'} ${quote(expected.join(' → '))}, observed ${quote(seen.join(' → '))}`,
      );
    }
    this.ctx.log(`pod "${name}" STATUS went ${seen.join(' → ')}`);
  }

  /** A condition's statuses over the recorded history (`absent` where not reported): by first appearance, or exactly. */
  expectConditionSequence(name: string, type: string, expected: string[], how: SequenceMatch): void {
    checkConditionType(type);
    const seen = conditionHistory(this.history(name), type);
    if (!sequenceMatches(seen, expected, how)) {
      fail(
        `pod "${name}" condition ${type} history: expected ${how === 'exactly' ? 'exactly' : 'in order of first appearance'} ${quote(expected.join(' → '))}, observed ${quote(seen.join(' → '))}`,
      );
    }
    this.ctx.log(`pod "${name}" condition ${type} went ${seen.join(' → ')}`);
  }

  expectNeverSeen(name: string): void {
    const states = this.ctx.recorder.timeline(name);
    if (states.length > 0) {
      fail(
        `pod "${name}" watch: expected no recorded state, observed ${states.length}`,
        states.map((s) => describeSnapshot(s)).join('\n'),
      );
    }
    this.ctx.log(`pod "${name}": the scenario's watch recorded no state of it`);
  }

  expectAddedUnboundThenBound(name: string): void {
    const { node, bindSeq } = expectAddedUnboundThenBound(name, this.history(name));
    this.ctx.log(`pod "${name}": the watch saw it ADDED without a node, then bound to "${node}" at state #${bindSeq}`);
  }

  expectAddedBoundTo(name: string, node: string): void {
    expectAddedBoundTo(name, this.history(name), node);
    this.ctx.log(`pod "${name}": the watch saw it ADDED already bound to "${node}", and it stayed there`);
  }

  expectConditionsTrueInOrder(name: string, order: string): void {
    const steps = expectConditionsTrueInOrder(name, this.history(name), parseConditionOrder(order));
    const text = steps
      .map((step) => step.map((t) => `${t.type} (state #${t.seq}, ${t.lastTransitionTime ?? '?'})`).join(' and '))
      .join(' → ');
    this.ctx.log(`pod "${name}": conditions became True in order: ${text}`);
  }

  /** The container's waiting/terminated reasons (and `running`) over the recorded history. */
  expectContainerReasons(name: string, container: string, expected: string[], how: SequenceMatch): void {
    const states = this.history(name);
    if (!states.some((s) => findContainer(s, container))) {
      fail(`pod "${name}" has no container "${container}" in any observed state`);
    }
    const seen = containerReasonHistory(states, container);
    if (!sequenceMatches(seen, expected, how)) {
      fail(
        `container "${container}" of pod "${name}" history: expected ${how === 'exactly' ? 'exactly' : 'in order of first appearance'} ${quote(expected.join(' → '))}, observed ${quote(seen.join(' → '))}`,
      );
    }
    this.ctx.log(`container "${container}" of pod "${name}" went ${seen.join(' → ')}`);
  }

  async expectRanInOrder(name: string, containers: string[]): Promise<void> {
    const s = await this.settled(name, `containers run in the order ${containers.join(', ')}`, (states) =>
      expectRanInOrder(states, name, containers),
    );
    const times = containers.map((c) => {
      const found = findContainer(s, c);
      return `${c} ${found?.startedAt ?? '?'}–${found?.finishedAt ?? 'running'}`;
    });
    this.ctx.log(`pod "${name}" containers ran in order: ${times.join(', ')}`);
  }

  async expectConditionNotBefore(name: string, type: string, container: string): Promise<void> {
    checkConditionType(type);
    await this.settled(name, `condition ${type} changed no earlier than container "${container}" finished`, (states) =>
      expectConditionNotBefore(states, name, type, container),
    );
  }

  /** Nothing restarted, re-ran or was recreated since the state recorded just before a patch. */
  expectUnchangedSince(name: string, baseline: PodSnapshot | undefined): void {
    if (!baseline) fail(`pod "${name}": expected a patch earlier in the scenario, observed none`);
    const result = unchangedSince(this.history(name), baseline);
    expectHistory(name, 'no restart, re-run or re-creation since the patch', 'states observed after the patch', result);
    this.ctx.log(`pod "${name}" unchanged in all ${result.checked} states observed since the patch`);
  }

  async expectImage(name: string, container: string, image: string): Promise<void> {
    const s = await this.current(name);
    const spec = [...(s.pod.spec?.initContainers ?? []), ...(s.pod.spec?.containers ?? [])].find(
      (c) => c.name === container,
    );
    if (!spec) fail(`pod "${name}" container "${container}": expected in the spec, observed no such container`);
    if (spec.image !== image)
      fail(`pod "${name}" container "${container}" image: expected "${image}", observed "${spec.image}"`);
  }
}
