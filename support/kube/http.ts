/**
 * A small HTTP client for what the typed client cannot do: custom Accept headers (the API
 * server's Table printing, which gives the STATUS column of `kubectl get pod`) and long-running
 * watch streams we control ourselves (resume from a resourceVersion, stop on demand).
 * Authentication and TLS come from the kubeconfig through client-node; connections are kept open
 * and reused (pooledAgent).
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiError, ClusterUnreachableError, parseStatus, whileRefused } from './errors.ts';

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export type Query = Record<string, string | number | boolean | undefined>;

/**
 * How long an idle connection stays open for the next request: below the API server's own idle
 * timeout (90 s), so the server never closes a connection the client is about to reuse.
 */
const IDLE_CONNECTION_MS = 30_000;

const pooled = new Map<string, http.Agent>();
const contexts = new Map<string, tls.SecureContext>();

type TlsMaterial = Record<string, unknown>;

/** What tells one TLS identity from another: the CA, the client certificate and key, the checks. */
function identityOf(kind: string, options: TlsMaterial): string {
  const identity = createHash('sha256').update(kind);
  for (const field of ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const) {
    const value = options[field];
    identity.update(`|${field}=`);
    if (value !== undefined) identity.update(Buffer.isBuffer(value) ? value : JSON.stringify(value));
  }
  return identity.digest('hex');
}

/**
 * One TLS context (CA, client certificate and key, parsed once) per TLS identity, for connections
 * that cannot be kept, such as exec's WebSockets: without it every connection parses them again,
 * which was most of an exec's CPU in the worker.
 */
export function sharedSecureContext(options: TlsMaterial): tls.SecureContext {
  const key = identityOf('context', options);
  let context = contexts.get(key);
  if (!context) {
    const { ca, cert, key: privateKey, pfx, passphrase } = options as tls.SecureContextOptions;
    context = tls.createSecureContext({ ca, cert, key: privateKey, pfx, passphrase });
    contexts.set(key, context);
  }
  return context;
}

/**
 * One keep-alive agent per TLS identity in place of the new agent client-node builds for every
 * request. A new agent means a new connection and a full TLS handshake with the client
 * certificate each time: measured on the local cluster, 4-5 ms of the worker's CPU and ~3 ms of
 * the API server's per request, against under 1 ms on a kept connection. Proxy agents and
 * anything else that is not a plain agent are returned as they are.
 */
export function pooledAgent<A>(agent: A): A | http.Agent {
  if (!(agent instanceof http.Agent)) return agent;
  const plain = agent.constructor === https.Agent ? 'https' : agent.constructor === http.Agent ? 'http' : undefined;
  if (!plain) return agent;
  const options = (agent as unknown as { options: TlsMaterial }).options;
  const key = identityOf(plain, options);
  let shared = pooled.get(key);
  if (!shared) {
    const keepAlive = { ...options, keepAlive: true, timeout: IDLE_CONNECTION_MS };
    shared =
      plain === 'https'
        ? new https.Agent({ ...keepAlive, secureContext: sharedSecureContext(options) })
        : new http.Agent(keepAlive);
    pooled.set(key, shared);
  }
  return shared;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  contentType?: string;
  accept?: string;
  timeoutMs?: number;
  /** How long to try again while the API server refuses connections (default API_REFUSAL_GRACE_MS; 0: fail at once). */
  refusalGraceMs?: number;
}

export class KubeHttp {
  constructor(private readonly kc: KubeConfig) {}

  get server(): string {
    return this.kc.getCurrentCluster()?.server ?? '(no current cluster)';
  }

  private async requestOptions(
    method: string,
    path: string,
    query: Query | undefined,
    headers: Record<string, string>,
  ) {
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) throw new ClusterUnreachableError('the kubeconfig has no current cluster');
    const url = new URL(cluster.server);
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) search.set(k, String(v));
    const qs = search.toString();
    const opts: https.RequestOptions = {
      method,
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (url.protocol === 'https:' ? 443 : 80),
      path: `${url.pathname.replace(/\/$/, '')}${path}${qs ? `?${qs}` : ''}`,
      headers,
    };
    await this.kc.applyToHTTPSOptions(opts);
    opts.agent = pooledAgent(opts.agent);
    return { opts, transport: url.protocol === 'https:' ? https : http };
  }

  /** One request whose JSON answer is returned; non-2xx becomes an ApiError. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const what = `${method} ${path}`;
    const { code, text } = await this.send(method, path, options);
    if (code < 200 || code >= 300) throw new ApiError(code, parseStatus(text), what);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(`${what}: answer is not JSON: ${text.slice(0, 200)}`);
    }
  }

  /**
   * One request whose answer is returned as text with its HTTP status, whatever the status: for
   * what the API server relays from elsewhere (the pod proxy returns the container's answer).
   */
  async requestText(method: string, path: string, options: RequestOptions = {}): Promise<TextAnswer> {
    return this.send(method, path, { accept: '*/*', ...options });
  }

  /**
   * One request, tried again while the API server refuses connections (errors.ts whileRefused),
   * and a read, replace or delete once more when a kept connection turns out to have been closed
   * by the server (an API server restart).
   */
  private send(method: string, path: string, options: RequestOptions): Promise<TextAnswer> {
    return whileRefused(
      () =>
        this.sendOnce(method, path, options).catch((err: unknown) => {
          if (err instanceof StaleConnectionError && IDEMPOTENT.has(method))
            return this.sendOnce(method, path, options);
          throw err;
        }),
      options.refusalGraceMs,
    );
  }

  private async sendOnce(method: string, path: string, options: RequestOptions): Promise<TextAnswer> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      // Node sends a DELETE body without chunked encoding, so without a length the server reads none.
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const { opts, transport } = await this.requestOptions(method, path, options.query, headers);
    const what = `${method} ${path}`;
    return new Promise<TextAnswer>((resolve, reject) => {
      const req = transport.request(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => reject(unreachable(what, err)));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      });
      req.setTimeout(options.timeoutMs ?? 30_000, () =>
        req.destroy(new Error(`no answer within ${options.timeoutMs ?? 30_000} ms`)),
      );
      req.on('error', (err) =>
        reject(
          req.reusedSocket && isReset(err)
            ? new StaleConnectionError(unreachable(what, err).message)
            : unreachable(what, err),
        ),
      );
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /**
   * Opens a streaming GET (a watch) and calls onLine for every line. Resolves when the server
   * ends the stream (or stop() is called); rejects on a transport error or a non-2xx answer.
   */
  async stream(path: string, query: Query, accept: string, onLine: (line: string) => void): Promise<StreamHandle> {
    const { opts, transport } = await this.requestOptions('GET', path, query, { Accept: accept });
    const what = `watch ${path}`;
    let stopped = false;
    let req: http.ClientRequest | undefined;
    const ended = new Promise<void>((resolve, reject) => {
      req = transport.request(opts, (res) => {
        const code = res.statusCode ?? 0;
        if (code < 200 || code >= 300) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => reject(new ApiError(code, parseStatus(Buffer.concat(chunks).toString('utf8')), what)));
          return;
        }
        res.socket?.setKeepAlive(true, 15_000);
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let nl: number;
          while ((nl = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, nl).trim();
            buffered = buffered.slice(nl + 1);
            if (line && !stopped) onLine(line);
          }
        });
        res.on('end', () => resolve());
        res.on('close', () => resolve());
        res.on('error', (err) => (stopped ? resolve() : reject(unreachable(what, err))));
      });
      req.on('error', (err) => (stopped ? resolve() : reject(unreachable(what, err))));
      req.end();
    });
    return {
      ended,
      stop() {
        stopped = true;
        req?.destroy();
      },
    };
  }
}

export interface TextAnswer {
  code: number;
  text: string;
}

export interface StreamHandle {
  /** Settles when the stream is over: resolves on a clean end or stop(), rejects on error. */
  ended: Promise<void>;
  stop(): void;
}

/** Methods that may be sent again when their connection failed under them. */
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

/** A kept connection that failed before an answer came (the server had closed it). */
class StaleConnectionError extends ClusterUnreachableError {
  override name = 'StaleConnectionError';
}

function isReset(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}

function unreachable(what: string, err: Error): Error {
  const code = (err as NodeJS.ErrnoException).code;
  return new ClusterUnreachableError(`${what}: ${code ?? err.message}`);
}
