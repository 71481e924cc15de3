/**
 * Where a pod runs, as the cluster reports it: the node it is bound to (spec.nodeName, written by
 * the scheduler's Binding or the pod's creator) and the address of the node whose kubelet runs it
 * (status.hostIP, written by that kubelet). Both must name the same node: the binding alone says
 * only where the pod was sent, the hostIP that the node's kubelet took it.
 */
import { fail, quote } from '../assert.ts';
import type { PodSnapshot } from '../pods/snapshot.ts';

export interface Placement {
  pod: string;
  /** spec.nodeName */
  node?: string;
  /** status.hostIP */
  hostIP?: string;
}

export interface NodeAddress {
  name: string;
  /** The node's InternalIP (else ExternalIP), as support/checks/nodes.ts factsOf reads it. */
  ip: string;
}

export function placementOf(pod: string, snapshot: PodSnapshot | undefined): Placement {
  return { pod, node: snapshot?.nodeName, hostIP: snapshot?.pod.status?.hostIP };
}

const seen = (p: Placement) => `spec.nodeName ${quote(p.node)}, status.hostIP ${quote(p.hostIP)}`;

/** The pod is bound to the node and that node's kubelet reports running it (its address as hostIP). */
export function expectOnNode(p: Placement, node: NodeAddress): void {
  if (p.node === node.name && p.hostIP === node.ip) return;
  fail(
    `pod ${quote(p.pod)}: expected to run on node ${quote(node.name)} (spec.nodeName ${quote(node.name)}, status.hostIP ${quote(node.ip)}), observed ${seen(p)}`,
  );
}

/** The pod runs (is bound, and a kubelet reports it) on a node other than this one. */
export function expectNotOnNode(p: Placement, node: NodeAddress): void {
  if (p.node && p.hostIP && p.node !== node.name && p.hostIP !== node.ip) return;
  fail(
    `pod ${quote(p.pod)}: expected to run on a node other than ${quote(node.name)} (address ${node.ip}), observed ${seen(p)}`,
  );
}

/** Both pods run, on one node (`same`) or on two different ones; each needs a node and a hostIP. */
export function expectRelativePlacement(a: Placement, b: Placement, same: boolean): void {
  const wanted = same ? 'on the same node' : 'on different nodes';
  const both = `pod ${quote(a.pod)}: ${seen(a)}; pod ${quote(b.pod)}: ${seen(b)}`;
  if (!a.node || !a.hostIP || !b.node || !b.hostIP) {
    fail(`pods ${quote(a.pod)} and ${quote(b.pod)}: expected both running ${wanted}, observed ${both}`);
  }
  const together = a.node === b.node && a.hostIP === b.hostIP;
  const apart = a.node !== b.node && a.hostIP !== b.hostIP;
  if (same ? together : apart) return;
  fail(`pods ${quote(a.pod)} and ${quote(b.pod)}: expected ${wanted}, observed ${both}`);
}
