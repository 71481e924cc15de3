import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clusterCommand } from '../../clusters/cli.ts';
import { LOOPBACK_REGISTRIES } from '../../clusters/images/index.ts';
import { commandLine, COMPONENTS } from '../../clusters/local/components.ts';
import { corefile, kubeletConfig, kubeProxyConfig } from '../../clusters/local/config.ts';
import {
  firstDifference,
  HEALTH,
  HEALTH_ENDPOINTS,
  RESTART_CHOICES,
  RESTART_NAMES,
  restartLine,
  restartTarget,
  STOP_GRACE_MS,
  timeOfDay,
} from '../../clusters/local/faults.ts';
import { stateFiles } from '../../clusters/local/layout.ts';

const files = stateFiles('/state', '/run/pc');

/** What clusterCommand wrote to stdout and stderr, and its exit code. */
async function cluster(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await clusterCommand(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe('cluster restart: the component names', () => {
  it('accepts the short and the full name of every component, and nothing else', () => {
    expect(restartTarget('kubelet')).toBe('kubelet');
    expect(restartTarget('apiserver')).toBe('kube-apiserver');
    expect(restartTarget('kube-apiserver')).toBe('kube-apiserver');
    expect(restartTarget('controller-manager')).toBe('kube-controller-manager');
    expect(restartTarget('scheduler')).toBe('kube-scheduler');
    for (const bad of ['kubelets', 'KUBELET', 'api', '', 'toString', '__proto__', undefined])
      expect(restartTarget(bad)).toBeUndefined();
  });

  it('covers every component of the cluster, and the usage line names each one', () => {
    expect(new Set(Object.values(RESTART_NAMES))).toEqual(new Set(COMPONENTS));
    for (const name of RESTART_CHOICES.split(', ')) expect(restartTarget(name), name).toBeDefined();
    expect(new Set(RESTART_CHOICES.split(', ').map(restartTarget))).toEqual(new Set(COMPONENTS));
  });
});

describe('cluster restart: arguments (one line, exit 2, before any cluster is touched)', () => {
  it('refuses an unknown component, naming the choices', async () => {
    const r = await cluster('restart', 'kubelett');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^error: unknown component "kubelett"; usage: pod-conformance cluster restart <component>/);
    expect(r.err).toContain(RESTART_CHOICES);
  });

  it('refuses no component and two components', async () => {
    const none = await cluster('restart');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/needs a component/);
    const two = await cluster('restart', 'kubelet', 'etcd');
    expect(two.code).toBe(2);
    expect(two.err).toMatch(/takes one component, not 2 \(kubelet etcd\)/);
  });

  it('refuses a provider other than local, saying why', async () => {
    for (const provider of ['kind', 'existing']) {
      const r = await cluster('restart', 'kubelet', '--provider', provider, '--kubeconfig', '/nonexistent');
      expect(r.code, provider).toBe(2);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toContain(`the ${provider} provider was chosen`);
      expect(r.err).toContain('not ours to restart: use --provider local');
    }
  });

  it('checks without restarting anything on --dry-run', async () => {
    const r = await cluster('restart', 'apiserver', '--dry-run', '--provider', 'local');
    expect(r).toEqual({ code: 0, out: 'dry run: would restart kube-apiserver of the local cluster', err: '' });
  });
});

describe('cluster restart: health checks', () => {
  it('asks each component where config.ts makes it answer', () => {
    const etcd = commandLine('etcd', files).args;
    expect(etcd).toContain(`--listen-metrics-urls=${new URL(HEALTH_ENDPOINTS.etcd).origin}`);
    const kubelet = parse(kubeletConfig(files)) as { healthzBindAddress: string; healthzPort?: number };
    expect(`http://${kubelet.healthzBindAddress}:${kubelet.healthzPort ?? 10248}/healthz`).toBe(
      HEALTH_ENDPOINTS.kubelet,
    );
    const proxy = parse(kubeProxyConfig(files)) as { healthzBindAddress: string };
    expect(`http://${proxy.healthzBindAddress}/healthz`).toBe(HEALTH_ENDPOINTS['kube-proxy']);
    expect(corefile(files)).toContain(`ready ${new URL(HEALTH_ENDPOINTS.coredns).host}`);
    // The controller-manager and the scheduler keep their default secure ports (10257, 10259).
    for (const c of ['kube-controller-manager', 'kube-scheduler'] as const)
      expect(commandLine(c, files).args.filter((a) => a.startsWith('--secure-port'))).toEqual([]);
    // The registries serve the hosts the registry images name, each from its own configuration.
    expect(new URL(HEALTH_ENDPOINTS.registry).host).toBe(LOOPBACK_REGISTRIES.public.host);
    expect(new URL(HEALTH_ENDPOINTS['private-registry']).host).toBe(LOOPBACK_REGISTRIES.private.host);
    expect(commandLine('private-registry', files)).toEqual({
      binary: 'docker-registry',
      args: ['serve', join(files.config, 'private-registry.yaml')],
    });
  });

  it('has every component healthy again only through checks of its own and of what depends on it', () => {
    const kinds = (c: keyof typeof HEALTH) => HEALTH[c].map((h) => h.kind);
    expect(kinds('etcd')).toEqual(['http', 'api-ready']);
    expect(kinds('kube-apiserver')).toEqual(['api-ready']);
    expect(kinds('kubelet')).toEqual(['http', 'node-lease', 'node-ready']);
    expect(kinds('containerd')).toEqual(['containerd', 'node-ready']);
    for (const c of COMPONENTS) expect(HEALTH[c].length, c).toBeGreaterThan(0);
  });
});

describe('cluster restart: command lines', () => {
  it('finds where the running command line differs from the one this checkout starts', () => {
    const ours = ['/bin/kubelet', '--config=a', '--v=1'];
    expect(firstDifference(ours, [...ours])).toBeUndefined();
    expect(firstDifference(['/old/kubelet', '--config=a', '--v=1'], ours)).toBe(
      'binary: running "/old/kubelet", this checkout "/bin/kubelet"',
    );
    expect(firstDifference(['/bin/kubelet', '--config=a', '--v=2'], ours)).toBe(
      'argument 2: running "--v=2", this checkout "--v=1"',
    );
    expect(firstDifference(['/bin/kubelet', '--config=a'], ours)).toBe(
      'argument 2: running nothing, this checkout "--v=1"',
    );
  });
});

describe('cluster restart: the line it prints', () => {
  const at = new Date(2026, 0, 2, 14, 3, 7, 412).getTime();
  const report = {
    component: 'kubelet' as const,
    stoppedAt: at,
    oldPid: 1234,
    newPid: 5678,
    killed: false,
    stopMs: 230,
    healthyMs: 6_080,
    outageMs: 6_310,
    checks: ['kubelet /healthz', 'node lease renewed', 'node Ready'],
    containers: { before: 12, kept: 12 },
  };

  it('says what it did, when, and how long the outage lasted', () => {
    expect(timeOfDay(at)).toBe('14:03:07.412');
    expect(restartLine(report)).toBe(
      'restarted kubelet at 14:03:07.412: SIGTERM, pid 1234 gone in 0.2 s, pid 5678 healthy in 6.1 s ' +
        '(kubelet /healthz, node lease renewed, node Ready); outage 6.3 s; containers: 12 running before, 12 of them still running',
    );
  });

  it('says when SIGTERM was not enough, and leaves out containers it did not count', () => {
    const line = restartLine({
      ...report,
      component: 'kube-apiserver',
      killed: true,
      stopMs: 10_050,
      containers: undefined,
    });
    expect(line).toContain(`SIGTERM, SIGKILL after ${STOP_GRACE_MS / 1000}.0 s, pid 1234 gone in 10.1 s`);
    expect(line).not.toContain('containers');
    expect(line.split('\n')).toHaveLength(1);
  });
});

describe('scripts/fault-run.sh: arguments (exit 2 before the run starts)', () => {
  const SCRIPT = resolve(import.meta.dirname, '../../scripts/fault-run.sh');
  const reports = mkdtempSync(join(tmpdir(), 'pc-fault-'));
  const run = async (...argv: string[]) => {
    try {
      const r = await promisify(execFile)(SCRIPT, argv, {
        env: { ...process.env, POD_CONFORMANCE_NO_INSTALL: '1', POD_CONFORMANCE_REPORTS: reports },
      });
      return { code: 0, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stderr: string };
      return { code: e.code, stderr: e.stderr };
    }
  };

  it('needs a component and a delay', async () => {
    const r = await run('kubelet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: usage: scripts\/fault-run.sh <component> <delay/);
  });

  it('refuses a delay that is not a whole number of seconds, minutes or hours', async () => {
    for (const bad of ['soon', '40ms', '1.5s', '-3']) {
      const r = await run('kubelet', bad);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toContain(`delay "${bad}" is not a whole number`);
    }
  });

  it('refuses an unknown component through cluster restart, before the run', async () => {
    const r = await run('kubelett', '40s', '--tags', '@POD-01');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown component "kubelett"');
    expect(r.stderr).not.toContain('scenarios');
    // It starts the command (a loaded machine takes seconds), as the CLI's own tests do.
  }, 60_000);
});
