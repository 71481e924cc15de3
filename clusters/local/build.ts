/**
 * Builds Kubernetes, etcd and CoreDNS from the Go module proxy through the committed wrapper
 * modules (clusters/local/build/*), into a cache outside the checkout keyed by version and by the
 * wrapper's go.mod/go.sum. A warm cache makes this a few stat calls.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import type { Progress } from '../provider.ts';
import { paths, VERSIONS } from './layout.ts';
import type { KubernetesRelease } from './options.ts';
import { DEFAULT_OPTIONS } from './options.ts';

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
  /** Wrapper module directory under clusters/local/build/. */
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
    { name: 'etcd', module: 'etcd', version: VERSIONS.etcd, packages: ['.'], binaries: ['etcd'] },
    {
      name: 'coredns',
      module: 'coredns',
      version: VERSIONS.coredns,
      packages: ['github.com/coredns/coredns'],
      binaries: ['coredns'],
    },
  ];
}

/** Linker flags that stamp the version, or every Kubernetes binary reports v0.0.0. */
export function kubernetesLdflags(version: string, buildDate: string): string {
  const m = /^v(\d+)\.(\d+)\./.exec(version);
  if (!m) throw new Error(`not a Kubernetes version: ${version}`);
  const [, major, minor] = m;
  const vars: Record<string, string> = {
    gitVersion: version,
    gitMajor: major!,
    gitMinor: minor!,
    gitTreeState: 'clean',
    buildDate,
  };
  const flags = ['-s', '-w'];
  for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
    for (const [k, v] of Object.entries(vars)) flags.push(`-X ${pkg}.${k}=${v}`);
  }
  return flags.join(' ');
}

async function cacheKey(dir: string, version: string): Promise<string> {
  const h = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go', 'cmd/cri-cleanup/main.go']) {
    const p = join(dir, f);
    if (existsSync(p)) h.update(f).update(await readFile(p));
  }
  return `${version}-${h.digest('hex').slice(0, 12)}`;
}

/** Directory holding every binary the cluster runs, building what is missing. */
export async function ensureBinaries(
  progress: Progress,
  release: KubernetesRelease = DEFAULT_OPTIONS.kubernetes,
): Promise<string> {
  const p = paths();
  const keys: string[] = [];
  const dirs: Record<string, string> = {};
  for (const t of targets(release)) {
    const key = await cacheKey(join(p.buildSrc, t.module), t.version);
    keys.push(`${t.name}-${key}`);
    dirs[t.name] = join(p.binCache, `${t.name}-${key}`);
  }
  for (const t of targets(release)) {
    const dir = dirs[t.name]!;
    if (t.binaries.every((b) => existsSync(join(dir, b)))) continue;
    await build(t, dir, progress);
  }
  // One directory of links, so the process manager has a single PATH entry.
  const linkDir = join(p.binCache, `cluster-${createHash('sha256').update(keys.join()).digest('hex').slice(0, 12)}`);
  if (!existsSync(join(linkDir, '.complete'))) {
    await rm(linkDir, { recursive: true, force: true });
    await mkdir(linkDir, { recursive: true });
    const { symlink } = await import('node:fs/promises');
    for (const t of targets(release)) {
      for (const b of t.binaries) await symlink(join(dirs[t.name]!, b), join(linkDir, b));
    }
    await writeFile(join(linkDir, '.complete'), keys.join('\n') + '\n');
  }
  return linkDir;
}

/** Go's environment for every build step: the committed toolchain rules, static binaries, go.sum as is. */
const GO_ENV = { GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' };

/** `12m05s`, `48s`. */
function elapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Module zips go.sum records: at most this many are downloaded for a build. */
export function moduleCount(goSum: string): number {
  return goSum.split('\n').filter((l) => /^\S+ \S+ h1:/.test(l) && !l.includes('/go.mod ')).length;
}

/** `go -x` reports each finished module download as `# get https://…/@v/<version>.zip: 200 OK (0.1s)`. */
export const MODULE_FETCHED = /^# get \S+\.zip: \d{3}/;

/**
 * Counts what a go command reports line by line on stderr, calling `onLine` for each line;
 * resolves to its result with the last lines that were not counted (for an error message).
 */
async function goCommand(
  args: string[],
  cwd: string,
  counts: (line: string) => boolean,
  onCount: () => void,
): Promise<{ exitCode?: number; stdout: string; tail: string[] }> {
  const sub = execa('go', args, { cwd, env: GO_ENV, reject: false });
  const tail: string[] = [];
  const lines = createInterface({ input: sub.stderr });
  lines.on('line', (line) => {
    if (counts(line)) onCount();
    else if (!line.startsWith('# get ')) {
      tail.push(line);
      if (tail.length > 15) tail.shift();
    }
  });
  const [result] = await Promise.all([sub, once(lines, 'close')]);
  return { exitCode: result.exitCode, stdout: result.stdout, tail };
}

/**
 * One component: first the packages it compiles (`go list -deps`, which downloads the modules
 * that hold them on a cold machine), then `go build -v`, which names each package as it compiles
 * it. Progress is modules downloaded out of go.sum's, then packages compiled out of the
 * dependency graph's (fewer when Go's build cache has some), with the elapsed time.
 */
async function build(t: Target, dir: string, progress: Progress): Promise<void> {
  const src = join(paths().buildSrc, t.module);
  const tmp = `${dir}.partial`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const ldflags =
    t.name === 'kubernetes' ? kubernetesLdflags(t.version, new Date().toISOString().replace(/\.\d+Z$/, 'Z')) : '-s -w';
  progress.step(`building ${t.name} ${t.version} (${t.binaries.join(', ')}) from the Go module proxy`);
  const started = Date.now();
  const modules = moduleCount(await readFile(join(src, 'go.sum'), 'utf8'));
  let fetched = 0;
  const list = await goCommand(
    ['list', '-x', '-deps', ...t.packages],
    src,
    (line) => MODULE_FETCHED.test(line),
    () =>
      progress.update(
        `${t.name}: ${++fetched} of at most ${modules} modules downloaded, ${elapsed(Date.now() - started)}`,
      ),
  );
  if (list.exitCode !== 0) {
    // A plain line ends a terminal's updating line, so the error starts on a line of its own.
    progress.step(`${t.name}: go list failed after ${elapsed(Date.now() - started)}`);
    throw new Error(`go list of ${t.name} ${t.version} failed (exit ${list.exitCode}):\n${list.tail.join('\n')}`);
  }
  const graph = new Set(list.stdout.split('\n').filter(Boolean));
  if (fetched > 0) progress.step(`${t.name}: ${fetched} modules downloaded in ${elapsed(Date.now() - started)}`);
  let compiled = 0;
  const outArg = t.binaries.length === 1 ? join(tmp, t.binaries[0]!) : `${tmp}/`;
  const result = await goCommand(
    ['build', '-v', '-trimpath', '-ldflags', ldflags, '-o', outArg, ...t.packages],
    src,
    (line) => graph.has(line),
    () =>
      progress.update(`${t.name}: ${++compiled} of ${graph.size} packages compiled, ${elapsed(Date.now() - started)}`),
  );
  if (result.exitCode !== 0) {
    progress.step(`${t.name}: go build failed after ${elapsed(Date.now() - started)}`);
    throw new Error(`go build of ${t.name} ${t.version} failed (exit ${result.exitCode}):\n${result.tail.join('\n')}`);
  }
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  progress.done(
    `built ${t.name} ${t.version} in ${elapsed(Date.now() - started)}: ${compiled} of ${graph.size} packages compiled, the rest from Go's build cache`,
  );
}
