import { describe, expect, it } from 'vitest';
import {
  NODE_IMAGE_REPOSITORY,
  NODE_SETUP_SCRIPT,
  SANDBOX_IMAGE,
  componentRefs,
  nodeCniConfig,
  nodeContainerdConfig,
  nodeImageKey,
  nodeImageRef,
} from '../../clusters/kind/node-image.ts';

// The parts of kind v0.31.0's images/base/files/etc/containerd/config.toml that we patch.
const KIND_CONTAINERD = `version = 2

[proxy_plugins]
# fuse-overlayfs is used for rootless
[proxy_plugins."fuse-overlayfs"]
  type = "snapshot"
  address = "/run/containerd-fuse-overlayfs.sock"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:3.10"
  tolerate_missing_hugepages_controller = true
  restrict_oom_score_adj = false
`;

describe('kind node image', () => {
  it("points kind's containerd at our pause, drops the rootless snapshotter, restricts oom_score_adj", () => {
    const conf = nodeContainerdConfig(KIND_CONTAINERD);
    expect(conf).toContain(`sandbox_image = "${SANDBOX_IMAGE}"`);
    expect(conf).toContain('restrict_oom_score_adj = true');
    expect(conf).not.toContain('fuse-overlayfs');
    expect(conf).toContain('tolerate_missing_hugepages_controller = true');
  });

  it('refuses a containerd config it cannot patch', () => {
    expect(() => nodeContainerdConfig('version = 3\n')).toThrow(/sandbox_image or restrict_oom_score_adj/);
  });

  it('names our component images as kubeadm asks for them with imageRepository set to ours', () => {
    expect(componentRefs()).toEqual({
      'kube-apiserver': 'localhost/pod-conformance/kube-apiserver:v1.35.4',
      'kube-controller-manager': 'localhost/pod-conformance/kube-controller-manager:v1.35.4',
      'kube-scheduler': 'localhost/pod-conformance/kube-scheduler:v1.35.4',
      'kube-proxy': 'localhost/pod-conformance/kube-proxy:v1.35.4',
      etcd: 'localhost/pod-conformance/etcd:v3.6.16',
      coredns: 'localhost/pod-conformance/coredns:v1.14.7',
    });
  });

  it('tags the image with its content key, which every file and mode changes', async () => {
    const files = [
      { path: 'kind/version', mode: 0o644, bytes: Buffer.from('v1.35.4\n') },
      { path: 'usr/bin/kubelet', mode: 0o755, bytes: Buffer.from('ELF') },
    ];
    const key = await nodeImageKey(files, { mmdebstrap: '1.3.5' });
    expect(await nodeImageKey([...files].reverse(), { mmdebstrap: '1.3.5' })).toBe(key);
    expect(await nodeImageKey([{ ...files[0]!, mode: 0o600 }, files[1]!], { mmdebstrap: '1.3.5' })).not.toBe(key);
    expect(
      await nodeImageKey([files[0]!, { ...files[1]!, bytes: Buffer.from('ELF2') }], { mmdebstrap: '1.3.5' }),
    ).not.toBe(key);
    expect(await nodeImageKey(files, { mmdebstrap: '1.3.6' })).not.toBe(key);
    expect(nodeImageRef(key)).toBe(`${NODE_IMAGE_REPOSITORY}:v1.35.4-${key.slice(0, 12)}`);
  });

  it('keeps host-global sysctls out of the node: no Debian sysctl.d defaults', () => {
    expect(NODE_SETUP_SCRIPT).toContain('rm -f /usr/lib/sysctl.d/*.conf');
  });

  it('serves the pod subnet with a bridge and portmap', () => {
    const conf = JSON.parse(nodeCniConfig()) as {
      plugins: { type: string; ipam?: { ranges: { subnet: string }[][] } }[];
    };
    expect(conf.plugins.map((p) => p.type)).toEqual(['bridge', 'portmap']);
    expect(conf.plugins[0]?.ipam?.ranges[0]?.[0]?.subnet).toBe('10.244.0.0/24');
  });
});
