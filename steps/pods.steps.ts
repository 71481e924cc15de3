/** Then: what the cluster reports about a pod, now, within a time, for a time, or over its history. */
import {
  condition,
  observedGeneration,
  printedStatus,
  statusMessageMatching,
} from '../support/pods/pod-expectations.ts';
import { Then } from './define.ts';

Then('pod {string} is {podState}', function (pod, state) {
  return this.pods.expectState(pod, state);
});

Then('pod {string} becomes {podState} within {duration}', function (pod, state, d) {
  return this.pods.becomes(pod, state, d);
});

Then('pod {string} stays {podState} for {duration}', function (pod, state, d) {
  return this.pods.stays(pod, state, d);
});

Then('pod {string} was {podState} in every observed state', function (pod, state) {
  this.pods.expectEveryState(pod, state);
});

/** status.message, which the STATUS column hides (eviction, deadline …); an unanchored regular expression. */
Then('the status message of pod {string} matches {pattern}', function (pod, pattern) {
  return this.pods.expectState(pod, statusMessageMatching(pattern));
});

Then('pod {string} shows STATUS {string}', function (pod, status) {
  return this.pods.expectState(pod, printedStatus(status));
});

Then('pod {string} shows STATUS {string} within {duration}', function (pod, status, d) {
  return this.pods.becomes(pod, printedStatus(status), d);
});

Then('pod {string} keeps showing STATUS {string} for {duration}', function (pod, status, d) {
  return this.pods.stays(pod, printedStatus(status), d);
});

/** In order of first appearance: other values may come between and repeat (A, B, A, B matches "A, B" only). */
Then('pod {string} went through STATUS {list} in that order', function (pod, statuses) {
  this.pods.expectStatusSequence(pod, statuses, 'in order');
});

/**
 * The pod exists and reports the condition with that status. A missing pod or condition never
 * counts as "False"; an unknown type (not a Kubernetes pod condition, no "/" or ".") is refused.
 */
Then('condition {word} of pod {string} is {string}', function (type, pod, status) {
  return this.pods.expectState(pod, condition(type, status));
});

Then('condition {word} of pod {string} is {string} with reason {string}', function (type, pod, status, reason) {
  return this.pods.expectState(pod, condition(type, status, reason));
});

/** The message exactly as the kubelet wrote it: `containers with incomplete status: [init1 init2]`. */
Then(
  'condition {word} of pod {string} is {string} with reason {string} and message {string}',
  function (type, pod, status, reason, message) {
    return this.pods.expectState(pod, condition(type, status, reason, message));
  },
);

/**
 * The condition's status in every recorded state, `absent` where the pod did not report it, in
 * order of first appearance: `"absent, True"` (it was set at some point).
 */
Then('condition {word} of pod {string} went through {list} in that order', function (type, pod, statuses) {
  this.pods.expectConditionSequence(pod, type, statuses, 'in order');
});

/**
 * These statuses and no others, consecutive repeats counting once: a resize done twice is
 * `"absent, True, absent, True, absent"` for PodResizeInProgress.
 */
Then('condition {word} of pod {string} went through exactly {list}', function (type, pod, statuses) {
  this.pods.expectConditionSequence(pod, type, statuses, 'exactly');
});

/**
 * finishedAt in an earlier whole second than the condition's lastTransitionTime, or in the same
 * second with an observed state showing the container running and the condition not yet at its
 * current status (equal seconds alone prove nothing).
 */
Then(
  'condition {word} of pod {string} changed no earlier than container {string} finished',
  function (type, pod, container) {
    return this.pods.expectConditionNotBefore(pod, type, container);
  },
);

/**
 * From the scenario's own watch, opened before the create: the first event is ADDED without
 * spec.nodeName, a later event binds the pod to a node (which never changes afterwards), and no
 * condition is True while it is unbound.
 */
Then('the watch saw pod {string} added unbound, then bound to a node', function (pod) {
  this.pods.expectAddedUnboundThenBound(pod);
});

/** The scenario's watch (opened before any create) recorded no state at all of the pod. */
Then('the watch never saw pod {string}', function (pod) {
  this.pods.expectNeverSeen(pod);
});

/** The first watch event already carries the node (its creator set spec.nodeName), and it never changes. */
Then('the watch saw pod {string} added already bound to node {string}', function (pod, node) {
  this.pods.expectAddedBoundTo(pod, node);
});

/**
 * `"PodScheduled, Initialized, ContainersReady and Ready"`: each comma-separated step was first
 * True in a later watch event than the step before ("and" joins conditions set together), or in
 * the same event with a lastTransitionTime in a later whole second (a loaded kubelet writes changes
 * together); lastTransitionTimes never go back; a gap in the watch makes the order unproven.
 */
Then('the watch saw the conditions of pod {string} become True in the order {string}', function (pod, order) {
  this.pods.expectConditionsTrueInOrder(pod, order);
});

/**
 * Each container finished no later than the next started: in an earlier whole second, or in the
 * same second with an observed state showing the first started while the next had not (equal
 * whole-second timestamps alone cannot tell order).
 */
Then('the containers of pod {string} ran in the order {list}', function (pod, names) {
  return this.pods.expectRanInOrder(pod, names);
});

Then('throughout the history of pod {string}, {invariant}', function (pod, invariant) {
  this.pods.expectInvariant(pod, invariant);
});

Then('pod {string} was not restarted, re-run or recreated since the patch', function (pod) {
  this.pods.expectUnchangedSince(pod, this.objects.statesBeforePatch.get(pod));
});

/**
 * metadata.generation is N and the kubelet has acknowledged it (status.observedGeneration N,
 * Kubernetes ≥ 1.33): the node saw the spec at that generation, not only the API server.
 */
Then('pod {string} reports observed generation {int} within {duration}', function (pod, generation, d) {
  return this.pods.becomes(pod, observedGeneration(generation), d);
});
