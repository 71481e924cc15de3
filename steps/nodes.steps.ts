/**
 * Nodes: where a pod runs (the node it is bound to and whose kubelet reports it), and, on a
 * provider that can stop a node's kubelet, what the cluster does when a node goes silent.
 */
import { Given, Then, When } from './define.ts';

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

/**
 * Names a schedulable node whose kubelet the run may stop (`${nodes.<alias>.name}` …), the first
 * by name not named yet: on the local provider an extra node, never node 1 (the host of the
 * control plane and the registries). Needs @capability:nodeStop.
 */
Given('a node whose kubelet can be stopped {string}', function (alias) {
  return this.nameStoppableNode(alias);
});

/**
 * Stops the node's kubelet (its containers keep running, as on a node whose kubelet died),
 * through the run's provider; refused while another run uses the cluster. The kubelet is
 * started again by `I start the kubelet of node`, else after the scenario, else by the guard the
 * stop leaves once the worker is gone.
 */
When(
  'I stop the kubelet of node {string}',
  function (node) {
    return this.kubelets.stop(node);
  },
  { budgetMs: 90_000 },
);

/** Starts the node's kubelet again with the command line it was stopped with (the step does not wait for Ready). */
When(
  'I start the kubelet of node {string}',
  function (node) {
    return this.kubelets.start(node);
  },
  { budgetMs: 90_000 },
);

/** Waits, through a watch of the node, until its condition (`Ready`, `MemoryPressure` …) has the status: `"Unknown"`. */
Then('condition {word} of node {string} becomes {string} within {duration}', async function (type, node, status, d) {
  await this.kubelets.conditionBecomes(node, type, status, d);
});

/** Waits until the node carries the taint, written `<key>:<effect>`: `node.kubernetes.io/unreachable:NoExecute`. */
Then('node {string} gets the taint {string} within {duration}', async function (node, taint, d) {
  await this.kubelets.taintBecomes(node, taint, true, d);
});

/** Waits until the node no longer carries the taint (`<key>:<effect>`). */
Then('node {string} loses the taint {string} within {duration}', async function (node, taint, d) {
  await this.kubelets.taintBecomes(node, taint, false, d);
});

/**
 * The node's condition changed to the status (its lastTransitionTime) between the two durations
 * after the node's last heartbeat: the later of its Lease's renewTime and the condition's
 * lastHeartbeatTime. Cluster timestamps only; the measured value is attached.
 */
Then(
  'condition {word} of node {string} turned {string} between {duration} and {duration} after its last heartbeat',
  function (type, node, status, min, max) {
    return this.kubelets.expectChangedAfterHeartbeat(
      node,
      type,
      status,
      min,
      max,
      "the node lifecycle controller's node-monitor-grace-period after it saw the last heartbeat, which it notices within one node-monitor-period",
    );
  },
);

/**
 * The API server accepted the pod's deletion (its deletionTimestamp less its grace period)
 * between the two durations after the node got the taint (its timeAdded): the taint-eviction
 * controller's tolerationSeconds. Cluster timestamps only; the measured value is attached.
 */
Then(
  'pod {string} was deleted between {duration} and {duration} after node {string} got the taint {string}',
  function (pod, min, max, node, taint) {
    return this.kubelets.expectDeletedAfterTaint(
      pod,
      node,
      taint,
      min,
      max,
      "the pod's tolerationSeconds for the taint, counted by the taint-eviction controller from when it saw the taint",
    );
  },
);

/**
 * Waits for a pod matching the selector that is not being deleted and not named yet (a
 * controller's new pod), and names it: `${pods.<alias>.name}` is its generated name.
 */
Then(
  'a new pod matching label selector {string} appears within {duration}, called {string}',
  function (selector, d, alias) {
    return this.nameNewPod(selector, d, alias);
  },
);
