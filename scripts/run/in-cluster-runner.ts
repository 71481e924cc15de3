/**
 * The cluster as the runner inside it sees it (`run --in-cluster`, scripts/in-cluster/): reached
 * with the pod's ServiceAccount (its token file re-read as the kubelet rotates it, the cluster's
 * CA), never brought up, its images those the host loaded. The kubeconfig written here is what the
 * workers get, like any run's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCluster, loadKubeConfig } from '../../clusters/index.ts';
import type { InClusterHandOver } from '../shared/in-cluster.ts';
import type { Cluster } from './cluster.ts';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A kubeconfig for the pod's ServiceAccount: the API server's Service address, CA and token file. */
export function inClusterKubeconfig(env: NodeJS.ProcessEnv, dir = SERVICE_ACCOUNT_DIR): string {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port)
    throw new Error('KUBERNETES_SERVICE_HOST/PORT are not set: runner mode runs only inside a pod (run --in-cluster)');
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'in-cluster', cluster: { server, 'certificate-authority': join(dir, 'ca.crt') } }],
    // client-node re-reads a tokenFile auth provider's file: a bound token is rotated within the hour.
    users: [
      { name: 'runner', user: { 'auth-provider': { name: 'tokenFile', config: { tokenFile: join(dir, 'token') } } } },
    ],
    contexts: [{ name: 'in-cluster', context: { cluster: 'in-cluster', user: 'runner' } }],
    'current-context': 'in-cluster',
  });
}

/** The run's cluster in runner mode: described through the API, with what the host handed over. */
export async function inClusterCluster(
  handOver: InClusterHandOver,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Cluster> {
  const started = Date.now();
  const dir = join(env.HOME || '/tmp', '.kube');
  mkdirSync(dir, { recursive: true });
  const kubeconfig = join(dir, 'in-cluster.yaml');
  writeFileSync(kubeconfig, inClusterKubeconfig(env), { mode: 0o600 });
  const described = await describeCluster({
    kc: loadKubeConfig(kubeconfig),
    provider: handOver.provider,
    name: handOver.cluster,
    kubeconfig,
  });
  const description = {
    ...described,
    ...(handOver.ociRuntime ? { ociRuntime: handOver.ociRuntime } : {}),
    ...(described.runtimeHandler || !handOver.runtimeHandler ? {} : { runtimeHandler: handOver.runtimeHandler }),
  };
  console.log(
    `  in-cluster runner: ${handOver.provider} cluster ${handOver.cluster} through ${env.KUBERNETES_SERVICE_HOST}:${env.KUBERNETES_SERVICE_PORT} as this pod's ServiceAccount; images loaded by the host`,
  );
  return { kubeconfig, images: handOver.images, description, start: { state: 'running', ms: Date.now() - started } };
}
