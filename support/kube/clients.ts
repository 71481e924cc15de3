/**
 * API clients for this worker process, built once from the kubeconfig the run passes in
 * KUBECONFIG, with the context it was given (the names are in support/run-config.ts).
 */
import { AuthorizationV1Api, CoreV1Api, Exec, KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { ScenarioError } from '../assert.ts';
import { KubeHttp } from './http.ts';
import { kubeContext, RUN_ENV } from '../run-config.ts';

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
  if (!env[RUN_ENV.kubeconfig]) {
    throw new ScenarioError(
      `${RUN_ENV.kubeconfig} is not set: run the scenarios with \`npx pod-conformance run\` (or pass --kubeconfig)`,
    );
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  const context = kubeContext(env);
  if (context) kubeConfig.setCurrentContext(context);
  clients = clientsFor(kubeConfig);
  return clients;
}

/** Clients for a given kubeconfig (the run itself, before any worker exists). */
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
