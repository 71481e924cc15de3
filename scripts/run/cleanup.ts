/**
 * `pod-conformance cleanup` (npm run cleanup) [--provider P --kubeconfig PATH --context NAME]:
 * removes the namespaces of runs that are no longer alive (an interrupted or killed run), never a
 * live run's, and lists the namespaces kept by --keep with the command that deletes them. Every
 * run does the same first.
 */
import { resolveProvider } from '../../clusters/index.ts';
import { KubeHttp } from '../../support/kube/http.ts';
import type { RunOptions } from '../shared/options.ts';
import { kubeConfigOf } from './cluster.ts';
import { keptNamespaces, removeStaleRuns } from './lease.ts';

export async function cleanup(options: Pick<RunOptions, 'provider' | 'kubeconfig' | 'context'>): Promise<number> {
  const provider = await resolveProvider(options);
  const http = new KubeHttp(kubeConfigOf(provider.kubeconfigPath(), options.context));
  const removed = await removeStaleRuns(http);
  console.log(`${removed.length} namespace(s) of runs that are no longer alive removed`);
  for (const line of removed) console.log(`  ${line}`);
  const kept = await keptNamespaces(http);
  if (kept.length > 0) console.log(`kept by --keep (delete when done): kubectl delete namespace ${kept.join(' ')}`);
  return 0;
}
