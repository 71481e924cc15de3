/** Probes of the kind provider's prerequisites. */
import { execa } from 'execa';
import {
  dockerInfoArgs,
  kindArgs,
  parseDockerInfo,
  parseKindVersion,
  type DockerInfo,
  type KindVersion,
} from './commands.ts';

export const DOCKER_INFO_TIMEOUT_MS = 10_000;

export type Probe<T> = { ok: true; value: T } | { ok: false; cause: string };

function lastLine(text: string | undefined): string {
  return (text ?? '').trim().split('\n').at(-1)?.trim() ?? '';
}

export async function probeDocker(timeoutMs = DOCKER_INFO_TIMEOUT_MS): Promise<Probe<DockerInfo>> {
  const result = await execa('docker', dockerInfoArgs(), { reject: false, timeout: timeoutMs });
  if (result.failed && (result as { code?: string }).code === 'ENOENT')
    return { ok: false, cause: 'docker not on PATH' };
  if (result.timedOut) return { ok: false, cause: `docker info did not answer within ${timeoutMs / 1000}s` };
  const info = result.exitCode === 0 ? parseDockerInfo(result.stdout) : undefined;
  if (!info) return { ok: false, cause: lastLine(result.stderr) || 'docker info failed' };
  return { ok: true, value: info };
}

export async function probeKind(): Promise<Probe<KindVersion>> {
  const result = await execa('kind', kindArgs.version(), { reject: false, timeout: 10_000 });
  if (result.failed && (result as { code?: string }).code === 'ENOENT') return { ok: false, cause: 'kind not on PATH' };
  const version = result.exitCode === 0 ? parseKindVersion(result.stdout) : undefined;
  if (!version)
    return { ok: false, cause: lastLine(result.stderr) || `kind version printed "${lastLine(result.stdout)}"` };
  return { ok: true, value: version };
}
