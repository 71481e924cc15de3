/**
 * A container's log read through a WebSocket, the way upstream's conformance test and browser
 * consoles read it: GET …/pods/NAME/log upgraded to a WebSocket with the `binary.k8s.io`
 * subprotocol, every message a chunk of the log, until the server closes the socket. The client
 * is the few lines of RFC 6455 this needs (the API server's frames are never masked, the client
 * sends nothing but its close), so no WebSocket package is needed beside client-node's own.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiError, parseStatus } from './errors.ts';

export const LOG_SUBPROTOCOL = 'binary.k8s.io';

export interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/** Complete frames at the start of the buffer, and the bytes of an incomplete one after them. */
export function parseFrames(buffer: Buffer): { frames: Frame[]; rest: Buffer } {
  const frames: Frame[] = [];
  let at = 0;
  for (;;) {
    if (buffer.length - at < 2) break;
    const b0 = buffer[at] ?? 0;
    const b1 = buffer[at + 1] ?? 0;
    let length = b1 & 0x7f;
    let header = 2;
    if (length === 126) {
      if (buffer.length - at < 4) break;
      length = buffer.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      if (buffer.length - at < 10) break;
      length = Number(buffer.readBigUInt64BE(at + 2));
      header = 10;
    }
    const masked = (b1 & 0x80) !== 0;
    const maskAt = at + header;
    if (masked) header += 4;
    if (buffer.length - at < header + length) break;
    const payload = Buffer.from(buffer.subarray(at + header, at + header + length));
    if (masked)
      for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (buffer[maskAt + (i % 4)] ?? 0);
    frames.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload });
    at += header + length;
  }
  return { frames, rest: buffer.subarray(at) };
}

/** The data of text, binary and continuation frames, in order; whether a close frame came. */
export function messageData(frames: Frame[]): { data: Buffer; closed: boolean } {
  const chunks: Buffer[] = [];
  let closed = false;
  for (const f of frames) {
    if (f.opcode === 0x8) closed = true;
    else if (f.opcode <= 0x2) chunks.push(f.payload);
  }
  return { data: Buffer.concat(chunks), closed };
}

/** A masked close frame (a client must mask what it sends). */
function closeFrame(): Buffer {
  const mask = randomBytes(4);
  return Buffer.concat([Buffer.from([0x88, 0x80]), mask]);
}

export async function readLogOverWebSocket(
  kc: KubeConfig,
  target: { namespace: string; pod: string; container: string },
  timeoutMs = 30_000,
): Promise<string> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(cluster.server);
  const path = `${url.pathname.replace(/\/$/, '')}/api/v1/namespaces/${target.namespace}/pods/${target.pod}/log?container=${encodeURIComponent(target.container)}`;
  const opts: https.RequestOptions = {
    method: 'GET',
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port || (url.protocol === 'https:' ? 443 : 80),
    path,
    headers: {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      'Sec-WebSocket-Protocol': LOG_SUBPROTOCOL,
    },
  };
  await kc.applyToHTTPSOptions(opts);
  const what = `GET ${path} (WebSocket, ${LOG_SUBPROTOCOL})`;
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<string>((resolve, reject) => {
    let socket: Socket | undefined;
    const timer = setTimeout(() => {
      socket?.destroy();
      req.destroy();
      reject(new Error(`${what}: the server did not close the socket within ${timeoutMs} ms`));
    }, timeoutMs);
    const req = transport.request(opts);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        reject(new ApiError(res.statusCode ?? 0, parseStatus(Buffer.concat(chunks).toString('utf8')), what));
      });
    });
    req.on('upgrade', (res, upgraded: Socket, head: Buffer) => {
      socket = upgraded;
      const protocol = res.headers['sec-websocket-protocol'];
      let pending = head;
      const received: Frame[] = [];
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        const { data } = messageData(received);
        if (protocol !== undefined && protocol !== LOG_SUBPROTOCOL) {
          reject(new Error(`${what}: the server chose the subprotocol ${JSON.stringify(protocol)}`));
          return;
        }
        resolve(data.toString('utf8'));
      };
      const take = (chunk: Buffer) => {
        const { frames, rest } = parseFrames(Buffer.concat([pending, chunk]));
        pending = rest;
        received.push(...frames);
        if (messageData(frames).closed) {
          upgraded.end(closeFrame());
          finish();
        }
      };
      upgraded.on('data', take);
      upgraded.on('end', finish);
      upgraded.on('close', finish);
      upgraded.on('error', (err) => {
        clearTimeout(timer);
        if (!done) reject(new Error(`${what}: ${err.message}`));
        done = true;
      });
      take(Buffer.alloc(0));
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${what}: ${err.message}`));
    });
    req.end();
  });
}
