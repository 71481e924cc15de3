/**
 * Container logs through the API server's log subresource (what `kubectl logs` reads), as text.
 * Not through the typed client: an empty log comes back without a Content-Type, which it cannot
 * parse ("Cannot parse content"), turning "nothing written yet" into an error.
 */
import type { KubeClients } from './clients.ts';
import { ApiError, parseStatus } from './errors.ts';

export interface LogOptions {
  container?: string;
  previous?: boolean;
  timestamps?: boolean;
}

/** The log text; a refusal (container not started, node unreachable …) is an ApiError. */
export async function readContainerLog(
  clients: KubeClients,
  namespace: string,
  pod: string,
  options: LogOptions = {},
): Promise<string> {
  const path = `/api/v1/namespaces/${namespace}/pods/${pod}/log`;
  const answer = await clients.http.requestText('GET', path, {
    query: {
      container: options.container,
      previous: options.previous || undefined,
      timestamps: options.timestamps || undefined,
    },
  });
  if (answer.code < 200 || answer.code >= 300) {
    throw new ApiError(answer.code, parseStatus(answer.text), `GET ${path}`);
  }
  return answer.text;
}
