/**
 * API clients for this worker process, built once from the kubeconfig scripts/test.ts passes in
 * KUBECONFIG (and POD_CONFORMANCE_CONTEXT when --context was given).
 */
import { AuthorizationV1Api, CoreV1Api, Exec, KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { ScenarioError } from '../assert.ts';
import { KubeHttp } from './http.ts';

export interface KubeClients {
  kubeConfig: KubeConfig;
  http: KubeHttp;
  core: CoreV1Api;
  objects: KubernetesObjectApi;
  authorization: AuthorizationV1Api;
  exec: Exec;
}

let clients: KubeClients | undefined;

export function kubeClients(env: NodeJS.ProcessEnv = process.env): KubeClients {
  if (clients) return clients;
  if (!env.KUBECONFIG) {
    throw new ScenarioError('KUBECONFIG is not set: run the scenarios with `npm test` (or pass --kubeconfig)');
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  if (env.POD_CONFORMANCE_CONTEXT) kubeConfig.setCurrentContext(env.POD_CONFORMANCE_CONTEXT);
  clients = clientsFor(kubeConfig);
  return clients;
}

/** Clients for a given kubeconfig (scripts/test.ts, before any worker exists). */
export function clientsFor(kubeConfig: KubeConfig): KubeClients {
  return {
    kubeConfig,
    http: new KubeHttp(kubeConfig),
    core: kubeConfig.makeApiClient(CoreV1Api),
    objects: KubernetesObjectApi.makeApiClient(kubeConfig),
    authorization: kubeConfig.makeApiClient(AuthorizationV1Api),
    exec: new Exec(kubeConfig),
  };
}
