/**
 * Nodes: where a pod runs (the node it is bound to and whose kubelet reports it), and, on a
 * provider that can stop a node's kubelet, what the cluster does when a node goes silent.
 */
import { Then } from './define.ts';

/**
 * The pod is bound to the node (spec.nodeName) and that node's kubelet runs it: status.hostIP is
 * the node's own address (its InternalIP). Write the node as `${nodes.<alias>.name}`.
 */
Then('pod {string} runs on node {string}', function (pod, node) {
  return this.placement.expectOn(pod, node);
});

/** The pod runs (bound, with a hostIP) on a node other than this one: by name and by address. */
Then('pod {string} does not run on node {string}', function (pod, node) {
  return this.placement.expectNotOn(pod, node);
});

/** Both pods run (bound, with a hostIP) on one node: the same spec.nodeName and status.hostIP. */
Then('pods {string} and {string} run on the same node', function (a, b) {
  return this.placement.expectRelative(a, b, true);
});

/** Both pods run (bound, with a hostIP) on two nodes: spec.nodeName and status.hostIP both differ. */
Then('pods {string} and {string} run on different nodes', function (a, b) {
  return this.placement.expectRelative(a, b, false);
});
