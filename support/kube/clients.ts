/**
 * API clients for this worker process, built once from the kubeconfig the run passes in
 * KUBECONFIG, with the context it was given (the names are in support/run-config.ts).
 */
import {
  AuthorizationV1Api,
  CoreV1Api,
  Exec,
  KubeConfig,
  KubernetesObjectApi,
  type RequestContext,
} from '@kubernetes/client-node';
import { ScenarioError } from '../assert.ts';
import { KubeHttp, pooledAgent, sharedSecureContext } from './http.ts';
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

/**
 * The typed clients' credentials: the kubeconfig's, with the connection kept open between
 * requests (http.ts pooledAgent) instead of a new connection and TLS handshake for each; exec's
 * WebSockets, a connection each, share one parsed TLS context (http.ts sharedSecureContext).
 */
class PooledKubeConfig extends KubeConfig {
  constructor(from: KubeConfig) {
    super();
    this.loadFromOptions({
      clusters: from.clusters,
      users: from.users,
      contexts: from.contexts,
      currentContext: from.currentContext,
    });
  }

  override async applyToHTTPSOptions(opts: Parameters<KubeConfig['applyToHTTPSOptions']>[0]): Promise<void> {
    await super.applyToHTTPSOptions(opts);
    const material = opts as Record<string, unknown>;
    if (material.ca || material.cert || material.key || material.pfx)
      material.secureContext = sharedSecureContext(material);
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const agent = context.getAgent();
    if (agent) context.setAgent(pooledAgent(agent));
  }
}

/** Clients for a given kubeconfig (the run itself, before any worker exists). */
export function clientsFor(kubeConfig: KubeConfig): KubeClients {
  const pooled = new PooledKubeConfig(kubeConfig);
  return {
    kubeConfig,
    http: new KubeHttp(kubeConfig),
    core: pooled.makeApiClient(CoreV1Api),
    objects: KubernetesObjectApi.makeApiClient(pooled),
    authorization: pooled.makeApiClient(AuthorizationV1Api),
    exec: new Exec(pooled),
  };
}
