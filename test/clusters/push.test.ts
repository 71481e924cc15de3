import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTar } from '../../clusters/images/archive.ts';
import { imageLayout, sha256Digest } from '../../clusters/images/oci.ts';
import {
  REGISTRY_COPY_LABEL,
  archivedImage,
  imageContent,
  pushArchive,
  pushTarget,
  readTar,
} from '../../clusters/images/push.ts';
import { imageDigests } from '../../clusters/local/extra-nodes.ts';
import { ClusterError } from '../../clusters/provider.ts';

const scratch = mkdtempSync(join(tmpdir(), 'push-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const layerTar = Buffer.alloc(2048, 7);
const layout = imageLayout({
  ref: 'localhost/pod-conformance/busybox:1.35.0',
  platform: { architecture: 'amd64', os: 'linux' },
  config: { Cmd: ['sh'] },
  layerTar,
  layerGzip: gzipSync(layerTar),
});

async function archiveOf(files: Array<{ path: string; bytes: Buffer }>, name: string): Promise<string> {
  const dir = join(scratch, name);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.bytes);
  }
  const output = join(scratch, `${name}.tar`);
  await createTar({ directory: dir, output, paths: ['blobs', 'index.json', 'oci-layout'] });
  return output;
}

/** An in-process distribution registry: blobs and manifests in memory, optional Basic auth. */
class FakeRegistry {
  readonly blobs = new Map<string, Buffer>();
  readonly manifests = new Map<string, { type: string; bytes: Buffer }>();
  readonly requests: string[] = [];
  private server: Server | undefined;
  private uploads = 0;

  constructor(private readonly credentials?: string) {}

  get host(): string {
    return `127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, headers = {} }) => {
        res.writeHead(status, headers);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; headers?: Record<string, string> }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url!, 'http://registry');
    this.requests.push(`${req.method} ${url.pathname}`);
    if (this.credentials && req.headers.authorization !== `Basic ${Buffer.from(this.credentials).toString('base64')}`) {
      return { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="test"' } };
    }
    const blob = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url.pathname);
    if (req.method === 'HEAD' && blob) return { status: this.blobs.has(blob[2]!) ? 200 : 404 };
    if (req.method === 'POST' && /^\/v2\/.+\/blobs\/uploads\/$/.test(url.pathname)) {
      return { status: 202, headers: { Location: `${url.pathname}${++this.uploads}?_state=x` } };
    }
    if (req.method === 'PUT' && /\/blobs\/uploads\/\d+$/.test(url.pathname)) {
      const digest = url.searchParams.get('digest')!;
      if (sha256Digest(body) !== digest) return { status: 400 };
      this.blobs.set(digest, body);
      return { status: 201 };
    }
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'PUT' && manifest) {
      this.manifests.set(`${manifest[1]}:${manifest[2]}`, { type: req.headers['content-type']!, bytes: body });
      return { status: 201, headers: { 'Docker-Content-Digest': sha256Digest(body) } };
    }
    return { status: 405 };
  }
}

describe('reading our archives', () => {
  it('finds every file of a GNU tar ustar archive, and the image in it, digests checked', async () => {
    const archive = await archiveOf(layout.files, 'read');
    const files = readTar(await import('node:fs').then((fs) => fs.readFileSync(archive)));
    expect([...files.keys()].sort()).toEqual(layout.files.map((f) => f.path).sort());
    const content = imageContent(files, archive);
    expect(content.manifest.digest).toBe(layout.manifestDigest);
    expect(content.manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(content.blobs).toHaveLength(2);
    expect(archivedImage(files, archive)).toEqual({
      name: 'localhost/pod-conformance/busybox:1.35.0',
      digest: layout.manifestDigest,
    });
  });

  it("compares an archive's image with what containerd lists, so one already there is not imported again", () => {
    const listing = [
      'REF                                      TYPE                                       DIGEST                                                                  SIZE    PLATFORMS   LABELS',
      'localhost/pod-conformance/busybox:1.35.0 application/vnd.oci.image.manifest.v1+json sha256:2225f52b05b0abb07770de67606d624099147c4f3d81fd2e69ac5a8214e14b94 1.0 MiB linux/amd64 io.cri-containerd.image=managed',
      'sha256:f2cd90dbd859546e59370861d64e0a1366ae23c57ecadd69a18328be8ea9d11e application/vnd.oci.image.manifest.v1+json sha256:c188853a9041033a03753dccb722553c04660e5479ac6b4911e7ae43950f2492 3.7 KiB linux/amd64 io.cri-containerd.image=managed',
      '',
    ].join('\n');
    const digests = imageDigests(listing);
    expect(digests.get('localhost/pod-conformance/busybox:1.35.0')).toBe(
      'sha256:2225f52b05b0abb07770de67606d624099147c4f3d81fd2e69ac5a8214e14b94',
    );
    expect(digests.has('REF')).toBe(false);
    expect(digests.size).toBe(2);
  });

  it('refuses a blob whose bytes do not match its digest', async () => {
    const broken = layout.files.map((f) =>
      f.path.startsWith('blobs/') && f.bytes.length === gzipSync(layerTar).length
        ? { ...f, bytes: Buffer.from('x') }
        : f,
    );
    const archive = await archiveOf(broken, 'broken');
    const files = readTar(await import('node:fs').then((fs) => fs.readFileSync(archive)));
    expect(() => imageContent(files, archive)).toThrow(/does not match its digest/);
  });
});

describe('pushTarget', () => {
  it('splits registry host, repository path and tag', () => {
    expect(pushTarget('127.0.0.1:15000/pod-conformance/busybox:1.35.0')).toEqual({
      registry: '127.0.0.1:15000',
      repository: 'pod-conformance/busybox',
      tag: '1.35.0',
    });
  });

  it('refuses a reference without a registry host or a tag', () => {
    expect(() => pushTarget('pod-conformance/busybox:1.35.0')).toThrow(ClusterError);
    expect(() => pushTarget('127.0.0.1:15000/busybox')).toThrow(/host:port\/path:tag/);
  });
});

describe('pushArchive', () => {
  let archive: string;
  const open = new FakeRegistry();
  const locked = new FakeRegistry('pod-conformance:secret');
  beforeAll(async () => {
    archive = await archiveOf(layout.files, 'push');
    await Promise.all([open.start(), locked.start()]);
  });
  afterAll(async () => {
    await Promise.all([open.stop(), locked.stop()]);
  });

  it('uploads the blobs the registry lacks, then the manifest under its tag', async () => {
    const ref = `${open.host}/pod-conformance/busybox:1.35.0`;
    const report = await pushArchive(archive, ref);
    expect(report).toMatchObject({ uploaded: 2, present: 0 });
    expect(open.blobs.size).toBe(2);
    const stored = open.manifests.get('pod-conformance/busybox:1.35.0');
    expect(stored?.type).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(sha256Digest(stored!.bytes)).toBe(report.digest);
    // The registry's copy is an image of its own (another config, so another image ID), same layers.
    expect(report.digest).not.toBe(layout.manifestDigest);
    const manifest = JSON.parse(stored!.bytes.toString('utf8')) as { config: { digest: string }; layers: unknown[] };
    const original = JSON.parse(
      layout.files.find((f) => f.path === `blobs/${layout.manifestDigest.replace(':', '/')}`)!.bytes.toString('utf8'),
    ) as { config: { digest: string }; layers: unknown[] };
    expect(manifest.layers).toEqual(original.layers);
    expect(manifest.config.digest).not.toBe(original.config.digest);
    const config = JSON.parse(open.blobs.get(manifest.config.digest)!.toString('utf8')) as {
      config: { Labels: Record<string, string>; Cmd: string[] };
    };
    expect(config.config).toEqual({ Cmd: ['sh'], Labels: { [REGISTRY_COPY_LABEL]: ref } });
  });

  it('uploads nothing again the registry has', async () => {
    open.requests.length = 0;
    const report = await pushArchive(archive, `${open.host}/pod-conformance/busybox:1.35.0`);
    expect(report).toMatchObject({ uploaded: 0, present: 2 });
    expect(open.requests.filter((r) => !r.startsWith('HEAD'))).toEqual([
      'PUT /v2/pod-conformance/busybox/manifests/1.35.0',
    ]);
  });

  it('sends the credentials to a private registry, and says when they are missing or refused', async () => {
    const ref = `${locked.host}/pod-conformance/busybox:1.35.0`;
    await expect(pushArchive(archive, ref, { username: 'pod-conformance', password: 'secret' })).resolves.toMatchObject(
      {
        uploaded: 2,
      },
    );
    await expect(pushArchive(archive, ref)).rejects.toThrow(/answered 401 \(the registry wants credentials\)/);
    await expect(pushArchive(archive, ref, { username: 'pod-conformance', password: 'wrong' })).rejects.toThrow(
      /answered 401 \(credentials refused\)/,
    );
  });

  it('names the registry that is not there', async () => {
    const gone = new FakeRegistry();
    await gone.start();
    const host = gone.host;
    await gone.stop();
    const error = await pushArchive(archive, `${host}/pod-conformance/busybox:1.35.0`).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ClusterError);
    expect((error as Error).message).toMatch(
      new RegExp(`HEAD http://${host}/v2/.* failed \\(ECONNREFUSED\\); is the registry on ${host} running\\?`),
    );
  });
});
