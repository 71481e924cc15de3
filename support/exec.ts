/**
 * Runs a command in a chosen container through the API server's exec subresource (what
 * `kubectl exec -c` does) and returns its output and exit code.
 */
import { Writable } from 'node:stream';
import type { V1Status } from '@kubernetes/client-node';
import type { KubeClients } from './kube/clients.ts';
import { asApiError } from './kube/errors.ts';

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

function exitCodeOf(status: V1Status): number {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  return cause?.message !== undefined ? Number(cause.message) : -1;
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
    const finish = () => {
      clearTimeout(timer);
      const result = {
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode: status ? exitCodeOf(status) : -1,
        status,
      };
      if (!status && result.stderr === '' && result.stdout === '') {
        reject(
          new Error(
            `exec ${JSON.stringify(command)} in ${target.pod}/${target.container}: connection closed without a status`,
          ),
        );
      } else {
        resolve(result);
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
