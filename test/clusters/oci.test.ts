import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { deterministicTarArgs } from '../../clusters/images/archive.ts';
import { archiveFileName, buildArchive, cacheKey, type ImageRecipe } from '../../clusters/images/build.ts';
import { inspectElf } from '../../clusters/images/elf.ts';
import { MEDIA_TYPE, imageLayout, indexJson, sha256Digest } from '../../clusters/images/oci.ts';
import { splitReference } from '../../clusters/images/refs.ts';
import {
  busyboxAppletLinks,
  busyboxRootfs,
  missingApplets,
  pauseRootfs,
  rootfsFingerprint,
  topLevelPaths,
} from '../../clusters/images/rootfs.ts';

const scratch = mkdtempSync(join(tmpdir(), 'oci-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const json = (bytes: Buffer) => JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;

describe('splitReference', () => {
  it('splits repository from tag or digest, port numbers included', () => {
    expect(splitReference('localhost/pod-conformance/busybox:1.35.0')).toEqual({
      repository: 'localhost/pod-conformance/busybox',
      tag: '1.35.0',
    });
    expect(splitReference('localhost:5000/pause')).toEqual({ repository: 'localhost:5000/pause' });
    expect(splitReference('r.io/p@sha256:abc')).toEqual({ repository: 'r.io/p', digest: 'sha256:abc' });
  });
});

describe('imageLayout', () => {
  const layerTar = Buffer.from('pretend this is a tar');
  const layerGzip = gzipSync(layerTar);
  const layout = imageLayout({
    ref: 'localhost/pod-conformance/pause:1.0',
    platform: { architecture: 'amd64', os: 'linux' },
    config: { Entrypoint: ['/pause'] },
    layerTar,
    layerGzip,
  });
  const file = (path: string) => {
    const found = layout.files.find((f) => f.path === path);
    if (!found) throw new Error(`no ${path} in layout`);
    return found.bytes;
  };

  it('stores every blob under blobs/sha256/<its own digest>', () => {
    for (const f of layout.files.filter((f) => f.path.startsWith('blobs/'))) {
      expect(f.path).toBe(`blobs/sha256/${hex(f.bytes)}`);
    }
  });

  it('has the oci-layout marker', () => {
    expect(json(file('oci-layout'))).toEqual({ imageLayoutVersion: '1.0.0' });
  });

  it('names the image in the index for containerd and for the OCI spec', () => {
    const index = json(file('index.json')) as {
      schemaVersion: number;
      mediaType: string;
      manifests: Array<Record<string, unknown>>;
    };
    expect(index.schemaVersion).toBe(2);
    expect(index.mediaType).toBe(MEDIA_TYPE.index);
    expect(index.manifests).toHaveLength(1);
    const [manifest] = index.manifests;
    expect(manifest).toMatchObject({
      mediaType: MEDIA_TYPE.manifest,
      digest: layout.manifestDigest,
      annotations: {
        'io.containerd.image.name': 'localhost/pod-conformance/pause:1.0',
        'org.opencontainers.image.ref.name': '1.0',
      },
      platform: { architecture: 'amd64', os: 'linux' },
    });
    const manifestBytes = file(`blobs/sha256/${layout.manifestDigest.slice('sha256:'.length)}`);
    expect(manifest?.size).toBe(manifestBytes.length);
  });

  it('links manifest → config and layer with matching digests, sizes and diff_id', () => {
    const manifest = json(file(`blobs/sha256/${layout.manifestDigest.slice(7)}`)) as {
      schemaVersion: number;
      mediaType: string;
      config: { mediaType: string; digest: string; size: number };
      layers: Array<{ mediaType: string; digest: string; size: number }>;
    };
    expect(manifest.schemaVersion).toBe(2);
    expect(manifest.mediaType).toBe(MEDIA_TYPE.manifest);
    const configBytes = file(`blobs/sha256/${manifest.config.digest.slice(7)}`);
    expect(manifest.config).toEqual({
      mediaType: MEDIA_TYPE.config,
      digest: sha256Digest(configBytes),
      size: configBytes.length,
    });
    expect(manifest.layers).toEqual([
      { mediaType: MEDIA_TYPE.layerGzip, digest: sha256Digest(layerGzip), size: layerGzip.length },
    ]);
    expect(json(configBytes)).toEqual({
      architecture: 'amd64',
      os: 'linux',
      config: { Entrypoint: ['/pause'] },
      rootfs: { type: 'layers', diff_ids: [sha256Digest(layerTar)] },
    });
  });

  it('is byte-for-byte reproducible', () => {
    const again = imageLayout({
      ref: 'localhost/pod-conformance/pause:1.0',
      platform: { architecture: 'amd64', os: 'linux' },
      config: { Entrypoint: ['/pause'] },
      layerTar,
      layerGzip,
    });
    expect(again).toEqual(layout);
  });

  it('refuses an untagged reference', () => {
    expect(() =>
      indexJson({ mediaType: MEDIA_TYPE.manifest, digest: 'sha256:x', size: 1 }, 'localhost/x', {
        architecture: 'amd64',
        os: 'linux',
      }),
    ).toThrow(/no tag/);
  });
});

describe('busybox rootfs', () => {
  const listFull = 'usr/bin/[\nbin/sh\nbin/busybox\nsbin/ifconfig\nusr/sbin/chroot\nlinuxrc\nusr/bin/wget\n';

  it('links applets into a merged /usr, keeping /bin and /sbin as symlinks', () => {
    expect(busyboxAppletLinks(listFull)).toEqual([
      { type: 'symlink', path: 'usr/bin/[', target: 'busybox' },
      { type: 'symlink', path: 'usr/bin/sh', target: 'busybox' },
      { type: 'symlink', path: 'usr/sbin/ifconfig', target: '../bin/busybox' },
      { type: 'symlink', path: 'usr/sbin/chroot', target: '../bin/busybox' },
      { type: 'symlink', path: 'usr/bin/linuxrc', target: 'busybox' },
      { type: 'symlink', path: 'usr/bin/wget', target: 'busybox' },
    ]);
    const rootfs = busyboxRootfs(Buffer.from('bb'), listFull);
    expect(rootfs).toContainEqual({ type: 'symlink', path: 'bin', target: 'usr/bin' });
    expect(rootfs).toContainEqual({ type: 'symlink', path: 'sbin', target: 'usr/sbin' });
    expect(rootfs).toContainEqual({ type: 'dir', path: 'tmp', mode: 0o1777 });
    expect(rootfs).toContainEqual({ type: 'dir', path: 'root', mode: 0o700 });
    expect(rootfs.find((e) => e.path === 'etc/passwd')).toMatchObject({ type: 'file', mode: 0o644 });
    expect(topLevelPaths(rootfs)).toEqual(['bin', 'etc', 'root', 'sbin', 'tmp', 'usr', 'var']);
  });

  it('lists the applets scenarios need that a busybox lacks', () => {
    expect(missingApplets(busyboxAppletLinks(listFull))).toContain('nslookup');
    expect(missingApplets(busyboxAppletLinks(listFull))).not.toContain('sh');
  });

  it('fingerprints content and modes, independent of entry order', () => {
    const a = busyboxRootfs(Buffer.from('bb'), listFull);
    expect(rootfsFingerprint([...a].reverse())).toBe(rootfsFingerprint(a));
    expect(rootfsFingerprint(busyboxRootfs(Buffer.from('bb2'), listFull))).not.toBe(rootfsFingerprint(a));
  });
});

describe('inspectElf', () => {
  function elf(machine: number, programTypes: number[]): Buffer {
    const phoff = 64;
    const bytes = Buffer.alloc(phoff + programTypes.length * 56);
    bytes.writeUInt32BE(0x7f454c46, 0);
    bytes[4] = 2;
    bytes[5] = 1;
    bytes.writeUInt16LE(machine, 0x12);
    bytes.writeBigUInt64LE(BigInt(phoff), 0x20);
    bytes.writeUInt16LE(56, 0x36);
    bytes.writeUInt16LE(programTypes.length, 0x38);
    programTypes.forEach((type, i) => bytes.writeUInt32LE(type, phoff + i * 56));
    return bytes;
  }

  it('tells static from dynamic and names the architecture', () => {
    expect(inspectElf(elf(0x3e, [1, 1]))).toEqual({ architecture: 'amd64', machine: 0x3e, isStatic: true });
    expect(inspectElf(elf(0xb7, [6, 3, 1]))).toEqual({ architecture: 'arm64', machine: 0xb7, isStatic: false });
    expect(inspectElf(elf(0x28, [1]))?.architecture).toBeUndefined();
    expect(inspectElf(Buffer.from('#!/bin/sh\necho not elf\n'.padEnd(80)))).toBeUndefined();
  });
});

describe('archive building', () => {
  it('runs tar with fixed order, owners, mtimes and the ustar format', () => {
    const args = deterministicTarArgs({ directory: '/d', output: '/o.tar', paths: ['bin', 'etc'] });
    expect(args.slice(0, 3)).toEqual(['--create', '--file=/o.tar', '--directory=/d']);
    // Every flag that keeps the host (its clock, users, file attributes, directory order) out of the bytes.
    const pinned =
      '--format=ustar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --no-acls --no-xattrs --no-selinux';
    expect(args.slice(3, -3)).toEqual(pinned.split(' '));
    expect(args.slice(-3)).toEqual(['--', 'bin', 'etc']);
  });

  const recipe: ImageRecipe = {
    name: 'pause',
    ref: 'localhost/pod-conformance/pause:1.0',
    platform: { architecture: 'amd64', os: 'linux' },
    config: { Entrypoint: ['/pause'] },
    rootfs: pauseRootfs(Buffer.from('not really a binary')),
    notes: [],
  };
  const tools = { tar: 'GNU tar 1.34', zlib: '1.3' };

  it('keys the archive on every input', () => {
    const key = cacheKey(recipe, tools);
    expect(cacheKey({ ...recipe, notes: ['x'] }, tools)).toBe(key);
    expect(cacheKey({ ...recipe, ref: 'localhost/pod-conformance/pause:1.1' }, tools)).not.toBe(key);
    expect(cacheKey({ ...recipe, config: { Entrypoint: ['/other'] } }, tools)).not.toBe(key);
    expect(cacheKey({ ...recipe, rootfs: pauseRootfs(Buffer.from('other')) }, tools)).not.toBe(key);
    expect(cacheKey(recipe, { ...tools, zlib: '1.4' })).not.toBe(key);
    expect(archiveFileName('pause', recipe.ref, key)).toBe(`pause-1.0-${key.slice(0, 16)}.tar`);
  });

  it('writes the same bytes twice, reuses the cache, and lays out a valid one-layer image', async () => {
    const first = mkdtempSync(join(scratch, 'a-'));
    const second = mkdtempSync(join(scratch, 'b-'));
    const a = await buildArchive(recipe, first, tools);
    const b = await buildArchive(recipe, second, tools);
    expect(a.cached).toBe(false);
    expect(hex(readFileSync(a.archive))).toBe(hex(readFileSync(b.archive)));
    expect((await buildArchive(recipe, first, tools)).cached).toBe(true);
    expect(readdirSync(first)).toEqual([archiveFileName('pause', recipe.ref, cacheKey(recipe, tools))]);

    const { stdout: listing } = await execa('tar', ['--list', '--verbose', '--numeric-owner', '--file', a.archive]);
    expect(listing).toMatch(/^drwxr-xr-x 0\/0 +0 1970-01-01 00:00 blobs\/$/m);
    expect(listing).toMatch(/^-rw-r--r-- 0\/0 +\d+ 1970-01-01 00:00 index\.json$/m);

    const extracted = mkdtempSync(join(scratch, 'x-'));
    await execa('tar', ['--extract', '--file', a.archive, '--directory', extracted]);
    const index = JSON.parse(readFileSync(join(extracted, 'index.json'), 'utf8')) as {
      manifests: Array<{ digest: string }>;
    };
    expect(index.manifests[0]?.digest).toBe(a.manifestDigest);
    const manifest = JSON.parse(readFileSync(join(extracted, 'blobs/sha256', a.manifestDigest!.slice(7)), 'utf8')) as {
      layers: Array<{ digest: string }>;
    };
    const layer = readFileSync(join(extracted, 'blobs/sha256', manifest.layers[0]!.digest.slice(7)));
    const layerFile = join(extracted, 'layer.tar');
    await execa('sh', ['-c', 'cat > "$1"', 'sh', layerFile], { input: gunzipSync(layer) });
    const { stdout: layerListing } = await execa('tar', [
      '--list',
      '--verbose',
      '--numeric-owner',
      '--file',
      layerFile,
    ]);
    expect(layerListing).toMatch(/^-rwxr-xr-x 0\/0 +19 1970-01-01 00:00 pause$/m);
  });
});
