/**
 * Why the runner pod will not start, read from its status as soon as the cluster says so: an image
 * that cannot be pulled (named, with the remedy), a pod the scheduler cannot place (its message),
 * a container that cannot be created, a pod that failed. Nothing here waits: the host polls and
 * asks again. A pod merely pending (scheduling, pulling, starting) is no trouble.
 */
import type { PodJson } from '../../support/kube/json.ts';

/** Waiting reasons that do not go away by waiting. */
const PULL_FAILURES = ['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName'];
const CREATE_FAILURES = ['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError'];
/** The scheduler retries; a pod it still cannot place after this long will not be placed soon. */
export const UNSCHEDULABLE_GRACE_MS = 10_000;

export interface TroubleContext {
  runnerImage: string;
  /** The runner image's archive when it was built here. */
  archive?: string;
}

/** What to do about an image the nodes do not have. */
export function imageRemedy(image: string, ctx: TroubleContext): string {
  if (image !== ctx.runnerImage)
    return `load it into the cluster (pod-conformance cluster images) or map it in POD_CONFORMANCE_IMAGE_MAP`;
  if (!ctx.archive)
    return `the image map (POD_CONFORMANCE_IMAGE_MAP) names it as "runner": push the runner image to that registry, or remove the entry to build and load ours`;
  return `import ${ctx.archive} on every node (ctr -n k8s.io images import, or kind load image-archive), or push it to a registry the cluster pulls from and name that copy as "runner" in POD_CONFORMANCE_IMAGE_MAP`;
}

export function podTrouble(pod: PodJson, elapsedMs: number, ctx: TroubleContext): string | undefined {
  const where = `pod ${pod.metadata?.namespace ?? '?'}/${pod.metadata?.name ?? '?'}`;
  for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const waiting = status.state?.waiting;
    if (!waiting?.reason) continue;
    const image = pod.spec?.containers.find((c) => c.name === status.name)?.image ?? status.image;
    if (PULL_FAILURES.includes(waiting.reason))
      return `${where}: container "${status.name}" cannot get image ${image} (${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}); ${imageRemedy(image ?? '', ctx)}`;
    if (CREATE_FAILURES.includes(waiting.reason))
      return `${where}: container "${status.name}" cannot be created (${waiting.reason}: ${waiting.message ?? 'no message'})`;
  }
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable' && elapsedMs >= UNSCHEDULABLE_GRACE_MS)
    return `${where} cannot be scheduled: ${scheduled.message ?? 'no node fits'}; free a node (its CPU or memory requests) or untaint one`;
  if (pod.status?.phase === 'Failed')
    return `${where} failed before the runner started: ${pod.status.reason ?? ''} ${pod.status.message ?? ''}`.trim();
  return undefined;
}
