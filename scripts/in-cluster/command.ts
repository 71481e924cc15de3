/**
 * `pod-conformance run --in-cluster`: the run as a pod inside the cluster under test. The host
 * checks the selection (the preflight, before any cluster work), brings the cluster and the test
 * images up as a run would, builds and loads the runner image, derives the ClusterRole, creates a
 * namespace of its own with the runner pod (manifests.ts), follows the runner's log live, fails at
 * once and by name on an image pull or scheduling problem, copies the reports back with tar over
 * exec in the sidecar (also after a failure or an interrupt), removes everything it created, and
 * exits with the runner's exit code after the same closing line.
 *
 * Ctrl-C (or SIGTERM) is passed to the runner (`kill -INT 1` in its container): the runner stops
 * as a run does (running scenarios stop and delete their namespaces); a second one is passed on
 * too, and the host then copies what exists and cleans up without waiting further.
 */
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { Exec, type V1Status } from '@kubernetes/client-node';
import { execa } from 'execa';
import {
  consoleProgress,
  ensureRunnerImage,
  registerRun,
  resolveProvider,
  type RunRegistration,
} from '../../clusters/index.ts';
import { formatMs } from '../../support/duration.ts';
import { isNotFound } from '../../support/kube/errors.ts';
import { KubeHttp } from '../../support/kube/http.ts';
import type { PodJson } from '../../support/kube/json.ts';
import { readManifestFile } from '../../support/manifest.ts';
import { readMessages } from '../report/messages.ts';
import { EXIT } from '../shared/exit.ts';
import type { InClusterHandOver } from '../shared/in-cluster.ts';
import type { RunOptions } from '../shared/options.ts';
import { REPORTS, ROOT } from '../shared/paths.ts';
import { bringUpCluster, kubeConfigOf, type Cluster } from '../run/cluster.ts';
import { heading, StopRun } from '../run/console.ts';
import { preflight } from '../run/preflight.ts';
import { RunSignals, type RunSignal } from '../run/signals.ts';
import { runnerAppFiles } from './app.ts';
import {
  clusterRoleBindingManifest,
  clusterRoleManifest,
  namespaceManifest,
  newInvocation,
  POD,
  REPORTS_MOUNT,
  RUNNER_CONTAINER,
  runnerArgs,
  runnerPod,
  serviceAccountManifest,
  SIDECAR_CONTAINER,
  type Invocation,
} from './manifests.ts';
import { podTrouble } from './pod-trouble.ts';
import {
  deriveRules,
  describeRule,
  RBAC_WITHOUT_ENV,
  refusedPermission,
  selectionOf,
  withoutResources,
  type DerivedRule,
} from './rbac.ts';

/** The image's application root (clusters/images/runner.ts RUNNER_APP_ROOT). */
const APP_ROOT = '/app';
const CLOSING = /^\d+ passed, \d+ failed, \d+ skipped$/;
/** Environment the user set for a run that the runner gets too. */
const PASSED_THROUGH = ['POD_CONFORMANCE_CAPABILITIES', 'POD_CONFORMANCE_RUNTIME_HANDLER', 'POD_CONFORMANCE_FORMAT'];
/** After the runner was told to stop: how long it may take to stop its scenarios and clean up. */
const STOP_GRACE_MS = 90_000;
const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const NOT_COPIED = ['.run.lock', 'preflight-cache.json'];

export async function runInCluster(options: RunOptions): Promise<number> {
  return new InClusterRun(options).execute();
}

type Outcome = { exitCode: number; closing?: string; problem?: string };

class InClusterRun {
  private readonly startedAt = Date.now();
  private readonly invocation: Invocation = newInvocation();
  private http?: KubeHttp;
  private cluster?: Cluster;
  /** This invocation's entry in the machine's run registry. */
  private registration?: RunRegistration;
  /** Created: what the cleanup removes. */
  private created = false;
  private signalled = 0;
  /** Resolves when a signal arrives: the waits stop waiting. */
  private interrupted!: () => void;
  private readonly interruption = new Promise<void>((r) => (this.interrupted = r));
  /** Resolves on a second signal, or STOP_GRACE_MS after the first: stop following the runner. */
  private stopFollowing!: () => void;
  private readonly stopNow = new Promise<void>((r) => (this.stopFollowing = r));
  private closing?: string;
  private readonly refusals = new Set<string>();

  constructor(private readonly options: RunOptions) {}

  async execute(): Promise<number> {
    // A run on this machine while it lasts: cluster down, a rebuild or a node's removal leave it alone.
    const registration = registerRun(this.invocation.namespace, ROOT);
    this.registration = registration;
    new RunSignals(
      (s) => this.onSignal(s),
      (s) => this.onSignal(s),
    ).install();
    let outcome: Outcome;
    try {
      outcome = await this.run();
    } catch (err) {
      const message = err instanceof StopRun ? err.message : err instanceof Error ? err.message : String(err);
      console.error(`error: ${message}`);
      outcome = { exitCode: err instanceof StopRun ? err.exitCode : EXIT.failed };
    } finally {
      await this.cleanup();
      registration.release();
    }
    if (outcome.problem) console.error(`error: ${outcome.problem}`);
    const leftOut = process.env[RBAC_WITHOUT_ENV] ? ` (${RBAC_WITHOUT_ENV}=${process.env[RBAC_WITHOUT_ENV]})` : '';
    for (const refusal of this.refusals)
      console.error(
        `error: the runner was refused "${refusal}": the ClusterRole derived for this selection lacks it${leftOut}; grant it, or add it to the rules of scripts/in-cluster/rbac.ts`,
      );
    const closing =
      outcome.closing ??
      this.closing ??
      (outcome.exitCode === EXIT.passed ? '0 passed, 0 failed, 0 skipped' : '0 passed, 1 failed, 0 skipped');
    console.log(`\n(total ${formatMs(Date.now() - this.startedAt)}, in-cluster)`);
    console.log(closing);
    return outcome.exitCode;
  }

  private async run(): Promise<Outcome> {
    // Bad input first, on the host, before anything is created.
    await preflight(this.options.tags);
    const derived = deriveRules(selectionOf(readMessages(resolve(REPORTS, 'preflight.ndjson')), manifestFiles()));
    let rules: DerivedRule[];
    try {
      rules = withoutResources(derived, process.env[RBAC_WITHOUT_ENV]);
    } catch (err) {
      throw new StopRun(`${(err as Error).message}; fix or unset it`, EXIT.usage);
    }
    if (this.signalled) return { exitCode: 130 };
    const cluster = await bringUpCluster(this.options, undefined, this.registration);
    this.cluster = cluster;
    heading('runner image');
    const provider = await resolveProvider({ ...this.options, quiet: true });
    const image = await ensureRunnerImage(
      provider,
      () => runnerAppFiles(APP_ROOT, undefined, (l) => console.log(`  ${l}`)),
      consoleProgress('runner image', process.stdout),
    );
    if (this.signalled) return { exitCode: 130 };
    const http = new KubeHttp(kubeConfigOf(cluster.kubeconfig, this.options.context));
    this.http = http;

    heading(`in-cluster: namespace ${this.invocation.namespace}`);
    console.log(`  ClusterRole ${this.invocation.clusterRole}, derived from the selection:`);
    for (const rule of rules) console.log(`    ${describeRule(rule)}`);
    if (rules.length < derived.length)
      console.log(`  left out by ${RBAC_WITHOUT_ENV}: ${process.env[RBAC_WITHOUT_ENV]}`);
    const handOver: InClusterHandOver = {
      images: cluster.images,
      provider: cluster.description.provider,
      cluster: cluster.description.name,
      ...(cluster.description.ociRuntime ? { ociRuntime: cluster.description.ociRuntime } : {}),
      ...(cluster.description.runtimeHandler ? { runtimeHandler: cluster.description.runtimeHandler } : {}),
    };
    const sidecarImage = cluster.images.busybox;
    if (!sidecarImage) throw new StopRun('the cluster has no busybox image for the reports sidecar', EXIT.cluster);
    const pod = runnerPod(this.invocation, {
      runnerImage: image.ref,
      sidecarImage,
      args: runnerArgs(this.options),
      handOver,
      env: Object.fromEntries(PASSED_THROUGH.flatMap((n) => (process.env[n] ? [[n, process.env[n]]] : []))),
    });
    await this.create(rules, pod);
    console.log(`  pod ${this.invocation.namespace}/${POD}: runner ${image.ref}, sidecar ${sidecarImage}`);

    const started = await this.untilRunnerStarts(image.ref, image.archive);
    if ('problem' in started) {
      console.error(`error: ${started.problem}`);
      return { exitCode: this.signalled ? 130 : EXIT.cluster };
    }
    console.log(`  runner started on node ${started.node}`);
    heading('runner (live from its log)');
    const exitCode = await this.followRunner();
    await this.copyReports();
    if (this.options.report && !this.signalled) {
      const { generateReport } = await import('../report/html-report.ts');
      const { index, behaviours } = await generateReport(resolve(REPORTS, 'allure-results'), resolve(REPORTS, 'html'));
      if (behaviours) console.log(`  behaviours view: file://${behaviours}`);
      console.log(`  scenario report: file://${index}`);
    }
    return { exitCode };
  }

  private async create(rules: DerivedRule[], pod: object): Promise<void> {
    const http = this.http!;
    const inv = this.invocation;
    const ns = await http.request<{ metadata: { uid: string } }>('POST', '/api/v1/namespaces', {
      body: namespaceManifest(inv),
    });
    this.created = true;
    const uid = ns.metadata.uid;
    await http.request('POST', `/api/v1/namespaces/${inv.namespace}/serviceaccounts`, {
      body: serviceAccountManifest(inv),
    });
    await http.request('POST', `${RBAC}/clusterroles`, { body: clusterRoleManifest(inv, uid, rules) });
    await http.request('POST', `${RBAC}/clusterrolebindings`, { body: clusterRoleBindingManifest(inv, uid) });
    await http.request('POST', `/api/v1/namespaces/${inv.namespace}/pods`, { body: pod });
  }

  private podPath(): string {
    return `/api/v1/namespaces/${this.invocation.namespace}/pods/${POD}`;
  }

  /** Polls the pod until the runner runs (or ended already), or a problem that will not go away is seen. */
  private async untilRunnerStarts(
    runnerImage: string,
    archive: string | undefined,
  ): Promise<{ node: string } | { problem: string }> {
    const since = Date.now();
    let said = '';
    for (;;) {
      const pod = await this.http!.request<PodJson>('GET', this.podPath());
      const trouble = podTrouble(pod, Date.now() - since, { runnerImage, archive });
      if (trouble)
        return { problem: `${trouble} (seen ${((Date.now() - since) / 1000).toFixed(1)} s after the pod was created)` };
      const runner = pod.status?.containerStatuses?.find((c) => c.name === RUNNER_CONTAINER);
      if (runner?.state?.running || runner?.state?.terminated) return { node: pod.spec?.nodeName ?? '?' };
      const waiting = runner?.state?.waiting?.reason ?? pod.status?.phase ?? 'Pending';
      if (waiting !== said)
        console.log(`  pod: ${waiting}${pod.spec?.nodeName ? ` on node ${pod.spec.nodeName}` : ''}`);
      said = waiting;
      if (this.signalled) return { problem: 'interrupted before the runner started' };
      await Promise.race([sleep(500), this.interruption]);
    }
  }

  /** The runner's log, live, until the runner ends; resolves to its exit code. */
  private async followRunner(): Promise<number> {
    const http = this.http!;
    let sinceTime: string | undefined;
    // A resumed stream starts again at the second of sinceTime: the lines printed already are skipped.
    const printed = new Set<string>();
    for (;;) {
      const query: Record<string, string | boolean> = { container: RUNNER_CONTAINER, follow: true, timestamps: true };
      if (sinceTime) query.sinceTime = sinceTime;
      try {
        const handle = await http.stream(`${this.podPath()}/log`, query, '*/*', (line) => {
          const space = line.indexOf(' ');
          const stamp = space > 0 ? line.slice(0, space) : line;
          const text = space > 0 ? line.slice(space + 1) : '';
          if (printed.has(line)) return;
          printed.add(line);
          sinceTime = stamp;
          const refused = refusedPermission(text);
          if (refused && /forbidden/.test(text)) this.refusals.add(refused);
          if (CLOSING.test(text.trim())) this.closing = text.trim();
          else console.log(text);
        });
        const stopped = await Promise.race([handle.ended.then(() => false), this.stopNow.then(() => true)]);
        if (stopped) {
          handle.stop();
          console.log('  stopped following the runner');
          return 128 + 2;
        }
      } catch (err) {
        console.log(`  (log stream: ${err instanceof Error ? err.message : String(err)}; reconnecting)`);
        await sleep(1_000);
      }
      const pod = await http.request<PodJson>('GET', this.podPath()).catch(() => undefined);
      const state = pod?.status?.containerStatuses?.find((c) => c.name === RUNNER_CONTAINER)?.state;
      if (state?.terminated) {
        const { exitCode, reason } = state.terminated;
        // The runner's own ends print their closing line; an end the node imposed says so here.
        if (reason && reason !== 'Completed' && reason !== 'Error')
          console.error(
            `error: the runner container ended ${reason} (exit ${exitCode}) on node ${pod?.spec?.nodeName ?? '?'}`,
          );
        return exitCode ?? EXIT.failed;
      }
      if (!pod)
        throw new StopRun(`pod ${this.invocation.namespace}/${POD} is gone before the runner ended`, EXIT.cluster);
      // The log ends as the container does, a moment before its status says so.
      await sleep(500);
    }
  }

  private onSignal(signal: RunSignal): void {
    this.signalled += 1;
    this.interrupted();
    if (this.signalled === 1) setTimeout(() => this.stopFollowing(), STOP_GRACE_MS).unref();
    else this.stopFollowing();
    if (this.signalled > 2) return;
    console.log(
      this.signalled === 1
        ? `\n⚠ ${signal}: telling the runner to stop (its running scenarios stop and clean up); the reports are copied after (${signal} again: stop at once)`
        : `\n⚠ ${signal} again: the runner deletes its namespaces now; copying what exists and cleaning up`,
    );
    if (!this.created || !this.http) return;
    void this.exec(RUNNER_CONTAINER, ['kill', '-INT', '1'], 10_000).catch(() => undefined);
  }

  /** Runs `command` in a container of the runner pod; resolves to its stdout as bytes. */
  private exec(container: string, command: string[], timeoutMs: number): Promise<Buffer> {
    const kc = kubeConfigOf(this.cluster!.kubeconfig, this.options.context);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const sink = (into: Buffer[]) =>
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          into.push(chunk);
          done();
        },
      });
    return new Promise<Buffer>((resolvePromise, reject) => {
      let status: V1Status | undefined;
      const timer = setTimeout(
        () => reject(new Error(`exec ${command.join(' ')}: no end within ${timeoutMs} ms`)),
        timeoutMs,
      );
      new Exec(kc)
        .exec(this.invocation.namespace, POD, container, command, sink(out), sink(err), null, false, (s) => {
          status = s;
        })
        .then((socket) => {
          (socket as unknown as { on(e: 'close', l: () => void): void }).on('close', () => {
            clearTimeout(timer);
            if (status?.status === 'Success') resolvePromise(Buffer.concat(out));
            else
              reject(
                new Error(
                  `exec ${command.join(' ')} in ${container}: ${status?.message ?? Buffer.concat(err).toString().trim()}`,
                ),
              );
          });
        })
        .catch((e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        });
    });
  }

  /** The reports from the sidecar, unpacked into REPORTS in place of the previous run's files. */
  private async copyReports(): Promise<void> {
    heading(`reports: copied back into ${REPORTS}`);
    let tar: Buffer;
    try {
      tar = await this.exec(SIDECAR_CONTAINER, ['tar', 'cf', '-', '-C', REPORTS_MOUNT, '.'], 120_000);
    } catch (err) {
      console.error(
        `error: cannot copy the reports from the sidecar: ${err instanceof Error ? err.message : String(err)}`,
      );
      return;
    }
    const staging = mkdtempSync(join(tmpdir(), 'pod-conformance-in-cluster-'));
    try {
      writeFileSync(join(staging, 'reports.tar'), tar);
      mkdirSync(join(staging, 'reports'));
      await execa('tar', ['xf', join(staging, 'reports.tar'), '-C', join(staging, 'reports'), '--no-same-owner']);
      // The runner's lock and its preflight cache (keyed on the image's files) mean nothing here.
      const entries = readdirSync(join(staging, 'reports')).filter((e) => !NOT_COPIED.includes(e));
      mkdirSync(REPORTS, { recursive: true });
      for (const entry of entries) {
        rmSync(resolve(REPORTS, entry), { recursive: true, force: true });
        renameSync(join(staging, 'reports', entry), resolve(REPORTS, entry));
      }
      console.log(`  ${entries.length} entries (${(tar.length / 1024).toFixed(0)} KiB): ${entries.sort().join(', ')}`);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }

  /** Removes what this invocation created: the binding, the role, the namespace (and with it the pod). */
  private async cleanup(): Promise<void> {
    const http = this.http;
    if (!http || !this.created) return;
    heading('cleanup');
    const inv = this.invocation;
    const deleted: string[] = [];
    for (const path of [
      `${RBAC}/clusterrolebindings/${inv.clusterRole}`,
      `${RBAC}/clusterroles/${inv.clusterRole}`,
      `/api/v1/namespaces/${inv.namespace}`,
    ]) {
      try {
        await http.request('DELETE', path, { body: { propagationPolicy: 'Background' }, timeoutMs: 10_000 });
        deleted.push(path.split('/').slice(-2).join('/'));
      } catch (err) {
        if (!isNotFound(err))
          console.error(`  could not delete ${path}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    // The namespace goes once its pod has: wait for it, so that nothing of ours is left when we exit.
    const gone = await until(60_000, async () => {
      try {
        await http.request('GET', `/api/v1/namespaces/${inv.namespace}`);
        return false;
      } catch (err) {
        return isNotFound(err);
      }
    });
    console.log(
      `  deleted ${deleted.join(', ')}${gone ? '; the namespace is gone' : `; namespace ${inv.namespace} is still terminating (it goes on its own)`}`,
    );
  }
}

/** The manifest files the selection names (relative to features/), read for the RBAC derivation. */
function manifestFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const envelopes = readMessages(resolve(REPORTS, 'preflight.ndjson'));
  for (const e of envelopes) {
    for (const step of e.pickle?.steps ?? []) {
      const file = /^the manifest "([^"]+)"$/.exec(step.text)?.[1];
      if (file && !files.has(file)) files.set(file, readManifestFile(file).text);
    }
  }
  return files;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function until(timeoutMs: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(1_000);
  }
  return false;
}
