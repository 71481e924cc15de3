/**
 * The runner image: the suite itself as an image, for `pod-conformance run --in-cluster`. Built
 * offline like the test images (build.ts, cached by content): the host's Node.js binary and the
 * shared libraries it links (from `ldd`, at the paths its loader looks them up), the host's static
 * busybox for `/usr/bin/env` (the shebang of cucumber-js) and `sh`, and the application under
 * /app, which the caller hands in as files (scripts/in-cluster/ knows what the application is:
 * the bundles, the features, the production packages). Nothing is fetched from a registry.
 */
import { existsSync, realpathSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { execa } from 'execa';
import { ClusterError, type Progress } from '../provider.ts';
import { firstLine } from '../shared/text.ts';
import { gnuTarVersion } from './archive.ts';
import { buildArchive, imageCacheDir, type ImageRecipe } from './build.ts';
import { inspectElf } from './elf.ts';
import { resolveRunnerImage } from './image-map.ts';
import { RUNNER_IMAGE } from './refs.ts';
import type { ContainerConfig, Platform } from './oci.ts';
import { BUSYBOX_PATH_ENV, busyboxRootfs, sortEntries, type RootfsEntry } from './rootfs.ts';

/** Where the application lives in the image (its package root: bin/, features/, node_modules/). */
export const RUNNER_APP_ROOT = '/app';
/** The unprivileged user the runner runs as (nobody), like upstream's conformance image. */
export const RUNNER_USER = 65534;

const BUSYBOX_CANDIDATES = ['/usr/bin/busybox', '/bin/busybox'];
const REMEDY =
  'install Node.js 20 and busybox-static on this host, or map runner to a pullable image in POD_CONFORMANCE_IMAGE_MAP';

/** A file of the application: its path under the app root, its bytes, executable or not. */
export interface AppFile {
  path: string;
  bytes: Buffer;
  executable?: boolean;
}

/**
 * The shared objects `ldd` names for a dynamically linked binary, the loader included:
 * `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)` and `/lib64/ld-linux-x86-64.so.2 (0x…)`.
 * The vDSO (no path) is the kernel's.
 */
export function lddPaths(output: string): string[] {
  const paths = new Set<string>();
  for (const line of output.split('\n')) {
    const arrow = /=>\s*(\/\S+)/.exec(line);
    const bare = /^\s*(\/\S+)\s+\(/.exec(line);
    const path = arrow?.[1] ?? bare?.[1];
    if (path) paths.add(path);
    if (/=>\s*not found/.test(line))
      throw new ClusterError(`ldd: ${line.trim()} (a library Node.js links is missing); ${REMEDY}`);
  }
  return [...paths].sort();
}

/** Files at their paths, with every parent directory before them (mode 0755). */
export function treeEntries(files: Array<{ path: string; bytes: Buffer; mode: number }>): RootfsEntry[] {
  const dirs = new Set<string>();
  for (const file of files) {
    const parts = file.path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return sortEntries([
    ...[...dirs].map((path): RootfsEntry => ({ type: 'dir', path, mode: 0o755 })),
    ...files.map((f): RootfsEntry => ({ type: 'file', path: f.path, mode: f.mode, bytes: f.bytes })),
  ]);
}

/** The container config: node runs the command line of the app as nobody, HOME in the writable /tmp. */
export function runnerConfig(nodeVersion: string): ContainerConfig {
  return {
    Entrypoint: ['/usr/bin/node', `${RUNNER_APP_ROOT}/bin/pod-conformance.mjs`],
    Cmd: ['run'],
    WorkingDir: RUNNER_APP_ROOT,
    User: `${RUNNER_USER}:${RUNNER_USER}`,
    Env: [BUSYBOX_PATH_ENV, 'HOME=/tmp', 'POD_CONFORMANCE_NO_INSTALL=1'],
    Labels: { 'org.opencontainers.image.title': 'pod-conformance runner', 'io.pod-conformance.node': nodeVersion },
  };
}

/** The Node.js binary and what it links, at the paths its loader looks them up. */
async function nodeRuntime(): Promise<{
  files: Array<{ path: string; bytes: Buffer; mode: number }>;
  platform: Platform;
}> {
  const binary = realpathSync(process.execPath);
  const bytes = await readFile(binary);
  const elf = inspectElf(bytes);
  if (!elf?.architecture) throw new ClusterError(`${binary} is not an amd64 or arm64 ELF executable; ${REMEDY}`);
  const files = [{ path: 'usr/bin/node', bytes, mode: 0o755 }];
  if (!elf.isStatic) {
    let output: string;
    try {
      output = (await execa('ldd', [binary], { timeout: 30_000 })).stdout;
    } catch (error) {
      throw new ClusterError(`ldd ${binary} failed (${firstLine(error)}); apt-get install libc-bin, or ${REMEDY}`);
    }
    for (const path of lddPaths(output)) {
      // The file's bytes at the path the loader asks for (a symlink on the host is a file in the image).
      files.push({ path: path.slice(1), bytes: await readFile(path), mode: (await stat(path)).mode & 0o755 });
    }
  }
  return { files, platform: { architecture: elf.architecture, os: 'linux' } };
}

/** The recipe of the runner image: busybox, Node.js and its libraries, the application under /app. */
export async function runnerRecipe(app: AppFile[], ref: string = RUNNER_IMAGE): Promise<ImageRecipe> {
  const busybox = BUSYBOX_CANDIDATES.find((path) => existsSync(path));
  if (!busybox) throw new ClusterError(`busybox not found at ${BUSYBOX_CANDIDATES.join(' or ')}; ${REMEDY}`);
  const busyboxBytes = await readFile(busybox);
  if (!inspectElf(busyboxBytes)?.isStatic)
    throw new ClusterError(`${busybox} is dynamically linked; apt-get install busybox-static, or ${REMEDY}`);
  const { stdout: listFull } = await execa(busybox, ['--list-full']);
  const runtime = await nodeRuntime();
  const appFiles = app.map((f) => ({
    path: `${RUNNER_APP_ROOT.slice(1)}/${f.path}`,
    bytes: f.bytes,
    mode: f.executable ? 0o755 : 0o644,
  }));
  const base = busyboxRootfs(busyboxBytes, listFull);
  // busybox's tree has usr/bin (node joins it) and no lib/: merge, without a second usr/bin entry.
  const taken = new Set(base.map((e) => e.path));
  const added = treeEntries([...runtime.files, ...appFiles]).filter((e) => !taken.has(e.path));
  return {
    name: 'runner',
    ref,
    platform: runtime.platform,
    config: runnerConfig(process.version),
    rootfs: sortEntries([...base, ...added]),
    notes: [],
    gzipLevel: 6,
  };
}

export interface RunnerImage {
  ref: string;
  /** The OCI archive, when built here (undefined when the image map points runner elsewhere). */
  archive?: string;
  /** The archive's size in bytes (compressed layer and all). */
  bytes?: number;
  cached?: boolean;
}

/**
 * The runner image: the reference the image map gives (then nothing is built), or ours built
 * (or taken from the cache when nothing that goes into it changed). `app` is called only to build.
 */
export async function buildRunnerImage(
  app: () => Promise<AppFile[]>,
  progress: Progress,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunnerImage> {
  const ref = resolveRunnerImage(env);
  if (ref !== RUNNER_IMAGE) {
    progress.done(`image runner: ${ref} from the image map, not built`);
    return { ref };
  }
  progress.step(`image ${ref}: preparing`);
  const recipe = await runnerRecipe(await app(), ref);
  const tools = { tar: await gnuTarVersion(), zlib: process.versions.zlib ?? 'unknown' };
  const { archive, cached } = await buildArchive(recipe, imageCacheDir(env), tools);
  const bytes = (await stat(archive)).size;
  progress.done(`image ${ref}: ${cached ? 'cached' : 'built'} ${archive} (${(bytes / 1024 / 1024).toFixed(1)} MiB)`);
  return { ref, archive, bytes, cached };
}
