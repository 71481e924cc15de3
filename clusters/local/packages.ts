/**
 * The Debian packages the local provider runs on (clusters/shared/packages.ts installs the missing
 * ones, announced; POD_CONFORMANCE_LOCAL_INSTALL=never opts out, and then the run's one error line
 * lists every missing package and the one command that installs them).
 */
import type { HostPackage, PackageOwner } from '../shared/packages.ts';
import type { OciRuntime } from './options.ts';

export const LOCAL_PACKAGE_OWNER: PackageOwner = { env: 'POD_CONFORMANCE_LOCAL_INSTALL', purpose: 'the local cluster' };

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
