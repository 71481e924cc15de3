/**
 * OCI image-layout construction (image-spec v1.1): pure functions from a layer to the files of
 * the layout. The JSON is built with a fixed key order and no timestamps, so the same layer always
 * yields the same digests.
 */
import { createHash } from 'node:crypto';
import { splitReference } from './refs.ts';

export const MEDIA_TYPE = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

/** containerd's import names the image after this annotation (it wins over ref.name). */
export const ANNOTATION_CONTAINERD_NAME = 'io.containerd.image.name';
export const ANNOTATION_REF_NAME = 'org.opencontainers.image.ref.name';

export interface Platform {
  architecture: string;
  os: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform;
}

/** The runtime part of the image config (OCI "config" object). */
export interface ContainerConfig {
  Entrypoint?: string[];
  Cmd?: string[];
  Env?: string[];
  User?: string;
  WorkingDir?: string;
  Labels?: Record<string, string>;
}

export interface LayoutFile {
  path: string;
  bytes: Buffer;
}

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function describe(mediaType: string, bytes: Uint8Array): Descriptor {
  return { mediaType, digest: sha256Digest(bytes), size: bytes.byteLength };
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

export function imageConfigJson(input: { platform: Platform; config: ContainerConfig; diffIds: string[] }): Buffer {
  return json({
    architecture: input.platform.architecture,
    os: input.platform.os,
    config: input.config,
    rootfs: { type: 'layers', diff_ids: input.diffIds },
  });
}

export function manifestJson(config: Descriptor, layers: Descriptor[]): Buffer {
  return json({ schemaVersion: 2, mediaType: MEDIA_TYPE.manifest, config, layers });
}

/**
 * The index names the image twice: `io.containerd.image.name` carries the full reference (what
 * `ctr images import` and therefore `kind load image-archive` use), and the OCI
 * `org.opencontainers.image.ref.name` carries the tag, as the image-layout spec recommends.
 */
export function indexJson(manifest: Descriptor, ref: string, platform: Platform): Buffer {
  const { tag } = splitReference(ref);
  if (!tag) throw new Error(`image reference ${ref} has no tag`);
  return json({
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.index,
    manifests: [
      {
        ...manifest,
        annotations: { [ANNOTATION_CONTAINERD_NAME]: ref, [ANNOTATION_REF_NAME]: tag },
        platform,
      },
    ],
  });
}

export const OCI_LAYOUT = json({ imageLayoutVersion: '1.0.0' });

function blobPath(digest: string): string {
  return `blobs/${digest.replace(':', '/')}`;
}

/**
 * All files of a one-layer image layout. `layerTar` is the uncompressed layer (its digest is the
 * diff_id); `layerGzip` is what is stored and referenced from the manifest.
 */
export function imageLayout(input: {
  ref: string;
  platform: Platform;
  config: ContainerConfig;
  layerTar: Uint8Array;
  layerGzip: Buffer;
}): { files: LayoutFile[]; manifestDigest: string } {
  const layer = describe(MEDIA_TYPE.layerGzip, input.layerGzip);
  const configBytes = imageConfigJson({
    platform: input.platform,
    config: input.config,
    diffIds: [sha256Digest(input.layerTar)],
  });
  const config = describe(MEDIA_TYPE.config, configBytes);
  const manifestBytes = manifestJson(config, [layer]);
  const manifest = describe(MEDIA_TYPE.manifest, manifestBytes);
  return {
    manifestDigest: manifest.digest,
    files: [
      { path: 'oci-layout', bytes: OCI_LAYOUT },
      { path: 'index.json', bytes: indexJson(manifest, input.ref, input.platform) },
      { path: blobPath(manifest.digest), bytes: manifestBytes },
      { path: blobPath(config.digest), bytes: configBytes },
      { path: blobPath(layer.digest), bytes: input.layerGzip },
    ],
  };
}
