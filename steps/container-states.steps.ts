/**
 * Then: what the cluster reports about one container of a pod: now (its state, restarts, previous
 * run, image), within a time, for a time, and over the pod's recorded history.
 */
import {
  containerIn,
  previousRunIn,
  restartsAtLeast,
  restartsExactly,
} from '../support/pods/container-expectations.ts';
import { Then } from './define.ts';

Then('container {string} of pod {string} is {containerState}', function (c, pod, s) {
  return this.pods.expectState(pod, containerIn(c, s));
});

/**
 * Over the pod's recorded history (its latest incarnation): every state that reports the
 * container at all shows it so; states before the kubelet reported it are skipped, and a history
 * without one fails.
 */
Then('container {string} of pod {string} was {containerState} in every observed state', function (c, pod, s) {
  this.pods.expectEveryState(pod, containerIn(c, s));
});

Then('container {string} of pod {string} has {int} restart(s)', function (c, pod, count) {
  return this.pods.expectState(pod, restartsExactly(c, count));
});

/** The previous run as status.lastState.terminated reports it: `reason "Error" and exit code 1`. */
Then('the previous run of container {string} of pod {string} terminated with {termination}', function (c, pod, t) {
  return this.pods.expectState(pod, previousRunIn(c, t));
});

Then('container {string} of pod {string} has image {string}', function (c, pod, image) {
  return this.pods.expectImage(pod, c, image);
});

Then('container {string} of pod {string} becomes {containerState} within {duration}', function (c, pod, s, d) {
  return this.pods.becomes(pod, containerIn(c, s), d);
});

Then(
  'container {string} of pod {string} restarts at least {int} time(s) within {duration}',
  function (c, pod, times, d) {
    return this.pods.becomes(pod, restartsAtLeast(c, times), d);
  },
);

Then('container {string} of pod {string} keeps {int} restart(s) for {duration}', function (c, pod, count, d) {
  return this.pods.stays(pod, restartsExactly(c, count), d);
});

/**
 * The container's waiting and terminated reasons (ContainerCreating, ErrImagePull, Error,
 * CrashLoopBackOff, Completed, OOMKilled …) and `running`, over every recorded state, in order of
 * first appearance.
 */
Then('container {string} of pod {string} went through {list} in that order', function (c, pod, reasons) {
  this.pods.expectContainerReasons(pod, c, reasons, 'in order');
});

/** These reasons (and `running`) and no others, in this order (consecutive repeats count once). */
Then('container {string} of pod {string} went through exactly {list}', function (c, pod, reasons) {
  this.pods.expectContainerReasons(pod, c, reasons, 'exactly');
});
