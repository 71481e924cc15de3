import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isNodeReady,
  isNodeSchedulable,
  loadKubeConfig,
  nodeDescription,
  probeApiServer,
} from '../../clusters/shared/api.ts';
import { kubeconfigSources, minifiedKubeconfig } from '../../clusters/existing/kubeconfig.ts';
import { ExistingProvider, nodesLacking } from '../../clusters/existing/provider.ts';
import { ClusterError, type Progress } from '../../clusters/provider.ts';

const root = mkdtempSync(join(tmpdir(), 'existing-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const silent: Progress = { step: () => {}, done: () => {}, update: () => {} };

function kubeconfigText(input: {
  server: string;
  context: string;
  cluster?: string;
  user?: string;
  extra?: string;
}): string {
  const cluster = input.cluster ?? input.context;
  const user = input.user ?? input.context;
  return `apiVersion: v1
kind: Config
clusters:
  - name: ${cluster}
    cluster:
      server: ${input.server}
      certificate-authority: certs/ca.crt
users:
  - name: ${user}
    user:
      client-certificate: /abs/client.crt
      client-key: keys/client.key
contexts:
  - name: ${input.context}
    context: { cluster: ${cluster}, user: ${user}, namespace: default }
current-context: ${input.context}
${input.extra ?? ''}`;
}

describe('kubeconfigSources', () => {
  it('prefers the explicit value, then KUBECONFIG (a PATH-like list), then ~/.kube/config', () => {
    expect(kubeconfigSources('/a/k', { KUBECONFIG: '/b/k' })).toEqual(['/a/k']);
    expect(kubeconfigSources(undefined, { KUBECONFIG: '/b/k::/c/k' })).toEqual(['/b/k', '/c/k']);
    expect(kubeconfigSources(undefined, { HOME: '/home/u' })).toEqual(['/home/u/.kube/config']);
  });
});

describe('minifiedKubeconfig', () => {
  const a = { path: '/cfg/a.yaml', text: kubeconfigText({ server: 'https://a:6443', context: 'ctx-a' }) };
  const b = { path: '/other/b.yaml', text: kubeconfigText({ server: 'https://b:6443', context: 'ctx-b' }) };

  it('keeps only the chosen context, its cluster and user, with paths made absolute', () => {
    const { yaml, context } = minifiedKubeconfig([a, b], 'ctx-b');
    expect(context).toBe('ctx-b');
    const config = parse(yaml) as {
      clusters: Array<{ name: string; cluster: Record<string, string> }>;
      users: Array<{ name: string; user: Record<string, string> }>;
      contexts: Array<{ name: string }>;
      'current-context': string;
    };
    expect(config['current-context']).toBe('ctx-b');
    expect(config.contexts.map((c) => c.name)).toEqual(['ctx-b']);
    expect(config.clusters).toEqual([
      { name: 'ctx-b', cluster: { server: 'https://b:6443', 'certificate-authority': '/other/certs/ca.crt' } },
    ]);
    expect(config.users[0]?.user).toEqual({
      'client-certificate': '/abs/client.crt',
      'client-key': '/other/keys/client.key',
    });
  });

  it('follows kubectl merging: the first file wins for names and current-context', () => {
    const shadow = { path: '/z/c.yaml', text: kubeconfigText({ server: 'https://shadow:6443', context: 'ctx-a' }) };
    const { yaml, context } = minifiedKubeconfig([a, shadow]);
    expect(context).toBe('ctx-a');
    expect(yaml).toContain('https://a:6443');
    expect(yaml).not.toContain('shadow');
  });

  it('names the missing context and lists the available ones', () => {
    expect(() => minifiedKubeconfig([a, b], 'nope')).toThrow(
      new ClusterError(
        'context "nope" not found in /cfg/a.yaml:/other/b.yaml; pass --context with one of: ctx-a, ctx-b',
      ),
    );
  });

  it('requires a context when the files set no current-context', () => {
    const none = {
      path: '/n.yaml',
      text: kubeconfigText({ server: 'https://a', context: 'x' }).replace(/^current-context.*$/m, ''),
    };
    expect(() => minifiedKubeconfig([none])).toThrow(/has no current-context; pass --context \(one of: x\)/);
  });

  it('rejects a file that is not a kubeconfig', () => {
    expect(() => minifiedKubeconfig([{ path: '/x', text: '- a\n' }])).toThrow(ClusterError);
  });
});

describe('ExistingProvider', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      response.setHeader('Content-Type', 'application/json');
      if (request.url === '/version') {
        response.end(JSON.stringify({ gitVersion: 'v1.35.4' }));
      } else if (request.url === '/api/v1/nodes') {
        response.end(
          JSON.stringify({
            items: [
              {
                metadata: { name: 'node-1' },
                status: {
                  conditions: [{ type: 'Ready', status: 'True' }],
                  nodeInfo: {
                    osImage: 'Debian',
                    kernelVersion: '6.1',
                    containerRuntimeVersion: 'containerd://1.6.20',
                    kubeletVersion: 'v1.35.4',
                  },
                },
              },
            ],
          }),
        );
      } else {
        response.statusCode = 404;
        response.end(JSON.stringify({ kind: 'Status', message: 'the server could not find the requested resource' }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function writeKubeconfig(name: string, serverUrl: string, context = 'test'): string {
    const path = join(root, name);
    writeFileSync(
      path,
      `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "${serverUrl}", insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: ${context}, context: { cluster: c, user: u } }, { name: other, context: { cluster: c, user: u } }]
current-context: ${context}
`,
    );
    return path;
  }

  it('uses a single kubeconfig as is, and a minified copy when a context is chosen', () => {
    const path = writeKubeconfig('plain.yaml', url);
    expect(new ExistingProvider({ kubeconfig: path, env: {} }).kubeconfigPath()).toBe(path);
    const env = { XDG_STATE_HOME: join(root, 'state') };
    const copy = new ExistingProvider({ kubeconfig: path, context: 'other', env }).kubeconfigPath();
    expect(copy.startsWith(join(root, 'state', 'pod-conformance', 'existing'))).toBe(true);
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    expect((parse(readFileSync(copy, 'utf8')) as Record<string, unknown>)['current-context']).toBe('other');
  });

  it('comes up when the API server answers and a node is Ready, and describes the cluster', async () => {
    const provider = new ExistingProvider({ kubeconfig: writeKubeconfig('up.yaml', url), env: {} });
    expect((await provider.prerequisites()).every((p) => p.ok)).toBe(true);
    const status = await provider.up(silent);
    expect(status).toMatchObject({
      provider: 'existing',
      name: 'test',
      running: true,
      detail: 'Kubernetes v1.35.4, 1/1 nodes Ready',
    });
    const description = await provider.describe();
    expect(description.serverVersion).toBe('v1.35.4');
    expect(description.nodes).toEqual([
      {
        name: 'node-1',
        schedulable: true,
        osImage: 'Debian',
        kernelVersion: '6.1',
        containerRuntimeVersion: 'containerd://1.6.20',
        kubeletVersion: 'v1.35.4',
      },
    ]);
  });

  it('fails up() with the server, the cause and what to check when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const provider = new ExistingProvider({
      kubeconfig: writeKubeconfig('down.yaml', `http://127.0.0.1:${port}`),
      env: {},
    });
    const attempt = provider.up(silent);
    await expect(attempt).rejects.toBeInstanceOf(ClusterError);
    await expect(attempt).rejects.toThrow(
      `cannot reach the API server at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}; check KUBECONFIG/--context`,
    );
    expect((await provider.status()).running).toBe(false);
  });

  it('reports a missing kubeconfig as an unmet prerequisite', async () => {
    const checks = await new ExistingProvider({ kubeconfig: join(root, 'missing.yaml'), env: {} }).prerequisites();
    expect(checks).toEqual([
      expect.objectContaining({
        ok: false,
        remedy: 'set KUBECONFIG or pass --kubeconfig to a kubeconfig of the cluster to test',
      }),
    ]);
  });

  it('reports an unknown context as an unmet prerequisite', async () => {
    const checks = await new ExistingProvider({
      kubeconfig: writeKubeconfig('ctx.yaml', url),
      context: 'nope',
      env: {},
    }).prerequisites();
    expect(checks.at(-1)).toMatchObject({ ok: false, what: 'context "nope" in the kubeconfig' });
  });

  it('refuses to tear the cluster down', async () => {
    const provider = new ExistingProvider({ kubeconfig: writeKubeconfig('rm.yaml', url), env: {} });
    await expect(provider.down(silent)).rejects.toThrow(/never deletes clusters/);
  });

  it('refuses image archives unless they are mapped away or declared preloaded', async () => {
    const path = writeKubeconfig('img.yaml', url);
    await expect(
      new ExistingProvider({ kubeconfig: path, env: {} }).loadImageArchives([], silent),
    ).resolves.toBeUndefined();
    await expect(
      new ExistingProvider({ kubeconfig: path, env: {} }).loadImageArchives(['/c/busybox-1.35.0-x.tar'], silent),
    ).rejects.toThrow(
      'the existing provider cannot load image archives (busybox-1.35.0-x.tar) and node-1 lacks them: map those images to ones the cluster can pull in POD_CONFORMANCE_IMAGE_MAP=file.yaml (POD_CONFORMANCE_IMAGE_MAP=upstream: upstream’s public images), or import the archives on every node and set POD_CONFORMANCE_IMAGES_PRELOADED=1',
    );
    await expect(
      new ExistingProvider({ kubeconfig: path, env: { POD_CONFORMANCE_IMAGES_PRELOADED: '1' } }).loadImageArchives(
        ['/c/b.tar'],
        silent,
      ),
    ).resolves.toBeUndefined();
  });

  it('reports HTTP errors with the Status message', async () => {
    const kc = loadKubeConfig(writeKubeconfig('http.yaml', `${url}/prefix`));
    await expect(probeApiServer(kc)).rejects.toThrow(/HTTP 404 the server could not find the requested resource/);
  });
});

describe('images already on the nodes', () => {
  it('count only when every node lists every image', () => {
    const node = (name: string, ...refs: string[]) => ({
      metadata: { name },
      status: { images: refs.map((r) => ({ names: [r, `${r}@sha256:x`] })) },
    });
    const refs = ['localhost/pod-conformance/busybox:1.35.0', 'localhost/pod-conformance/pause:1.0'];
    expect(nodesLacking([node('a', ...refs), node('b', ...refs)], refs)).toEqual([]);
    expect(nodesLacking([node('a', ...refs), node('b', refs[0]!)], refs)).toEqual(['b']);
    expect(nodesLacking([{ metadata: { name: 'c' } }], refs)).toEqual(['c']);
  });
});

describe('node helpers', () => {
  it('counts a node schedulable when it is Ready, not cordoned and has no NoSchedule or NoExecute taint', () => {
    const ready = { status: { conditions: [{ type: 'Ready', status: 'True' }] } };
    expect(isNodeSchedulable(ready)).toBe(true);
    expect(isNodeSchedulable({ ...ready, spec: { unschedulable: true } })).toBe(false);
    expect(isNodeSchedulable({ ...ready, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } })).toBe(false);
    expect(isNodeSchedulable({ ...ready, spec: { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] } })).toBe(true);
    expect(isNodeSchedulable({ status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } })).toBe(false);
  });

  it('reads readiness and node info', () => {
    expect(isNodeReady({ status: { conditions: [{ type: 'Ready', status: 'False' }] } })).toBe(false);
    expect(isNodeReady({})).toBe(false);
    expect(nodeDescription({ metadata: { name: 'n' } })).toEqual({
      name: 'n',
      schedulable: false,
      osImage: '',
      kernelVersion: '',
      containerRuntimeVersion: '',
      kubeletVersion: '',
    });
  });
});
