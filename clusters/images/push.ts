/**
 * Pushes one of our OCI archives into a registry over the OCI distribution API, with no container
 * engine: the blobs the registry lacks (HEAD, then a monolithic upload: POST, then PUT with the
 * digest), then the manifest under its tag. Written here rather than built from a Go tool (crane)
 * because our archives are our own one-manifest layouts, the protocol for them is five requests,
 * and a tool would be one more Go build on a cold machine. Only plain HTTP to the node's loopback
 * registries is used (see LOOPBACK_REGISTRIES); credentials go as Basic auth, which the
 * distribution registry's htpasswd auth accepts.
 */
import { readFile } from 'node:fs/promises';
import { ClusterError, type Progress } from '../provider.ts';
import type { RegistryPush } from './image-map.ts';
import { ANNOTATION_CONTAINERD_NAME, sha256Digest, type Descriptor } from './oci.ts';
import { LOOPBACK_REGISTRIES, splitReference, type RegistryImageName } from './refs.ts';

/** The files of a ustar archive (regular files only), by path. */
export function readTar(bytes: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let at = 0;
  while (at + 512 <= bytes.length) {
    const header = bytes.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('latin1')
        .replace(/\0.*$/s, '');
    const name = field(0, 100);
    const prefix = field(345, 155);
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const path = (prefix ? `${prefix}/${name}` : name).replace(/^\.\//, '');
    if (type === '0' || type === '') files.set(path, bytes.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** The image an archive holds: the name containerd gives it on import, and its manifest digest. */
export function archivedImage(files: Map<string, Buffer>, archive: string): { name: string; digest: string } {
  const index = files.get('index.json');
  if (!index) throw new ClusterError(`${archive} is not an OCI image layout (no index.json)`);
  const [descriptor, ...more] = (JSON.parse(index.toString('utf8')) as { manifests?: Descriptor[] }).manifests ?? [];
  const name = descriptor?.annotations?.[ANNOTATION_CONTAINERD_NAME];
  if (!descriptor || more.length > 0 || !name) {
    throw new ClusterError(`${archive} does not hold the one named image a test archive has; build it again`);
  }
  return { name, digest: descriptor.digest };
}

export interface ImageContent {
  manifest: { mediaType: string; bytes: Buffer; digest: string };
  /** Config and layers, in the manifest's order. */
  blobs: Array<{ digest: string; bytes: Buffer }>;
}

/** The manifest and blobs of a one-image OCI layout archive, every digest checked. */
export function imageContent(files: Map<string, Buffer>, archive: string): ImageContent {
  const blob = (digest: string): Buffer => {
    const bytes = files.get(`blobs/${digest.replace(':', '/')}`);
    if (!bytes) throw new ClusterError(`${archive} lacks blob ${digest}; build it again (npm run images:build)`);
    if (sha256Digest(bytes) !== digest) {
      throw new ClusterError(`${archive}: blob ${digest} does not match its digest; build it again`);
    }
    return bytes;
  };
  const index = files.get('index.json');
  if (!index) throw new ClusterError(`${archive} is not an OCI image layout (no index.json)`);
  const manifests = (JSON.parse(index.toString('utf8')) as { manifests?: Descriptor[] }).manifests ?? [];
  if (manifests.length !== 1) {
    throw new ClusterError(`${archive} holds ${manifests.length} manifests, not the one image a test archive has`);
  }
  const descriptor = manifests[0]!;
  const bytes = blob(descriptor.digest);
  const manifest = JSON.parse(bytes.toString('utf8')) as { config: Descriptor; layers: Descriptor[] };
  return {
    manifest: { mediaType: descriptor.mediaType, bytes, digest: descriptor.digest },
    blobs: [manifest.config, ...manifest.layers].map((d) => ({ digest: d.digest, bytes: blob(d.digest) })),
  };
}

/** The label that makes a registry's copy of a test image an image of its own. */
export const REGISTRY_COPY_LABEL = 'io.pod-conformance.registry-copy';

/**
 * The copy of an image that a loopback registry serves: the same layers, its config labelled with
 * the reference it is pushed to, so it has an image ID of its own. The kubelet records which
 * image IDs it pulled with which credentials; a registry copy sharing the ID of an image the
 * cluster has preloaded would make that preloaded image "pulled with a Secret", and every pod that
 * uses it without the Secret would have it pulled again (ErrImagePull from a name no registry serves).
 */
export function registryCopy(content: ImageContent, ref: string): ImageContent {
  const [config, ...layers] = content.blobs;
  if (!config) throw new ClusterError(`pushing ${ref}: the image has no config`);
  const image = JSON.parse(config.bytes.toString('utf8')) as { config?: { Labels?: Record<string, string> } };
  image.config = { ...image.config, Labels: { ...image.config?.Labels, [REGISTRY_COPY_LABEL]: ref } };
  const configBytes = Buffer.from(JSON.stringify(image));
  const configDigest = sha256Digest(configBytes);
  const manifest = JSON.parse(content.manifest.bytes.toString('utf8')) as { config: Descriptor };
  manifest.config = { ...manifest.config, digest: configDigest, size: configBytes.length };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  return {
    manifest: { mediaType: content.manifest.mediaType, bytes: manifestBytes, digest: sha256Digest(manifestBytes) },
    blobs: [{ digest: configDigest, bytes: configBytes }, ...layers],
  };
}

export interface Credentials {
  username: string;
  password: string;
}

/** `127.0.0.1:15000/pod-conformance/busybox:1.35.0` → its registry, repository path and tag. */
export function pushTarget(ref: string): { registry: string; repository: string; tag: string } {
  const { repository, tag } = splitReference(ref);
  const slash = repository.indexOf('/');
  const registry = repository.slice(0, slash);
  if (slash < 0 || !/[.:]/.test(registry) || !tag) {
    throw new ClusterError(`cannot push to ${ref}: name a registry host and a tag (host:port/path:tag)`);
  }
  return { registry, repository: repository.slice(slash + 1), tag };
}

export type Fetch = typeof fetch;

/** What a push did: blobs uploaded and blobs the registry had already. */
export interface PushReport {
  ref: string;
  digest: string;
  uploaded: number;
  present: number;
}

/**
 * Pushes the registry copy (registryCopy) of the image in `archive` to `ref` (plain HTTP); resolves
 * once the registry stored its manifest.
 */
export async function pushArchive(
  archive: string,
  ref: string,
  credentials?: Credentials,
  fetchImpl: Fetch = fetch,
): Promise<PushReport> {
  const content = registryCopy(imageContent(readTar(await readFile(archive)), archive), ref);
  const { registry, repository, tag } = pushTarget(ref);
  const base = `http://${registry}/v2/${repository}`;
  const auth: Record<string, string> = credentials
    ? { Authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` }
    : {};
  const send = async (method: string, url: string, expect: number[], headers = {}, body?: Buffer) => {
    let response: Response;
    try {
      response = await fetchImpl(url, { method, headers: { ...auth, ...headers }, body, redirect: 'manual' });
    } catch (error) {
      const inner = (error as { cause?: { code?: string; message?: string } }).cause;
      const cause = inner?.code ?? inner?.message ?? (error as Error).message;
      throw new ClusterError(
        `pushing ${ref}: ${method} ${url} failed (${cause}); is the registry on ${registry} running?`,
      );
    }
    if (!expect.includes(response.status)) {
      const text = (await response.text()).trim().split('\n')[0]?.slice(0, 200);
      const why =
        response.status === 401 ? (credentials ? 'credentials refused' : 'the registry wants credentials') : text;
      throw new ClusterError(`pushing ${ref}: ${method} ${url} answered ${response.status} (${why})`);
    }
    return response;
  };
  let uploaded = 0;
  for (const blob of content.blobs) {
    const head = await send('HEAD', `${base}/blobs/${blob.digest}`, [200, 404]);
    if (head.status === 200) continue;
    const started = await send('POST', `${base}/blobs/uploads/`, [202]);
    const location = started.headers.get('location');
    if (!location) throw new ClusterError(`pushing ${ref}: the registry started an upload without a Location`);
    const upload = new URL(location, base);
    upload.searchParams.set('digest', blob.digest);
    await send('PUT', upload.toString(), [201], { 'Content-Type': 'application/octet-stream' }, blob.bytes);
    uploaded++;
  }
  const stored = await send(
    'PUT',
    `${base}/manifests/${tag}`,
    [201],
    { 'Content-Type': content.manifest.mediaType },
    content.manifest.bytes,
  );
  const digest = stored.headers.get('docker-content-digest');
  if (digest && digest !== content.manifest.digest) {
    throw new ClusterError(`pushing ${ref}: the registry stored manifest ${digest}, not ${content.manifest.digest}`);
  }
  return { ref, digest: content.manifest.digest, uploaded, present: content.blobs.length - uploaded };
}

/**
 * Pushes each registry image into its loopback registry (with the private one's credentials),
 * saying what it did; resolves to the names pushed. A registry that should run and refuses is a
 * broken cluster, not a missing capability: the error stops the run.
 */
export async function pushRegistryImages(
  pushes: RegistryPush[],
  progress: Progress,
  fetchImpl: Fetch = fetch,
): Promise<RegistryImageName[]> {
  const pushed: RegistryImageName[] = [];
  for (const push of pushes) {
    const { registry } = pushTarget(push.ref);
    const served = Object.values(LOOPBACK_REGISTRIES).find((r) => r.host === registry);
    const credentials = served && 'credentials' in served ? served.credentials : undefined;
    const report = await pushArchive(push.archive, push.ref, credentials, fetchImpl);
    progress.done(
      `image ${push.name}: pushed ${push.ref} (${report.uploaded} blob(s) uploaded, ${report.present} present)`,
    );
    pushed.push(push.name);
  }
  return pushed;
}
