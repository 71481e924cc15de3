/**
 * A pod's status as a controller writes it (the `status` subresource: readiness gates, messages,
 * conditions) and as its recorded history shows it: conditions over time, generations the
 * writers acknowledged, states a container never reached, and timings from the pod's start.
 */
import { conditionWithMessage, conditionsAtGeneration } from '../support/pods/conditions.ts';
import { containerIn } from '../support/pods/container-expectations.ts';
import { condition } from '../support/pods/pod-expectations.ts';
import { Then, When } from './define.ts';

/**
 * What a readiness-gate controller does: a strategic merge patch of the pod's `status`
 * subresource that sets one condition (`k8s.io/test-condition1` to `True`). The step returns once
 * the scenario's watch has seen the write, so a following "becomes … within" only counts later states.
 */
When('I set condition {word} of pod {string} to {string}', function (type, pod, status) {
  return this.status.setCondition(pod, type, status);
});

/**
 * A read-modify-write of the whole status (GET, then PUT `…/pods/NAME/status` with the
 * resourceVersion read), the named conditions set to the status: `"Ready, ContainersReady"` to
 * `"False"`. A conflict with the kubelet's own write is retried with a fresh read.
 */
When('I replace the status of pod {string}, setting conditions {list} to {string}', function (pod, types, status) {
  return this.status.replaceConditions(pod, types, status);
});

/** The API server's answer to the last status write contains the docstring's partial object (YAML). */
Then('the status write to pod {string} reads back as:', function (pod, partial: string) {
  this.status.expectWriteReadsBack(pod, partial);
});

/**
 * The condition's statuses in every state recorded since the last status write, the write's own
 * state first, consecutive repeats counted once: `"False, True"` (what the write stored, then what
 * the kubelet wrote back).
 */
Then('condition {word} of pod {string} went through {list} since the status write', function (type, pod, statuses) {
  this.status.expectConditionSinceWrite(pod, type, statuses);
});

Then('condition {word} of pod {string} becomes {string} within {duration}', function (type, pod, status, d) {
  return this.pods.becomes(pod, condition(type, status), d);
});

/** The message is an unanchored regular expression. */
Then(
  'condition {word} of pod {string} becomes {string} with a message matching {pattern} within {duration}',
  function (type, pod, status, message, d) {
    return this.pods.becomes(pod, conditionWithMessage(type, status, message), d);
  },
);

Then('condition {word} of pod {string} stays {string} for {duration}', function (type, pod, status, d) {
  return this.pods.stays(pod, condition(type, status), d);
});

/**
 * metadata.generation is N and each named condition carries observedGeneration N
 * (`"PodScheduled, Initialized, Ready"`): whoever writes it (scheduler, kubelet) acted on that spec.
 */
Then(
  'the conditions {list} of pod {string} report observed generation {int} within {duration}',
  function (types, pod, generation, d) {
    return this.pods.becomes(pod, conditionsAtGeneration(types, generation), d);
  },
);

/**
 * In no recorded state (the one the removed pod reported included) did the container report the
 * state: `terminated with exit code 0`, `running`. States without a status for the container are
 * skipped; none left is a failure (nothing was checked).
 */
Then('container {string} of pod {string} was never {containerState}', function (container, pod, state) {
  this.status.expectNever(pod, containerIn(container, state));
});

/**
 * The container's finishedAt measured from the pod's status.startTime (when the kubelet accepted
 * it), on the cluster's clock in whole seconds: what activeDeadlineSeconds bounds.
 */
Then(
  'container {string} of pod {string} finished between {duration} and {duration} after the pod started',
  function (container, pod, min, max) {
    this.status.expectFinishedAfterStart(pod, container, min, max);
  },
);
