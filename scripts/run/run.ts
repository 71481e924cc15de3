/**
 * `pod-conformance run` and `pod-conformance test` (scripts/cli.ts): the scenarios against a real
 * cluster (the default local one is brought up when none is running), for `test` after
 * typecheck, lint and unit tests, and one closing line `N passed, N failed, N skipped` that sums
 * vitest's tests and cucumber's scenarios. The options and exit codes are in scripts/args.ts.
 *
 * Every problem that stops the run is one line saying what is wrong and what to do. Bad input
 * (an option, a feature file, a manifest, a placeholder) is found first, before the checks, the
 * cluster or the previous reports are touched, and exits 2.
 * Before the scenarios a sanity gate checks that the nodes run containers (scripts/run/sanity-gate.ts).
 *
 * `--repeat N` runs the selection N times in a row, each a run of its own (run id, cluster check,
 * sanity gate, lease), under one run lock, keeps each run's results in reports/repeat/<i>/, and
 * ends with the stability table (scripts/run/stability.ts) and the closing line summed over the runs.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { constants } from 'node:os';
import { execa, type ResultPromise } from 'execa';
import {
  acquireOwnerFile,
  ClusterError,
  consoleProgress,
  describeOwner,
  ensureCluster,
  ownerRecord,
  registerRun,
  releaseOwnerFile,
  resolveProvider,
  type ClusterDescription,
} from '../../clusters/index.ts';
import { formatMs } from '../../support/duration.ts';
import { KubeHttp } from '../../support/kube/http.ts';
import {
  readEnvelopes,
  readEnvelopesTolerant,
  readPreflight,
  scenarioResults,
  type ScenarioResult,
} from '../report/messages.ts';
import { MANIFEST_DOCSTRING_STEP, MANIFEST_FILE_STEP, preflightProblems } from './preflight.ts';
import { EXIT } from '../shared/exit.ts';
import type { RunOptions } from '../shared/options.ts';
import { binOf, REPORTS, ROOT } from '../shared/paths.ts';
import { handOver } from '../../support/scenario/gate-file.ts';
import { runEnvironment, RUN_ENV } from '../../support/run-config.ts';
import { environmentProperties } from '../report/allure-environment.ts';
import { newRunId } from './run-id.ts';
import { deleteRunNamespaces, LEASE_NAME, otherLiveRuns, removeStaleRuns, startRunLease } from './lease.ts';
import { interruptedCount, RunSignals, type RunSignal, type Tally } from './signals.ts';
import { generateReport } from '../report/html-report.ts';
import { writeStepCatalogue } from '../report/steps-catalogue.ts';
import { type GateDecision, sanityGate } from './sanity-gate.ts';
import { writeConformance } from '../report/conformance.ts';
import {
  chooseWorkers,
  durationsSource,
  MAX_WORKERS_PER_NODE,
  read as readDurations,
  recordDurations,
} from './workers.ts';
import { PhaseClock } from './timings.ts';
import { formatStability, stability, type RepeatRun } from './stability.ts';

const CUCUMBER = binOf('@cucumber/cucumber', 'cucumber-js');

/** A problem that ends the run: printed as one line starting with "error:". */
class StopRun extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

let flags: RunOptions;
/** The phases before the first scenario, for npm run bench (reports/run-timings.json). */
let clock = new PhaseClock();

/** What an interruption must clean up and count, as far as the current run has got. */
const active: {
  runId: string;
  http?: KubeHttp;
  cucumber?: ResultPromise;
  endLease: () => Promise<void>;
  /** Removes this run's record on the machine (clusters/runs.ts). */
  unregister: () => void;
  tally: Tally;
  /** The scenarios selected (known after the preflight). */
  selected: number;
  /** reports/messages.ndjson is this run's: the previous run's files have been removed. */
  messagesOurs: boolean;
  /** The scenarios' results, once they are in the tally. */
  results?: ScenarioResult[];
  startedAt: number;
} = {
  runId: '',
  endLease: () => Promise.resolve(),
  unregister: () => undefined,
  tally: { passed: 0, failed: 0, skipped: 0 },
  selected: 0,
  messagesOurs: false,
  startedAt: Date.now(),
};

/** The checkout's run lock (reports/.run.lock), held by this command: by all the runs of a repeat. */
let releaseLock: () => void = () => undefined;

/** `--repeat`: the runs asked for, those done, and the one under way. */
let repeat: { requested: number; runs: RepeatRun[]; current: number } | undefined;

const signals = new RunSignals(
  (signal) => {
    if (closing) return; // the summary is being printed: nothing is left to stop
    if (active.cucumber?.pid) {
      const more = repeat && repeat.current < repeat.requested ? '; no further run of the repeat' : '';
      console.log(
        `\n⚠ ${signal}: no new scenario starts${more}; running ones stop now and clean up their namespaces (${signal} again: delete them at once and exit)`,
      );
      // cucumber runs in its own process group (see scenarios()): this reaches every worker once.
      killGroup(active.cucumber.pid, signal);
      return;
    }
    console.log(`\n⚠ ${signal}: stopped before any scenario started`);
    void leave(signal);
  },
  (signal) => {
    if (closing) return; // the run is printing its summary: nothing is left to stop
    console.log(`\n⚠ ${signal} again: deleting this run's namespaces now, without waiting, and exiting`);
    if (active.cucumber?.pid) killGroup(active.cucumber.pid, signal);
    void leave(signal);
  },
);

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

let leaving = false;
let closing = false;

/** Leaves at once: namespace deletes issued (a few seconds at most), lease and lock released. */
async function leave(signal: RunSignal): Promise<never> {
  leaving = true;
  const deadline = new Promise<void>((r) => setTimeout(r, 5_000).unref());
  if (active.http) {
    const http = active.http;
    const issued = deleteRunNamespaces(http, active.runId).then((names) => {
      if (names.length > 0) console.log(`  delete issued for namespace(s) ${names.join(', ')}`);
    });
    await Promise.race([issued.catch(() => undefined), deadline]);
  }
  await Promise.race([active.endLease(), deadline]);
  if (active.cucumber?.pid) killGroup(active.cucumber.pid, 'SIGKILL');
  active.unregister();
  releaseLock();
  let tally = active.tally;
  let results = active.results ?? [];
  if (!active.results) {
    const envelopes = active.messagesOurs ? readEnvelopesTolerant(resolve(REPORTS, 'messages.ndjson')) : [];
    ({ tally, results } = interruptedCount(active.tally, active.selected, envelopes));
  }
  let total = tally;
  if (repeat) {
    if (repeat.runs.length < repeat.current) {
      recordRun({
        index: repeat.current,
        runId: active.runId,
        results,
        tally,
        exitCode: signals.exitCode ?? 128 + constants.signals[signal],
        durationMs: Date.now() - active.startedAt,
        interrupted: signals.first ?? signal,
      });
    }
    total = printStability();
  }
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(signals.exitCode ?? 128 + constants.signals[signal]);
}

function heading(text: string): void {
  console.log(`\n▶ ${text}`);
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await fn();
  console.log(`  ${label} (${formatMs(Date.now() - started)})`);
  return result;
}

/** Runs a command with its output on the console; true when it exits 0. */
async function check(
  label: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<boolean> {
  heading(label);
  return timed(`${label} finished`, async () => {
    const run = await execa(command, args, { cwd: ROOT, stdio: 'inherit', reject: false, env });
    if (run.exitCode !== 0) console.log(`  ✗ ${label} failed (exit ${run.exitCode})`);
    return run.exitCode === 0;
  });
}

async function staticChecks(tally: Tally): Promise<void> {
  const results = [
    await check('typecheck: tsc --noEmit', binOf('typescript', 'tsc'), ['--noEmit']),
    await check('lint: eslint', binOf('eslint', 'eslint'), ['.']),
    await check('format: prettier --check', binOf('prettier', 'prettier'), ['--check', '.', '--log-level', 'warn']),
  ];
  const failures = results.filter((ok) => !ok).length;
  tally.failed += failures;
  if (failures > 0)
    throw new StopRun(
      `${failures} static check(s) failed (counted as failed above); fix them, then run npm test again`,
    );
}

async function unitTests(tally: Tally): Promise<void> {
  const json = resolve(REPORTS, 'vitest.json');
  rmSync(json, { force: true });
  const ok = await check('unit tests: vitest', binOf('vitest', 'vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${json}`,
  ]);
  if (!existsSync(json)) {
    tally.failed += 1;
    throw new StopRun('vitest wrote no results (reports/vitest.json); see its output above');
  }
  const r = JSON.parse(readFileSync(json, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  tally.passed += r.numPassedTests;
  tally.failed += r.numFailedTests;
  tally.skipped += r.numPendingTests + r.numTodoTests;
  if (!ok || r.numFailedTests > 0)
    throw new StopRun(`${r.numFailedTests} unit test(s) failed; fix them before running scenarios`);
}

function cucumberArgs(profile?: string, tags = flags.tags): string[] {
  const args = profile ? ['--profile', profile] : [];
  if (tags) args.push('--tags', tags);
  return args;
}

/** Dry run: selection, step definitions and manifests are checked before touching a cluster. */
async function preflight(): Promise<{ uri: string; name: string }[]> {
  heading('preflight: selection, steps and manifests (cucumber dry run)');
  const out = resolve(REPORTS, 'preflight.ndjson');
  rmSync(out, { force: true });
  const run = await execa(CUCUMBER, cucumberArgs('preflight'), {
    cwd: ROOT,
    reject: false,
    all: true,
    env: { [RUN_ENV.reports]: REPORTS },
  });
  if (!existsSync(out)) {
    // The innermost error says why: node prints `[cause]: Error: …` last, and a line ending in
    // ":" continues on the next (esbuild: `Build failed with 1 error:` then the file and error).
    const lines = (run.all ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const at = lines.findLastIndex((l) => /\b\w*Error\b/.test(l));
    const why =
      at < 0
        ? (lines.at(-1) ?? `exit ${run.exitCode}`)
        : lines[at]!.endsWith(':') && lines[at + 1]
          ? `${lines[at]} ${lines[at + 1]}`
          : lines[at]!;
    throw new StopRun(`cucumber could not load the features or the step code: ${why}`);
  }
  const result = readPreflight(readEnvelopes(out), MANIFEST_DOCSTRING_STEP, MANIFEST_FILE_STEP);
  const problems = preflightProblems(result, flags.tags);
  if (problems.length > 0) {
    for (const p of problems.slice(0, -1)) console.error(`error: ${p}`);
    throw new StopRun(problems.at(-1) ?? 'preflight failed', EXIT.usage);
  }
  writeStepCatalogue(resolve(REPORTS, 'steps-usage.json'), resolve(REPORTS, 'steps.md'));
  console.log(
    `  ${result.selected} scenario(s) selected${flags.tags ? ` by "${flags.tags}"` : ''}; step catalogue: ${relative(process.cwd(), resolve(REPORTS, 'steps.md'))}`,
  );
  return result.selection;
}

interface Cluster {
  kubeconfig: string;
  images: Record<string, string>;
  description: ClusterDescription;
}

async function cluster(): Promise<Cluster> {
  heading('cluster');
  const opts = { provider: flags.provider, kubeconfig: flags.kubeconfig, context: flags.context };
  try {
    const provider = await resolveProvider(opts);
    const status = await provider.status();
    // An existing cluster is never created by us: ensureCluster reports why it is unusable.
    if (!status.running && provider.name !== 'existing') {
      console.log(
        `  no running ${provider.name} cluster (${status.detail}): bringing it up now; the first time this builds Kubernetes and takes a while`,
      );
    }
    const progress = consoleProgress(provider.name);
    let built = false;
    const started = Date.now();
    const ready = await timed('cluster ready', () =>
      ensureCluster(
        { ...progress, step: (m) => ((built ||= m.startsWith('building ')), progress.step(m)) },
        { ...opts, quiet: true },
      ),
    );
    const state = status.running ? 'running' : built ? 'started cold' : 'started warm';
    clock.timings.cluster = { state, ms: Date.now() - started };
    console.log(`  ${ready.status.provider} cluster ${ready.status.name}: ${ready.status.detail}`);
    const description = await ready.provider.describe();
    return { kubeconfig: ready.status.kubeconfig, images: ready.images, description };
  } catch (err) {
    if (err instanceof ClusterError) throw new StopRun(err.message.split('\n')[0] ?? err.message, EXIT.cluster);
    throw err;
  }
}

/** The API server answers /version, or the run stops with what to do. */
async function reachable(kubeconfig: string): Promise<KubeHttp> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  if (flags.context) kc.setCurrentContext(flags.context);
  const http = new KubeHttp(kc);
  try {
    // A cluster that is not there is said at once (exit 3); scenarios wait out a restarting one.
    const version = await http.request<{ gitVersion?: string }>('GET', '/version', {
      timeoutMs: 10_000,
      refusalGraceMs: 0,
    });
    console.log(`  API server ${http.server} answers: Kubernetes ${version.gitVersion ?? '?'}`);
    return http;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new StopRun(
      `cannot reach the cluster's API server at ${http.server} (${reason}). Start it with \`npm run cluster:up\`, or pass --kubeconfig/--context for a running cluster.`,
      EXIT.cluster,
    );
  }
}

/**
 * Removes what runs that are no longer alive left in the cluster, then takes this run's lease, so
 * that other runs can tell it is alive. Returns the function that ends the lease.
 */
async function claimCluster(http: KubeHttp, runId: string): Promise<() => Promise<void>> {
  try {
    const removed = await removeStaleRuns(http, runId);
    if (removed.length > 0) {
      console.log(`  removed ${removed.length} namespace(s) left by runs that are no longer alive:`);
      for (const line of removed) console.log(`    ${line}`);
    }
  } catch (err) {
    // Not this run's problem: the next run (or npm run cleanup) tries again.
    console.log(`  could not check for namespaces of ended runs (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    const lease = await startRunLease(http, runId);
    console.log(`  run lease: lease/${LEASE_NAME} in namespace ${lease.namespace}, renewed every 15 s`);
    return () => lease.end().catch(() => undefined);
  } catch (err) {
    throw new StopRun(
      `cannot create this run's lease namespace (${err instanceof Error ? err.message : String(err)}); the suite needs to create namespaces and Leases in them`,
      EXIT.cluster,
    );
  }
}

/** Where durations of earlier runs are read from: this checkout's last run, else the committed baseline. */
const DURATIONS = resolve(REPORTS, 'durations.json');
const DURATIONS_BASELINE = resolve(ROOT, 'features', 'durations.json');

/** --parallel when given, else enough workers for the selection to take about its slowest scenario. */
async function workersFor(
  selection: { uri: string; name: string }[],
  cluster: ClusterDescription,
  source: string | undefined,
  runId: string,
): Promise<number> {
  if (flags.parallel !== undefined) return flags.parallel;
  const nodes = cluster.nodes.length || 1;
  const others = active.http ? await otherLiveRuns(active.http, runId).catch(() => []) : [];
  const choice = chooseWorkers(selection, readDurations(source), nodes, MAX_WORKERS_PER_NODE, others.length);
  console.log(`  workers: ${choice.reason}${source ? `; durations from ${relative(ROOT, source)}` : ''}`);
  return choice.workers;
}

async function scenarios(
  target: Cluster,
  runId: string,
  selected: number,
  tally: Tally,
  gating: Promise<GateDecision>,
  workers: number,
  durations: string | undefined,
): Promise<{ gate: GateDecision; results: ScenarioResult[] }> {
  // Allure never cleans its results directory; stale results would mix into this run's report.
  const cleanStale = () => {
    for (const stale of [
      'allure-results',
      'messages.ndjson',
      'junit.xml',
      'html',
      'conformance.json',
      'gate.json',
      'gate.json.loaded',
    ])
      rmSync(resolve(REPORTS, stale), { recursive: true, force: true });
    mkdirSync(resolve(REPORTS, 'allure-results'), { recursive: true });
    writeFileSync(
      resolve(REPORTS, 'allure-results', 'environment.properties'),
      environmentProperties(target.description, target.images, runId),
    );
  };
  cleanStale();
  active.messagesOurs = true;
  const gateFile = resolve(REPORTS, 'gate.json');
  const env = runEnvironment({
    kubeconfig: target.kubeconfig,
    context: flags.context,
    images: target.images,
    runId,
    keep: flags.keep ?? 'never',
    reports: REPORTS,
    parallel: workers,
    durations,
    gate: gateFile,
  });
  Object.assign(clock.timings, { workers, cucumberStartedAt: Date.now() });
  // Its own process group: a terminal's Ctrl-C reaches it only through the signal handlers here,
  // once, and a second signal can still be told apart.
  const start = (tags: string | undefined) =>
    execa(CUCUMBER, cucumberArgs(undefined, tags), { cwd: ROOT, stdio: 'inherit', reject: false, env, detached: true });
  // cucumber and its workers load while the sanity gate runs; each worker waits for the gate's
  // answers before its first scenario (support/scenario/gate-handoff.ts).
  let cucumber = start(flags.tags);
  active.cucumber = cucumber;
  const stopUnstarted = async () => {
    if (cucumber.pid) killGroup(cucumber.pid, 'SIGKILL');
    await cucumber;
  };
  const gate = await gating.catch(async (err: unknown) => {
    await stopUnstarted();
    throw err;
  });
  if (gate.failure && !signals.first) {
    // No scenario has started (the workers wait for the file below): only @api-level ones run.
    await stopUnstarted();
    cleanStale();
    handOver(gateFile, { detected: gate.detected });
    cucumber = start(gate.tags);
    active.cucumber = cucumber;
  } else {
    handOver(gateFile, { detected: gate.detected });
  }
  clock.write(resolve(REPORTS, 'run-timings.json'));
  heading(`scenarios: cucumber-js (${workers} workers, longest first)`);
  console.log(`  run id ${runId} (namespaces are labelled pod-conformance.io/run=${runId})`);
  const run = await timed('scenarios finished', () => cucumber);
  active.cucumber = undefined;
  const messages = resolve(REPORTS, 'messages.ndjson');
  const results = existsSync(messages) ? scenarioResults(readEnvelopes(messages)) : [];
  for (const r of results) tally[r.status] += 1;
  active.results = results;
  if (!signals.first) recordDurations(DURATIONS, readDurations(durations), results);
  const interrupted = results.filter(
    (r) => r.message?.startsWith('InterruptedError') || r.message?.startsWith('interrupted by'),
  );
  const failed = results.filter((r) => r.status === 'failed' && !interrupted.includes(r));
  if (failed.length > 0) {
    console.log('\nFailed scenarios:');
    for (const r of failed) console.log(`  ✗ ${r.uri}: ${r.name}\n      ${r.message?.split('\n')[0] ?? ''}`);
  }
  if (signals.first) {
    console.log(`\nInterrupted by ${signals.first} (counted as failed; not started ones as skipped):`);
    for (const r of interrupted) {
      const ns = r.logs.find((l) => l.startsWith('namespace '))?.slice('namespace '.length) ?? '?';
      const kept = r.logs.some((l) => l.startsWith('kept namespace '));
      console.log(`  ⚠ ${r.uri}: ${r.name} (namespace ${ns} ${kept ? 'kept' : 'deleted'})`);
    }
    // Scenarios a worker never got to (it stopped while loading) have no result at all.
    const unrun = Math.max(0, selected - results.length);
    tally.skipped += unrun;
    const notStarted = unrun + results.filter((r) => r.logs.some((l) => l.startsWith('skipped: not started'))).length;
    if (notStarted > 0) console.log(`  ${notStarted} scenario(s) not started (counted as skipped)`);
    return { gate, results };
  }
  if (run.exitCode !== 0 && failed.length === 0) {
    tally.failed += 1;
    throw new StopRun(`cucumber exited ${run.exitCode} without a failed scenario; see its output above`);
  }
  return { gate, results };
}

async function report(): Promise<void> {
  heading('report: behaviours view and Allure HTML');
  const { index, behaviours } = await timed('report written', () =>
    generateReport(resolve(REPORTS, 'allure-results'), resolve(REPORTS, 'html')),
  );
  if (behaviours) console.log(`  behaviours view: file://${behaviours}`);
  console.log(`  scenario report: file://${index}`);
}

/**
 * One run at a time per checkout: a second run would delete this run's Allure results and
 * overwrite its messages. The lock names its owner (PID, the PID's start time, run id); a lock
 * whose owner is gone (a recycled PID, an empty file) is taken over. Released only by its owner
 * (releaseOwnerFile checks the record), also when the run is interrupted (leave()).
 */
function takeRunLock(runId: string): () => void {
  const lock = resolve(REPORTS, '.run.lock');
  const record = ownerRecord(runId, ROOT);
  const got = acquireOwnerFile(lock, record);
  if (got.held) {
    const owner = got.by ? `run ${describeOwner(got.by)}` : 'another run';
    const unknown = got.state.alive === 'unknown' ? ` (${got.state.why}, so this machine cannot check it)` : '';
    throw new StopRun(
      `${owner} holds reports/.run.lock${unknown}: wait for it to finish${got.by ? ` or stop it (kill ${got.by.pid})` : ''}, or run from another checkout; if that run is over, remove the lock: rm ${lock}`,
    );
  }
  return () => releaseOwnerFile(lock, record);
}

interface RunOutcome {
  runId: string;
  tally: Tally;
  results: ScenarioResult[];
  exitCode: number;
  durationMs: number;
  /** The error line when the run stopped on a problem of its own. */
  stopped?: string;
}

/**
 * One run: preflight, (checks,) cluster, API check and lease, sanity gate, scenarios. The run is
 * registered on this machine, so that `cluster:down` and a cluster rebuild leave it alone.
 * `first`: the command's first run (its phases count from the process start); `report`: write
 * the HTML report when asked (--report), the last run of a repeat only.
 */
async function runOnce(checks: boolean, runId: string, first: boolean, withReport: boolean): Promise<RunOutcome> {
  const startedAt = Date.now();
  const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
  Object.assign(active, {
    runId,
    http: undefined,
    cucumber: undefined,
    endLease: () => Promise.resolve(),
    unregister: registerRun(runId, ROOT),
    tally,
    selected: 0,
    messagesOurs: false,
    results: undefined,
    startedAt,
  });
  clock = new PhaseClock(first ? undefined : startedAt);
  let exitCode = 0;
  let stopped: string | undefined;
  try {
    // Bad input first: a broken feature or manifest must not wait for (or hide behind) the checks.
    if (first) clock.sinceStart('runner start');
    const selection = await clock.time('preflight', () => preflight());
    const selected = selection.length;
    active.selected = selected;
    if (checks) {
      await staticChecks(tally);
      await unitTests(tally);
    }
    const target = await clock.time('cluster', () => cluster());
    await clock.time('API check and run lease', async () => {
      const http = await reachable(target.kubeconfig);
      active.http = http;
      active.endLease = await claimCluster(http, runId);
    });
    writeFileSync(
      resolve(REPORTS, 'cluster.json'),
      JSON.stringify({ kubeconfig: target.kubeconfig, images: target.images, cluster: target.description }, null, 2),
    );
    // The last run's durations, else the committed baseline: for the worker count, the order, the record.
    const durations = durationsSource([DURATIONS, DURATIONS_BASELINE]);
    const workers = await workersFor(selection, target.description, durations, runId);
    const gating = clock.time('sanity gate', () =>
      sanityGate(target, { runId, context: flags.context, tags: flags.tags }),
    );
    const { gate } = await scenarios(target, runId, selected, tally, gating, workers, durations);
    await gate.cleanedUp;
    console.log(`  results per behaviour: ${writeConformance(REPORTS, { id: runId, tags: flags.tags })}`);
    if (flags.report && withReport && !signals.first) await report();
    if (gate.failure) throw new StopRun(gate.failure);
  } catch (err) {
    if (!(err instanceof StopRun)) throw err;
    console.error(`error: ${err.message}`);
    if (tally.failed === 0) tally.failed = 1;
    exitCode = err.exitCode;
    stopped = err.message;
  } finally {
    await active.endLease();
    active.unregister();
  }
  return {
    runId,
    tally,
    results: active.results ?? [],
    exitCode: signals.exitCode ?? (exitCode !== 0 ? exitCode : tally.failed > 0 ? EXIT.failed : EXIT.passed),
    durationMs: Date.now() - startedAt,
    ...(stopped !== undefined ? { stopped } : {}),
  };
}

/** What each run of a repeat leaves in reports/, kept in reports/repeat/<i>/ before the next overwrites it. */
const KEPT_PER_RUN = ['messages.ndjson', 'conformance.json', 'junit.xml', 'run-timings.json'];
const REPEAT_DIR = resolve(REPORTS, 'repeat');
const REPEAT_JSON = resolve(REPORTS, 'repeat.json');

/** Keeps a run of the repeat: its files, and its results for the table. */
function recordRun(run: RepeatRun): void {
  if (!repeat) return;
  const dir = resolve(REPEAT_DIR, String(run.index));
  mkdirSync(dir, { recursive: true });
  // Files still there from the run before belong to it, not to this one.
  if (active.messagesOurs) {
    for (const name of KEPT_PER_RUN) {
      const file = resolve(REPORTS, name);
      if (existsSync(file)) copyFileSync(file, resolve(dir, name));
    }
  }
  repeat.runs.push(run);
}

/** Prints the stability table of the runs so far and writes reports/repeat.json; returns their summed tally. */
function printStability(): Tally {
  if (!repeat) return active.tally;
  const table = stability(repeat.runs, repeat.requested);
  const lines = formatStability(table);
  heading(`repeat: ${repeat.runs.length} of ${repeat.requested} run(s)${flags.tags ? ` of "${flags.tags}"` : ''}`);
  for (const line of lines) console.log(line);
  const json = {
    ...table,
    command: { tags: flags.tags, parallel: flags.parallel, provider: flags.provider, context: flags.context },
    // Relative to the reports directory: each run's files, kept before the next run overwrote them.
    kept: { dir: 'repeat/<run>', files: KEPT_PER_RUN },
    text: lines,
  };
  writeFileSync(REPEAT_JSON, `${JSON.stringify(json, null, 2)}\n`);
  console.log(
    `written to ${relative(process.cwd(), REPEAT_JSON) || REPEAT_JSON}; each run's messages in ${relative(process.cwd(), REPEAT_DIR) || REPEAT_DIR}/<run>/`,
  );
  const total: Tally = { passed: 0, failed: 0, skipped: 0 };
  for (const r of repeat.runs) for (const k of ['passed', 'failed', 'skipped'] as const) total[k] += r.tally[k];
  return total;
}

/** `--repeat n`: the runs one after the other, until n are done, a signal came, or a run stopped on a problem. */
async function repeatRuns(requested: number, firstRunId: string): Promise<number> {
  rmSync(REPEAT_DIR, { recursive: true, force: true });
  rmSync(REPEAT_JSON, { force: true });
  repeat = { requested, runs: [], current: 0 };
  let stoppedWith: number | undefined;
  for (let index = 1; index <= requested; index++) {
    repeat.current = index;
    console.log(`\n════ run ${index} of ${requested} (--repeat ${requested}) ════`);
    const outcome = await runOnce(false, index === 1 ? firstRunId : newRunId(), index === 1, index === requested);
    // leave() has the stop in hand (a second signal came during the run's cleanup).
    if (leaving) return await new Promise<number>(() => undefined);
    recordRun({
      index,
      ...outcome,
      ...(signals.first ? { interrupted: signals.first } : {}),
    });
    const { passed, failed, skipped } = outcome.tally;
    console.log(
      `\n  run ${index} of ${requested} (${outcome.runId}): ${passed} passed, ${failed} failed, ${skipped} skipped in ${formatMs(outcome.durationMs)}, exit ${outcome.exitCode}`,
    );
    if (signals.first) {
      if (index < requested)
        console.log(
          `  ${signals.first}: ${index + 1 === requested ? `run ${requested} is` : `runs ${index + 1} to ${requested} are`} not started`,
        );
      break;
    }
    if (outcome.stopped !== undefined) {
      stoppedWith = outcome.exitCode;
      if (index < requested)
        console.log(`  run ${index} stopped on a problem of its own (above): the repeat ends here, its table follows`);
      break;
    }
  }
  closing = true;
  const total = printStability();
  return finish(total, signals.exitCode ?? stoppedWith ?? (total.failed > 0 ? EXIT.failed : EXIT.passed));
}

let commandStarted = Date.now();

/** The end of the command: the lock released, the time, the closing line CI reads. */
function finish(total: Tally, exitCode: number): number {
  releaseLock();
  closing = true;
  console.log(`\n(total ${formatMs(Date.now() - commandStarted)})`);
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  return exitCode;
}

/**
 * Runs the suite with options parsed by scripts/args.ts; `checks` adds typecheck, lint and
 * unit tests before the scenarios; `--repeat` runs the scenarios that many times. Resolves to the
 * exit code (see EXIT).
 */
export async function runSuite(options: RunOptions, checks: boolean): Promise<number> {
  flags = options;
  commandStarted = Date.now();
  signals.install();
  mkdirSync(REPORTS, { recursive: true });
  const runId = newRunId();
  try {
    releaseLock = takeRunLock(runId);
  } catch (err) {
    if (!(err instanceof StopRun)) throw err;
    console.error(`error: ${err.message}`);
    return finish({ passed: 0, failed: 1, skipped: 0 }, err.exitCode);
  }
  try {
    if (options.repeat !== undefined) return await repeatRuns(options.repeat, runId);
    const outcome = await runOnce(checks, runId, true, true);
    // A second signal during the cleanup: leave() prints the summary and ends the process.
    if (leaving) return await new Promise<number>(() => undefined);
    return finish(outcome.tally, outcome.exitCode);
  } finally {
    releaseLock();
  }
}
