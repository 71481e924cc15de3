/**
 * The report's Environment panel (Allure reads `environment.properties` from its results): which
 * cluster the run used, so an auditor can tell what a report is evidence of.
 */
import type { ClusterDescription } from '../../clusters/index.ts';

/** Scope the catalogue leaves out on purpose (cluster-level, not pod-level, behaviours). */
export const OUT_OF_SCOPE =
  'multi-master high availability (seed 004) and rescheduling after node failure (seed 003): cluster-level, not pod-level';

/** The run and its cluster as name/value pairs: Allure's Environment panel, JUnit's <properties>. */
export function environmentEntries(
  d: ClusterDescription,
  images: Record<string, string>,
  runId: string,
): Array<[string, string]> {
  const entries: Array<[string, string]> = [
    ['run', runId],
    ['cluster.provider', d.provider],
    ['cluster.name', d.name],
    ['kubernetes.server', d.serverVersion],
    ...(d.ociRuntime ? [['cluster.oci_runtime', d.ociRuntime] as [string, string]] : []),
    ['nodes', String(d.nodes.length)],
  ];
  d.nodes.forEach((n, i) => {
    const p = `node.${i + 1}`;
    entries.push(
      [`${p}.name`, n.name],
      [`${p}.kubelet`, n.kubeletVersion],
      [`${p}.runtime`, n.containerRuntimeVersion],
      [`${p}.os`, n.osImage],
      [`${p}.kernel`, n.kernelVersion],
    );
  });
  for (const [name, ref] of Object.entries(images)) entries.push([`image.${name}`, ref]);
  entries.push(['out_of_scope', OUT_OF_SCOPE]);
  return entries;
}

export function environmentProperties(d: ClusterDescription, images: Record<string, string>, runId: string): string {
  return (
    environmentEntries(d, images, runId)
      .map(([k, v]) => `${k}=${escapeValue(v)}`)
      .join('\n') + '\n'
  );
}

/** .properties escaping: backslashes, line breaks and a leading space. */
function escapeValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/^ /, '\\ ');
}
