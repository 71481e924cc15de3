/**
 * API failures in one shape, whether they come from the typed client (ApiException) or from the
 * raw HTTP client (Table printing, watches): HTTP code, Status reason, message and field causes.
 */
import { ApiException } from '@kubernetes/client-node';
import { ConformanceAssertionError } from '../assert.ts';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface ApiStatus {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: { name?: string; kind?: string; causes?: StatusCause[] };
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: number,
    readonly status: ApiStatus,
    what: string,
  ) {
    super(`${what}: HTTP ${code}${status.reason ? ` ${status.reason}` : ''}: ${status.message ?? '(no message)'}`);
  }

  get causes(): StatusCause[] {
    return this.status.details?.causes ?? [];
  }
}

/** The API server could not be reached at all (connection refused, TLS, DNS, timeout). */
export class ClusterUnreachableError extends Error {
  override name = 'ClusterUnreachableError';
}

export function parseStatus(body: unknown): ApiStatus {
  if (typeof body === 'string') {
    try {
      return parseStatus(JSON.parse(body));
    } catch {
      return { message: body.slice(0, 500) };
    }
  }
  if (body && typeof body === 'object') return body;
  return {};
}

/** Converts what the typed client throws into an ApiError; anything else is returned unchanged. */
export function asApiError(err: unknown, what: string): unknown {
  if (err instanceof ApiError) return err;
  if (err instanceof ApiException) {
    const e = err as ApiException<unknown>;
    return new ApiError(e.code, parseStatus(e.body), what);
  }
  const code = (err as { code?: string } | null)?.code;
  if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|EPIPE)$/.test(code)) {
    return new ClusterUnreachableError(`${what}: ${code}`);
  }
  return err;
}

/**
 * How long a call waits for an API server that refuses connections before it fails. A refused
 * connection never reached the server, so trying again is safe for any method; an API server
 * restart refuses for a few seconds (3-13 s measured on the local cluster), and a run should not
 * fail every scenario that starts meanwhile.
 */
export const API_REFUSAL_GRACE_MS = 30_000;

export function isRefused(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'ECONNREFUSED' || (err instanceof Error && /: ECONNREFUSED$/.test(err.message));
}

/** Runs `fn` again, with growing pauses, while the API server refuses connections, up to the grace. */
export async function whileRefused<T>(fn: () => Promise<T>, graceMs: number = API_REFUSAL_GRACE_MS): Promise<T> {
  const started = Date.now();
  let pause = 250;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!isRefused(err) || Date.now() - started + pause > graceMs) throw err;
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 4_000);
    }
  }
}

/** Runs a typed-client call and rethrows its failure as an ApiError naming the call. */
export async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await whileRefused(fn);
  } catch (err) {
    throw asApiError(err, what);
  }
}

/**
 * Reads a container's log; a refusal is an assertion failure that keeps the API's status and
 * message (`HTTP 500: … connect: connection refused` when the node serves no logs).
 */
export async function readLog<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const converted = asApiError(err, what);
    if (converted instanceof ApiError) {
      throw new ConformanceAssertionError(converted.message.replace(`${what}: `, `${what} cannot be read: `));
    }
    throw converted;
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.code === 404;
}
