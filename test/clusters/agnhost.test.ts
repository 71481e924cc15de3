import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGNHOST_MODULE_DIR, agnhostCacheName, agnhostLdflags } from '../../clusters/images/agnhost.ts';
import { VERSIONS } from '../../clusters/local/layout.ts';
import { agnhostRootfs, busyboxRootfs, rootfsFingerprint, topLevelPaths } from '../../clusters/images/rootfs.ts';

const listFull = 'bin/sh\nbin/cat\nusr/bin/id\n';
const input = {
  busybox: Buffer.from('bb'),
  listFull,
  agnhost: Buffer.from('agnhost'),
  tls: { cert: Buffer.from('cert'), key: Buffer.from('key') },
};

describe('agnhost rootfs', () => {
  const rootfs = agnhostRootfs(input);
  const text = (path: string) => {
    const entry = rootfs.find((e) => e.path === path);
    return entry?.type === 'file' ? entry.bytes.toString('utf8') : undefined;
  };

  it("has what upstream's image has where the scenarios look for it", () => {
    expect(rootfs).toContainEqual({ type: 'file', path: 'agnhost', mode: 0o755, bytes: input.agnhost });
    expect(rootfs).toContainEqual({ type: 'symlink', path: 'agnhost-2', target: 'agnhost' });
    expect(rootfs).toContainEqual({ type: 'file', path: 'localhost.crt', mode: 0o644, bytes: input.tls.cert });
    expect(rootfs).toContainEqual({ type: 'file', path: 'localhost.key', mode: 0o644, bytes: input.tls.key });
    expect(rootfs).toContainEqual({ type: 'dir', path: 'uploads', mode: 0o755 });
    expect(rootfs).toContainEqual({ type: 'symlink', path: 'usr/bin/sh', target: 'busybox' });
    expect(topLevelPaths(rootfs)).toEqual([
      'agnhost',
      'agnhost-2',
      'bin',
      'etc',
      'home',
      'localhost.crt',
      'localhost.key',
      'root',
      'sbin',
      'tmp',
      'uploads',
      'usr',
      'var',
    ]);
  });

  it('defines user-defined-in-image (uid 1000, group 1000) as a member of group 50000, as upstream does', () => {
    expect(text('etc/passwd')).toContain('user-defined-in-image:x:1000:1000:');
    expect(text('etc/passwd')).toMatch(/^root:x:0:0:/);
    expect(text('etc/group')).toContain('user-defined-in-image:x:1000:\n');
    expect(text('etc/group')).toContain('group-defined-in-image:x:50000:user-defined-in-image\n');
  });

  it('leaves the busybox image as it was', () => {
    const busybox = busyboxRootfs(input.busybox, listFull);
    const passwd = busybox.find((e) => e.path === 'etc/passwd');
    expect(passwd?.type === 'file' && passwd.bytes.toString()).not.toContain('user-defined-in-image');
    expect(rootfsFingerprint(agnhostRootfs({ ...input, agnhost: Buffer.from('other') }))).not.toBe(
      rootfsFingerprint(rootfs),
    );
  });
});

describe('agnhost build', () => {
  it("stamps the version as upstream's build does", () => {
    expect(agnhostLdflags('2.59')).toBe('-s -w -X main.Version=2.59');
  });

  it("caches the binary by version and by the wrapper's go.mod and go.sum", () => {
    const name = agnhostCacheName('2.59', 'mod', 'sum');
    expect(name).toMatch(/^agnhost-2\.59-[0-9a-f]{12}$/);
    expect(agnhostCacheName('2.59', 'mod', 'sum')).toBe(name);
    expect(agnhostCacheName('2.59', 'mod2', 'sum')).not.toBe(name);
    expect(agnhostCacheName('2.59', 'mod', 'sum2')).not.toBe(name);
  });

  it("has a committed wrapper of the local cluster's Kubernetes version, naming the package as a tool", () => {
    const goMod = readFileSync(join(AGNHOST_MODULE_DIR, 'go.mod'), 'utf8');
    expect(goMod).toMatch(new RegExp(`\\sk8s\\.io/kubernetes ${VERSIONS.kubernetes.replaceAll('.', '\\.')}\\s`));
    expect(goMod).toContain('tool k8s.io/kubernetes/test/images/agnhost');
    expect(goMod).toMatch(/k8s\.io\/client-go => k8s\.io\/client-go v0\.35\.4/);
  });
});
