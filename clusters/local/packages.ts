/**
 * The Debian packages the local provider runs on (clusters/shared/packages.ts installs the missing
 * ones, announced; POD_CONFORMANCE_LOCAL_INSTALL=never opts out, and then the run's one error line
 * lists every missing package and the one command that installs them).
 */
import type { Prerequisite, Progress } from '../provider.ts';
import {
  ownerEnsurePackages,
  ownerInstallBlocker,
  ownerInstallPolicy,
  ownerPackagesPrerequisite,
  type Apt,
  type HostPackage,
  type HostProbe,
  type InstallPolicy,
  type PackageOwner,
} from '../shared/packages.ts';
import type { OciRuntime } from './options.ts';

export {
  aptGet,
  hostProbe,
  installCommand,
  missingPackages,
  type Apt,
  type HostPackage,
  type HostProbe,
  type InstallPolicy,
} from '../shared/packages.ts';

export const INSTALL_ENV = 'POD_CONFORMANCE_LOCAL_INSTALL';
const OWNER: PackageOwner = { env: INSTALL_ENV, purpose: 'the local cluster' };

/** Every package the local cluster and its test images need, in apt-get's order. */
export function hostPackages(runtime: OciRuntime): HostPackage[] {
  return [
    { debian: 'containerd', provides: 'containerd' },
    { debian: runtime, provides: runtime },
    { debian: 'containernetworking-plugins', provides: '/usr/lib/cni/bridge' },
    { debian: 'iptables', provides: 'iptables' },
    { debian: 'conntrack', provides: 'conntrack' },
    { debian: 'socat', provides: 'socat' },
    { debian: 'iproute2', provides: 'ip' },
    { debian: 'openssl', provides: 'openssl' },
    // The test images: a static busybox, and a static pause binary built with musl.
    { debian: 'busybox-static', provides: '/bin/busybox' },
    { debian: 'gcc', provides: 'gcc' },
    { debian: 'musl-tools', provides: 'musl-gcc' },
    // The loopback registries for the image-pull behaviours: the distribution registry, and
    // htpasswd for the private one's bcrypt password file.
    { debian: 'docker-registry', provides: 'docker-registry' },
    { debian: 'apache2-utils', provides: 'htpasswd' },
  ];
}

export function installPolicy(env: NodeJS.ProcessEnv = process.env): InstallPolicy {
  return ownerInstallPolicy(OWNER, env);
}

/** Why the provider may not install packages here, or undefined when it may. */
export function installBlocker(policy: InstallPolicy, probe: HostProbe): Promise<string | undefined> {
  return ownerInstallBlocker(OWNER, policy, probe);
}

/** The packages as one prerequisite (see ownerPackagesPrerequisite). */
export function packagesPrerequisite(
  packages: HostPackage[],
  policy: InstallPolicy,
  probe: HostProbe,
): Promise<Prerequisite> {
  return ownerPackagesPrerequisite(OWNER, packages, policy, probe);
}

/** Every missing package in one announced apt-get run (see ownerEnsurePackages). */
export function ensurePackages(
  packages: HostPackage[],
  policy: InstallPolicy,
  probe: HostProbe,
  apt: Apt,
  progress: Progress,
): Promise<string[]> {
  return ownerEnsurePackages(OWNER, packages, policy, probe, apt, progress);
}
