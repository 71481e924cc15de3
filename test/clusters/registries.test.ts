import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  containerdRegistryHosts,
  hostsToml,
  registryConfig,
  registryHealthURL,
  registryProcesses,
} from '../../clusters/local/registries.ts';

const scratch = mkdtempSync(join(tmpdir(), 'registries-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('registry configuration', () => {
  it('serves plain HTTP on the loopback host only, storing under the cluster state', () => {
    const config = parse(
      registryConfig({ host: '127.0.0.1:15000', storage: '/state/registry/public', secret: 's' }),
    ) as unknown;
    expect(config).toEqual({
      version: 0.1,
      log: { level: 'info' },
      storage: { filesystem: { rootdirectory: '/state/registry/public' }, delete: { enabled: true } },
      http: { addr: '127.0.0.1:15000', secret: 's' },
    });
  });

  it('asks for the htpasswd credentials in the private registry', () => {
    const config = parse(
      registryConfig({ host: '127.0.0.1:15001', storage: '/s', secret: 's', htpasswd: '/config/registry.htpasswd' }),
    ) as { auth: unknown };
    expect(config.auth).toEqual({ htpasswd: { realm: 'pod-conformance', path: '/config/registry.htpasswd' } });
  });

  it('is reached by the health checks on its own host, with the credentials of the private one', () => {
    expect(registryHealthURL('registry')).toBe('http://127.0.0.1:15000/v2/');
    expect(registryHealthURL('private-registry')).toBe('http://pod-conformance:pod-conformance@127.0.0.1:15001/v2/');
  });
});

describe("containerd's registry hosts", () => {
  it('say plain HTTP for each loopback registry, and nothing for any other host', () => {
    expect(hostsToml('127.0.0.1:15000')).toBe(
      'server = "http://127.0.0.1:15000"\n\n[host."http://127.0.0.1:15000"]\n  capabilities = ["pull", "resolve"]\n',
    );
    expect(Object.keys(containerdRegistryHosts())).toEqual([
      '127.0.0.1:15000/hosts.toml',
      '127.0.0.1:15001/hosts.toml',
    ]);
  });
});

describe('registry processes', () => {
  function proc(processes: Record<string, string[]>): string {
    const dir = mkdtempSync(join(scratch, 'proc-'));
    for (const [pid, argv] of Object.entries(processes)) {
      mkdirSync(join(dir, pid));
      writeFileSync(join(dir, pid, 'cmdline'), argv.join('\0') + '\0');
    }
    mkdirSync(join(dir, 'self'));
    return dir;
  }

  it("are the registry processes serving a configuration of the cluster's, and no others", () => {
    const dir = proc({
      '100': ['/usr/bin/docker-registry', 'serve', '/state/local/config/registry.yaml'],
      '101': ['docker-registry', 'serve', '/state/local/config/private-registry.yaml'],
      '102': ['/usr/bin/docker-registry', 'serve', '/etc/docker/registry/config.yml'],
      '103': ['/usr/bin/containerd', '--config=/state/local/config/containerd.toml'],
    });
    expect(registryProcesses('/state/local/config', dir).sort((a, b) => a.pid - b.pid)).toEqual([
      { pid: 100, config: '/state/local/config/registry.yaml' },
      { pid: 101, config: '/state/local/config/private-registry.yaml' },
    ]);
  });
});
