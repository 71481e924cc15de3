/**
 * A kind node image built offline (`pod-conformance cluster image kind`): kind's own node-image
 * builder always fetches etcd, CoreDNS, pause and kindnetd from a registry, so we assemble the
 * image from pieces we build or install ourselves:
 *
 * - a Debian rootfs from mmdebstrap (systemd, Debian's containerd, runc and CNI plugins, iptables …);
 * - kind's base files (entrypoint, systemd units, containerd config) from the kind module in the Go
 *   module cache, the release our kind-config was written for;
 * - kubeadm, kubelet and kubectl from clusters/kind/build/kubernetes;
 * - our one-layer images of kube-apiserver, kube-controller-manager, kube-scheduler, etcd, CoreDNS
 *   and pause, and a kube-proxy image on a Debian rootfs (it runs iptables), as OCI archives under
 *   /kind/images, imported into the node's containerd at boot before the kubelet starts;
 * - what keeps a privileged node off the host's sysctls (docs/kind.md): /proc/sys/fs read-only
 *   before systemd starts, and no Debian sysctl.d defaults.
 *
 * Every input goes into one content key, which names the image's tag: a warm build is a hash of the
 * inputs and one `podman image exists`.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { execa } from 'execa';
import { buildArchive, pauseRecipe, type ImageRecipe } from '../images/build.ts';
import { BUILT_IMAGES } from '../images/refs.ts';
import { gnuTarVersion } from '../images/archive.ts';
import { imageLayout } from '../images/oci.ts';
import { ClusterError, type Progress } from '../provider.ts';
import { elapsed, goBuild, kubernetesLdflags, wrapperKey } from '../shared/go-build.ts';
import { cacheRoot } from '../shared/paths.ts';
import { firstLine } from '../shared/text.ts';

export const KUBERNETES_VERSION = 'v1.35.4';
export const ETCD_VERSION = 'v3.6.16';
export const COREDNS_VERSION = 'v1.14.7';
/** The kind release whose base files (and whose provider) the image is made for. */
export const KIND_MODULE = { path: 'sigs.k8s.io/kind', version: 'v0.31.0' } as const;
export const DEBIAN_SUITE = 'bookworm';
export const DEBIAN_MIRRORS = [
  'deb http://deb.debian.org/debian bookworm main',
  'deb http://deb.debian.org/debian bookworm-updates main',
  'deb http://deb.debian.org/debian-security bookworm-security main',
];
/** kind's base image packages (images/base/Dockerfile) that Debian has, plus the runtime it builds itself. */
export const NODE_PACKAGES = [
  'systemd',
  'systemd-sysv',
  'dbus',
  'conntrack',
  'iptables',
  'nftables',
  'iproute2',
  'ethtool',
  'util-linux',
  'mount',
  'kmod',
  'libseccomp2',
  'pigz',
  'bash',
  'ca-certificates',
  'jq',
  'procps',
  'socat',
  'containerd',
  'runc',
  'containernetworking-plugins',
];
/** kube-proxy's image: it runs iptables (and conntrack to clear stale UDP entries). */
export const KUBE_PROXY_PACKAGES = ['iptables', 'conntrack'];

/** Where our component images live; the kind config points kubeadm's imageRepository here. */
export const IMAGE_REPOSITORY = 'localhost/pod-conformance';
export const NODE_IMAGE_REPOSITORY = `${IMAGE_REPOSITORY}/kind-node`;

const KUBERNETES_WRAPPER = fileURLToPath(new URL('./build/kubernetes', import.meta.url));
const SHARED_BUILD = fileURLToPath(new URL('../shared/build', import.meta.url));
const KUBERNETES_COMMANDS = [
  'kubeadm',
  'kubelet',
  'kubectl',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kube-proxy',
] as const;
const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The references kubeadm asks for with imageRepository set to ours (CoreDNS then has no /coredns). */
export function componentRefs(): Record<string, string> {
  return {
    'kube-apiserver': `${IMAGE_REPOSITORY}/kube-apiserver:${KUBERNETES_VERSION}`,
    'kube-controller-manager': `${IMAGE_REPOSITORY}/kube-controller-manager:${KUBERNETES_VERSION}`,
    'kube-scheduler': `${IMAGE_REPOSITORY}/kube-scheduler:${KUBERNETES_VERSION}`,
    'kube-proxy': `${IMAGE_REPOSITORY}/kube-proxy:${KUBERNETES_VERSION}`,
    etcd: `${IMAGE_REPOSITORY}/etcd:${ETCD_VERSION}`,
    coredns: `${IMAGE_REPOSITORY}/coredns:${COREDNS_VERSION}`,
  };
}

/** The sandbox image the node's containerd uses: our pause. */
export const SANDBOX_IMAGE = BUILT_IMAGES.pause;

/**
 * kind's containerd config, with our pause as the sandbox image, no rootless-only plugin, and
 * restrict_oom_score_adj (lowering a process's oom_score_adj needs CAP_SYS_RESOURCE, absent here).
 */
export function nodeContainerdConfig(kindConfig: string): string {
  const patched = kindConfig
    .replace(/sandbox_image = ".*"/, `sandbox_image = "${SANDBOX_IMAGE}"`)
    .replace(/restrict_oom_score_adj = false/, 'restrict_oom_score_adj = true')
    .replace(/\[proxy_plugins\][\s\S]*?address = "[^"]*"\n/, '');
  if (!patched.includes(`sandbox_image = "${SANDBOX_IMAGE}"`) || !patched.includes('restrict_oom_score_adj = true')) {
    throw new ClusterError(
      `kind ${KIND_MODULE.version}'s containerd config lacks the sandbox_image or restrict_oom_score_adj line we patch`,
    );
  }
  return patched;
}

/** Runs before kind's entrypoint: the host's fs.* sysctls stay the host's (a privileged node could write them). */
export const NODE_ENTRYPOINT = `#!/bin/sh
# pod-conformance: a privileged container's /proc/sys is the host's outside the network namespace;
# systemd raises fs.file-max at boot. Keep /proc/sys/fs read-only, then run kind's entrypoint.
if mount --bind /proc/sys/fs /proc/sys/fs && mount -o remount,bind,ro /proc/sys/fs; then :; else
  echo "pod-conformance: could not make /proc/sys/fs read-only" >&2
fi
exec /usr/local/bin/entrypoint "$@"
`;

/** Imports our component images into the node's containerd before the kubelet starts. */
export const IMAGES_UNIT = `[Unit]
Description=pod-conformance: import the component images in /kind/images into containerd
After=containerd.service
Requires=containerd.service
Before=kubelet.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -euc 'for f in /kind/images/*.tar; do ctr --namespace=k8s.io images import --no-unpack "$f"; done'

[Install]
WantedBy=multi-user.target
`;

export const KUBELET_IMAGES_DROPIN = `# pod-conformance: the component images must be in containerd before the kubelet starts static pods.
[Unit]
Requires=pod-conformance-images.service
After=pod-conformance-images.service
`;

/** kind's default pod subnet; kindnetd is not ours to run, so a bridge of the node serves it. */
export const POD_SUBNET = '10.244.0.0/16';

/**
 * The node's CNI: a bridge with host-local addresses from the pod subnet and portmap, as the local
 * cluster's, for a single-node cluster (kind-config-offline.yaml disables kindnetd, which the Go
 * proxy does not serve).
 */
export function nodeCniConfig(): string {
  const conf = {
    cniVersion: '1.0.0',
    name: 'pod-conformance-kind',
    plugins: [
      {
        type: 'bridge',
        bridge: 'cni0',
        isGateway: true,
        ipMasq: true,
        hairpinMode: true,
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: POD_SUBNET.replace('/16', '/24') }]],
          routes: [{ dst: '0.0.0.0/0' }],
        },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  };
  return `${JSON.stringify(conf, null, 2)}\n`;
}

/** What mmdebstrap runs in the rootfs after our files are in (kind's base image steps, for Debian). */
export const NODE_SETUP_SCRIPT = [
  'set -e',
  'find /lib/systemd/system/sysinit.target.wants/ -name systemd-tmpfiles-setup.service -delete',
  'rm -f /lib/systemd/system/multi-user.target.wants/* /etc/systemd/system/*.wants/* /lib/systemd/system/local-fs.target.wants/*',
  'rm -f /lib/systemd/system/sockets.target.wants/*udev* /lib/systemd/system/sockets.target.wants/*initctl* /lib/systemd/system/basic.target.wants/*',
  'echo ReadKMsg=no >> /etc/systemd/journald.conf',
  // Debian's defaults set host-global sysctls (fs.protected_*, kernel.pid_max, kernel.sysrq …).
  'rm -f /usr/lib/sysctl.d/*.conf',
  'ln -sf /usr/bin/containerd /usr/local/bin/containerd',
  // Debian's CNI plugins where containerd and kind look for them.
  'mkdir -p /opt/cni && ln -sfn /usr/lib/cni /opt/cni/bin',
  // kind's cri-base.json: containerd's default spec, with kind's product-files hook and no rlimits.
  `ctr oci spec | jq '.hooks.createContainer[.hooks.createContainer | length] |= . + {"path": "/kind/bin/mount-product-files.sh"}' | jq 'del(.process.rlimits)' > /etc/containerd/cri-base.json`,
  'chmod 755 /kind/bin /kind/bin/* /usr/local/bin/*',
  'systemctl enable kubelet.service containerd.service undo-mount-hacks.service pod-conformance-images.service',
  'systemctl mask systemd-binfmt.service',
  'mkdir -p /etc/kubernetes/manifests',
].join('\n');

export interface OverlayFile {
  /** Path inside the rootfs, no leading slash. */
  path: string;
  mode: number;
  /** Content, or a host file to copy. */
  bytes?: Buffer;
  from?: string;
}

/** The tag of a node image: the Kubernetes version and the first 12 hex digits of its content key. */
export function nodeImageRef(key: string): string {
  return `${NODE_IMAGE_REPOSITORY}:${KUBERNETES_VERSION}-${key.slice(0, 12)}`;
}

async function fileDigest(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** The node image's content key: every input, files by their content. */
export async function nodeImageKey(overlay: OverlayFile[], tools: Record<string, string>): Promise<string> {
  const files: [string, number, string][] = [];
  for (const f of [...overlay].sort((a, b) => a.path.localeCompare(b.path))) {
    const digest = f.bytes ? createHash('sha256').update(f.bytes).digest('hex') : await fileDigest(f.from!);
    files.push([f.path, f.mode, digest]);
  }
  const inputs = {
    format: 1,
    suite: DEBIAN_SUITE,
    mirrors: DEBIAN_MIRRORS,
    packages: NODE_PACKAGES,
    setup: NODE_SETUP_SCRIPT,
    files,
    tools,
  };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}

interface Binaries {
  kubernetes: string;
  etcd: string;
  coredns: string;
}

/** kubeadm, kubelet, … from our wrapper, etcd and CoreDNS from the shared ones, into the cache. */
async function ensureBinaries(progress: Progress, env: NodeJS.ProcessEnv): Promise<Binaries> {
  const binCache = join(cacheRoot(env), 'bin');
  const targets = [
    {
      name: 'kubernetes',
      cacheName: 'kind-kubernetes',
      moduleDir: KUBERNETES_WRAPPER,
      version: KUBERNETES_VERSION,
      packages: KUBERNETES_COMMANDS.map((c) => `k8s.io/kubernetes/cmd/${c}`),
      binaries: [...KUBERNETES_COMMANDS],
    },
    // The same cache directories as the local cluster's builds: one build serves both providers.
    {
      name: 'etcd',
      cacheName: 'etcd',
      moduleDir: join(SHARED_BUILD, 'etcd'),
      version: ETCD_VERSION,
      packages: ['.'],
      binaries: ['etcd'],
    },
    {
      name: 'coredns',
      cacheName: 'coredns',
      moduleDir: join(SHARED_BUILD, 'coredns'),
      version: COREDNS_VERSION,
      packages: ['github.com/coredns/coredns'],
      binaries: ['coredns'],
    },
  ];
  const dirs: Record<string, string> = {};
  for (const t of targets) {
    const dir = join(binCache, `${t.cacheName}-${await wrapperKey(t.moduleDir, t.version)}`);
    dirs[t.name] = dir;
    if (t.binaries.every((b) => existsSync(join(dir, b)))) continue;
    await goBuild(
      {
        name: t.name,
        version: t.version,
        moduleDir: t.moduleDir,
        packages: t.packages,
        binaries: t.binaries,
        ldflags:
          t.name === 'kubernetes'
            ? kubernetesLdflags(t.version, new Date().toISOString().replace(/\.\d+Z$/, 'Z'))
            : '-s -w',
        outDir: dir,
      },
      progress,
    );
  }
  return { kubernetes: dirs.kubernetes!, etcd: dirs.etcd!, coredns: dirs.coredns! };
}

/** The kind module's directory in the Go module cache (downloaded through the Go proxy when missing). */
async function kindModuleDir(): Promise<string> {
  const r = await execa('go', ['mod', 'download', '-json', `${KIND_MODULE.path}@${KIND_MODULE.version}`], {
    env: { GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
    reject: false,
  });
  const dir = r.exitCode === 0 ? (JSON.parse(r.stdout) as { Dir?: string }).Dir : undefined;
  if (!dir) {
    throw new ClusterError(
      `go mod download ${KIND_MODULE.path}@${KIND_MODULE.version} failed: ${firstLine(r.stderr || r.stdout)}; check GOPROXY and network access`,
    );
  }
  return dir;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** A one-layer image of one static binary at /usr/local/bin (or / for CoreDNS, as upstream). */
function staticImage(name: string, ref: string, binary: Buffer, entrypoint?: string[]): ImageRecipe {
  const path = entrypoint ? name : `usr/local/bin/${name}`;
  const dirs = entrypoint ? [] : ['usr', 'usr/local', 'usr/local/bin'];
  return {
    name: `kind-${name}`,
    ref,
    platform: { architecture: 'amd64', os: 'linux' },
    config: { Env: [PATH_ENV], ...(entrypoint ? { Entrypoint: entrypoint } : {}) },
    rootfs: [
      ...dirs.map((d) => ({ type: 'dir' as const, path: d, mode: 0o755 })),
      { type: 'dir', path: 'etc', mode: 0o755 },
      { type: 'dir', path: 'tmp', mode: 0o1777 },
      {
        type: 'file',
        path: 'etc/passwd',
        mode: 0o644,
        bytes: Buffer.from('root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n'),
      },
      { type: 'file', path: 'etc/group', mode: 0o644, bytes: Buffer.from('root:x:0:\nnogroup:x:65534:\n') },
      { type: 'file', path, mode: 0o755, bytes: binary },
    ],
    notes: [],
  };
}

function mmdebstrapArgs(packages: string[], hooks: string[], output: string): string[] {
  return [
    '--mode=root',
    '--variant=minbase',
    '--quiet',
    `--include=${packages.join(',')}`,
    ...hooks.map((h) => `--customize-hook=${h}`),
    DEBIAN_SUITE,
    output,
    ...DEBIAN_MIRRORS,
  ];
}

async function mmdebstrap(
  what: string,
  packages: string[],
  hooks: string[],
  output: string,
  progress: Progress,
): Promise<void> {
  const started = Date.now();
  progress.step(`${what}: mmdebstrap ${DEBIAN_SUITE} with ${packages.length} package(s) from deb.debian.org`);
  const r = await execa('mmdebstrap', mmdebstrapArgs(packages, hooks, output), { reject: false, all: true });
  if (r.exitCode !== 0) {
    const last = (r.all ?? '').trim().split('\n').filter(Boolean).slice(-3).join(' | ');
    throw new ClusterError(`mmdebstrap for ${what} failed (exit ${r.exitCode}): ${last}; run it by hand to see why`);
  }
  progress.done(`${what}: rootfs in ${elapsed(Date.now() - started)}`);
}

/** kube-proxy on a Debian rootfs with iptables, as an OCI archive (cached by the binary and the package list). */
async function kubeProxyArchive(binary: string, cacheDir: string, progress: Progress): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify({ format: 1, suite: DEBIAN_SUITE, mirrors: DEBIAN_MIRRORS, packages: KUBE_PROXY_PACKAGES }))
    .update(await fileDigest(binary))
    .digest('hex');
  const archive = join(cacheDir, `kind-kube-proxy-${KUBERNETES_VERSION}-${key.slice(0, 16)}.tar`);
  if (existsSync(archive)) return archive;
  const work = await mkdtemp(join(tmpdir(), 'pod-conformance-kube-proxy-'));
  try {
    const rootfsTar = join(work, 'rootfs.tar');
    await mmdebstrap(
      'kube-proxy image',
      KUBE_PROXY_PACKAGES,
      [
        `copy-in ${binary} /usr/local/bin`,
        'rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/usr/share/doc "$1"/usr/share/man',
      ],
      rootfsTar,
      progress,
    );
    const layerTar = await readFile(rootfsTar);
    const layout = imageLayout({
      ref: componentRefs()['kube-proxy']!,
      platform: { architecture: 'amd64', os: 'linux' },
      config: { Env: [PATH_ENV] },
      layerTar,
      layerGzip: gzipSync(layerTar, { level: 6 }),
    });
    const layoutDir = join(work, 'layout');
    for (const file of layout.files) {
      await mkdir(dirname(join(layoutDir, file.path)), { recursive: true });
      await writeFile(join(layoutDir, file.path), file.bytes);
    }
    const partial = `${archive}.${process.pid}.partial`;
    await execa('tar', [
      '--create',
      `--file=${partial}`,
      `--directory=${layoutDir}`,
      '--sort=name',
      '--owner=0',
      '--group=0',
      'blobs',
      'index.json',
      'oci-layout',
    ]);
    await execa('mv', [partial, archive]);
    return archive;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Every component image as an OCI archive: built or from the cache. */
async function componentArchives(bins: Binaries, progress: Progress, env: NodeJS.ProcessEnv): Promise<string[]> {
  const cacheDir = join(cacheRoot(env), 'images');
  const tools = { tar: await gnuTarVersion(), zlib: process.versions.zlib ?? 'unknown' };
  const refs = componentRefs();
  const archives = [await archiveOf(await pauseRecipe(), cacheDir, tools, progress)];
  for (const c of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const) {
    const recipe = staticImage(c, refs[c]!, await readFile(join(bins.kubernetes, c)));
    archives.push(await archiveOf(recipe, cacheDir, tools, progress));
  }
  const etcd = staticImage('etcd', refs.etcd!, await readFile(join(bins.etcd, 'etcd')));
  archives.push(await archiveOf(etcd, cacheDir, tools, progress));
  const coredns = staticImage('coredns', refs.coredns!, await readFile(join(bins.coredns, 'coredns')), ['/coredns']);
  archives.push(await archiveOf(coredns, cacheDir, tools, progress));
  progress.step(`image ${refs['kube-proxy']}: preparing`);
  const proxy = await kubeProxyArchive(join(bins.kubernetes, 'kube-proxy'), cacheDir, progress);
  progress.done(`image ${refs['kube-proxy']}: ${proxy}`);
  archives.push(proxy);
  return archives;
}

async function archiveOf(
  recipe: ImageRecipe,
  cacheDir: string,
  tools: { tar: string; zlib: string },
  progress: Progress,
): Promise<string> {
  const { archive, cached } = await buildArchive(recipe, cacheDir, tools);
  const size = Math.ceil((await stat(archive)).size / 1024 / 1024);
  progress.done(`image ${recipe.ref}: ${cached ? 'cached' : 'built'} (${size} MiB)`);
  return archive;
}

/** Every file our node image adds to the Debian rootfs. */
async function overlayFiles(bins: Binaries, archives: string[], kindDir: string): Promise<OverlayFile[]> {
  const base = join(kindDir, 'images', 'base', 'files');
  const files: OverlayFile[] = [];
  for (const rel of await listFiles(base)) {
    if (rel.startsWith('LICENSES/') || rel.includes('fuse-overlayfs')) continue;
    const executable = rel.startsWith('usr/local/bin/') || rel.startsWith('kind/bin/');
    if (rel === 'etc/containerd/config.toml') {
      files.push({
        path: rel,
        mode: 0o644,
        bytes: Buffer.from(nodeContainerdConfig(await readFile(join(base, rel), 'utf8'))),
      });
    } else {
      files.push({ path: rel, mode: executable ? 0o755 : 0o644, from: join(base, rel) });
    }
  }
  for (const c of ['kubeadm', 'kubelet', 'kubectl'])
    files.push({ path: `usr/bin/${c}`, mode: 0o755, from: join(bins.kubernetes, c) });
  files.push({
    path: 'etc/cni/net.d/10-pod-conformance-kind.conflist',
    mode: 0o644,
    bytes: Buffer.from(nodeCniConfig()),
  });
  files.push({ path: 'kind/version', mode: 0o644, bytes: Buffer.from(`${KUBERNETES_VERSION}\n`) });
  files.push({ path: 'usr/local/bin/pod-conformance-entrypoint', mode: 0o755, bytes: Buffer.from(NODE_ENTRYPOINT) });
  files.push({
    path: 'etc/systemd/system/pod-conformance-images.service',
    mode: 0o644,
    bytes: Buffer.from(IMAGES_UNIT),
  });
  files.push({
    path: 'etc/systemd/system/kubelet.service.d/20-pod-conformance-images.conf',
    mode: 0o644,
    bytes: Buffer.from(KUBELET_IMAGES_DROPIN),
  });
  for (const archive of archives) {
    const name = archive.slice(archive.lastIndexOf('/') + 1);
    files.push({ path: `kind/images/${name}`, mode: 0o644, from: archive });
  }
  return files;
}

async function writeOverlay(files: OverlayFile[], dir: string): Promise<void> {
  for (const f of files) {
    const target = join(dir, f.path);
    await mkdir(dirname(target), { recursive: true });
    if (f.bytes) await writeFile(target, f.bytes);
    else await copyFile(f.from!, target);
    await chmod(target, f.mode);
  }
}

async function podmanImageExists(ref: string, podmanEnv: Record<string, string>): Promise<boolean> {
  return (await execa('podman', ['image', 'exists', ref], { env: podmanEnv, reject: false })).exitCode === 0;
}

/**
 * Builds the node image into podman's storage, or finds it there by its content key. Resolves to
 * its reference.
 */
export async function ensureNodeImage(
  progress: Progress,
  podmanEnv: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ ref: string; cached: boolean }> {
  const started = Date.now();
  progress.step(
    `kind node image: Kubernetes ${KUBERNETES_VERSION}, etcd ${ETCD_VERSION}, CoreDNS ${COREDNS_VERSION}, kind ${KIND_MODULE.version} base files, Debian ${DEBIAN_SUITE}`,
  );
  const bins = await ensureBinaries(progress, env);
  const archives = await componentArchives(bins, progress, env);
  const kindDir = await kindModuleDir();
  const overlay = await overlayFiles(bins, archives, kindDir);
  const mmdebstrapVersion = firstLine((await execa('mmdebstrap', ['--version'], { reject: false })).stdout);
  const key = await nodeImageKey(overlay, { mmdebstrap: mmdebstrapVersion, kind: KIND_MODULE.version });
  const ref = nodeImageRef(key);
  if (await podmanImageExists(ref, podmanEnv)) {
    progress.done(`kind node image ${ref}: cached (${elapsed(Date.now() - started)})`);
    return { ref, cached: true };
  }
  const work = await mkdtemp(join(tmpdir(), 'pod-conformance-kind-node-'));
  try {
    const overlayDir = join(work, 'overlay');
    await writeOverlay(overlay, overlayDir);
    const setup = join(work, 'setup.sh');
    await writeFile(setup, `${NODE_SETUP_SCRIPT}\n`);
    const rootfsTar = join(work, 'rootfs.tar');
    await mmdebstrap(
      'kind node image',
      NODE_PACKAGES,
      [
        `sync-in ${overlayDir} /`,
        `copy-in ${setup} /tmp`,
        'chroot "$1" sh /tmp/setup.sh',
        'rm -rf "$1"/tmp/setup.sh "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*',
      ],
      rootfsTar,
      progress,
    );
    progress.step(`kind node image: podman import (${Math.ceil((await stat(rootfsTar)).size / 1024 / 1024)} MiB)`);
    const imported = await execa(
      'podman',
      [
        'import',
        '--change',
        'ENTRYPOINT ["/usr/local/bin/pod-conformance-entrypoint", "/sbin/init"]',
        '--change',
        'STOPSIGNAL SIGRTMIN+3',
        '--change',
        'ENV container=podman',
        '--change',
        `LABEL io.x-k8s.pod-conformance.key=${key}`,
        rootfsTar,
        ref,
      ],
      { env: podmanEnv, reject: false },
    );
    if (imported.exitCode !== 0) {
      throw new ClusterError(
        `podman import of the node image failed: ${imported.stderr.trim().split('\n').at(-1)}; see podman info`,
      );
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  progress.done(`kind node image ${ref}: built in ${elapsed(Date.now() - started)}`);
  await pruneNodeImages(ref, podmanEnv, progress);
  return { ref, cached: false };
}

/** Removes our older node images (a running node's image stays: podman refuses to remove it). */
async function pruneNodeImages(keep: string, podmanEnv: Record<string, string>, progress: Progress): Promise<void> {
  const listed = await execa('podman', ['images', '--format', '{{.Repository}}:{{.Tag}}', NODE_IMAGE_REPOSITORY], {
    env: podmanEnv,
    reject: false,
  });
  const old = listed.stdout.split('\n').filter((ref) => ref.startsWith(`${NODE_IMAGE_REPOSITORY}:`) && ref !== keep);
  for (const ref of old) {
    const removed = await execa('podman', ['rmi', ref], { env: podmanEnv, reject: false });
    if (removed.exitCode === 0) progress.done(`removed the older node image ${ref}`);
  }
}
