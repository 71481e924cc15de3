/**
 * Deleting pods as kubectl does and observing their termination: the deletion stamp, the STATUS
 * column (steps in pods.steps.ts), and the time until the object is gone on the cluster's clock.
 */
import { terminating } from '../support/pods/pod-expectations.ts';
import { Then, When } from './define.ts';

When('I delete pod {string}', function (pod) {
  return this.termination.delete(pod, { kind: 'default' });
});

When('I delete pod {string} with a grace period of {int} seconds', function (pod, seconds) {
  return this.termination.delete(pod, { kind: 'grace', seconds });
});

When('I force-delete pod {string}', function (pod) {
  return this.termination.delete(pod, { kind: 'force' });
});

Then('pod {string} is terminating with a grace period of {int} seconds', function (pod, seconds) {
  return this.pods.expectState(pod, terminating(seconds));
});

/**
 * Removal time on the cluster's clock. After a graceful delete the removed pod must report its
 * containers terminated: a removal the node did not confirm says nothing about SIGTERM handling.
 */
Then('pod {string} is gone between {duration} and {duration} after the delete request', async function (pod, min, max) {
  await this.termination.expectRemovedBetween(pod, min, max);
});

/**
 * The container's state in the last state the removed pod reported. `terminated with exit code N
 * and message "…"` also checks the termination message (what a SIGTERM trap wrote to
 * /dev/termination-log).
 */
Then(
  'container {string} of pod {string} was {containerState} when the pod was removed',
  function (container, pod, state) {
    this.termination.expectContainerAtRemoval(pod, container, state);
  },
);

Then('pod {string} was created with terminationGracePeriodSeconds {int}', function (pod, seconds) {
  this.termination.expectGracePeriodInSpec(pod, seconds);
});

/**
 * The container's finishedAt in the removed pod's last state, measured from the delete request on
 * the cluster's clock (whole seconds): how the container ended, not only when the object went.
 */
Then(
  'container {string} of pod {string} finished between {duration} and {duration} after the delete request',
  function (container, pod, min, max) {
    this.termination.expectContainerFinishedBetween(pod, container, min, max);
  },
);
