/**
 * What the container runtime recorded of a container: its whole log, line for line, and the
 * termination message the kubelet copied into its terminated state.
 */
import { terminationMessage } from '../support/pods/container-expectations.ts';
import { Then } from './define.ts';

/**
 * The container's whole current log is the docstring's lines, in order, nothing before or after;
 * stdout and stderr both count. Output not yet copied to the log gets the report grace.
 */
Then('the log of container {string} of pod {string} is:', function (c, pod, text: string) {
  return this.containers.expectLogIs(pod, c, text.split('\n'));
});

/**
 * state.terminated.message of the container, exactly ("" when the kubelet stored none): what it
 * wrote to its terminationMessagePath, or with FallbackToLogsOnError the tail of its log.
 */
Then('the termination message of container {string} of pod {string} is {string}', function (c, pod, text) {
  return this.pods.expectState(pod, terminationMessage(c, text));
});
