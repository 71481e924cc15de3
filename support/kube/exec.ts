/**
 * Runs a command in a chosen container through the API server's exec subresource (what
 * `kubectl exec -c` does) and returns its output and exit code.
 */
import { Writable } from 'node:stream';
import type { V1Status } from '@kubernetes/client-node';
import type { KubeClients } from './clients.ts';
import { ConformanceAssertionError } from '../assert.ts';
import { asApiError } from './errors.ts';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** The Status the API server sent at the end (reason NonZeroExitCode, InternalError …). */
  status?: V1Status;
}

function collector(chunks: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
}

/**
 * The command's exit code from the final Status, or undefined when the Status is not about the
 * command at all (the API server or kubelet could not run it: "no exec found for container …").
 */
export function exitCodeOf(status: V1Status): number | undefined {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  return cause?.message !== undefined ? Number(cause.message) : undefined;
}

/** `Failure InternalError (500): no exec found for container "x"`: the API's own words. */
export function describeStatus(status: V1Status): string {
  const head = [status.status, status.reason, status.code !== undefined ? `(${status.code})` : undefined]
    .filter(Boolean)
    .join(' ');
  return `${head}: ${status.message ?? '(no message)'}`;
}

/** An exec the cluster could not carry out (as opposed to a command that ran and failed). */
export class ExecError extends ConformanceAssertionError {
  constructor(
    message: string,
    readonly status?: V1Status,
  ) {
    super(message);
  }
}

export function execInContainer(
  clients: KubeClients,
  target: { namespace: string; pod: string; container: string },
  command: string[],
  timeoutMs = 30_000,
): Promise<ExecResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  return new Promise<ExecResult>((resolve, reject) => {
    let status: V1Status | undefined;
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `exec ${JSON.stringify(command)} in ${target.pod}/${target.container}: no end within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
    const what = `exec ${JSON.stringify(command)} in ${target.pod}/${target.container}`;
    const finish = () => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const exitCode = status ? exitCodeOf(status) : undefined;
      if (status && exitCode === undefined) {
        // Not the command's answer: the exec itself failed. Keep the API's reason and message.
        reject(new ExecError(`${what}: the API answered ${describeStatus(status)}`, status));
      } else if (!status && stderr === '' && stdout === '') {
        reject(new ExecError(`${what}: connection closed without a status`));
      } else {
        resolve({ stdout, stderr, exitCode: exitCode ?? -1, status });
      }
    };
    clients.exec
      .exec(
        target.namespace,
        target.pod,
        target.container,
        command,
        collector(out),
        collector(err),
        null,
        false,
        (s) => {
          status = s;
        },
      )
      .then((socket) => {
        // isomorphic-ws ships no usable types; the socket is a ws WebSocket.
        (socket as unknown as { on(event: 'close', listener: () => void): void }).on('close', finish);
      })
      .catch((e: unknown) => {
        clearTimeout(timer);
        const converted = asApiError(e, `exec in ${target.pod}/${target.container}`);
        reject(converted instanceof Error ? converted : new Error(String(converted)));
      });
  });
}
