/**
 * Root filesystems of the test images, described as data first (so the cache key and the tests
 * see exactly what goes into the layer) and only then written to a staging directory.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type RootfsEntry =
  | { type: 'dir'; path: string; mode: number }
  | { type: 'file'; path: string; mode: number; bytes: Buffer }
  | { type: 'symlink'; path: string; target: string };

/** What the scenarios run inside busybox containers; the build fails if an applet is missing. */
export const REQUIRED_APPLETS = [
  'sh',
  'sleep',
  'touch',
  'rm',
  'cat',
  'echo',
  'date',
  'nslookup',
  'wget',
  'nc',
  'httpd',
  'ps',
  'top',
  'pidof',
  'dd',
  'kill',
  'ls',
  'mkdir',
  'grep',
  'head',
  'tail',
  'env',
  'hostname',
  'id',
  'true',
  'false',
  'test',
  '[',
  'seq',
  'printf',
  'sysctl',
  'ip',
  'awk',
  'sed',
  'tr',
  'cmp',
  'cp',
  'chmod',
  'ping',
] as const;

export const BUSYBOX_PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';
const GROUP = 'root:x:0:\nnogroup:x:65534:\n';
/**
 * The user and groups upstream's agnhost image adds for its supplemental-groups tests: uid 1000
 * in its own group 1000 and in group 50000, so `id -G` as uid 1000 says `1000 50000` plus the
 * pod's supplemental groups (unless the pod's supplementalGroupsPolicy is Strict).
 */
const AGNHOST_PASSWD = 'user-defined-in-image:x:1000:1000::/home/user-defined-in-image:/bin/sh\n';
const AGNHOST_GROUP = 'user-defined-in-image:x:1000:\ngroup-defined-in-image:x:50000:user-defined-in-image\n';
// Static glibc (2.34+) has the files and dns backends built in; say so explicitly.
const NSSWITCH = 'passwd: files\ngroup: files\nhosts: files dns\n';

/**
 * Applet links from `busybox --list-full`. The tree is merged-/usr: /bin and /sbin are symlinks
 * into /usr, so every path busybox documents (bin/sh, usr/bin/wget, sbin/ifconfig) resolves.
 */
export function busyboxAppletLinks(listFull: string): RootfsEntry[] {
  const links = new Map<string, RootfsEntry>();
  for (const line of listFull.split('\n')) {
    const applet = line.trim();
    if (!applet) continue;
    const slash = applet.lastIndexOf('/');
    const dir = slash < 0 ? '' : applet.slice(0, slash);
    const name = applet.slice(slash + 1);
    if (name === 'busybox') continue;
    const inSbin = dir === 'sbin' || dir === 'usr/sbin';
    const path = `${inSbin ? 'usr/sbin' : 'usr/bin'}/${name}`;
    links.set(path, { type: 'symlink', path, target: inSbin ? '../bin/busybox' : 'busybox' });
  }
  return [...links.values()];
}

export function missingApplets(links: RootfsEntry[]): string[] {
  const present = new Set(links.map((entry) => entry.path.slice(entry.path.lastIndexOf('/') + 1)));
  return REQUIRED_APPLETS.filter((applet) => !present.has(applet));
}

export function busyboxRootfs(
  busybox: Buffer,
  listFull: string,
  accounts: { passwd: string; group: string } = { passwd: PASSWD, group: GROUP },
): RootfsEntry[] {
  return sortEntries([
    { type: 'symlink', path: 'bin', target: 'usr/bin' },
    { type: 'symlink', path: 'sbin', target: 'usr/sbin' },
    { type: 'dir', path: 'etc', mode: 0o755 },
    { type: 'file', path: 'etc/passwd', mode: 0o644, bytes: Buffer.from(accounts.passwd) },
    { type: 'file', path: 'etc/group', mode: 0o644, bytes: Buffer.from(accounts.group) },
    { type: 'file', path: 'etc/nsswitch.conf', mode: 0o644, bytes: Buffer.from(NSSWITCH) },
    { type: 'dir', path: 'root', mode: 0o700 },
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'dir', path: 'usr', mode: 0o755 },
    { type: 'dir', path: 'usr/bin', mode: 0o755 },
    { type: 'dir', path: 'usr/sbin', mode: 0o755 },
    { type: 'file', path: 'usr/bin/busybox', mode: 0o755, bytes: busybox },
    { type: 'dir', path: 'var', mode: 0o755 },
    ...busyboxAppletLinks(listFull),
  ]);
}

/**
 * agnhost where upstream's image has what the scenarios use: /agnhost (the entrypoint; /agnhost-2
 * links to it for the entrypoint tests), porter's /localhost.crt and /localhost.key (netexec
 * serving HTTPS), /uploads (netexec's upload handler), upstream's user-defined-in-image, and the
 * busybox applets for the shell commands upstream runs in it (its image is alpine: sh, cat, id).
 */
export function agnhostRootfs(input: {
  busybox: Buffer;
  listFull: string;
  agnhost: Buffer;
  tls: { cert: Buffer; key: Buffer };
}): RootfsEntry[] {
  return sortEntries([
    ...busyboxRootfs(input.busybox, input.listFull, {
      passwd: PASSWD + AGNHOST_PASSWD,
      group: GROUP + AGNHOST_GROUP,
    }),
    { type: 'file', path: 'agnhost', mode: 0o755, bytes: input.agnhost },
    { type: 'symlink', path: 'agnhost-2', target: 'agnhost' },
    { type: 'file', path: 'localhost.crt', mode: 0o644, bytes: input.tls.cert },
    { type: 'file', path: 'localhost.key', mode: 0o644, bytes: input.tls.key },
    { type: 'dir', path: 'uploads', mode: 0o755 },
    { type: 'dir', path: 'home', mode: 0o755 },
    // Owned by root like every file of the layer, so writable by all for uid 1000.
    { type: 'dir', path: 'home/user-defined-in-image', mode: 0o1777 },
  ]);
}

export function pauseRootfs(pause: Buffer): RootfsEntry[] {
  return [{ type: 'file', path: 'pause', mode: 0o755, bytes: pause }];
}

/** Parents before children, siblings by name: the order materialize() needs. */
export function sortEntries(entries: RootfsEntry[]): RootfsEntry[] {
  return [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Paths with no parent inside the tree: what tar is asked to archive. */
export function topLevelPaths(entries: RootfsEntry[]): string[] {
  return entries
    .filter((entry) => !entry.path.includes('/'))
    .map((entry) => entry.path)
    .sort();
}

/** A digest of the tree's content and metadata: part of the archive cache key. */
export function rootfsFingerprint(entries: RootfsEntry[]): string {
  const hash = createHash('sha256');
  for (const entry of sortEntries(entries)) {
    const detail =
      entry.type === 'symlink'
        ? entry.target
        : entry.type === 'file'
          ? `${entry.mode.toString(8)} ${createHash('sha256').update(entry.bytes).digest('hex')}`
          : entry.mode.toString(8);
    hash.update(`${entry.type} ${entry.path} ${detail}\n`);
  }
  return hash.digest('hex');
}

/** Writes the tree under dir with explicit modes, so the umask plays no part. */
export async function materialize(entries: RootfsEntry[], dir: string): Promise<void> {
  for (const entry of sortEntries(entries)) {
    const target = join(dir, entry.path);
    if (entry.type === 'dir') {
      await mkdir(target);
      await chmod(target, entry.mode);
    } else if (entry.type === 'file') {
      await writeFile(target, entry.bytes);
      await chmod(target, entry.mode);
    } else {
      await symlink(entry.target, target);
    }
  }
}
