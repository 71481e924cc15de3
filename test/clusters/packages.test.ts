import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Progress } from '../../clusters/provider.ts';
import { ClusterError } from '../../clusters/provider.ts';
import { hostPackages, LOCAL_PACKAGE_OWNER } from '../../clusters/local/packages.ts';
import {
  ownerEnsurePackages,
  ownerInstallPolicy,
  ownerPackagesPrerequisite,
  onPath,
  type Apt,
  type HostProbe,
} from '../../clusters/shared/packages.ts';

/** A machine that lacks what `absent` names, until apt-get installs it. */
function machine(
  absent: string[],
  opts: { isRoot?: boolean; aptGet?: boolean; aptFails?: string; installs?: boolean } = {},
) {
  const gone = new Set(absent);
  const provides = new Map(hostPackages('runc').map((p) => [p.debian, p.provides]));
  const calls: string[][] = [];
  const lines: string[] = [];
  const probe: HostProbe = {
    has: (what) => Promise.resolve(![...gone].some((d) => provides.get(d) === what)),
    isRoot: opts.isRoot ?? true,
    aptGet: () => Promise.resolve(opts.aptGet ?? true),
  };
  const apt: Apt = {
    install(packages) {
      calls.push(packages);
      if (opts.aptFails) return Promise.resolve(opts.aptFails);
      if (opts.installs ?? true) for (const p of packages) gone.delete(p);
      return Promise.resolve(undefined);
    },
  };
  const progress: Progress = { step: (m) => lines.push(m), done: (m) => lines.push(m), update: () => {} };
  const run = (policy: 'auto' | 'never' = 'auto') =>
    ownerEnsurePackages(LOCAL_PACKAGE_OWNER, hostPackages('runc'), policy, probe, apt, progress);
  const prerequisite = (policy: 'auto' | 'never' = 'auto') =>
    ownerPackagesPrerequisite(LOCAL_PACKAGE_OWNER, hostPackages('runc'), policy, probe);
  return { calls, lines, run, prerequisite };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ClusterError);
  const message = (err as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('Debian packages of the local provider', () => {
  it('installs nothing when everything is there', async () => {
    const m = machine([]);
    expect(await m.run()).toEqual([]);
    expect(m.calls).toEqual([]);
    expect(m.lines).toEqual([]);
  });

  it('installs every missing package in one apt-get run, announced before it runs', async () => {
    const m = machine(['socat', 'containerd', 'musl-tools']);
    expect(await m.run()).toEqual(['containerd', 'socat', 'musl-tools']);
    expect(m.calls).toEqual([['containerd', 'socat', 'musl-tools']]);
    expect(m.lines[0]).toBe(
      'installing 3 missing Debian package(s) the local cluster needs: apt-get update && apt-get install -y --no-install-recommends containerd socat musl-tools (POD_CONFORMANCE_LOCAL_INSTALL=never: only list them)',
    );
    expect(m.lines[1]).toBe('installed containerd socat musl-tools');
  });

  it('installs the registry server and htpasswd of a machine that ran the cluster before the registries', async () => {
    const m = machine(['docker-registry', 'apache2-utils']);
    expect(await m.run()).toEqual(['docker-registry', 'apache2-utils']);
    expect(m.calls).toEqual([['docker-registry', 'apache2-utils']]);
    expect(m.lines[1]).toBe('installed docker-registry apache2-utils');
  });

  it('installs nothing when told not to, and names every missing package with the one command', async () => {
    const m = machine(['runc', 'busybox-static']);
    expect(await m.run('never')).toEqual([]);
    expect(m.calls).toEqual([]);
    expect(await m.prerequisite('never')).toEqual({
      what: 'the Debian package(s) runc, busybox-static',
      ok: false,
      remedy:
        'apt-get install -y --no-install-recommends runc busybox-static (not installed for you: POD_CONFORMANCE_LOCAL_INSTALL=never)',
    });
  });

  it('installs nothing where it cannot (not root, no apt-get), and says why', async () => {
    const notRoot = machine(['gcc'], { isRoot: false });
    expect(await notRoot.run()).toEqual([]);
    expect((await notRoot.prerequisite()).remedy).toBe(
      'apt-get install -y --no-install-recommends gcc (not installed for you: installing them needs root)',
    );
    const noApt = machine(['gcc'], { aptGet: false });
    expect(await noApt.run()).toEqual([]);
    expect((await noApt.prerequisite()).remedy).toMatch(/\(not installed for you: apt-get is not on PATH\)$/);
    expect([...notRoot.calls, ...noApt.calls]).toEqual([]);
    expect((await machine([]).prerequisite()).ok).toBe(true);
  });

  it('says which command failed, and what is still missing after an install', async () => {
    const failing = machine(['socat'], { aptFails: 'apt-get install: E: Unable to locate package socat' });
    expect(await refusal(failing.run())).toBe(
      'apt-get install -y --no-install-recommends socat failed: apt-get install: E: Unable to locate package socat; run it by hand to see why',
    );
    const ineffective = machine(['containernetworking-plugins'], { installs: false });
    expect(await refusal(ineffective.run())).toMatch(
      /^after apt-get install, containernetworking-plugins \(\/usr\/lib\/cni\/bridge\) still missing/,
    );
  });

  it('follows the OCI runtime asked for', () => {
    expect(hostPackages('crun').map((p) => p.debian)).toContain('crun');
    expect(hostPackages('crun').map((p) => p.debian)).not.toContain('runc');
  });

  it('reads the opt-out, refusing other values', () => {
    const installPolicy = (env: NodeJS.ProcessEnv) => ownerInstallPolicy(LOCAL_PACKAGE_OWNER, env);
    expect(installPolicy({})).toBe('auto');
    expect(installPolicy({ POD_CONFORMANCE_LOCAL_INSTALL: 'never' })).toBe('never');
    expect(() => installPolicy({ POD_CONFORMANCE_LOCAL_INSTALL: 'no' })).toThrow(/use "never"/);
  });
});

describe('onPath: a command found as command -v finds it, without a shell', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onpath-'));
  const [bin, other] = [join(dir, 'bin'), join(dir, 'other')];
  mkdirSync(bin);
  mkdirSync(other);
  writeFileSync(join(bin, 'tool'), '#!/bin/sh\n');
  chmodSync(join(bin, 'tool'), 0o755);
  writeFileSync(join(bin, 'plain'), 'not executable');
  chmodSync(join(bin, 'plain'), 0o644);
  mkdirSync(join(other, 'adir'));

  it('finds an executable file in any directory of PATH', () => {
    expect(onPath('tool', `${other}:${bin}`)).toBe(true);
    expect(onPath('tool', other)).toBe(false);
  });

  it('does not take a file without the execute bit, a directory or a missing name', () => {
    expect(onPath('plain', bin)).toBe(false);
    expect(onPath('adir', other)).toBe(false);
    expect(onPath('nothing', `${bin}:${other}`)).toBe(false);
  });

  it('takes a path with a slash as it is', () => {
    expect(onPath(join(bin, 'tool'), '')).toBe(true);
    expect(onPath(join(bin, 'plain'), '')).toBe(false);
  });

  it('agrees with the shell on this machine', () => {
    expect(onPath('sh')).toBe(true);
    expect(onPath('no-such-command-pod-conformance')).toBe(false);
  });
});
