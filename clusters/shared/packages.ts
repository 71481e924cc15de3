/**
 * Debian packages a provider runs on, and installing the missing ones: what the local and the kind
 * providers share. A package counts as present when what the provider uses from it is there (a
 * command on PATH, a file), so a machine that got it some other way is not asked to install it
 * again. Where it can (root, apt-get), a provider installs every missing package in one announced
 * `apt-get install`; its opt-out variable (`<env>=never`) makes the run's one error line list every
 * missing package and the one command that installs them instead.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { ClusterError, type Prerequisite, type Progress } from '../provider.ts';

export interface HostPackage {
  debian: string;
  /** What the provider uses from it: a command on PATH or an absolute file path. */
  provides: string;
}

/** Whose packages these are: the opt-out variable and what the announcement says they are for. */
export interface PackageOwner {
  /** `POD_CONFORMANCE_LOCAL_INSTALL`: "never" lists the packages instead of installing them. */
  env: string;
  /** `the local cluster`, `the kind provider's engine and node image`. */
  purpose: string;
}

/** How the machine is asked: replaced by fakes in the unit tests. */
export interface HostProbe {
  has(provides: string): Promise<boolean>;
  isRoot: boolean;
  aptGet: () => Promise<boolean>;
}

export interface Apt {
  /** `apt-get update` then `apt-get install` of the packages; resolves to an error line, or undefined. */
  install(packages: string[]): Promise<string | undefined>;
}

export function installCommand(packages: string[]): string {
  return `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

export async function missingPackages(packages: HostPackage[], probe: HostProbe): Promise<string[]> {
  const present = await Promise.all(packages.map((p) => probe.has(p.provides)));
  return packages.filter((_, i) => !present[i]).map((p) => p.debian);
}

export type InstallPolicy = 'auto' | 'never';

export function ownerInstallPolicy(owner: PackageOwner, env: NodeJS.ProcessEnv = process.env): InstallPolicy {
  const value = env[owner.env] || 'auto';
  if (value === 'auto' || value === 'never') return value;
  throw new ClusterError(
    `${owner.env}=${value}: use "never" to be told what to install instead of the provider installing it, or leave it unset`,
  );
}

/** Why the provider may not install packages here, or undefined when it may. */
export async function ownerInstallBlocker(
  owner: PackageOwner,
  policy: InstallPolicy,
  probe: HostProbe,
): Promise<string | undefined> {
  if (policy === 'never') return `${owner.env}=never`;
  if (!probe.isRoot) return 'installing them needs root';
  if (!(await probe.aptGet())) return 'apt-get is not on PATH';
  return undefined;
}

/**
 * The packages as one prerequisite: every missing one and the one command that installs them,
 * with why the provider did not (so the run's one error line says it all).
 */
export async function ownerPackagesPrerequisite(
  owner: PackageOwner,
  packages: HostPackage[],
  policy: InstallPolicy,
  probe: HostProbe,
): Promise<Prerequisite> {
  const missing = await missingPackages(packages, probe);
  const blocker = missing.length > 0 ? await ownerInstallBlocker(owner, policy, probe) : undefined;
  return {
    what: `the Debian package(s) ${(missing.length > 0 ? missing : packages.map((p) => p.debian)).join(', ')}`,
    ok: missing.length === 0,
    remedy: `${installCommand(missing)}${blocker ? ` (not installed for you: ${blocker})` : ''}`,
  };
}

/**
 * Installs every missing package in one apt-get run, announced first, when it may (see
 * ownerInstallBlocker; otherwise the prerequisites report them). Resolves to the packages installed.
 */
export async function ownerEnsurePackages(
  owner: PackageOwner,
  packages: HostPackage[],
  policy: InstallPolicy,
  probe: HostProbe,
  apt: Apt,
  progress: Progress,
): Promise<string[]> {
  const missing = await missingPackages(packages, probe);
  if (missing.length === 0 || (await ownerInstallBlocker(owner, policy, probe))) return [];
  progress.step(
    `installing ${missing.length} missing Debian package(s) ${owner.purpose} needs: apt-get update && ${installCommand(missing)} (${owner.env}=never: only list them)`,
  );
  const failure = await apt.install(missing);
  if (failure) throw new ClusterError(`${installCommand(missing)} failed: ${failure}; run it by hand to see why`);
  const still = await missingPackages(packages, probe);
  if (still.length > 0) {
    throw new ClusterError(
      `after apt-get install, ${still.map((d) => `${d} (${packages.find((p) => p.debian === d)?.provides})`).join(', ')} still missing; check the package sources in /etc/apt`,
    );
  }
  progress.done(`installed ${missing.join(' ')}`);
  return missing;
}

/**
 * Whether `cmd` is an executable file in a directory of PATH, as `command -v` finds it, looked up
 * here: a run checks a dozen commands three times on its way to a running cluster, and a shell
 * spawned for each cost about 0.2 s of CPU of the inner loop (docs/speed.md).
 */
export function onPath(cmd: string, path = process.env.PATH ?? ''): boolean {
  if (cmd.includes('/')) return isExecutable(cmd);
  return path.split(delimiter).some((dir) => isExecutable(join(dir || '.', cmd)));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export const hostProbe: HostProbe = {
  has: (provides) => Promise.resolve(provides.startsWith('/') ? existsSync(provides) : onPath(provides)),
  isRoot: process.getuid?.() === 0,
  aptGet: () => Promise.resolve(onPath('apt-get')),
};

/** Debian's apt-get, quiet and non-interactive; its last error line comes back on failure. */
export const aptGet: Apt = {
  async install(packages) {
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [
      ['update', '-qq'],
      ['install', '-y', '-qq', '--no-install-recommends', ...packages],
    ]) {
      const r = await execa('apt-get', args, { env, reject: false, all: true });
      if (r.exitCode !== 0) {
        const last = (r.all ?? '').trim().split('\n').filter(Boolean).at(-1) ?? `exit ${r.exitCode}`;
        return `apt-get ${args[0]}: ${last}`;
      }
    }
    return undefined;
  },
};
