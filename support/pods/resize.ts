/**
 * An in-place resize, as the node reports it done: the state "resized" (`pod "p" becomes resized
 * within 1 minute`). The spec holds what was asked (the `resize` subresource changed it); the node
 * answers in the status, container by container: allocatedResources (what it admitted) and
 * resources (what the runtime applied), with the conditions PodResizePending (not admitted yet,
 * or Deferred / Infeasible) and PodResizeInProgress (admitted, not yet applied) while it works.
 */
import type { V1ResourceRequirements } from '@kubernetes/client-node';
import { quote } from '../assert.ts';
import type { Jsonified, PodJson } from '../kube/json.ts';
import { sameQuantity } from '../kube/quantity.ts';
import type { Expectation, PodView } from './expectation.ts';
import { absence, deleted, finalPhase } from './expectation.ts';

/** The resources a resize can change, in the order mismatches are reported. */
export const RESIZABLE = ['cpu', 'memory'] as const;
export const RESIZE_CONDITIONS = ['PodResizePending', 'PodResizeInProgress'] as const;

type Resources = Jsonified<V1ResourceRequirements> | undefined;
type Amounts = Record<string, string> | undefined;

const amount = (q: string | undefined) => (q === undefined ? 'none' : quote(q));

/** `resources.requests.cpu: spec "25m", reported "20m"` for the first resizable amount that differs. */
function amountsDiffer(
  what: string,
  spec: Amounts,
  reported: Amounts,
  labels = ['spec', 'reported'],
): string | undefined {
  for (const resource of RESIZABLE) {
    const [want, got] = [spec?.[resource], reported?.[resource]];
    if (!sameQuantity(want, got))
      return `${what}.${resource}: ${labels[0]} ${amount(want)}, ${labels[1]} ${amount(got)}`;
  }
  return undefined;
}

/** The first difference between a container's spec resources and what its status reports, if any. */
export function resourcesDiffer(spec: Resources, reported: Resources): string | undefined {
  return (
    amountsDiffer('resources.requests', spec?.requests, reported?.requests) ??
    amountsDiffer('resources.limits', spec?.limits, reported?.limits)
  );
}

/** The containers a resize applies to: app containers and sidecars (restartable init containers). */
function resizable(pod: PodJson) {
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return [...sidecars, ...(pod.spec?.containers ?? [])].map((c) => ({
    name: c.name,
    spec: c.resources,
    status: statuses.find((s) => s.name === c.name),
  }));
}

/** Why the resize is not done in this state of the pod (undefined: it is done). */
export function resizeOutstanding(pod: PodJson): string | undefined {
  for (const c of resizable(pod)) {
    if (!c.status) return `container "${c.name}": no status reported`;
    const reported = resourcesDiffer(c.spec, c.status.resources);
    if (reported) return `container "${c.name}" status ${reported}`;
    const allocated = amountsDiffer('allocatedResources', c.spec?.requests, c.status.allocatedResources, [
      'requests',
      'allocated',
    ]);
    if (allocated) return `container "${c.name}" status ${allocated}`;
  }
  const conditions = pod.status?.conditions ?? [];
  for (const type of RESIZE_CONDITIONS) {
    const c = conditions.find((x) => x.type === type);
    if (c)
      return `condition ${type} is ${quote(c.status)}${c.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ''})` : ''}`;
  }
  const [generation, observed] = [pod.metadata?.generation, pod.status?.observedGeneration];
  if (generation !== undefined && observed !== undefined && observed < generation) {
    return `status.observedGeneration ${observed}: the kubelet has not acted on generation ${generation} yet`;
  }
  const ready = conditions.find((x) => x.type === 'Ready')?.status;
  if (ready !== 'True') return `condition Ready is ${ready === undefined ? 'not reported' : quote(ready)}`;
  return undefined;
}

/** A resize the kubelet will not do: PodResizePending with reason Infeasible. */
function infeasible(v: PodView): string | undefined {
  const pending = v.snapshot?.conditions.PodResizePending;
  return v.exists && pending?.reason === 'Infeasible'
    ? `the kubelet found the resize infeasible: ${pending.message ?? '(no message)'}`
    : undefined;
}

/**
 * The node has applied the pod's spec resources: every app and sidecar container reports
 * status.resources equal to its spec resources and allocatedResources equal to its requests (CPU
 * and memory, compared as amounts), no PodResizePending or PodResizeInProgress condition is left,
 * status.observedGeneration has caught up with metadata.generation, and the pod is Ready.
 */
export function resized(): Expectation {
  return {
    description: 'resized',
    holds: (v) => v.exists && !!v.snapshot && resizeOutstanding(v.snapshot.pod) === undefined,
    mismatch: (v) =>
      `resize: expected every container's status.resources and allocatedResources to match its spec, no resize condition and Ready, observed ${
        v.exists && v.snapshot ? (resizeOutstanding(v.snapshot.pod) ?? 'done') : absence(v)
      }`,
    impossible: (v) => deleted(v) ?? finalPhase(v) ?? infeasible(v),
  };
}
