/**
 * Entry point of clusters/: picks a provider, brings the cluster up when needed and loads the
 * test images. The harness (scripts/, support/) imports only from here and from provider.ts.
 */
import { execa } from 'execa';
import { buildImageArchives, resolveImageMap, type ImageMap } from './images/index.ts';
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

export { ClusterError } from './provider.ts';
export { LOGICAL_IMAGE_NAMES } from './images/index.ts';
export {
  acquireOwnerFile,
  describeOwner,
  liveRuns,
  ownerRecord,
  registerRun,
  releaseOwnerFile,
  type OwnerRecord,
} from './runs.ts';
export type { ClusterDescription, ClusterProvider, ClusterStatus, Progress } from './provider.ts';

export interface ProviderOptions {
  provider?: string;
  kubeconfig?: string;
  context?: string;
  /** Print the choice and its reason (on by default). */
  quiet?: boolean;
}

/** Progress lines with the time elapsed since the first one: `[local +12.4s] starting kubelet`. */
export function consoleProgress(
  prefix: string,
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Progress {
  const start = Date.now();
  const stamp = () => `[${prefix} +${((Date.now() - start) / 1000).toFixed(1)}s]`;
  return {
    step: (m) => write(`${stamp()} ${m}`),
    done: (m) => write(`${stamp()} ${m}`),
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
  /** Logical image name → reference the scenarios use (`busybox` → `localhost/pod-conformance/busybox:…`). */
  images: ImageMap;
}

/** Brings the chosen cluster up (reusing a running one) and makes the test images available. */
export async function ensureCluster(progress: Progress, opts: ProviderOptions = {}): Promise<ReadyCluster> {
  const provider = await resolveProvider(opts);
  const missing = (await provider.prerequisites()).filter((p) => !p.ok);
  if (missing.length > 0) {
    throw new ClusterError(missing.map((m) => `${provider.name} provider needs ${m.what}: ${m.remedy}`).join('\n'));
  }
  const status = await provider.up(progress);
  const images = resolveImageMap();
  const archives = await buildImageArchives(progress);
  await provider.loadImageArchives(
    archives.map((a) => a.archive),
    progress,
  );
  return { provider, status, images };
}
