/**
 * `pod-conformance cluster up [--nodes N]|down|status|restart|kubeconfig|logs|images|image kind|prerequisites|leftovers` (npm run
 * cluster:up, cluster:down, cluster:status, cluster:kubeconfig, cluster:logs, images:build).
 * `prerequisites` lists what the provider needs and what is missing, installing nothing;
 * `leftovers` what of the local cluster is on the host (nothing after a clean `down`); `up --nodes
 * N` brings the local cluster to N nodes (POD_CONFORMANCE_LOCAL_NODES).
 * `restart <component>` (local provider only) stops one component of the running cluster and
 * starts it again as `up` does, for fault injection (local/faults.ts); `--dry-run` checks the
 * component and the provider and restarts nothing. `kubelet stop|start <node>` (local provider,
 * extra nodes) stops an extra node's kubelet and starts it again, for the node-failure scenarios.
 *
 * Flags: --provider local|kind|existing, --kubeconfig PATH, --context NAME
 * (or POD_CONFORMANCE_PROVIDER, KUBECONFIG); `down --force` removes the cluster even while runs
 * on this machine are using it.
 */
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildImageArchives } from './images/index.ts';
import { ClusterError, consoleProgress, createProvider, ensureCluster, resolveProvider } from './index.ts';
import { ensureKindHost } from './kind/engine.ts';
import { ensureNodeImage } from './kind/node-image.ts';
import { RESTART_CHOICES, restartLine, restartTarget } from './local/faults.ts';
import type { LocalProvider } from './local/provider.ts';
import { LOCAL_NODES_ENV, localNodeCount } from './local/options.ts';
import type { ComponentName } from './local/components.ts';
import type { ClusterProvider } from './provider.ts';
import { describeOwner, liveRuns, runsAgainst } from './shared/runs.ts';
import { PROVIDER_ENV } from './select.ts';
import { verifyCluster } from './verify.ts';

const USAGE =
  'usage: pod-conformance cluster up [--nodes 1..3]|down [--force]|status|kubeconfig|logs [DIR]|images|image kind|prerequisites|leftovers|restart <component> [--dry-run]|kubelet stop|start <node> [--provider local|kind|existing] [--kubeconfig PATH] [--context NAME]';

const RESTART_USAGE = `usage: pod-conformance cluster restart <component> [--dry-run], component one of: ${RESTART_CHOICES}`;

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      provider: { type: 'string' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      force: { type: 'boolean' },
      nodes: { type: 'string' },
      'dry-run': { type: 'boolean' },
      holder: { type: 'string' },
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
  if (values.nodes !== undefined) {
    // The local provider's node count (POD_CONFORMANCE_LOCAL_NODES): checked before any cluster work.
    if (command !== 'up') {
      console.error(`error: --nodes is an option of cluster up; ${USAGE}`);
      return 2;
    }
    try {
      localNodeCount({ [LOCAL_NODES_ENV]: values.nodes });
    } catch (err) {
      console.error(
        `error: --nodes ${values.nodes}: ${err instanceof Error ? err.message.replace(/^[^:]*: /, '') : String(err)}`,
      );
      return 2;
    }
    process.env[LOCAL_NODES_ENV] = values.nodes;
  }
  const opts = { provider: values.provider, kubeconfig: values.kubeconfig, context: values.context };
  switch (command) {
    case 'up': {
      const progress = consoleProgress('cluster:up');
      const { provider, status, images } = await ensureCluster(progress, opts);
      const description = await provider.describe();
      const verified = await verifyCluster(status.kubeconfig, images.busybox, progress);
      console.log(`${status.detail}`);
      console.log(`kubeconfig: ${status.kubeconfig}`);
      console.log(
        `server ${description.serverVersion}; nodes: ${description.nodes.map((n) => `${n.name} (${n.kubeletVersion}, ${n.containerRuntimeVersion}, ${n.osImage}, kernel ${n.kernelVersion})`).join('; ')}`,
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
      const provider = await resolveProvider(opts);
      // Only the runs against this cluster (or whose cluster is not recorded) hold it up.
      const runs = runsAgainst(liveRuns(), { provider: provider.name, kubeconfig: provider.kubeconfigPath() });
      if (runs.length > 0 && !values.force) {
        console.error(
          `error: refusing to remove the ${provider.name} cluster: ${runs.length} run(s) in progress on this machine use it or have not said which cluster they use (${runs.map(describeOwner).join('; ')}); wait for them to finish, or remove it anyway with npm run cluster:down -- --force`,
        );
        return 1;
      }
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
    case 'leftovers': {
      // What of the cluster is on the host: nothing after a clean cluster down.
      const provider = await resolveProvider(opts);
      if (!provider.leftovers) {
        console.error(
          `error: cluster leftovers inventories a cluster this machine runs; the ${provider.name} provider runs none`,
        );
        return 2;
      }
      const left = await provider.leftovers();
      for (const line of left) console.log(line);
      console.log(
        left.length === 0
          ? `nothing of the ${provider.name} cluster on this host`
          : `${left.length} thing(s) of the ${provider.name} cluster on this host`,
      );
      return left.length === 0 ? 0 : 1;
    }
    case 'restart':
      return restart(positionals.slice(1), values['dry-run'] === true, opts);
    case 'kubelet':
      return kubelet(positionals.slice(1), values.holder, opts);
    case 'image': {
      // The kind node image, built offline (docs/kind.md); the only image kind there is so far.
      if (positionals[1] !== 'kind' || positionals.length > 2) {
        console.error(
          `error: cluster image takes one argument, kind (the node image to build), not "${positionals.slice(1).join(' ')}"; usage: pod-conformance cluster image kind`,
        );
        return 2;
      }
      const progress = consoleProgress('image');
      const { ref } = await ensureNodeImage(progress, await ensureKindHost(progress));
      console.log(ref);
      return 0;
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

/**
 * `cluster restart <component>`: 2 for a bad name or a provider whose cluster is not ours to
 * restart, 3 when the local cluster is not running; SIGINT and SIGTERM wait until the component
 * runs again (then 130, 143), so an interrupted restart never leaves it stopped.
 */
async function restart(
  args: string[],
  dryRun: boolean,
  opts: { provider?: string; kubeconfig?: string; context?: string },
): Promise<number> {
  const component = args.length === 1 ? restartTarget(args[0]) : undefined;
  if (!component) {
    const problem =
      args.length === 0
        ? 'cluster restart needs a component'
        : args.length > 1
          ? `cluster restart takes one component, not ${args.length} (${args.join(' ')})`
          : `unknown component "${args[0]}"`;
    console.error(`error: ${problem}; ${RESTART_USAGE}`);
    return 2;
  }
  const provider = await localOrChosen(opts);
  if (!isLocal(provider)) {
    console.error(
      `error: cluster restart injects faults into the local provider's host processes; the ${provider.name} provider was chosen (by --provider, POD_CONFORMANCE_PROVIDER, --kubeconfig or KUBECONFIG), and its cluster is not ours to restart: use --provider local`,
    );
    return 2;
  }
  if (dryRun) {
    console.log(`dry run: would restart ${component} of the local cluster`);
    return 0;
  }
  const status = await provider.status();
  if (!status.running) {
    console.error(`error: the local cluster is ${status.detail}: nothing to restart (npm run cluster:up first)`);
    return 3;
  }
  return withSignalsDeferred(component, async () => {
    console.log(restartLine(await provider.restart(component)));
    return 0;
  });
}

/**
 * The provider a fault-injection command acts on. A kubeconfig that is the local cluster's own
 * (KUBECONFIG=$(npm run -s cluster:kubeconfig), as a run's workers have it) names the local
 * cluster, not an existing one, unless a provider is chosen explicitly.
 */
async function localOrChosen(opts: {
  provider?: string;
  kubeconfig?: string;
  context?: string;
}): Promise<ClusterProvider> {
  const local = createProvider('local');
  const given = opts.kubeconfig ?? process.env.KUBECONFIG;
  const explicit = opts.provider || process.env[PROVIDER_ENV];
  return !explicit && given !== undefined && resolve(given) === local.kubeconfigPath()
    ? local
    : resolveProvider({ ...opts, quiet: true });
}

const KUBELET_USAGE =
  'usage: pod-conformance cluster kubelet stop <node> [--holder PID] | start <node>, node an extra node of the local cluster';

/**
 * `cluster kubelet stop|start <node>` (local provider, extra nodes only: local/kubelet-stop.ts).
 * stop leaves a guard that starts the kubelet again once the holder (--holder PID, else this
 * command's parent) has ended; `guard` is that guard's own entry. 2 for bad usage or another
 * provider, 1 when the provider refuses (a node that is not an extra one, a kubelet stopped already).
 */
async function kubelet(
  args: string[],
  holder: string | undefined,
  opts: { provider?: string; kubeconfig?: string; context?: string },
): Promise<number> {
  const [action, node, ...rest] = args;
  if (!action || !['stop', 'start', 'guard'].includes(action) || !node || rest.length > 0) {
    console.error(
      `error: ${!action ? 'cluster kubelet needs stop or start and a node' : !node ? `cluster kubelet ${action} needs a node` : rest.length > 0 ? `cluster kubelet takes one node, not ${args.length - 1}` : `unknown action "${action}"`}; ${KUBELET_USAGE}`,
    );
    return 2;
  }
  const holderPid = holder === undefined ? process.ppid : Number(holder);
  if (action === 'stop' && (!Number.isInteger(holderPid) || holderPid <= 1)) {
    console.error(
      `error: --holder ${holder}: expected the PID of the process the stop lasts for at most; ${KUBELET_USAGE}`,
    );
    return 2;
  }
  const provider = await localOrChosen(opts);
  if (!isLocal(provider)) {
    console.error(
      `error: cluster kubelet stops and starts the local provider's kubelets; the ${provider.name} provider was chosen (by --provider, POD_CONFORMANCE_PROVIDER, --kubeconfig or KUBECONFIG), and its nodes are not ours to stop: use --provider local`,
    );
    return 2;
  }
  try {
    if (action === 'stop') {
      // The guard is this same command: the node binary and the entry point that runs it.
      console.log(
        await provider.stopKubelet(node, holderPid, [process.execPath, process.argv[1] ?? '', 'cluster', 'kubelet']),
      );
    } else if (action === 'start') {
      console.log(await provider.startKubelet(node));
    } else {
      await provider.guardKubelet(node, (line) => console.log(line));
    }
    return 0;
  } catch (err) {
    if (!(err instanceof ClusterError)) throw err;
    console.error(`error: ${err.message}`);
    return 1;
  }
}

function isLocal(provider: ClusterProvider): provider is LocalProvider {
  return provider.name === 'local';
}

async function withSignalsDeferred(component: ComponentName, fn: () => Promise<number>): Promise<number> {
  let received: 'SIGINT' | 'SIGTERM' | undefined;
  const defer = (sig: 'SIGINT' | 'SIGTERM') => {
    if (!received) console.error(`${sig}: finishing the restart of ${component} first, so that it runs again`);
    received ??= sig;
  };
  const onInt = () => defer('SIGINT');
  const onTerm = () => defer('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const code = await fn();
    return received ? 128 + constants.signals[received] : code;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
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
