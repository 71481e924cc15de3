/**
 * The loopback registries of the local cluster, for the image-pull behaviours: two of Debian's
 * distribution registry (`docker-registry serve <config>`), plain HTTP on the hosts that the
 * registry images name (LOOPBACK_REGISTRIES: 127.0.0.1:15000 answers anyone, 127.0.0.1:15001 only
 * its htpasswd credentials). They run as components of the cluster (components.ts), store their
 * blobs under the cluster's state directory, and containerd reaches them through its registry
 * host configuration (config_path): one hosts.toml per registry saying plain HTTP. Nothing here
 * listens beyond 127.0.0.1, and nothing names a DNS name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { LOOPBACK_REGISTRIES, type RegistryName } from '../images/index.ts';
import { ClusterError } from '../provider.ts';
import { killNow } from './processes.ts';

/** The components that run the registries, and the registry each one serves. */
export const REGISTRY_COMPONENTS = { registry: 'public', 'private-registry': 'private' } as const satisfies Record<
  string,
  RegistryName
>;

export type RegistryComponent = keyof typeof REGISTRY_COMPONENTS;

/** The registry's configuration file (distribution's config version 0.1). */
export function registryConfig(input: {
  host: string;
  storage: string;
  /** Signs upload state between requests; any value, fixed for the registry's lifetime. */
  secret: string;
  /** The htpasswd file of a private registry. */
  htpasswd?: string;
}): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${input.storage}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${input.host}`,
    `  secret: ${input.secret}`,
  ];
  if (input.htpasswd) {
    lines.push('auth:', '  htpasswd:', '    realm: pod-conformance', `    path: ${input.htpasswd}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * containerd's host configuration for one registry (`<config_path>/<host>/hosts.toml`): pull and
 * resolve over plain HTTP from the registry itself, no mirror. Credentials are not here: the
 * kubelet passes those of a pod's imagePullSecrets with each pull.
 */
export function hostsToml(host: string): string {
  return [`server = "http://${host}"`, '', `[host."http://${host}"]`, '  capabilities = ["pull", "resolve"]', ''].join(
    '\n',
  );
}

/** Every hosts.toml the cluster's containerd needs, by path under its config_path directory. */
export function containerdRegistryHosts(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const { host } of Object.values(LOOPBACK_REGISTRIES)) files[`${host}/hosts.toml`] = hostsToml(host);
  return files;
}

/** The URL a registry answers on once it serves: 200 from the public one, 401 from the private one. */
export function registryHealthURL(component: RegistryComponent): string {
  const registry = LOOPBACK_REGISTRIES[REGISTRY_COMPONENTS[component]];
  const credentials = 'credentials' in registry ? registry.credentials : undefined;
  const auth = credentials ? `${credentials.username}:${credentials.password}@` : '';
  return `http://${auth}${registry.host}/v2/`;
}

/** The htpasswd line of the private registry's credentials (bcrypt, the only hash distribution reads). */
export async function htpasswdLine(credentials: { username: string; password: string }): Promise<string> {
  const r = await execa('htpasswd', ['-B', '-b', '-n', credentials.username, credentials.password], {
    reject: false,
    timeout: 30_000,
  });
  if (r.exitCode !== 0) {
    throw new ClusterError(
      `htpasswd failed (${r.stderr.trim() || `exit ${r.exitCode}`}): apt-get install apache2-utils`,
    );
  }
  return r.stdout.trim() + '\n';
}

/**
 * Registry processes serving a configuration file under `configDir` (`docker-registry serve
 * <configDir>/…`), tracked by a pid file or not: teardown stops those no pid file names any more
 * (a cluster removed by a checkout that did not know its registries), and a registry started
 * again first stops whatever still serves its configuration, so none holds its port.
 */
export function registryProcesses(configDir: string, proc = '/proc'): Array<{ pid: number; config: string }> {
  const found: Array<{ pid: number; config: string }> = [];
  for (const pid of readdirSync(proc).filter((d) => /^\d+$/.test(d))) {
    let argv: string[];
    try {
      argv = readFileSync(join(proc, pid, 'cmdline'), 'utf8').split('\0');
    } catch {
      continue;
    }
    if (argv[0]?.endsWith('docker-registry') && argv[1] === 'serve' && argv[2]?.startsWith(`${configDir}/`)) {
      found.push({ pid: Number(pid), config: argv[2] });
    }
  }
  return found;
}

/** Stops (SIGKILL) the registry processes serving `config`, or any under `configDir`; resolves to their PIDs. */
export function stopRegistryProcesses(configDir: string, config?: string): number[] {
  const pids = registryProcesses(configDir)
    .filter((p) => config === undefined || p.config === config)
    .map((p) => p.pid);
  for (const pid of pids) killNow(pid);
  return pids;
}
