/**
 * Builds the test images as OCI image-layout tarballs without Docker, and caches them outside the
 * checkout keyed by their content: the rootfs (binary bytes included), config, reference and the
 * tools that shape the bytes. A second build with unchanged inputs reuses the archive, so the
 * image digest only changes when something that goes into the image changes.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { execa } from 'execa';
import { ClusterError, type Progress } from '../provider.ts';
import { createTar, gnuTarVersion } from './archive.ts';
import { inspectElf } from './elf.ts';
import { locallyBuiltImages, resolveImageMap } from './image-map.ts';
import { imageLayout, type ContainerConfig, type Platform } from './oci.ts';
import { BUILT_IMAGE_NAMES, BUILT_IMAGES, splitReference, type BuiltImageName } from './refs.ts';
import { AGNHOST_REMEDY, buildAgnhost } from './agnhost.ts';
import {
  agnhostRootfs,
  BUSYBOX_PATH_ENV,
  busyboxAppletLinks,
  busyboxRootfs,
  materialize,
  missingApplets,
  pauseRootfs,
  rootfsFingerprint,
  topLevelPaths,
  type RootfsEntry,
} from './rootfs.ts';
import { cacheRoot } from '../shared/paths.ts';
import { firstLine } from '../shared/text.ts';

/** Bump when the layout code changes the bytes of an archive without changing any other input. */
const ARCHIVE_FORMAT = 1;

const BUSYBOX_CANDIDATES = ['/usr/bin/busybox', '/bin/busybox'];
const PAUSE_SOURCE = fileURLToPath(new URL('./pause/pause.c', import.meta.url));
const PAUSE_CFLAGS = ['-static', '-Os', '-s', '-Wall', '-Wextra', '-Werror'];

export interface ImageRecipe {
  /** The archive's file name starts with it: a test image's logical name, the runner (runner.ts), or a kind node component (clusters/kind/node-image.ts). */
  name: string;
  ref: string;
  platform: Platform;
  config: ContainerConfig;
  rootfs: RootfsEntry[];
  /** Things worth telling the user, e.g. a busybox version that differs from the tag. */
  notes: string[];
  /** gzip level of the layer, when not 9 (the runner's 150 MB: level 6 is three times as fast, under 1% larger). */
  gzipLevel?: number;
}

export interface BuiltImage {
  name: BuiltImageName;
  ref: string;
  archive: string;
}

export function imageCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'images');
}

export function cacheKey(recipe: ImageRecipe, tools: { tar: string; zlib: string }): string {
  const inputs = {
    format: ARCHIVE_FORMAT,
    ref: recipe.ref,
    platform: recipe.platform,
    config: recipe.config,
    rootfs: rootfsFingerprint(recipe.rootfs),
    tools,
    ...(recipe.gzipLevel === undefined ? {} : { gzipLevel: recipe.gzipLevel }),
  };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}

export function archiveFileName(name: string, ref: string, key: string): string {
  const { tag } = splitReference(ref);
  return `${name}-${tag ?? 'untagged'}-${key.slice(0, 16)}.tar`;
}

function staticPlatform(bytes: Buffer, what: string, remedy: string): Platform {
  const elf = inspectElf(bytes);
  if (!elf) throw new ClusterError(`${what} is not a 64-bit little-endian ELF executable; ${remedy}`);
  if (!elf.isStatic)
    throw new ClusterError(`${what} is dynamically linked and cannot run in an image without libc; ${remedy}`);
  if (!elf.architecture)
    throw new ClusterError(`${what} is built for ELF machine ${elf.machine}, not amd64 or arm64; ${remedy}`);
  return { architecture: elf.architecture, os: 'linux' };
}

/** The host's static busybox and its applets, refused when it cannot serve the scenarios. */
async function hostBusybox(
  remedy: string,
): Promise<{ bytes: Buffer; listFull: string; help: string; platform: Platform }> {
  const binary = BUSYBOX_CANDIDATES.find((path) => existsSync(path));
  if (!binary) throw new ClusterError(`busybox not found at ${BUSYBOX_CANDIDATES.join(' or ')}: ${remedy}`);
  const bytes = await readFile(binary);
  const platform = staticPlatform(bytes, binary, remedy);
  const [{ stdout: listFull }, { stdout: help }] = await Promise.all([
    execa(binary, ['--list-full']),
    execa(binary, ['--help'], { reject: false }),
  ]);
  const missing = missingApplets(busyboxAppletLinks(listFull));
  if (missing.length > 0) {
    throw new ClusterError(`${binary} lacks the applets ${missing.join(' ')} that scenarios use; ${remedy}`);
  }
  return { bytes, listFull, help, platform };
}

async function busyboxRecipe(): Promise<ImageRecipe> {
  const remedy = 'apt-get install busybox-static, or map busybox to a pullable image in POD_CONFORMANCE_IMAGE_MAP';
  const { bytes, listFull, help, platform } = await hostBusybox(remedy);
  const version = /BusyBox v(\S+)(?: \(([^)]*)\))?/.exec(help);
  const ref = BUILT_IMAGES.busybox;
  const notes: string[] = [];
  if (version?.[1] && version[1] !== splitReference(ref).tag) {
    notes.push(`busybox on this host is ${version[1]}, the image keeps its fixed tag ${ref}`);
  }
  return {
    name: 'busybox',
    ref,
    platform,
    config: {
      Env: [BUSYBOX_PATH_ENV],
      Cmd: ['sh'],
      Labels: {
        'org.opencontainers.image.version': version?.[2]
          ? `${version[1]} (${version[2]})`
          : (version?.[1] ?? 'unknown'),
      },
    },
    rootfs: busyboxRootfs(bytes, listFull),
    notes,
  };
}

/** agnhost built from the Kubernetes source, with busybox's applets beside it (see agnhostRootfs). */
async function agnhostRecipe(progress: Progress): Promise<ImageRecipe> {
  const ref = BUILT_IMAGES.agnhost;
  const tag = splitReference(ref).tag!;
  const busybox = await hostBusybox(`apt-get install busybox-static, ${AGNHOST_REMEDY}`);
  const agnhost = await buildAgnhost(tag, progress);
  const platform = staticPlatform(agnhost.binary, 'the agnhost binary', `rebuild it, ${AGNHOST_REMEDY}`);
  const notes =
    agnhost.sourceVersion === tag
      ? []
      : [`the agnhost source is version ${agnhost.sourceVersion}, the image keeps its fixed tag ${ref}`];
  return {
    name: 'agnhost',
    ref,
    platform,
    // As upstream's image: `agnhost <subcommand>` through args, pause when given none.
    config: {
      Entrypoint: ['/agnhost'],
      Cmd: ['pause'],
      Env: [BUSYBOX_PATH_ENV],
      Labels: { 'org.opencontainers.image.version': agnhost.sourceVersion },
    },
    rootfs: agnhostRootfs({
      busybox: busybox.bytes,
      listFull: busybox.listFull,
      agnhost: agnhost.binary,
      tls: agnhost.tls,
    }),
    notes,
  };
}

/** The pause image from pause.c (musl, static); kind's node image imports it as its sandbox image. */
export async function pauseRecipe(): Promise<ImageRecipe> {
  const remedy = 'apt-get install musl-tools, or map pause to a pullable image in POD_CONFORMANCE_IMAGE_MAP';
  const work = await mkdtemp(join(tmpdir(), 'pod-conformance-pause-'));
  try {
    const output = join(work, 'pause');
    try {
      await execa('musl-gcc', [...PAUSE_CFLAGS, '-o', output, PAUSE_SOURCE], { timeout: 120_000 });
    } catch (error) {
      const cause =
        (error as { code?: string }).code === 'ENOENT'
          ? 'musl-gcc not found'
          : `musl-gcc failed: ${firstLine((error as { stderr?: string }).stderr ?? '')}`;
      throw new ClusterError(`cannot build the pause binary (${cause}); ${remedy}`);
    }
    const bytes = await readFile(output);
    return {
      name: 'pause',
      ref: BUILT_IMAGES.pause,
      platform: staticPlatform(bytes, 'the pause binary', remedy),
      // Like upstream's pause image: it needs no privilege, so it runs as nobody.
      config: { Entrypoint: ['/pause'], User: '65535:65535' },
      rootfs: pauseRootfs(bytes),
      notes: [],
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const RECIPES: Record<BuiltImageName, (progress: Progress) => Promise<ImageRecipe>> = {
  busybox: busyboxRecipe,
  pause: pauseRecipe,
  agnhost: agnhostRecipe,
};

async function writeLayoutTree(files: Array<{ path: string; bytes: Buffer }>, dir: string): Promise<void> {
  for (const file of files) {
    const target = join(dir, file.path);
    for (let parent = dirname(target); parent !== dir && !existsSync(parent); parent = dirname(parent)) {
      await mkdir(parent, { recursive: true });
    }
    await writeFile(target, file.bytes);
    await chmod(target, 0o644);
  }
  for (const sub of ['blobs', 'blobs/sha256']) await chmod(join(dir, sub), 0o755);
}

/** Builds (or reuses) one archive; returns its path and whether it came from the cache. */
export async function buildArchive(
  recipe: ImageRecipe,
  cacheDir: string,
  tools: { tar: string; zlib: string },
): Promise<{ archive: string; cached: boolean; manifestDigest?: string }> {
  const fileName = archiveFileName(recipe.name, recipe.ref, cacheKey(recipe, tools));
  const archive = join(cacheDir, fileName);
  if (existsSync(archive)) return { archive, cached: true };

  await mkdir(cacheDir, { recursive: true });
  const staging = await mkdtemp(join(tmpdir(), `pod-conformance-${recipe.name}-`));
  try {
    const rootfs = join(staging, 'rootfs');
    await mkdir(rootfs);
    await materialize(recipe.rootfs, rootfs);
    const layerFile = join(staging, 'layer.tar');
    await createTar({ directory: rootfs, output: layerFile, paths: topLevelPaths(recipe.rootfs) });
    const layerTar = await readFile(layerFile);
    const layout = imageLayout({
      ref: recipe.ref,
      platform: recipe.platform,
      config: recipe.config,
      layerTar,
      layerGzip: gzipSync(layerTar, { level: recipe.gzipLevel ?? 9 }),
    });
    const layoutDir = join(staging, 'layout');
    await mkdir(layoutDir);
    await writeLayoutTree(layout.files, layoutDir);
    const partial = join(cacheDir, `.${fileName}.${process.pid}.partial`);
    await createTar({ directory: layoutDir, output: partial, paths: ['blobs', 'index.json', 'oci-layout'] });
    await rename(partial, archive);
    await pruneStaleArchives(cacheDir, recipe.name, fileName);
    return { archive, cached: false, manifestDigest: layout.manifestDigest };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function pruneStaleArchives(cacheDir: string, name: string, keep: string): Promise<void> {
  for (const entry of await readdir(cacheDir)) {
    if (entry !== keep && entry.startsWith(`${name}-`) && entry.endsWith('.tar')) {
      await rm(join(cacheDir, entry), { force: true });
    }
  }
}

/**
 * Builds the archives of every built image that the image map still points at our own
 * reference; images mapped elsewhere are neither built nor loaded.
 */
export async function buildImageArchives(
  progress: Progress,
  env: NodeJS.ProcessEnv = process.env,
): Promise<BuiltImage[]> {
  const map = resolveImageMap(env);
  const toBuild = locallyBuiltImages(map);
  for (const name of BUILT_IMAGE_NAMES) {
    if (!toBuild.includes(name)) progress.done(`image ${name}: ${map[name]} from the image map, not built`);
  }
  if (toBuild.length === 0) return [];
  const tools = { tar: await gnuTarVersion(), zlib: process.versions.zlib ?? 'unknown' };
  const cacheDir = imageCacheDir(env);
  const built: BuiltImage[] = [];
  for (const name of toBuild) {
    progress.step(`image ${map[name]}: preparing`);
    const recipe = await RECIPES[name](progress);
    for (const note of recipe.notes) progress.step(`image ${recipe.ref}: ${note}`);
    const { archive, cached } = await buildArchive(recipe, cacheDir, tools);
    const size = Math.ceil((await stat(archive)).size / 1024);
    progress.done(`image ${recipe.ref}: ${cached ? 'cached' : 'built'} ${archive} (${size} KiB)`);
    built.push({ name, ref: recipe.ref, archive });
  }
  return built;
}
