/**
 * The kind command: the one on PATH when it is recent enough, else kind built from the Go module
 * proxy into the cache (announced; `go install sigs.k8s.io/kind@<version>`), once per machine.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { ClusterError, type Progress } from '../provider.ts';
import { elapsed } from '../shared/go-build.ts';
import { cacheRoot } from '../shared/paths.ts';
import { MINIMUM_KIND_VERSION, versionAtLeast } from './commands.ts';
import { KIND_MODULE } from './node-image.ts';
import { probeKind } from './probes.ts';

export function cachedKindPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'bin', `kind-${KIND_MODULE.version}`, 'kind');
}

/** `kind` when PATH has a recent one, else the cached build, or undefined when there is neither. */
export async function findKind(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const onPath = await probeKind();
  if (onPath.ok && versionAtLeast(onPath.value, MINIMUM_KIND_VERSION)) return 'kind';
  return existsSync(cachedKindPath(env)) ? cachedKindPath(env) : undefined;
}

/** The kind command to run, building kind from the Go module proxy when there is none. */
export async function ensureKind(progress: Progress, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const found = await findKind(env);
  if (found) return found;
  const target = cachedKindPath(env);
  const started = Date.now();
  progress.step(
    `kind is not on PATH: building ${KIND_MODULE.path}@${KIND_MODULE.version} from the Go module proxy into ${target}`,
  );
  const r = await execa('go', ['install', `${KIND_MODULE.path}@${KIND_MODULE.version}`], {
    env: { GOBIN: join(target, '..'), GOTOOLCHAIN: 'local', CGO_ENABLED: '0' },
    reject: false,
    all: true,
  });
  if (r.exitCode !== 0 || !existsSync(target)) {
    const last = (r.all ?? '').trim().split('\n').at(-1) ?? `exit ${r.exitCode}`;
    throw new ClusterError(
      `go install ${KIND_MODULE.path}@${KIND_MODULE.version} failed: ${last}; install Go 1.24 or newer, or put kind on PATH`,
    );
  }
  progress.done(`built kind ${KIND_MODULE.version} in ${elapsed(Date.now() - started)}`);
  return target;
}
