/**
 * Where pod-conformance keeps what outlives a run on this machine: built binaries and images
 * (cache root) and cluster state, run registry and locks (state root). Shared by every provider,
 * the image builder and the run registry, so that they agree on one place.
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** XDG base directories; relative values are invalid per the spec and ignored. */
function xdgBase(value: string | undefined, fallback: string, env: NodeJS.ProcessEnv): string {
  if (value && isAbsolute(value)) return value;
  return join(env.HOME || homedir(), fallback);
}

/** `${XDG_CACHE_HOME:-~/.cache}/pod-conformance` */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(xdgBase(env.XDG_CACHE_HOME, '.cache', env), 'pod-conformance');
}

/** `${XDG_STATE_HOME:-~/.local/state}/pod-conformance` */
export function stateRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(xdgBase(env.XDG_STATE_HOME, join('.local', 'state'), env), 'pod-conformance');
}
