/** Then: what the cluster reports about a pod, now, within a time, for a time, or over its history. */
import type { Duration } from '../support/duration.ts';
import type { Expectation } from '../support/pods/expectation.ts';
import {
  condition,
  observedGeneration,
  printedStatus,
  statusMessageMatching,
} from '../support/pods/pod-expectations.ts';
import type { ContainerState, Termination } from '../support/pods/container-expectations.ts';
import {
  containerIn,
  previousRunIn,
  restartsAtLeast,
  restartsExactly,
} from '../support/pods/container-expectations.ts';
import type { Invariant } from '../support/pods/history.ts';
import { Then } from './define.ts';

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

Then('pod {string} is {podState}', function (pod: string, state: Expectation) {
  return this.pods.expectState(pod, state);
});

Then('pod {string} becomes {podState} within {duration}', function (pod: string, state: Expectation, d: Duration) {
  return this.pods.becomes(pod, state, d);
});

Then('pod {string} stays {podState} for {duration}', function (pod: string, state: Expectation, d: Duration) {
  return this.pods.stays(pod, state, d);
});

Then('pod {string} was {podState} in every observed state', function (pod: string, state: Expectation) {
  this.pods.expectEveryState(pod, state);
});

/** status.message, which the STATUS column hides (eviction, deadline …); an unanchored regular expression. */
Then('the status message of pod {string} matches {string}', function (pod: string, pattern: string) {
  return this.pods.expectState(pod, statusMessageMatching(new RegExp(pattern)));
});

Then('pod {string} shows STATUS {string}', function (pod: string, status: string) {
  return this.pods.expectState(pod, printedStatus(status));
});

Then('pod {string} shows STATUS {string} within {duration}', function (pod: string, status: string, d: Duration) {
  return this.pods.becomes(pod, printedStatus(status), d);
});

Then('pod {string} keeps showing STATUS {string} for {duration}', function (pod: string, status: string, d: Duration) {
  return this.pods.stays(pod, printedStatus(status), d);
});

/** In order of first appearance: other values may come between and repeat (A, B, A, B matches "A, B" only). */
Then('pod {string} went through STATUS {string} in that order', function (pod: string, statuses: string) {
  this.pods.expectStatusSequence(pod, list(statuses), 'in order');
});

/** These values and no others, in this order (consecutive repeats count once). */
Then('pod {string} went through exactly STATUS {string}', function (pod: string, statuses: string) {
  this.pods.expectStatusSequence(pod, list(statuses), 'exactly');
});

/**
 * The pod exists and reports the condition with that status. A missing pod or condition never
 * counts as "False"; an unknown type (not a Kubernetes pod condition, no "/" or ".") is refused.
 */
Then('condition {word} of pod {string} is {string}', function (type: string, pod: string, status: string) {
  return this.pods.expectState(pod, condition(type, status));
});

Then(
  'condition {word} of pod {string} is {string} with reason {string}',
  function (type: string, pod: string, status: string, reason: string) {
    return this.pods.expectState(pod, condition(type, status, reason));
  },
);

/**
 * finishedAt in an earlier whole second than the condition's lastTransitionTime, or in the same
 * second with an observed state showing the container running and the condition not yet at its
 * current status (equal seconds alone prove nothing).
 */
Then(
  'condition {word} of pod {string} changed no earlier than container {string} finished',
  function (type: string, pod: string, container: string) {
    return this.pods.expectConditionNotBefore(pod, type, container);
  },
);

Then('container {string} of pod {string} is {containerState}', function (c: string, pod: string, s: ContainerState) {
  return this.pods.expectState(pod, containerIn(c, s));
});

Then(
  'container {string} of pod {string} becomes {containerState} within {duration}',
  function (c: string, pod: string, s: ContainerState, d: Duration) {
    return this.pods.becomes(pod, containerIn(c, s), d);
  },
);

Then(
  'container {string} of pod {string} restarts at least {int} time(s) within {duration}',
  function (c: string, pod: string, times: number, d: Duration) {
    return this.pods.becomes(pod, restartsAtLeast(c, times), d);
  },
);

Then('container {string} of pod {string} has {int} restart(s)', function (c: string, pod: string, count: number) {
  return this.pods.expectState(pod, restartsExactly(c, count));
});

Then(
  'container {string} of pod {string} keeps {int} restart(s) for {duration}',
  function (c: string, pod: string, count: number, d: Duration) {
    return this.pods.stays(pod, restartsExactly(c, count), d);
  },
);

/** The previous run as status.lastState.terminated reports it: `reason "Error" and exit code 1`. */
Then(
  'the previous run of container {string} of pod {string} terminated with {termination}',
  function (c: string, pod: string, t: Termination) {
    return this.pods.expectState(pod, previousRunIn(c, t));
  },
);

/**
 * The container's waiting and terminated reasons (ContainerCreating, ErrImagePull, Error,
 * CrashLoopBackOff, Completed, OOMKilled …) and `running`, over every recorded state, in order of
 * first appearance.
 */
Then(
  'container {string} of pod {string} went through {string} in that order',
  function (c: string, pod: string, reasons: string) {
    this.pods.expectContainerReasons(pod, c, list(reasons), 'in order');
  },
);

/** These reasons (and `running`) and no others, in this order (consecutive repeats count once). */
Then(
  'container {string} of pod {string} went through exactly {string}',
  function (c: string, pod: string, reasons: string) {
    this.pods.expectContainerReasons(pod, c, list(reasons), 'exactly');
  },
);

Then('container {string} of pod {string} has image {string}', function (c: string, pod: string, image: string) {
  return this.pods.expectImage(pod, c, this.resolve(image));
});

/**
 * From the scenario's own watch, opened before the create: the first event is ADDED without
 * spec.nodeName, a later event binds the pod to a node (which never changes afterwards), and no
 * condition is True while it is unbound.
 */
Then('the watch saw pod {string} added unbound, then bound to a node', function (pod: string) {
  this.pods.expectAddedUnboundThenBound(pod);
});

/** The scenario's watch (opened before any create) recorded no state at all of the pod. */
Then('the watch never saw pod {string}', function (pod: string) {
  this.pods.expectNeverSeen(pod);
});

/** The first watch event already carries the node (its creator set spec.nodeName), and it never changes. */
Then('the watch saw pod {string} added already bound to node {string}', function (pod: string, node: string) {
  this.pods.expectAddedBoundTo(pod, this.resolve(node));
});

/**
 * `"PodScheduled, Initialized, ContainersReady and Ready"`: each comma-separated step was first
 * True in a later watch event than the step before ("and" joins conditions set together), or in
 * the same event with a lastTransitionTime in a later whole second (a loaded kubelet writes changes
 * together); lastTransitionTimes never go back; a gap in the watch makes the order unproven.
 */
Then(
  'the watch saw the conditions of pod {string} become True in the order {string}',
  function (pod: string, order: string) {
    this.pods.expectConditionsTrueInOrder(pod, order);
  },
);

/**
 * Each container finished no later than the next started: in an earlier whole second, or in the
 * same second with an observed state showing the first started while the next had not (equal
 * whole-second timestamps alone cannot tell order).
 */
Then('the containers of pod {string} ran in the order {string}', function (pod: string, names: string) {
  return this.pods.expectRanInOrder(pod, list(names));
});

Then('throughout the history of pod {string}, {invariant}', function (pod: string, invariant: Invariant) {
  this.pods.expectInvariant(pod, invariant);
});

Then('pod {string} was not restarted, re-run or recreated since the patch', function (pod: string) {
  this.pods.expectUnchangedSince(pod, this.objects.statesBeforePatch.get(pod));
});

Then(
  'pod {string} gets an event {string} with a message matching {string} within {duration}',
  function (pod: string, reason: string, pattern: string, d: Duration) {
    return this.events.oneWithin('Pod', pod, reason, new RegExp(this.resolve(pattern)), d);
  },
);

/**
 * metadata.generation is N and the kubelet has acknowledged it (status.observedGeneration N,
 * Kubernetes ≥ 1.33): the node saw the spec at that generation, not only the API server.
 */
Then(
  'pod {string} reports observed generation {int} within {duration}',
  function (pod: string, generation: number, d: Duration) {
    return this.pods.becomes(pod, observedGeneration(generation), d);
  },
);
