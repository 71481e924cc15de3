/**
 * Starting the local cluster on a clean host, once its binaries are built: the state directories,
 * the host changes (host.ts), the certificates (pki.ts) and configuration files (config.ts), then
 * each component in START_ORDER, each waited for before the next needs it: etcd, the API server
 * (/readyz, then the RBAC the components need), controller-manager and scheduler, containerd (its
 * socket), the kubelet (the node Ready), kube-proxy, CoreDNS (/ready), the default service account,
 * without which no pod can be created, and at last the loopback registries (/v2/).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { LOGICAL_IMAGES, LOOPBACK_REGISTRIES } from '../images/index.ts';
import { ClusterError, type Progress } from '../provider.ts';
import { firstLine } from '../shared/text.ts';
import type { LocalCluster } from './cluster.ts';
import {
  apiServerURL,
  cniConflist,
  containerdConfig,
  corefile,
  KUBECONFIG_USERS,
  kubeconfig,
  kubeletConfig,
  kubeProxyConfig,
  rbacManifest,
  schedulerConfig,
} from './config.ts';
import { REGISTRIES } from './components.ts';
import { HEALTH_ENDPOINTS } from './faults.ts';
import { prepareHost } from './host.ts';
import { httpOk } from './restart.ts';
import { NODE_NAME, type StateFiles } from './layout.ts';
import {
  containerdRegistryHosts,
  htpasswdLine,
  REGISTRY_COMPONENTS,
  registryConfig,
  stopRegistryProcesses,
} from './registries.ts';
import { describeOptions } from './options.ts';
import { ensurePKI } from './pki.ts';

export async function startCluster(cluster: LocalCluster, progress: Progress): Promise<void> {
  progress.step('preparing the host: node address, sysctls, certificates, configuration');
  await makeStateDirectories(cluster);
  await prepareHost(cluster.files);
  await ensurePKI(cluster.files.pki);
  await writeConfigs(cluster, LOGICAL_IMAGES.pause);
  await writeFile(cluster.optionsFile, JSON.stringify(cluster.options, null, 2) + '\n');
  progress.step(`starting ${describeOptions(cluster.options)}`);

  await cluster.startComponent('etcd', progress);
  await cluster.startComponent('kube-apiserver', progress);
  await cluster.waitFor('the API server to be ready', 90_000, () => cluster.apiReady());
  const rbac = await cluster.kubectl(['apply', '-f', '-'], rbacManifest());
  if (rbac.exitCode !== 0) throw new ClusterError(`applying RBAC failed: ${firstLine(rbac.stderr)}`);
  await cluster.startComponent('kube-controller-manager', progress);
  await cluster.startComponent('kube-scheduler', progress);
  await cluster.startComponent('containerd', progress);
  await cluster.waitFor('containerd to listen', 30_000, () =>
    Promise.resolve(existsSync(cluster.files.containerdSocket)),
  );
  await cluster.startComponent('kubelet', progress);
  await cluster.waitFor(`node ${NODE_NAME} to be Ready`, 180_000, () => cluster.nodeReady());
  await cluster.startComponent('kube-proxy', progress);
  await cluster.startComponent('coredns', progress);
  await cluster.waitFor('CoreDNS to be ready', 30_000, async () => {
    const r = await execa('busybox', ['wget', '-q', '-O', '-', 'http://127.0.0.1:18181/ready'], { reject: false });
    return r.exitCode === 0;
  });
  await cluster.waitFor(
    'the default service account',
    60_000,
    async () => (await cluster.kubectl(['get', 'serviceaccount', 'default', '-n', 'default'])).exitCode === 0,
  );
  await startRegistries(cluster, progress);
}

/**
 * The loopback registries (registries.ts) that do not run, each waited for until its /v2/
 * answers: all of them on a fresh start; on reuse those a crash or a stop left down, when the
 * cluster was started with them (their configuration is there). Whatever still serves a
 * registry's configuration without its pid file goes first, or it would hold the port.
 */
export async function startRegistries(cluster: LocalCluster, progress: Progress): Promise<void> {
  for (const registry of REGISTRIES) {
    const config = join(cluster.files.config, `${registry}.yaml`);
    if ((await cluster.processes.alive(registry)) || !existsSync(config)) continue;
    stopRegistryProcesses(cluster.files.config, config);
    await cluster.startComponent(registry, progress);
    await cluster.waitFor(`${registry} to serve`, 30_000, () => httpOk(HEALTH_ENDPOINTS[registry]));
  }
}

async function makeStateDirectories({ files }: LocalCluster): Promise<void> {
  for (const dir of [
    files.registryHosts,
    ...REGISTRIES.map((registry) => join(files.registryData, registry)),
    files.config,
    files.logs,
    files.pids,
    files.etcdData,
    files.kubeletRoot,
    files.podLogs,
    files.containerdRoot,
    files.cniData,
    files.containerdState,
  ]) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  }
}

async function writeConfigs({ files, options }: LocalCluster, pauseImage: string): Promise<void> {
  const cniDir = join(files.config, 'cni');
  await mkdir(cniDir, { recursive: true });
  const bodies: Record<string, string> = {
    'containerd.toml': containerdConfig(files, pauseImage, cniDir, options.runtime),
    'cni/10-pod-conformance.conflist': cniConflist(files),
    'kubelet.yaml': kubeletConfig(files),
    'kube-proxy.yaml': kubeProxyConfig(files),
    'scheduler.yaml': schedulerConfig(files),
    Corefile: corefile(files),
  };
  for (const [component, certName] of Object.entries(KUBECONFIG_USERS)) {
    const body = kubeconfig({
      server: apiServerURL(),
      caFile: join(files.pki, 'ca.crt'),
      certFile: join(files.pki, `${certName}.crt`),
      keyFile: join(files.pki, `${certName}.key`),
      user: component,
    });
    if (component === 'admin') await writeFile(files.adminKubeconfig, body, { mode: 0o600 });
    else bodies[`${certName}.kubeconfig`] = body;
  }
  for (const [name, body] of Object.entries(bodies)) {
    await writeFile(join(files.config, name), body, { mode: 0o600 });
  }
  await writeRegistryConfigs(files);
}

/** The registries' configurations, the private one's password file, and containerd's hosts.toml files. */
async function writeRegistryConfigs(files: StateFiles): Promise<void> {
  const { credentials } = LOOPBACK_REGISTRIES.private;
  await writeFile(files.registryHtpasswd, await htpasswdLine(credentials), { mode: 0o600 });
  for (const registry of REGISTRIES) {
    const served = REGISTRY_COMPONENTS[registry];
    const body = registryConfig({
      host: LOOPBACK_REGISTRIES[served].host,
      storage: join(files.registryData, registry),
      secret: randomBytes(16).toString('hex'),
      ...(served === 'private' ? { htpasswd: files.registryHtpasswd } : {}),
    });
    await writeFile(join(files.config, `${registry}.yaml`), body, { mode: 0o600 });
  }
  for (const [path, body] of Object.entries(containerdRegistryHosts())) {
    await mkdir(dirname(join(files.registryHosts, path)), { recursive: true });
    await writeFile(join(files.registryHosts, path), body, { mode: 0o644 });
  }
}
