/**
 * Entry point of clusters/: picks a provider, brings the cluster up when needed and loads the
 * test images. The harness (scripts/, support/) imports only from here and from provider.ts.
 */
import { execa } from 'execa';
import {
  buildImageArchives,
  buildRunnerImage,
  imagesForRun,
  pushRegistryImages,
  registryImagesServed,
  registryPushes,
  resolveImageMap,
  type AppFile,
  type RunImages,
  type RunnerImage,
} from './images/index.ts';
import { ExistingProvider } from './existing/provider.ts';
import { KindProvider } from './kind/provider.ts';
import { LocalProvider } from './local/provider.ts';
import {
  ClusterError,
  type ClusterProvider,
  type ClusterStatus,
  type ProviderName,
  type Progress,
} from './provider.ts';
import { chooseProvider } from './select.ts';

export { PROVIDER_ENV, PROVIDER_NAMES } from './select.ts';

export { ClusterError } from './provider.ts';
export { LOCAL_NODES_ENV, localNodeCount } from './local/options.ts';
export {
  LOGICAL_IMAGE_NAMES,
  RUNNER_APP_ROOT,
  RUNNER_IMAGE,
  RUNNER_KEY,
  RUNNER_USER,
  resolveRunnerImage,
  type AppFile,
  type RunnerImage,
} from './images/index.ts';
export { describeCluster, loadKubeConfig } from './shared/api.ts';
export { cacheRoot } from './shared/paths.ts';
export {
  acquireOwnerFile,
  describeOwner,
  liveRuns,
  ownerRecord,
  registerRun,
  releaseOwnerFile,
  type OwnerRecord,
  type RunCluster,
  type RunRegistration,
} from './shared/runs.ts';
export type { ClusterDescription, ClusterProvider, ClusterStatus, Progress } from './provider.ts';

export interface ProviderOptions {
  provider?: string;
  kubeconfig?: string;
  context?: string;
  /** Print the choice and its reason (on by default). */
  quiet?: boolean;
}

/** Where progress goes: a terminal gets one updating line, a log gets plain lines. */
export interface ProgressOutput {
  write(text: string): void;
  isTTY?: boolean;
}

/** How often a log (not a terminal) gets a line for updates: often enough to show life, not a flood. */
export const LOG_UPDATE_INTERVAL_MS = 20_000;

/**
 * Progress lines with the time elapsed since the first one: `[local +12.4s] starting kubelet`.
 * Updates rewrite one line on a terminal; in a log they appear every LOG_UPDATE_INTERVAL_MS.
 */
export function consoleProgress(
  prefix: string,
  out: ProgressOutput = process.stderr,
  now: () => number = Date.now,
): Progress {
  const start = now();
  const stamp = () => `[${prefix} +${((now() - start) / 1000).toFixed(1)}s]`;
  let updating = false;
  let lastLogged = -Infinity;
  const line = (m: string) => {
    // A terminal's updating line is cleared first, so the plain line replaces it.
    out.write(`${updating ? '\r\x1b[K' : ''}${stamp()} ${m}\n`);
    updating = false;
  };
  return {
    step: line,
    done: line,
    update: (m) => {
      if (out.isTTY) {
        out.write(`\r\x1b[K${stamp()} ${m}`);
        updating = true;
      } else if (now() - lastLogged >= LOG_UPDATE_INTERVAL_MS) {
        lastLogged = now();
        line(m);
      }
    },
  };
}

export function createProvider(name: ProviderName, opts: ProviderOptions = {}): ClusterProvider {
  switch (name) {
    case 'local':
      return new LocalProvider();
    case 'kind':
      return new KindProvider();
    case 'existing':
      return new ExistingProvider({ kubeconfig: opts.kubeconfig, context: opts.context });
  }
}

async function succeeds(cmd: string, args: string[], timeoutMs: number): Promise<boolean> {
  const r = await execa(cmd, args, { reject: false, timeout: timeoutMs, stdio: 'ignore' });
  return r.exitCode === 0;
}

export async function resolveProvider(opts: ProviderOptions = {}): Promise<ClusterProvider> {
  const env = { ...process.env };
  if (opts.kubeconfig) env.KUBECONFIG = opts.kubeconfig;
  const choice = await chooseProvider({
    flag: opts.provider,
    env,
    probes: {
      dockerWorks: () => succeeds('docker', ['info'], 5_000),
      kindOnPath: () => succeeds('kind', ['version'], 5_000),
      isRoot: process.getuid?.() === 0,
      platform: process.platform,
    },
  });
  if (!opts.quiet) process.stderr.write(`cluster provider: ${choice.name} (${choice.reason})\n`);
  return createProvider(choice.name, { ...opts, kubeconfig: env.KUBECONFIG });
}

export interface ReadyCluster {
  provider: ClusterProvider;
  status: ClusterStatus;
  /**
   * Logical image name → reference the scenarios use (`busybox` → `localhost/pod-conformance/busybox:…`):
   * every built image, and the registry images the cluster serves.
   */
  images: RunImages;
}

/**
 * Brings the chosen cluster up (reusing a running one) and makes the test images available: the
 * built ones loaded, the registry images pushed into the loopback registries where they run.
 * `images: false` (a run none of whose scenarios starts a container: every one @api-level) gets
 * the same image references without any of that: nothing built, imported or pushed, since nothing
 * pulls them (about 0.5 s of a warm run's 3 s on a 3-node cluster).
 */
export async function ensureCluster(
  progress: Progress,
  opts: ProviderOptions = {},
  need: { images?: boolean } = {},
): Promise<ReadyCluster> {
  const provider = await resolveProvider(opts);
  await provider.installPrerequisites?.(progress);
  const missing = (await provider.prerequisites()).filter((p) => !p.ok);
  if (missing.length > 0) {
    // One line: the run shows a ClusterError's first line only.
    throw new ClusterError(
      `${provider.name} provider needs ${missing.map((m) => `${m.what}: ${m.remedy}`).join('; ')}`,
    );
  }
  const status = await provider.up(progress);
  const map = resolveImageMap();
  if (need.images === false) {
    const registries = (await provider.runsLoopbackRegistries?.()) ?? false;
    return { provider, status, images: imagesForRun(map, registryImagesServed(map, registries)) };
  }
  const archives = await buildImageArchives(progress);
  await provider.loadImageArchives(
    archives.map((a) => a.archive),
    progress,
  );
  const registries = (await provider.runsLoopbackRegistries?.()) ?? false;
  const pushes = registries ? registryPushes(map, Object.fromEntries(archives.map((a) => [a.name, a.archive]))) : [];
  const pushed = await pushRegistryImages(pushes, progress);
  return { provider, status, images: imagesForRun(map, pushed) };
}

/**
 * The runner image (`run --in-cluster`) built (or taken from the cache) and loaded into the
 * provider's cluster the way the test images are (a provider skips an image it holds already);
 * nothing is built when the image map's `runner` entry points at a copy the cluster pulls. The
 * existing provider cannot load archives: the runner pod then fails at once on the missing image,
 * naming the archive to import.
 */
export async function ensureRunnerImage(
  provider: ClusterProvider,
  app: () => Promise<AppFile[]>,
  progress: Progress,
): Promise<RunnerImage> {
  const image = await buildRunnerImage(app, progress);
  if (!image.archive) return image;
  if (provider.name === 'existing') {
    progress.done(
      `existing cluster: ${image.ref} is not loaded (no access to the nodes): import ${image.archive} on every node, or map runner in POD_CONFORMANCE_IMAGE_MAP`,
    );
    return image;
  }
  await provider.loadImageArchives([image.archive], progress);
  return image;
}
