/**
 * npm run cleanup [-- --provider P --kubeconfig PATH --context NAME]: removes the namespaces of
 * runs that are no longer alive (an interrupted or killed run), never a live run's, and lists the
 * namespaces kept by --keep with the command that deletes them. Every run does the same first.
 */
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { resolveProvider } from '../clusters/index.ts';
import { KubeHttp } from '../support/kube/http.ts';
import { EXIT } from './lib/args.ts';
import { keptNamespaces, removeStaleRuns } from './lib/run-lease.ts';

const USAGE = 'usage: npm run cleanup [-- --provider local|kind|existing] [--kubeconfig PATH] [--context NAME]';

async function main(): Promise<number> {
  let values: { provider?: string; kubeconfig?: string; context?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        provider: { type: 'string' },
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`error: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}; ${USAGE}`);
    return EXIT.usage;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const provider = await resolveProvider(values);
  const kc = new KubeConfig();
  kc.loadFromFile(provider.kubeconfigPath());
  if (values.context) kc.setCurrentContext(values.context);
  const http = new KubeHttp(kc);
  const removed = await removeStaleRuns(http);
  console.log(`${removed.length} namespace(s) of runs that are no longer alive removed`);
  for (const line of removed) console.log(`  ${line}`);
  const kept = await keptNamespaces(http);
  if (kept.length > 0) console.log(`kept by --keep (delete when done): kubectl delete namespace ${kept.join(' ')}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    process.exit(1);
  },
);
