/**
 * Logical test images and their default references. A `localhost/` registry name can never be
 * pulled, so a cluster either has the image we built and loaded, or fails visibly; nothing is
 * fetched from outside. Scenarios refer to images only by logical name (see resolveImageMap).
 */
export const LOGICAL_IMAGES = {
  busybox: 'localhost/pod-conformance/busybox:1.35.0',
  pause: 'localhost/pod-conformance/pause:1.0',
  /** Upstream's e2e test server (netexec, liveness, grpc-health-checking, porter …), built from v1.35.4's source. */
  agnhost: 'localhost/pod-conformance/agnhost:2.59',
} as const;

export type LogicalImage = keyof typeof LOGICAL_IMAGES;

export const LOGICAL_IMAGE_NAMES = Object.keys(LOGICAL_IMAGES) as LogicalImage[];

/**
 * Upstream's public images that ours stand in for, at the versions Kubernetes v1.35.4's e2e uses
 * (test/utils/image/manifest.go): what `POD_CONFORMANCE_IMAGE_MAP=upstream` maps every logical
 * image to, for clusters that pull instead of loading our archives.
 */
export const UPSTREAM_IMAGES: Record<LogicalImage, string> = {
  busybox: 'registry.k8s.io/e2e-test-images/busybox:1.37.0-1',
  pause: 'registry.k8s.io/pause:3.10.1',
  agnhost: 'registry.k8s.io/e2e-test-images/agnhost:2.59',
};

export function isLogicalImage(name: string): name is LogicalImage {
  return Object.hasOwn(LOGICAL_IMAGES, name);
}

/** Splits `registry/path/name:tag` (or `…@sha256:…`) into its repository and tag or digest. */
export function splitReference(ref: string): { repository: string; tag?: string; digest?: string } {
  const at = ref.indexOf('@');
  if (at >= 0) {
    return { repository: ref.slice(0, at), digest: ref.slice(at + 1) };
  }
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) {
    return { repository: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  }
  return { repository: ref };
}
