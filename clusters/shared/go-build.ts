/**
 * Builds Go binaries from a committed wrapper module, with progress: modules downloaded (out of
 * those go.sum records), then packages compiled (out of the dependency graph's), with the elapsed
 * time. Shared by the local cluster's components (clusters/local/build.ts) and the test images
 * built from Go (agnhost, clusters/images/agnhost.ts).
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import type { Progress } from '../provider.ts';

/** Go's environment for every build step: the committed toolchain rules, static binaries, go.sum as is. */
export const GO_ENV = { GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' };

export interface GoBuild {
  /** What the progress lines call it: `etcd`, `kubernetes`, `agnhost`. */
  name: string;
  version: string;
  /** The wrapper module's directory (go.mod, go.sum). */
  moduleDir: string;
  packages: string[];
  binaries: string[];
  ldflags: string;
  /** Where the binaries end up; written whole or not at all (built in `<outDir>.partial`). */
  outDir: string;
}

/** `12m05s`, `48s`. */
export function elapsed(ms: number): string {
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
 * One build: first the packages it compiles (`go list -deps`, which downloads the modules that
 * hold them on a cold machine), then `go build -v`, which names each package as it compiles it.
 */
export async function goBuild(t: GoBuild, progress: Progress): Promise<void> {
  const tmp = `${t.outDir}.partial`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  progress.step(`building ${t.name} ${t.version} (${t.binaries.join(', ')}) from the Go module proxy`);
  const started = Date.now();
  const modules = moduleCount(await readFile(join(t.moduleDir, 'go.sum'), 'utf8'));
  let fetched = 0;
  const list = await goCommand(
    ['list', '-x', '-deps', ...t.packages],
    t.moduleDir,
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
    ['build', '-v', '-trimpath', '-ldflags', t.ldflags, '-o', outArg, ...t.packages],
    t.moduleDir,
    (line) => graph.has(line),
    () =>
      progress.update(`${t.name}: ${++compiled} of ${graph.size} packages compiled, ${elapsed(Date.now() - started)}`),
  );
  if (result.exitCode !== 0) {
    progress.step(`${t.name}: go build failed after ${elapsed(Date.now() - started)}`);
    throw new Error(`go build of ${t.name} ${t.version} failed (exit ${result.exitCode}):\n${result.tail.join('\n')}`);
  }
  await rm(t.outDir, { recursive: true, force: true });
  await rename(tmp, t.outDir);
  progress.done(
    `built ${t.name} ${t.version} in ${elapsed(Date.now() - started)}: ${compiled} of ${graph.size} packages compiled, the rest from Go's build cache`,
  );
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

/**
 * A wrapper module's cache key: the version and a hash of what decides the build (go.mod, go.sum,
 * the wrapper's own sources), so a cache directory `<name>-<key>` is shared by every provider that
 * builds the same module.
 */
export async function wrapperKey(dir: string, version: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go', 'cmd/cri-cleanup/main.go']) {
    const path = join(dir, file);
    if (existsSync(path)) hash.update(file).update(await readFile(path));
  }
  return `${version}-${hash.digest('hex').slice(0, 12)}`;
}
