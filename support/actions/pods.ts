/**
 * Observing pods: now, eventually, consistently, and over their whole recorded history. Waits log
 * what they wait for and how long it took, so the report reads like a narrative.
 */
import { fail, quote } from '../assert.ts';
import type { Duration } from '../duration.ts';
import { formatMs } from '../duration.ts';
import { readPodObservation } from '../watch/sources.ts';
import type { Expectation, PodView } from '../pods/expectations.ts';
import { checkConditionType, subjectOf } from '../pods/expectations.ts';
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

  async expectState(name: string, expectation: Expectation): Promise<void> {
    const view = await this.now(name);
    if (!expectation.holds(view)) {
      fail(
        `pod "${name}" ${expectation.mismatch(view)}`,
        view.snapshot ? `now: ${describeSnapshot(view.snapshot)}` : undefined,
      );
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

  /** The recorded history with a fresh read appended, so the last state is the API's current one. */
  private async historyAndNow(name: string): Promise<PodSnapshot[]> {
    const states = this.history(name);
    return [...states, await this.current(name)];
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
    const s = expectRanInOrder(await this.historyAndNow(name), name, containers);
    const times = containers.map((c) => {
      const found = [...s.initContainers, ...s.containers].find((x) => x.name === c);
      return `${c} ${found?.startedAt ?? '?'}–${found?.finishedAt ?? 'running'}`;
    });
    this.ctx.log(`pod "${name}" containers ran in order: ${times.join(', ')}`);
  }

  async expectConditionNotBefore(name: string, type: string, container: string): Promise<void> {
    checkConditionType(type);
    expectConditionNotBefore(await this.historyAndNow(name), name, type, container);
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
