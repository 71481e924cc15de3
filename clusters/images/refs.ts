/**
 * Logical test images and their default references. A `localhost/` registry name can never be
 * pulled, so a cluster either has the image we built and loaded, or fails visibly; nothing is
 * fetched from outside. Scenarios refer to images only by logical name (see resolveImageMap).
 */

/** The images we build (clusters/images/build.ts) and load into the cluster. */
export const BUILT_IMAGES = {
  busybox: 'localhost/pod-conformance/busybox:1.35.0',
  pause: 'localhost/pod-conformance/pause:1.0',
  /** Upstream's e2e test server (netexec, liveness, grpc-health-checking, porter …), built from v1.35.4's source. */
  agnhost: 'localhost/pod-conformance/agnhost:2.59',
} as const;

export type BuiltImageName = keyof typeof BUILT_IMAGES;

/**
 * The suite itself as an image (runner.ts), for `run --in-cluster`: built and loaded only by that
 * command, never by a run from the host. The tag stays; a changed build replaces the image under it
 * (the providers compare digests when they load), and the image map's `runner` key points it at a
 * registry copy.
 */
export const RUNNER_IMAGE = 'localhost/pod-conformance/runner:0.1';

export const BUILT_IMAGE_NAMES = Object.keys(BUILT_IMAGES) as BuiltImageName[];

/**
 * The registries a provider runs on the node's loopback for the image-pull behaviours, plain
 * HTTP: `public` answers anyone, `private` only these credentials (htpasswd). Like upstream's
 * registry for its pull tests, the credentials are fixed and public: they guard nothing but the
 * difference between a pull with an imagePullSecret and one without.
 */
export const LOOPBACK_REGISTRIES = {
  public: { host: '127.0.0.1:15000' },
  private: { host: '127.0.0.1:15001', credentials: { username: 'pod-conformance', password: 'pod-conformance' } },
} as const;

export type RegistryName = keyof typeof LOOPBACK_REGISTRIES;

/**
 * Where no registry is: a closed port on the node's loopback (port 1, tcpmux, which nothing
 * serves), so a pull fails with a refused connection and never asks a DNS server or leaves the
 * node, as upstream's invalid-registry image (a DNS name that does not resolve) would.
 */
export const CLOSED_REGISTRY = '127.0.0.1:1';

/** A built image under a registry: the same repository path and tag, another registry host. */
export function inRegistry(image: BuiltImageName, host: string): string {
  return BUILT_IMAGES[image].replace(/^localhost\//, `${host}/`);
}

/**
 * Images pulled from a registry: the same image as a built one, pushed at cluster up into the
 * registry that serves it (see REGISTRY_SOURCES), and one that must fail to pull.
 */
export const REGISTRY_IMAGES = {
  registryBusybox: inRegistry('busybox', LOOPBACK_REGISTRIES.public.host),
  privateRegistryBusybox: inRegistry('busybox', LOOPBACK_REGISTRIES.private.host),
  invalidRegistryBusybox: inRegistry('busybox', CLOSED_REGISTRY),
} as const;

export type RegistryImageName = keyof typeof REGISTRY_IMAGES;

/** What is pushed where for each registry image (the invalid one is pushed nowhere). */
export const REGISTRY_SOURCES: Partial<Record<RegistryImageName, { image: BuiltImageName; registry: RegistryName }>> = {
  registryBusybox: { image: 'busybox', registry: 'public' },
  privateRegistryBusybox: { image: 'busybox', registry: 'private' },
};

export const LOGICAL_IMAGES = { ...BUILT_IMAGES, ...REGISTRY_IMAGES } as const;

export type LogicalImage = keyof typeof LOGICAL_IMAGES;

export const LOGICAL_IMAGE_NAMES = Object.keys(LOGICAL_IMAGES) as LogicalImage[];

/**
 * Upstream's public images that ours stand in for, at the versions Kubernetes v1.35.4's e2e uses
 * (test/utils/image/manifest.go): what `POD_CONFORMANCE_IMAGE_MAP=upstream` maps every built
 * image to, for clusters that pull instead of loading our archives.
 */
export const UPSTREAM_IMAGES: Record<BuiltImageName, string> = {
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
