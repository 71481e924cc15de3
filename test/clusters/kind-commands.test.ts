import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  KIND_CONFIG,
  clusterNameProblem,
  dockerInfoArgs,
  kindArgs,
  parseClusterList,
  parseDockerInfo,
  parseKindVersion,
  versionAtLeast,
} from '../../clusters/kind/commands.ts';
import { KindProvider } from '../../clusters/kind/provider.ts';
import { ClusterError } from '../../clusters/provider.ts';

describe('kind command arguments', () => {
  it('creates the cluster with our config, writing credentials only to our kubeconfig file', () => {
    expect(
      kindArgs.create({
        name: 'pc',
        config: '/repo/kind-config.yaml',
        kubeconfig: '/state/pc.kubeconfig',
        waitSeconds: 300,
      }),
    ).toEqual([
      'create',
      'cluster',
      '--name',
      'pc',
      '--config',
      '/repo/kind-config.yaml',
      '--kubeconfig',
      '/state/pc.kubeconfig',
      '--wait',
      '300s',
    ]);
  });

  it('deletes with --kubeconfig so ~/.kube/config is never edited', () => {
    expect(kindArgs.delete({ name: 'pc', kubeconfig: '/state/pc.kubeconfig' })).toEqual([
      'delete',
      'cluster',
      '--name',
      'pc',
      '--kubeconfig',
      '/state/pc.kubeconfig',
    ]);
  });

  it('reads the kubeconfig, loads an archive and exports logs for the named cluster', () => {
    expect(kindArgs.kubeconfig('pc')).toEqual(['get', 'kubeconfig', '--name', 'pc']);
    expect(kindArgs.loadArchive({ name: 'pc', archive: '/c/busybox.tar' })).toEqual([
      'load',
      'image-archive',
      '/c/busybox.tar',
      '--name',
      'pc',
    ]);
    expect(kindArgs.exportLogs({ name: 'pc', dir: '/r/logs' })).toEqual(['export', 'logs', '/r/logs', '--name', 'pc']);
    expect(kindArgs.listClusters()).toEqual(['get', 'clusters']);
    expect(dockerInfoArgs()).toEqual(['info', '--format', '{{json .}}']);
  });
});

describe('kind output parsing', () => {
  it('parses kind version and compares it with the minimum', () => {
    const v = parseKindVersion('kind v0.31.0 go1.25.5 linux/amd64');
    expect(v).toEqual({ major: 0, minor: 31, patch: 0 });
    expect(versionAtLeast(v!, { major: 0, minor: 31, patch: 0 })).toBe(true);
    expect(versionAtLeast({ major: 0, minor: 30, patch: 9 }, { major: 0, minor: 31, patch: 0 })).toBe(false);
    expect(versionAtLeast({ major: 1, minor: 0, patch: 0 }, { major: 0, minor: 31, patch: 0 })).toBe(true);
    expect(parseKindVersion('command not found')).toBeUndefined();
  });

  it('lists cluster names and ignores the "none found" message', () => {
    expect(parseClusterList('kind\npod-conformance\n')).toEqual(['kind', 'pod-conformance']);
    expect(parseClusterList('No kind clusters found.\n')).toEqual([]);
  });

  it('reads the engine and cgroup versions from docker info, and rejects a client-only answer', () => {
    expect(parseDockerInfo('{"ServerVersion":"28.2.2","CgroupVersion":"2"}')).toEqual({
      serverVersion: '28.2.2',
      cgroupVersion: '2',
    });
    expect(parseDockerInfo('{"ServerVersion":"","ClientInfo":{"Version":"28.2.2"}}')).toBeUndefined();
    expect(parseDockerInfo('Cannot connect to the Docker daemon')).toBeUndefined();
  });
});

describe('kind cluster names', () => {
  it.each(['pod-conformance', 'pc.2', 'a'])('accepts %s', (name) => expect(clusterNameProblem(name)).toBeUndefined());
  it.each(['Pod', '-x', 'x-', 'a_b', '', 'x'.repeat(51)])('rejects "%s"', (name) =>
    expect(clusterNameProblem(name)).toBeDefined(),
  );

  it('refuses an invalid name at construction with a one-line ClusterError', () => {
    expect(() => new KindProvider({ name: 'Bad_Name', env: {} })).toThrow(ClusterError);
  });

  it('keeps the kubeconfig under XDG_STATE_HOME, named after the cluster', () => {
    const provider = new KindProvider({ env: { XDG_STATE_HOME: '/xdg/state', POD_CONFORMANCE_KIND_CLUSTER: 'mine' } });
    expect(provider.clusterName).toBe('mine');
    expect(provider.kubeconfigPath()).toBe('/xdg/state/pod-conformance/kind/mine.kubeconfig');
    expect(new KindProvider({ env: { HOME: '/home/u' } }).kubeconfigPath()).toBe(
      '/home/u/.local/state/pod-conformance/kind/pod-conformance.kubeconfig',
    );
  });
});

describe('kind-config.yaml', () => {
  it('is one control-plane node pinned to a v1.35 kindest/node image by digest', () => {
    const config = parse(readFileSync(KIND_CONFIG, 'utf8')) as {
      kind: string;
      apiVersion: string;
      nodes: Array<{ role: string; image: string }>;
    };
    expect(config.kind).toBe('Cluster');
    expect(config.apiVersion).toBe('kind.x-k8s.io/v1alpha4');
    expect(config.nodes).toHaveLength(1);
    expect(config.nodes[0]?.role).toBe('control-plane');
    expect(config.nodes[0]?.image).toMatch(/^kindest\/node:v1\.35\.\d+@sha256:[0-9a-f]{64}$/);
  });
});
