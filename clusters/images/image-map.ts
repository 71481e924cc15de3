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
 * One more key, `runner`, names a copy of the runner image (`run --in-cluster`) the cluster can pull.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ClusterError } from '../provider.ts';
import { firstLine } from '../shared/text.ts';
import {
  BUILT_IMAGE_NAMES,
  BUILT_IMAGES,
  LOGICAL_IMAGE_NAMES,
  LOGICAL_IMAGES,
  REGISTRY_IMAGES,
  REGISTRY_SOURCES,
  RUNNER_IMAGE,
  UPSTREAM_IMAGES,
  isLogicalImage,
  splitReference,
  type BuiltImageName,
  type LogicalImage,
  type RegistryImageName,
} from './refs.ts';

export const IMAGE_MAP_ENV = 'POD_CONFORMANCE_IMAGE_MAP';

/** The value of IMAGE_MAP_ENV that names no file but upstream's public images. */
export const UPSTREAM_MAP = 'upstream';

export type ImageMap = Record<LogicalImage, string>;

/** The image map's key for the runner image (not a logical image: scenarios never run it). */
export const RUNNER_KEY = 'runner';

/** The images a run may use: every built one, the registry images the cluster serves. */
export type RunImages = Record<BuiltImageName, string> & Partial<Record<RegistryImageName, string>>;

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
export function parseImageMap(text: string, file: string): Partial<ImageMap> & { runner?: string } {
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
  const map: Partial<ImageMap> & { runner?: string } = {};
  for (const [key, value] of Object.entries(document)) {
    if (!isLogicalImage(key) && key !== RUNNER_KEY) {
      throw new ClusterError(
        `image map ${file}: unknown key "${key}" (known: ${[...LOGICAL_IMAGE_NAMES, RUNNER_KEY].join(', ')}); ${remedy}`,
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

/** What POD_CONFORMANCE_IMAGE_MAP overrides: the file's entries, every built image for `upstream`. */
function mappedEntries(env: NodeJS.ProcessEnv): Partial<ImageMap> {
  const { runner: _runner, ...logical } = mappedWithRunner(env);
  return logical;
}

/** The map file's entries, the runner's included. */
function mappedWithRunner(env: NodeJS.ProcessEnv): Partial<ImageMap> & { runner?: string } {
  const file = env[IMAGE_MAP_ENV];
  if (!file) return {};
  if (file === UPSTREAM_MAP) return { ...UPSTREAM_IMAGES };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ClusterError(`cannot read image map ${file} (${code}); fix or unset ${IMAGE_MAP_ENV}`);
  }
  return parseImageMap(text, file);
}

/**
 * Logical name → reference: the defaults, overridden by the file named in POD_CONFORMANCE_IMAGE_MAP
 * (or every built image by upstream's public one when it says `upstream`).
 */
export function resolveImageMap(env: NodeJS.ProcessEnv = process.env): ImageMap {
  return { ...LOGICAL_IMAGES, ...mappedEntries(env) };
}

/**
 * The runner image's reference: the image map's `runner` entry (a copy in a registry the cluster
 * pulls from), else ours (RUNNER_IMAGE), built and loaded by `run --in-cluster`. `upstream` has
 * no runner: upstream publishes none.
 */
export function resolveRunnerImage(env: NodeJS.ProcessEnv = process.env): string {
  return mappedWithRunner(env).runner ?? RUNNER_IMAGE;
}

/** Built images that still point at our own build: the ones to build and load. */
export function locallyBuiltImages(map: ImageMap): BuiltImageName[] {
  return BUILT_IMAGE_NAMES.filter((name) => map[name] === BUILT_IMAGES[name]);
}

/** A built archive to push into a loopback registry, under the reference its registry image names. */
export interface RegistryPush {
  name: RegistryImageName;
  ref: string;
  archive: string;
}

/**
 * What to push into the loopback registries: each registry image the map leaves at its default
 * reference, from the archive of its built image (when that one was built here).
 */
export function registryPushes(map: ImageMap, archives: Partial<Record<BuiltImageName, string>>): RegistryPush[] {
  const pushes: RegistryPush[] = [];
  for (const [name, source] of Object.entries(REGISTRY_SOURCES) as [RegistryImageName, { image: BuiltImageName }][]) {
    const archive = archives[source.image];
    if (map[name] === REGISTRY_IMAGES[name] && archive) pushes.push({ name, ref: map[name], archive });
  }
  return pushes;
}

/**
 * The registry images a run may name without their push: those registryPushes would push (each
 * left at its default reference, from an image built here) when the loopback registries run. For
 * a run that starts no container (ensureCluster with `images: false`): it names the same images
 * a run that pushes them would, and pulls none.
 */
export function registryImagesServed(map: ImageMap, registriesRun: boolean): RegistryImageName[] {
  if (!registriesRun) return [];
  const unbuilt = Object.fromEntries(locallyBuiltImages(map).map((name) => [name, '(not built: no container runs)']));
  return registryPushes(map, unbuilt).map((push) => push.name);
}

/**
 * The images a run may use: every logical image but those served by a loopback registry that
 * holds no copy of them (none runs, or their built image was mapped away), unless the image map
 * points them somewhere itself. The invalid registry's image is always there: it needs no registry.
 */
export function imagesForRun(
  map: ImageMap,
  pushed: readonly RegistryImageName[],
  env: NodeJS.ProcessEnv = process.env,
): RunImages {
  const mapped = mappedEntries(env);
  const images: Partial<ImageMap> = {};
  for (const name of LOGICAL_IMAGE_NAMES) {
    const needsRegistry = Object.hasOwn(REGISTRY_SOURCES, name);
    if (!needsRegistry || pushed.includes(name as RegistryImageName) || mapped[name] !== undefined) {
      images[name] = map[name];
    }
  }
  return images as RunImages;
}
