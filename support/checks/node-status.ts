/**
 * What a Node object says about its health: its conditions (Ready True/False/Unknown, with when
 * they last changed and when the kubelet last reported them), its taints (the node lifecycle
 * controller's `node.kubernetes.io/unreachable:NoExecute`, with when it was added), and the
 * intervals the node-failure scenarios hold between those cluster timestamps.
 */
import { ScenarioError, fail, quote } from '../assert.ts';

export interface NodeJson {
  metadata?: { name?: string };
  spec?: { taints?: { key: string; value?: string; effect: string; timeAdded?: string }[] };
  status?: {
    conditions?: {
      type: string;
      status: string;
      reason?: string;
      lastTransitionTime?: string;
      lastHeartbeatTime?: string;
    }[];
  };
}

export interface Taint {
  key: string;
  effect: string;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** `node.kubernetes.io/unreachable:NoExecute` → key and effect; anything else is a scenario error. */
export function parseTaint(text: string): Taint {
  const at = text.lastIndexOf(':');
  const [key, effect] = [text.slice(0, at), text.slice(at + 1)];
  if (at <= 0 || !EFFECTS.includes(effect)) {
    throw new ScenarioError(
      `taint "${text}": write it as <key>:<effect>, the effect one of ${EFFECTS.join(', ')} (node.kubernetes.io/unreachable:NoExecute)`,
    );
  }
  return { key, effect };
}

export function conditionOf(node: NodeJson | undefined, type: string) {
  return node?.status?.conditions?.find((c) => c.type === type);
}

export function taintOf(node: NodeJson | undefined, taint: Taint) {
  return node?.spec?.taints?.find((t) => t.key === taint.key && t.effect === taint.effect);
}

/** `Ready "Unknown" (reason NodeStatusUnknown) since 11:02:03Z; taints unreachable:NoExecute …`: for messages. */
export function describeNode(node: NodeJson | undefined): string {
  if (!node) return 'no such node';
  const conditions = (node.status?.conditions ?? [])
    .filter((c) => c.type === 'Ready')
    .map(
      (c) => `Ready ${quote(c.status)}${c.reason ? ` (reason ${c.reason})` : ''} since ${c.lastTransitionTime ?? '?'}`,
    );
  const taints = (node.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`);
  return `${conditions.join(', ') || 'no Ready condition'}; taints ${taints.join(', ') || 'none'}`;
}

/** Seconds from `from` to `to` (cluster timestamps), or a failure naming the missing one. */
export function secondsBetween(
  subject: string,
  from: { label: string; at?: string },
  to: { label: string; at?: string },
): number {
  if (!from.at || !to.at) {
    fail(`${subject}: expected both timestamps, observed ${from.label} ${quote(from.at)}, ${to.label} ${quote(to.at)}`);
  }
  return (Date.parse(to.at) - Date.parse(from.at)) / 1000;
}

/** The later of two timestamps (either may be missing). */
export function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/**
 * When the API server accepted the pod's deletion: deletionTimestamp is that moment plus the
 * grace period it was given (deletionGracePeriodSeconds).
 */
export function deletionRequestedAt(
  metadata: { deletionTimestamp?: string; deletionGracePeriodSeconds?: number } | undefined,
): string | undefined {
  if (!metadata?.deletionTimestamp) return undefined;
  return new Date(
    Date.parse(metadata.deletionTimestamp) - (metadata.deletionGracePeriodSeconds ?? 0) * 1000,
  ).toISOString();
}
