/**
 * The image map: logical image name → reference. By default every logical image is the one we
 * build; a YAML file named by POD_CONFORMANCE_IMAGE_MAP can point names at images the cluster can
 * pull instead, e.g.
 *
 *   busybox: registry.k8s.io/e2e-test-images/busybox:1.37.0-1
 *   pause: registry.k8s.io/pause:3.10.1
 *
 * `POD_CONFORMANCE_IMAGE_MAP=upstream` instead of a file maps every logical image to upstream's
 * public image it stands in for (UPSTREAM_IMAGES). A mapped image is neither built nor loaded.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ClusterError } from '../provider.ts';
import { firstLine } from '../shared/text.ts';
import {
  LOGICAL_IMAGE_NAMES,
  LOGICAL_IMAGES,
  UPSTREAM_IMAGES,
  isLogicalImage,
  splitReference,
  type LogicalImage,
} from './refs.ts';

export const IMAGE_MAP_ENV = 'POD_CONFORMANCE_IMAGE_MAP';

/** The value of IMAGE_MAP_ENV that names no file but upstream's public images. */
export const UPSTREAM_MAP = 'upstream';

export type ImageMap = Record<LogicalImage, string>;

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}

/** Why ref is not usable as a pinned image reference, or undefined when it is. */
export function referenceProblem(ref: string): string | undefined {
  if (ref.trim() === '' || /\s/.test(ref)) return 'is empty or contains whitespace';
  const { repository, tag, digest } = splitReference(ref);
  if (!repository) return 'has no repository';
  if (digest !== undefined) return /^sha256:[0-9a-f]{64}$/.test(digest) ? undefined : 'has a malformed digest';
  if (tag === undefined) return 'has no tag (pin a tag other than latest, or a digest)';
  if (tag === 'latest') return 'uses :latest (pin a version tag or a digest)';
  return undefined;
}

/** Parses the map file's text; every problem is a one-line ClusterError naming file and key. */
export function parseImageMap(text: string, file: string): Partial<ImageMap> {
  const remedy = `fix ${file} (named by ${IMAGE_MAP_ENV})`;
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    const reason = firstLine(error);
    throw new ClusterError(`image map ${file} is not valid YAML: ${reason}; ${remedy}`);
  }
  if (document === null || document === undefined) return {};
  if (typeof document !== 'object' || Array.isArray(document)) {
    throw new ClusterError(
      `image map ${file} must be a mapping of logical image name to reference, got ${describeValue(document)}; ${remedy}`,
    );
  }
  const map: Partial<ImageMap> = {};
  for (const [key, value] of Object.entries(document)) {
    if (!isLogicalImage(key)) {
      throw new ClusterError(
        `image map ${file}: unknown key "${key}" (known: ${LOGICAL_IMAGE_NAMES.join(', ')}); ${remedy}`,
      );
    }
    if (typeof value !== 'string') {
      throw new ClusterError(
        `image map ${file}: key "${key}" must be an image reference string, got ${describeValue(value)}; ${remedy}`,
      );
    }
    const problem = referenceProblem(value);
    if (problem) {
      throw new ClusterError(`image map ${file}: key "${key}" reference "${value}" ${problem}; ${remedy}`);
    }
    map[key] = value;
  }
  return map;
}

/**
 * Logical name → reference: the defaults, overridden by the file named in POD_CONFORMANCE_IMAGE_MAP
 * (or all of them by upstream's public images when it says `upstream`).
 */
export function resolveImageMap(env: NodeJS.ProcessEnv = process.env): ImageMap {
  const file = env[IMAGE_MAP_ENV];
  if (!file) return { ...LOGICAL_IMAGES };
  if (file === UPSTREAM_MAP) return { ...UPSTREAM_IMAGES };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ClusterError(`cannot read image map ${file} (${code}); fix or unset ${IMAGE_MAP_ENV}`);
  }
  return { ...LOGICAL_IMAGES, ...parseImageMap(text, file) };
}

/** Logical images that still point at our own build: the ones to build and load. */
export function locallyBuiltImages(map: ImageMap): LogicalImage[] {
  return LOGICAL_IMAGE_NAMES.filter((name) => map[name] === LOGICAL_IMAGES[name]);
}
