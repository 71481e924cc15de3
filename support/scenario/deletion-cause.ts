/**
 * When a step fails because something outside the scenario deleted its namespace or one of its
 * pods (a person, a cleanup, another run), the failure says so first: "did not stay Running:
 * observed Failed" alone sends people looking for a kubelet bug.
 */
import type { KubeClients } from '../kube/clients.ts';
import { isNotFound } from '../kube/errors.ts';
import type { PodRecorder } from '../pods/recorder.ts';
import type { PodSnapshot } from '../pods/snapshot.ts';

export interface DeletionWitness {
  clients: KubeClients;
  namespace: string;
  recorder?: PodRecorder;
  /** Pods the scenario's own steps deleted. */
  deletedByScenario: ReadonlySet<string>;
  /**
   * Nodes whose kubelet the scenario stopped: the taint-eviction controller's deletion of a pod on
   * one of them (DisruptionTarget, DeletionByTaintManager) is what the scenario caused.
   */
  stoppedNodes?: ReadonlySet<string>;
}

/** One sentence naming what was deleted from outside, or undefined when nothing was. */
export async function outsideDeletion(w: DeletionWitness): Promise<string | undefined> {
  try {
    const ns = await w.clients.http.request<{ metadata?: { deletionTimestamp?: string } }>(
      'GET',
      `/api/v1/namespaces/${w.namespace}`,
      { timeoutMs: 5_000 },
    );
    const since = ns.metadata?.deletionTimestamp;
    if (since)
      return `the scenario's namespace ${w.namespace} was deleted at ${since} by something outside the scenario`;
  } catch (err) {
    if (isNotFound(err)) return `the scenario's namespace ${w.namespace} was deleted by something outside the scenario`;
    return undefined; // the API cannot tell: say nothing rather than guess
  }
  for (const name of w.recorder?.podNames() ?? []) {
    if (w.deletedByScenario.has(name)) continue;
    const timeline = w.recorder?.timeline(name) ?? [];
    if (evictedFromStoppedNode(timeline, w.stoppedNodes)) continue;
    const deleted = timeline.find((s) => s.deletionTimestamp || s.via === 'DELETED');
    if (deleted)
      return `pod "${name}" was deleted${deleted.deletionTimestamp ? ` at ${deleted.deletionTimestamp}` : ''} by something outside the scenario (no step deleted it)`;
  }
  return undefined;
}

/** The pod was on a node the scenario stopped and the taint-eviction controller deleted it. */
export function evictedFromStoppedNode(
  timeline: readonly PodSnapshot[],
  stopped: ReadonlySet<string> | undefined,
): boolean {
  return timeline.some(
    (s) =>
      !!s.nodeName && !!stopped?.has(s.nodeName) && s.conditions.DisruptionTarget?.reason === 'DeletionByTaintManager',
  );
}

/** Puts the cause in front of the error's first line (the one the console and summary show). */
export function withCause(err: unknown, cause: string): unknown {
  if (!(err instanceof Error)) return err;
  const original = err.message;
  // V8 formats the stack on first read: read it before the message changes.
  const stack = err.stack;
  err.message = `${cause}; so: ${original}`;
  if (stack) err.stack = stack.replace(original, err.message);
  return err;
}
