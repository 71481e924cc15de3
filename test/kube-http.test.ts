import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { clientsFor } from '../support/kube/clients.ts';
import { KubeHttp, pooledAgent, sharedSecureContext } from '../support/kube/http.ts';

/** A local HTTP server that answers with what it received. */
async function echoServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ method: req.method, body: Buffer.concat(chunks).toString('utf8') }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function kubeHttp(server: string): KubeHttp {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return new KubeHttp(kc);
}

describe('KubeHttp.request', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('sends the body of a DELETE (DeleteOptions), which needs a Content-Length', async () => {
    const server = await echoServer();
    close = server.close;
    const answer = await kubeHttp(server.url).request<{ method: string; body: string }>('DELETE', '/api/v1/x', {
      body: { kind: 'DeleteOptions', gracePeriodSeconds: 0 },
    });
    expect(answer).toEqual({ method: 'DELETE', body: '{"kind":"DeleteOptions","gracePeriodSeconds":0}' });
  });
});

describe('KubeHttp.requestText', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('returns the status and text of any answer, including errors, and request still rejects them', async () => {
    const server = http.createServer((req, res) => {
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end(req.url === '/missing' ? 'not here' : 'served by the container\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    close = () => new Promise((resolve) => server.close(() => resolve()));
    const client = kubeHttp(`http://127.0.0.1:${port}`);
    expect(await client.requestText('GET', '/ok')).toEqual({ code: 200, text: 'served by the container\n' });
    expect(await client.requestText('GET', '/missing')).toEqual({ code: 404, text: 'not here' });
    await expect(client.request('GET', '/missing')).rejects.toThrow(/GET \/missing: HTTP 404: not here/);
  });
});

describe('kept connections', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  /** A server that counts the connections its requests came on. */
  async function countingServer(): Promise<{ url: string; connections: () => number }> {
    let connections = 0;
    const server = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'x' } }));
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    close = () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    return { url: `http://127.0.0.1:${port}`, connections: () => connections };
  }

  it('KubeHttp sends one request after another on one connection, not a new one (and handshake) each', async () => {
    const server = await countingServer();
    const client = kubeHttp(server.url);
    for (let i = 0; i < 5; i++) await client.request('GET', '/api/v1/namespaces/x');
    expect(server.connections()).toBe(1);
  });

  it('the typed clients do too', async () => {
    const server = await countingServer();
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: server.url, skipTLSVerify: true }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const { core } = clientsFor(kc);
    for (let i = 0; i < 5; i++) await core.readNamespace({ name: 'x' });
    expect(server.connections()).toBe(1);
  });

  it('a plain agent becomes the one kept agent of its TLS identity; any other agent stays as it is', () => {
    const a = pooledAgent(new https.Agent({ ca: 'A', rejectUnauthorized: true }));
    expect(pooledAgent(new https.Agent({ ca: 'A', rejectUnauthorized: true }))).toBe(a);
    expect(pooledAgent(new https.Agent({ ca: 'B', rejectUnauthorized: true }))).not.toBe(a);
    expect((a as https.Agent & { keepAlive: boolean }).keepAlive).toBe(true);
    class ProxyAgent extends https.Agent {}
    const proxy = new ProxyAgent();
    expect(pooledAgent(proxy)).toBe(proxy);
    expect(pooledAgent(undefined)).toBeUndefined();
  });

  it('connections that cannot be kept (exec) share one parsed TLS context per identity', () => {
    const context = sharedSecureContext({ rejectUnauthorized: true, servername: 'a' });
    expect(sharedSecureContext({ rejectUnauthorized: true, servername: 'a' })).toBe(context);
    expect(sharedSecureContext({ rejectUnauthorized: true, servername: 'b' })).not.toBe(context);
  });
});
