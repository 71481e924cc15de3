/**
 * Builds Kubernetes, etcd and CoreDNS from the Go module proxy through the committed wrapper
 * modules (clusters/local/build/*), into a cache outside the checkout keyed by version and by the
 * wrapper's go.mod/go.sum. A warm cache makes this a few stat calls.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Progress } from '../provider.ts';
import { goBuild, kubernetesLdflags, wrapperKey as cacheKey } from '../shared/go-build.ts';
import { paths, VERSIONS } from './layout.ts';
import type { KubernetesRelease } from './options.ts';
import { DEFAULT_OPTIONS } from './options.ts';

export { kubernetesLdflags } from '../shared/go-build.ts';

export const KUBERNETES_BINARIES = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubelet',
  'kube-proxy',
  'kubectl',
] as const;

interface Target {
  /** Cache directory prefix: `<name>-<version>-<hash of the wrapper>`. */
  name: string;
  /** Wrapper module directory, relative to clusters/local/build/ (etcd's and CoreDNS's are in clusters/shared/build/). */
  module: string;
  version: string;
  packages: string[];
  binaries: string[];
}

/**
 * What to build for a Kubernetes release. The default release builds the cri-cleanup helper with
 * Kubernetes from one wrapper (so its cache keys are what they always were); another minor's
 * wrapper holds only Kubernetes, and the helper, which only speaks CRI to containerd, is built
 * from the default wrapper on its own.
 */
export function targets(release: KubernetesRelease = DEFAULT_OPTIONS.kubernetes): Target[] {
  const kubernetesCommands = KUBERNETES_BINARIES.map((b) => `k8s.io/kubernetes/cmd/${b}`);
  const kubernetes: Target[] =
    release.wrapper === DEFAULT_OPTIONS.kubernetes.wrapper
      ? [
          {
            name: 'kubernetes',
            module: release.wrapper,
            version: release.version,
            packages: [...kubernetesCommands, './cmd/cri-cleanup'],
            binaries: [...KUBERNETES_BINARIES, 'cri-cleanup'],
          },
        ]
      : [
          {
            name: 'kubernetes',
            module: release.wrapper,
            version: release.version,
            packages: kubernetesCommands,
            binaries: [...KUBERNETES_BINARIES],
          },
          {
            name: 'cri-cleanup',
            module: DEFAULT_OPTIONS.kubernetes.wrapper,
            version: DEFAULT_OPTIONS.kubernetes.version,
            packages: ['./cmd/cri-cleanup'],
            binaries: ['cri-cleanup'],
          },
        ];
  return [
    ...kubernetes,
    { name: 'etcd', module: '../../shared/build/etcd', version: VERSIONS.etcd, packages: ['.'], binaries: ['etcd'] },
    {
      name: 'coredns',
      module: '../../shared/build/coredns',
      version: VERSIONS.coredns,
      packages: ['github.com/coredns/coredns'],
      binaries: ['coredns'],
    },
  ];
}

/** Directory holding every binary the cluster runs, building what is missing. */
export async function ensureBinaries(
  progress: Progress,
  release: KubernetesRelease = DEFAULT_OPTIONS.kubernetes,
): Promise<string> {
  const { buildSrc, binCache } = paths();
  const keys: string[] = [];
  const binaryDirs: Record<string, string> = {};
  for (const target of targets(release)) {
    const key = await cacheKey(join(buildSrc, target.module), target.version);
    keys.push(`${target.name}-${key}`);
    binaryDirs[target.name] = join(binCache, `${target.name}-${key}`);
  }
  for (const target of targets(release)) {
    const dir = binaryDirs[target.name]!;
    if (target.binaries.every((b) => existsSync(join(dir, b)))) continue;
    await build(target, dir, progress);
  }
  // One directory of links, so the process manager has a single PATH entry.
  const linkDir = join(binCache, `cluster-${createHash('sha256').update(keys.join()).digest('hex').slice(0, 12)}`);
  if (!existsSync(join(linkDir, '.complete'))) {
    await rm(linkDir, { recursive: true, force: true });
    await mkdir(linkDir, { recursive: true });
    for (const target of targets(release)) {
      for (const binary of target.binaries)
        await symlink(join(binaryDirs[target.name]!, binary), join(linkDir, binary));
    }
    await writeFile(join(linkDir, '.complete'), keys.join('\n') + '\n');
  }
  return linkDir;
}

/** One component into its cache directory (see goBuild for the progress it shows). */
async function build(target: Target, dir: string, progress: Progress): Promise<void> {
  const ldflags =
    target.name === 'kubernetes'
      ? kubernetesLdflags(target.version, new Date().toISOString().replace(/\.\d+Z$/, 'Z'))
      : '-s -w';
  await goBuild(
    {
      name: target.name,
      version: target.version,
      moduleDir: join(paths().buildSrc, target.module),
      packages: target.packages,
      binaries: target.binaries,
      ldflags,
      outDir: dir,
    },
    progress,
  );
}
