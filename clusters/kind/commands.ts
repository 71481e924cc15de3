/**
 * Everything the kind provider passes to `kind` and `docker`, as pure functions, plus parsers of
 * their output: vitest covers these without Docker.
 */
import { fileURLToPath } from 'node:url';

export const DEFAULT_CLUSTER_NAME = 'pod-conformance';
export const CLUSTER_NAME_ENV = 'POD_CONFORMANCE_KIND_CLUSTER';
export const KIND_CONFIG = fileURLToPath(new URL('./kind-config.yaml', import.meta.url));
/** The node image in kind-config.yaml is the one published with this kind release. */
export const MINIMUM_KIND_VERSION = { major: 0, minor: 31, patch: 0 } as const;
export const KIND_INSTALL_REMEDY =
  'install kind v0.31.0 or newer on PATH: go install sigs.k8s.io/kind@v0.31.0 (or see https://kind.sigs.k8s.io/docs/user/quick-start/#installation)';

/** kind's own rule for cluster names (they become container and network names). */
export function clusterNameProblem(name: string): string | undefined {
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(name)) {
    return `kind cluster name "${name}" must be lowercase letters, digits, "-" and ".", starting and ending alphanumeric`;
  }
  if (name.length > 50) return `kind cluster name "${name}" is longer than 50 characters`;
  return undefined;
}

export const kindArgs = {
  version: (): string[] => ['version'],
  listClusters: (): string[] => ['get', 'clusters'],
  /**
   * `--kubeconfig` makes kind write the cluster's credentials to our run file instead of merging
   * them into ~/.kube/config.
   */
  create: (input: { name: string; config: string; kubeconfig: string; waitSeconds: number }): string[] => [
    'create',
    'cluster',
    '--name',
    input.name,
    '--config',
    input.config,
    '--kubeconfig',
    input.kubeconfig,
    '--wait',
    `${input.waitSeconds}s`,
  ],
  /** Prints the kubeconfig on stdout; the provider writes it to its own file. */
  kubeconfig: (name: string): string[] => ['get', 'kubeconfig', '--name', name],
  /** Without `--kubeconfig`, kind would also prune the context from ~/.kube/config. */
  delete: (input: { name: string; kubeconfig: string }): string[] => [
    'delete',
    'cluster',
    '--name',
    input.name,
    '--kubeconfig',
    input.kubeconfig,
  ],
  loadArchive: (input: { name: string; archive: string }): string[] => [
    'load',
    'image-archive',
    input.archive,
    '--name',
    input.name,
  ],
  exportLogs: (input: { name: string; dir: string }): string[] => ['export', 'logs', input.dir, '--name', input.name],
};

export const dockerInfoArgs = (): string[] => ['info', '--format', '{{json .}}'];

export interface KindVersion {
  major: number;
  minor: number;
  patch: number;
}

/** `kind v0.31.0 go1.25.5 linux/amd64` → 0.31.0 */
export function parseKindVersion(output: string): KindVersion | undefined {
  const match = /\bv(\d+)\.(\d+)\.(\d+)/.exec(output);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function versionAtLeast(version: KindVersion, minimum: KindVersion): boolean {
  if (version.major !== minimum.major) return version.major > minimum.major;
  if (version.minor !== minimum.minor) return version.minor > minimum.minor;
  return version.patch >= minimum.patch;
}

/** `kind get clusters` prints one name per line (and "No kind clusters found." on stderr). */
export function parseClusterList(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('No kind clusters'));
}

export interface DockerInfo {
  serverVersion: string;
  cgroupVersion: string;
}

/** The engine's version and cgroup version from `docker info --format '{{json .}}'`. */
export function parseDockerInfo(stdout: string): DockerInfo | undefined {
  try {
    const info = JSON.parse(stdout) as { ServerVersion?: string; CgroupVersion?: string };
    if (!info.ServerVersion) return undefined;
    return { serverVersion: info.ServerVersion, cgroupVersion: info.CgroupVersion ?? '' };
  } catch {
    return undefined;
  }
}
