/**
 * The cluster's own nodes as scenarios may use them: read, never changed. A scenario names a
 * schedulable node (`Given a schedulable node "target"`) and targets it through the facts the
 * node already has (name, kubernetes.io/hostname label, InternalIP), so it needs no label or
 * taint of its own and leaves the node as it found it.
 */
import type { V1Node } from '@kubernetes/client-node';
import { ConformanceAssertionError } from '../assert.ts';
import type { NodeFacts } from '../manifest.ts';

/** Ready, not cordoned, and without a taint that keeps ordinary pods away. */
export function isSchedulable(node: V1Node): boolean {
  return (
    !node.spec?.unschedulable &&
    (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') &&
    !(node.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')
  );
}

export function factsOf(node: V1Node): NodeFacts {
  const name = node.metadata?.name ?? '';
  const hostname = node.metadata?.labels?.['kubernetes.io/hostname'];
  const addresses = node.status?.addresses ?? [];
  const ip = (addresses.find((a) => a.type === 'InternalIP') ?? addresses.find((a) => a.type === 'ExternalIP'))
    ?.address;
  if (!hostname || !ip) {
    throw new ConformanceAssertionError(
      `node "${name}": expected a kubernetes.io/hostname label and an InternalIP address, observed label ${JSON.stringify(hostname ?? null)}, addresses ${JSON.stringify(addresses)}`,
    );
  }
  return { name, hostname, ip };
}

/** The first schedulable node (by name) that the scenario has not named yet. */
export function pickNode(nodes: V1Node[], alreadyNamed: Iterable<NodeFacts>): NodeFacts {
  const taken = new Set([...alreadyNamed].map((n) => n.name));
  const schedulable = nodes
    .filter(isSchedulable)
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  const free = schedulable.find((n) => !taken.has(n.metadata?.name ?? ''));
  if (!free) {
    throw new ConformanceAssertionError(
      `schedulable node: expected one not yet named by this scenario, observed ${schedulable.length} schedulable of ${nodes.length} node(s), named already: ${[...taken].join(', ') || 'none'} (tag the scenario @capability:multinode if it needs several)`,
    );
  }
  return factsOf(free);
}
