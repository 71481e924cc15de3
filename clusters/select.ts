/**
 * Which provider runs: an explicit choice (flag, then POD_CONFORMANCE_PROVIDER) wins; otherwise an
 * explicit kubeconfig means "test that cluster"; otherwise kind when Docker and kind work;
 * otherwise the local cluster when running as root on Linux. The reason is printed by the caller:
 * "provider: local (no KUBECONFIG, docker engine unreachable, running as root on Linux)".
 */
import { ClusterError, type ProviderName } from './provider.ts';

export const PROVIDER_NAMES: readonly ProviderName[] = ['local', 'kind', 'existing'];
export const PROVIDER_ENV = 'POD_CONFORMANCE_PROVIDER';

export interface SelectionProbes {
  dockerWorks(): Promise<boolean>;
  kindOnPath(): Promise<boolean>;
  isRoot: boolean;
  platform: string;
}

export interface SelectionInput {
  /** The --provider flag. */
  flag?: string;
  /** The --kubeconfig flag (KUBECONFIG in env counts the same). */
  kubeconfig?: string;
  env: NodeJS.ProcessEnv;
  probes: SelectionProbes;
}

export interface ProviderChoice {
  name: ProviderName;
  reason: string;
}

function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}

export async function chooseProvider(input: SelectionInput): Promise<ProviderChoice> {
  const explicit: Array<[string | undefined, string]> = [
    [input.flag, '--provider'],
    [input.env[PROVIDER_ENV], PROVIDER_ENV],
  ];
  for (const [value, source] of explicit) {
    if (value === undefined || value === '') continue;
    if (!isProviderName(value)) {
      throw new ClusterError(`unknown provider "${value}" from ${source}; use one of: ${PROVIDER_NAMES.join(', ')}`);
    }
    return { name: value, reason: `${source}=${value}` };
  }

  if (input.kubeconfig) return { name: 'existing', reason: `--kubeconfig ${input.kubeconfig}` };
  if (input.env.KUBECONFIG) return { name: 'existing', reason: `KUBECONFIG=${input.env.KUBECONFIG}` };

  const [dockerWorks, kindOnPath] = await Promise.all([input.probes.dockerWorks(), input.probes.kindOnPath()]);
  const reasons = ['no KUBECONFIG'];
  if (dockerWorks && kindOnPath) {
    return { name: 'kind', reason: [...reasons, 'docker engine reachable', 'kind on PATH'].join(', ') };
  }
  reasons.push(dockerWorks ? 'docker engine reachable' : 'docker engine unreachable');
  if (!kindOnPath) reasons.push('kind not on PATH');

  const rootOnLinux = input.probes.isRoot && input.probes.platform === 'linux';
  if (rootOnLinux) return { name: 'local', reason: [...reasons, 'running as root on Linux'].join(', ') };

  reasons.push(
    input.probes.platform === 'linux' ? 'not running as root' : `platform ${input.probes.platform}, not Linux`,
  );
  throw new ClusterError(
    `no cluster provider available (${reasons.join(', ')}): run as root on Linux for the local cluster, install Docker and kind for a kind cluster, or set KUBECONFIG to test an existing cluster`,
  );
}
