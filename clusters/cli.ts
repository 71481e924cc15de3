/**
 * `pod-conformance cluster up|down|status|kubeconfig|logs|images|prerequisites` (npm run
 * cluster:up, cluster:down, cluster:status, cluster:kubeconfig, cluster:logs, images:build).
 * `prerequisites` lists what the provider needs and what is missing, installing nothing.
 *
 * Flags: --provider local|kind|existing, --kubeconfig PATH, --context NAME
 * (or POD_CONFORMANCE_PROVIDER, KUBECONFIG); `down --force` removes the cluster even while runs
 * on this machine are using it.
 */
import { parseArgs } from 'node:util';
import { buildImageArchives } from './images/index.ts';
import { ClusterError, consoleProgress, ensureCluster, resolveProvider } from './index.ts';
import { describeOwner, liveRuns } from './runs.ts';
import { verifyCluster } from './verify.ts';

const USAGE =
  'usage: pod-conformance cluster up|down [--force]|status|kubeconfig|logs [DIR]|images|prerequisites [--provider local|kind|existing] [--kubeconfig PATH] [--context NAME]';

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      provider: { type: 'string' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}; ${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const command = positionals[0];
  const opts = { provider: values.provider, kubeconfig: values.kubeconfig, context: values.context };
  switch (command) {
    case 'up': {
      const progress = consoleProgress('cluster:up');
      const { provider, status, images } = await ensureCluster(progress, opts);
      const d = await provider.describe();
      const verified = await verifyCluster(status.kubeconfig, images.busybox, progress);
      console.log(`${status.detail}`);
      console.log(`kubeconfig: ${status.kubeconfig}`);
      console.log(
        `server ${d.serverVersion}; nodes: ${d.nodes.map((n) => `${n.name} (${n.kubeletVersion}, ${n.containerRuntimeVersion}, ${n.osImage}, kernel ${n.kernelVersion})`).join('; ')}`,
      );
      console.log(
        `images: ${Object.entries(images)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
      );
      console.log(verified);
      return 0;
    }
    case 'down': {
      const runs = liveRuns();
      if (runs.length > 0 && !values.force) {
        console.error(
          `error: refusing to remove the cluster: ${runs.length} run(s) in progress on this machine (${runs.map(describeOwner).join('; ')}); wait for them to finish, or remove it anyway with npm run cluster:down -- --force`,
        );
        return 1;
      }
      const provider = await resolveProvider(opts);
      await provider.down(consoleProgress('cluster:down'));
      return 0;
    }
    case 'status': {
      const provider = await resolveProvider(opts);
      const s = await provider.status();
      console.log(`${s.provider} cluster ${s.name}: ${s.detail}`);
      console.log(`kubeconfig: ${s.kubeconfig}`);
      return s.running ? 0 : 3;
    }
    case 'kubeconfig': {
      // Prints the path and nothing else, so `KUBECONFIG=$(npm run -s cluster:kubeconfig)` works.
      const provider = await resolveProvider({ ...opts, quiet: true });
      console.log(provider.kubeconfigPath());
      return 0;
    }
    case 'logs': {
      // Component and node logs, for evidence before a teardown removes them.
      const provider = await resolveProvider(opts);
      const dir = positionals[1] ?? 'reports/cluster-logs';
      const files = await provider.exportLogs(dir);
      console.log(`${files.length} log file(s) in ${dir}`);
      return 0;
    }
    case 'prerequisites': {
      const provider = await resolveProvider(opts);
      const all = await provider.prerequisites();
      for (const p of all) console.log(`${p.ok ? 'ok     ' : 'missing'}  ${p.what}${p.ok ? '' : `: ${p.remedy}`}`);
      return all.every((p) => p.ok) ? 0 : 3;
    }
    case 'images': {
      for (const a of await buildImageArchives(consoleProgress('images')))
        console.log(`${a.name}\t${a.ref}\t${a.archive}`);
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

/** Runs one cluster command; resolves to its exit code (2 bad usage, 3 not running or missing prerequisites). */
export async function clusterCommand(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (err) {
    if (err instanceof ClusterError) {
      console.error(`error: ${err.message}`);
    } else {
      console.error(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    return 1;
  }
}
