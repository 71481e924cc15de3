/**
 * One run of the scenarios, as an object: its steps in order, each a function of its own module
 * (preflight, the checks of `test`, the cluster, API check and lease, workers, sanity gate,
 * cucumber, reports), and what an interruption needs to know about how far it got. The run is
 * registered on this machine while it lasts, so that `cluster down` and a cluster rebuild leave
 * it alone. The command around it (lock, signals, --repeat, closing line) is scripts/run/command.ts.
 */
import { relative, resolve } from 'node:path';
import { registerRun, type RunRegistration } from '../../clusters/index.ts';
import type { KubeHttp } from '../../support/kube/http.ts';
import { RUN_ENV, runEnvironment } from '../../support/run-config.ts';
import { handOver } from '../../support/scenario/gate-file.ts';
import { sampleRuntimeErrors } from '../../support/scenario/runtime-errors.ts';
import { writeConformance } from '../report/conformance.ts';
import { writeJunit } from '../report/junit.ts';
import { generateReport } from '../report/html-report.ts';
import { readMessages, readScenarioResults, type ScenarioResult } from '../report/messages.ts';
import { EXIT } from '../shared/exit.ts';
import type { RunOptions } from '../shared/options.ts';
import { REPORTS, ROOT } from '../shared/paths.ts';
import { checksBefore } from './checks.ts';
import { bringUpCluster, claimCluster, reachApiServer, writeClusterFile, type Cluster } from './cluster.ts';
import { heading, StopRun, timed } from './console.ts';
import { CucumberProcess } from './cucumber.ts';
import { deleteRunNamespaces } from './lease.ts';
import { preflight } from './preflight.ts';
import { type GateDecision, sanityGate } from './sanity-gate.ts';
import { needsNoNode } from './selection.ts';
import { clearPreviousResults, countScenarios, writeEnvironmentPanel } from './scenarios.ts';
import { interruptedCount, type RunSignals, type Tally } from './signals.ts';
import { PhaseClock } from './timings.ts';
import {
  DURATIONS_FILE,
  durationsSource,
  read as readDurations,
  readRecent,
  recordDurations,
  workersFor,
  workersWithoutCluster,
} from './workers.ts';

export interface RunSettings {
  runId: string;
  options: RunOptions;
  /** `test`: typecheck, lint and unit tests after the preflight, before the cluster. */
  checks: boolean;
  /** The command's first run: its phases count from the process start. */
  first: boolean;
  /** Write the HTML report when --report asks: the last run of a repeat only. */
  withReport: boolean;
  signals: RunSignals;
}

export interface RunOutcome {
  runId: string;
  tally: Tally;
  results: ScenarioResult[];
  exitCode: number;
  durationMs: number;
  /** The error line when the run stopped on a problem of its own. */
  stopped?: string;
}

const MESSAGES = resolve(REPORTS, 'messages.ndjson');
const GATE_FILE = resolve(REPORTS, 'gate.json');
const RUNTIME_ERRORS_FILE = resolve(REPORTS, 'runtime-errors.json');
/** What only the cluster check tells: handed over to a cucumber started before it. */
const CLUSTER_ENV = [RUN_ENV.kubeconfig, RUN_ENV.images, RUN_ENV.runtimeHandler, RUN_ENV.kubeletControl] as const;

const durationsNote = (durations: string | undefined) =>
  durations ? `; durations from ${relative(ROOT, durations)}` : '';

export class Run {
  readonly runId: string;
  readonly startedAt = Date.now();
  readonly tally: Tally = { passed: 0, failed: 0, skipped: 0 };
  /** reports/messages.ndjson is this run's: the previous run's files have been removed. */
  filesAreOurs = false;
  /** The phases before the first scenario, for the bench (reports/run-timings.json). */
  private readonly clock: PhaseClock;
  /** Removes this run's record on the machine (clusters/runs.ts). */
  private readonly registration: RunRegistration;
  private http?: KubeHttp;
  private endLease: () => Promise<void> = () => Promise.resolve();
  private cucumber?: CucumberProcess;
  /** cucumber's scenarios may start: the cluster is claimed and the gate under way. */
  private scenariosMayStart = false;
  /** The scenarios selected (known after the preflight). */
  private selected = 0;
  /** The scenarios' results, once they are in the tally. */
  private results?: ScenarioResult[];

  constructor(private readonly settings: RunSettings) {
    this.runId = settings.runId;
    this.registration = registerRun(this.runId, ROOT);
    this.clock = new PhaseClock(settings.first ? undefined : this.startedAt);
  }

  /** The run, step by step; a problem of its own ends it with its line and exit code. */
  async execute(): Promise<RunOutcome> {
    const { runId, options, signals } = this.settings;
    let exitCode: number = EXIT.passed;
    let stopped: string | undefined;
    try {
      // Bad input first: a broken feature or manifest must not wait for (or hide behind) the checks.
      if (this.settings.first) this.clock.sinceStart('runner start');
      const selection = await this.clock.time('preflight', () => preflight(options.tags));
      this.selected = selection.length;
      if (this.settings.checks) await checksBefore(this.tally);
      // The last run's durations, else the committed baseline: for the worker count, the order, the record.
      const durations = durationsSource();
      // The preflight parsed every feature file; cucumber parses the selection's only.
      const features = [...new Set(selection.map((s) => s.uri))];
      // Workers that no cluster can change: cucumber starts now and loads (about 1 s of CPU) beside
      // the cluster check; it runs nothing before the hand-off below gives it the cluster.
      const early = workersWithoutCluster(options.parallel, selection, readDurations(durations));
      if (early) this.startCucumber(this.environment({ workers: early.workers, durations, features }));
      // A selection that starts no container needs no test images on the nodes (nor the gate, below).
      const images = !needsNoNode(selection);
      const cluster = await this.clock.time('cluster', () => bringUpCluster(options, { images }, this.registration));
      this.clock.timings.cluster = cluster.start;
      const http = await this.clock.time('API check and run lease', () => this.claim(cluster));
      writeClusterFile(cluster);
      // The nodes scenario pods may land on (a cordoned or tainted node takes no worker's pods).
      const nodes = cluster.description.nodes.filter((n) => n.schedulable !== false).length;
      const workers = early
        ? (console.log(`  workers: ${early.reason}${durationsNote(durations)}`), early.workers)
        : await workersFor({ parallel: options.parallel, selection, nodes, durations, http, runId });
      const gating = this.clock.time('sanity gate', () =>
        sanityGate(cluster, { runId, context: options.context, tags: options.tags, selection, http }),
      );
      const gate = await this.scenarios(cluster, gating, this.environment({ workers, durations, features, cluster }));
      await gate.cleanedUp;
      console.log(`  results per behaviour: ${writeConformance(REPORTS, { id: runId, tags: options.tags })}`);
      writeJunit(REPORTS, { id: runId, tags: options.tags });
      if (options.report && this.settings.withReport && !signals.first) await this.htmlReport();
      if (gate.failure) throw new StopRun(gate.failure);
    } catch (err) {
      if (!(err instanceof StopRun)) throw err;
      console.error(`error: ${err.message}`);
      if (this.tally.failed === 0) this.tally.failed = 1;
      exitCode = err.exitCode;
      stopped = err.message;
    } finally {
      // A cucumber started early that never got its hand-off (the cluster check failed …).
      await this.cucumber?.stop();
      this.cucumber = undefined;
      await this.endLease();
      this.registration.release();
    }
    const failed = this.tally.failed > 0 ? EXIT.failed : EXIT.passed;
    return {
      runId,
      tally: this.tally,
      results: this.results ?? [],
      exitCode: signals.exitCode ?? (exitCode !== EXIT.passed ? exitCode : failed),
      durationMs: Date.now() - this.startedAt,
      ...(stopped !== undefined ? { stopped } : {}),
    };
  }

  /** The API server reached and the cluster claimed: stale runs' namespaces removed, this run's lease taken. */
  private async claim(cluster: Cluster): Promise<KubeHttp> {
    const http = await reachApiServer(cluster.kubeconfig, this.settings.options.context);
    this.http = http;
    this.endLease = await claimCluster(http, this.runId);
    return http;
  }

  /**
   * The run's environment for cucumber (support/run-config.ts); without `cluster`, what is known
   * before the cluster check (the rest comes with the hand-off: support/scenario/gate-file.ts).
   */
  private environment(input: {
    workers: number;
    durations: string | undefined;
    features: string[];
    cluster?: Cluster;
  }): Record<string, string> {
    const { runId, options } = this.settings;
    const { cluster } = input;
    const env = runEnvironment({
      kubeconfig: cluster?.kubeconfig ?? '',
      context: options.context,
      images: cluster?.images ?? {},
      runId,
      keep: options.keep ?? 'never',
      reports: REPORTS,
      parallel: input.workers,
      durations: input.durations,
      gate: GATE_FILE,
      features: input.features,
      // The user's handler wins over the one the provider describes.
      runtimeHandler: process.env[RUN_ENV.runtimeHandler] || cluster?.description.runtimeHandler,
      runtimeErrors: RUNTIME_ERRORS_FILE,
      // The workers stop and start a kubelet through this checkout's own command (clusters/cli.ts).
      ...(cluster?.description.kubeletControl
        ? {
            kubeletControl: {
              command: [process.execPath, resolve(ROOT, 'bin', 'pod-conformance.mjs'), 'cluster', 'kubelet'],
              nodes: cluster.description.kubeletControl.nodes,
            },
          }
        : {}),
    });
    if (!cluster) for (const name of CLUSTER_ENV) delete env[name];
    return env;
  }

  /** cucumber started (its workers load, then wait for the hand-off), the previous run's results removed first. */
  private startCucumber(env: Record<string, string>): void {
    clearPreviousResults();
    this.filesAreOurs = true;
    Object.assign(this.clock.timings, { workers: Number(env[RUN_ENV.parallel]), cucumberStartedAt: Date.now() });
    this.cucumber = new CucumberProcess(env, this.settings.options.tags);
  }

  /**
   * cucumber started beside the sanity gate, or before the cluster check (its workers load
   * meanwhile and wait for the run's hand-off before their first scenario:
   * support/scenario/gate-handoff.ts), the gate's answers and the cluster handed over, then the
   * scenarios until the last one ends; their results counted and their durations recorded for
   * the next run.
   */
  private async scenarios(
    cluster: Cluster,
    gating: Promise<GateDecision>,
    env: Record<string, string>,
  ): Promise<GateDecision> {
    const { runId, signals } = this.settings;
    const workers = Number(env[RUN_ENV.parallel]);
    const durations = env[RUN_ENV.durations] || undefined;
    if (!this.cucumber) this.startCucumber(env);
    const cucumber = this.cucumber!;
    // From here a signal goes to the scenarios (before, the run leaves at once: signalScenarios).
    this.scenariosMayStart = true;
    writeEnvironmentPanel(cluster, runId);
    // The nodes' runtime error counters, read every few seconds while scenarios run, not once per
    // scenario; the first reading is there before the hand-off, so before any scenario.
    const sampling = this.http
      ? sampleRuntimeErrors({ http: this.http }, RUNTIME_ERRORS_FILE)
      : Promise.resolve(() => undefined);
    const gate = await gating.catch(async (err: unknown) => {
      (await sampling)();
      await cucumber.stop();
      throw err;
    });
    const stopSampling = await sampling;
    // No scenario has started (the workers wait for the file below): only @api-level ones run.
    const onlyApiLevel = gate.failure !== undefined && !signals.first;
    if (onlyApiLevel) {
      await cucumber.stop();
      clearPreviousResults();
      writeEnvironmentPanel(cluster, runId);
    }
    handOver(GATE_FILE, { detected: gate.detected, env });
    if (onlyApiLevel) cucumber.restart(gate.tags, env);
    this.clock.write(resolve(REPORTS, 'run-timings.json'));
    heading(
      `scenarios: cucumber-js (${workers === 1 ? "1 worker, in cucumber's own process" : `${workers} workers`}, longest first, at most half of them on long ones)`,
    );
    console.log(`  run id ${runId} (namespaces are labelled pod-conformance.io/run=${runId})`);
    const { exitCode } = await timed('scenarios finished', () => cucumber.finished()).finally(stopSampling);
    this.cucumber = undefined;
    const results = readScenarioResults(MESSAGES);
    this.results = results;
    if (!signals.first) recordDurations(DURATIONS_FILE, readRecent(durations), results);
    countScenarios(results, this.tally, { selected: this.selected, interruptedBy: signals.first, exitCode });
    return gate;
  }

  private async htmlReport(): Promise<void> {
    heading('report: behaviours view and Allure HTML');
    const { index, behaviours } = await timed('report written', () =>
      generateReport(resolve(REPORTS, 'allure-results'), resolve(REPORTS, 'html')),
    );
    if (behaviours) console.log(`  behaviours view: file://${behaviours}`);
    console.log(`  scenario report: file://${index}`);
  }

  /**
   * The scenarios are running, or about to: signal their cucumber's process group; false when
   * there is none yet (a cucumber started before the cluster check counts only from the gate on:
   * before, the run leaves at once and abandon() kills it).
   */
  signalScenarios(signal: NodeJS.Signals): boolean {
    if (!this.cucumber?.pid || !this.scenariosMayStart) return false;
    this.cucumber.signal(signal);
    return true;
  }

  /**
   * Stops at once, after a second signal: this run's namespaces' deletes issued (without waiting
   * for them to go), lease ended, cucumber killed, the run unregistered, a few seconds at most;
   * resolves to its count so far.
   */
  async abandon(): Promise<{ tally: Tally; results: ScenarioResult[] }> {
    const deadline = new Promise<void>((r) => setTimeout(r, 5_000).unref());
    if (this.http) {
      const issued = deleteRunNamespaces(this.http, this.runId).then((names) => {
        if (names.length > 0) console.log(`  delete issued for namespace(s) ${names.join(', ')}`);
      });
      await Promise.race([issued.catch(() => undefined), deadline]);
    }
    await Promise.race([this.endLease(), deadline]);
    this.cucumber?.signal('SIGKILL');
    this.registration.release();
    if (this.results) return { tally: this.tally, results: this.results };
    // Not counted yet: what finished, from cucumber's messages (the last line may be cut off).
    const envelopes = this.filesAreOurs ? readMessages(MESSAGES) : [];
    return interruptedCount(this.tally, this.selected, envelopes);
  }
}
