/**
 * What probes do to a pod, checked against bounds derived from the probe's own settings (read
 * back from the API, so server defaults count). Every measured timing is logged and attached to
 * the scenario with the interval it was held to and where that interval comes from.
 */
import { ConformanceAssertionError, ScenarioError, expectEqual, fail, quote } from '../assert.ts';
import type { EventMatch } from '../checks/event-matching.ts';
import { describeMatch } from '../checks/event-matching.ts';
import { expectReadsBack, parseScalar } from '../checks/readback.ts';
import { Duration } from '../duration.ts';
import { readPodRow, restartsOf } from '../kube/pod-row.ts';
import type { PodJson } from '../kube/json.ts';
import { findContainer } from '../pods/snapshot.ts';
import { printedRow } from '../pods/pod-expectations.ts';
import type { HeldState } from '../probes/held-states.ts';
import { firstRunReported } from '../pods/container-expectations.ts';
import { onlyProbeInForce, probeInForce } from '../probes/in-force.ts';
import type { Run } from '../probes/measurements.ts';
import { firstRun, notReadyAfterReady, readyStates } from '../probes/measurements.ts';
import type { DecidingProbe, Interval, ProbeKind } from '../probes/windows.ts';
import {
  decisionWindows,
  describeInterval,
  indiscriminate,
  livenessRestartDelay,
  probeOf,
  readinessFailureDelay,
  readinessStartDelay,
  secondsBetween,
  shift,
} from '../probes/windows.ts';
import type { ScenarioContext } from './context.ts';
import type { EventChecks } from './events.ts';
import type { PodChecks } from './pods.ts';
import { expectTiming } from './timing.ts';

/** How long to wait for the state that reports a first run once a restart has been seen. */
const FIRST_RUN_REPORT_WAIT = Duration.parse('30 seconds');

export class ProbeChecks {
  constructor(
    private readonly ctx: ScenarioContext,
    private readonly pods: PodChecks,
    private readonly events: EventChecks,
  ) {}

  /**
   * The first run as the history records it, after waiting (briefly, watch-based) for the state
   * that reports it: the step usually follows "restarts at least 1 times", whose first state with
   * restartCount 1 may carry only a placeholder lastState.
   */
  private async firstRunOf(name: string, container: string): Promise<Run> {
    await this.ctx.recorder.becomes(name, firstRunReported(container), FIRST_RUN_REPORT_WAIT);
    return firstRun(this.pods.history(name), name, container);
  }

  /** Refuses a timing check whose bounds would also hold measured from the container's start. */
  private discriminates(interval: Interval, fromStartSeconds: number, start: string): void {
    const why = indiscriminate(interval, fromStartSeconds);
    if (why) throw new ScenarioError(`${this.ctx.origin()}: ${why} (${start})`);
    this.ctx.log(
      `measured from the container's start the interval would be ${fromStartSeconds} s, outside ${describeInterval(interval)}: the check discriminates`,
    );
  }

  /**
   * A window in which a pod must keep a state, checked to be long enough for the probes of the
   * given kind to have acted if they were going to: a window shorter than that proves nothing.
   */
  private checkWindowCovers(pod: PodJson, kind: DecidingProbe, window: Duration): void {
    const decisions = decisionWindows(pod, kind);
    for (const d of decisions) {
      if (window.ms < d.seconds * 1000) {
        throw new ScenarioError(
          `${this.ctx.origin()}: a ${window.text} window cannot show what the ${kind} probe of container "${d.container}" does: ` +
            `it needs ${d.seconds} s (${d.derivation}); lengthen the window`,
        );
      }
      this.ctx.log(
        `window ${window.text} covers the ${kind} decision time of container "${d.container}": ${d.seconds} s = ${d.derivation}`,
      );
    }
  }

  /** The pod keeps the state for the window, which must be long enough for the state's probes to have acted. */
  async stays(name: string, state: HeldState, window: Duration): Promise<void> {
    const pod = await this.pods.latestPod(name);
    for (const kind of state.decidedBy) this.checkWindowCovers(pod, kind, window);
    await this.pods.stays(name, state.expectation, window);
  }

  /**
   * The first run lasted `baseSeconds` (when the checked thing starts failing) plus the restart
   * delay of the liveness or startup probe that killed it (a startup probe restarts the container
   * as a liveness probe does, after failureThreshold failures, with its own grace period).
   */
  async expectFirstRunLasted(name: string, container: string, baseSeconds: number, kind: ProbeKind): Promise<void> {
    if (kind === 'readiness') {
      throw new ScenarioError(`${this.ctx.origin()}: a readiness probe restarts nothing; use liveness or startup`);
    }
    const run = await this.firstRunOf(name, container);
    const probe = probeInForce(await this.pods.latestPod(name), name, container, kind, this.ctx.origin());
    const interval = shift(livenessRestartDelay(probe.settings, probe.graceSeconds), baseSeconds, 'failing from');
    expectTiming(this.ctx, {
      subject: `first run of container "${container}" of pod "${name}"`,
      seconds: secondsBetween(run.startedAt, run.finishedAt),
      interval: interval,
      evidence: [
        `startedAt ${run.startedAt}, finishedAt ${run.finishedAt} (lastState.terminated at restartCount 1)`,
        `exit code ${quote(run.exitCode)}, reason ${quote(run.reason)}`,
      ],
      span: { pod: name, container, from: run.startedAt, to: run.finishedAt },
    });
  }

  /**
   * The first run's finishedAt between `min` and `max` after the first matching event (both
   * whole seconds on the cluster's clock): how long a kill the kubelet announced took, which a
   * container that ignores SIGTERM makes the grace period the kill was given.
   */
  async expectFirstRunEndedAfterEvent(
    name: string,
    container: string,
    min: Duration,
    max: Duration,
    match: EventMatch,
  ): Promise<void> {
    const since = await this.events.firstTime('Pod', name, match);
    const run = await this.firstRunOf(name, container);
    expectTiming(this.ctx, {
      subject: `end of the first run of container "${container}" of pod "${name}" after its first ${describeMatch(match)}`,
      seconds: secondsBetween(since, run.finishedAt),
      interval: { minSeconds: min.ms / 1000, maxSeconds: max.ms / 1000, derivation: `${min.text} … ${max.text}` },
      evidence: [
        `first ${describeMatch(match)} at ${since}`,
        `first run ended (finishedAt) at ${run.finishedAt}, exit code ${quote(run.exitCode)}, reason ${quote(run.reason)}`,
      ],
      span: { pod: name, container, from: since, to: run.finishedAt },
    });
  }

  async expectFirstRunEndedWith(name: string, container: string, exitCode: number): Promise<void> {
    const run = await this.firstRunOf(name, container);
    expectEqual(
      `container "${container}" of pod "${name}" first run exit code`,
      exitCode,
      run.exitCode,
      `lastState.terminated: reason ${quote(run.reason)}, ${run.startedAt} – ${run.finishedAt}`,
    );
    this.ctx.log(`first run of "${container}" ended with exit code ${run.exitCode} (${run.reason ?? 'no reason'})`);
  }

  /** From the first matching event (the probe's first reported failure) to the end of the first run. */
  async expectRestartedAfterEvent(name: string, container: string, match: EventMatch): Promise<void> {
    const failingSince = await this.events.firstTime('Pod', name, match);
    const run = await this.firstRunOf(name, container);
    const probe = probeInForce(await this.pods.latestPod(name), name, container, 'liveness', this.ctx.origin());
    const interval = livenessRestartDelay(probe.settings, probe.graceSeconds);
    this.discriminates(
      interval,
      secondsBetween(run.startedAt, run.finishedAt),
      `first run started at ${run.startedAt}`,
    );
    expectTiming(this.ctx, {
      subject: `restart of container "${container}" of pod "${name}" after its first ${describeMatch(match)}`,
      seconds: secondsBetween(failingSince, run.finishedAt),
      interval: interval,
      evidence: [
        `first ${describeMatch(match)} at ${failingSince}`,
        `first run ended (finishedAt) at ${run.finishedAt}`,
      ],
      span: { pod: name, container, from: failingSince, to: run.finishedAt },
    });
  }

  /** From the first matching event (the readiness probe's first reported failure) to Ready=False. */
  async expectNotReadyAfterEvent(name: string, match: EventMatch): Promise<void> {
    const failingSince = await this.events.firstTime('Pod', name, match);
    const turned = notReadyAfterReady(this.pods.history(name));
    if (!turned) fail(`pod "${name}": expected Ready to turn False after being True, observed no such state`);
    const probe = onlyProbeInForce(await this.pods.latestPod(name), name, 'readiness', this.ctx.origin());
    const interval = readinessFailureDelay(probe.settings);
    const startedAt = findContainer(turned.snapshot, probe.container)?.startedAt;
    if (!startedAt) fail(`pod "${name}": expected container "${probe.container}" to report startedAt, observed none`);
    this.discriminates(
      interval,
      secondsBetween(startedAt, turned.at),
      `container "${probe.container}" started at ${startedAt}`,
    );
    expectTiming(this.ctx, {
      subject: `pod "${name}" not Ready after its first ${describeMatch(match)}`,
      seconds: secondsBetween(failingSince, turned.at),
      interval: interval,
      evidence: [`first ${describeMatch(match)} at ${failingSince}`, `Ready=False lastTransitionTime ${turned.at}`],
      span: { pod: name, from: failingSince, to: turned.at },
    });
  }

  /**
   * Ready no earlier than initialDelaySeconds after the container started (the probe's state is
   * Failure until it first runs), checked on every observed Ready state, and Ready within one
   * successThreshold × period (plus margin) after the delay.
   */
  async expectReadyAfterInitialDelay(name: string, container: string): Promise<void> {
    const states = readyStates(this.pods.history(name), container);
    const first = states[0];
    if (!first) fail(`pod "${name}": expected an observed state with Ready=True, observed none`);
    const probe = probeInForce(await this.pods.latestPod(name), name, container, 'readiness', this.ctx.origin());
    const interval = readinessStartDelay(probe.settings);
    for (const s of states) {
      if (!s.containerStartedAt)
        fail(`pod "${name}" state #${s.snapshot.seq}: container "${container}" has no startedAt`);
      const delay = secondsBetween(s.containerStartedAt, s.at);
      if (delay < interval.minSeconds) {
        throw new ConformanceAssertionError(
          `pod "${name}" Ready ${delay} s after container "${container}" started: expected no earlier than initialDelaySeconds ${interval.minSeconds} s`,
          `state #${s.snapshot.seq}: Ready lastTransitionTime ${s.at}, startedAt ${s.containerStartedAt}`,
        );
      }
    }
    expectTiming(this.ctx, {
      subject: `pod "${name}" Ready after container "${container}" started`,
      seconds: secondsBetween(first.containerStartedAt ?? '', first.at),
      interval: interval,
      evidence: [
        `container startedAt ${first.containerStartedAt}, Ready lastTransitionTime ${first.at}`,
        `checked on ${states.length} observed Ready states`,
      ],
      span: { pod: name, container, from: first.containerStartedAt, to: first.at },
    });
  }

  /** Ready at most `limit` after the container started (no readiness probe: Ready as soon as it runs). */
  expectReadyWithinAfterStart(name: string, container: string, limit: Duration): void {
    const first = readyStates(this.pods.history(name), container)[0];
    if (!first?.containerStartedAt) fail(`pod "${name}": expected an observed state with Ready=True, observed none`);
    const limitSeconds = limit.ms / 1000;
    expectTiming(this.ctx, {
      subject: `pod "${name}" Ready after container "${container}" started`,
      seconds: secondsBetween(first.containerStartedAt, first.at),
      interval: { minSeconds: 0, maxSeconds: limitSeconds, derivation: `0 … ${limit.text} (no probe to wait for)` },
      evidence: [`container startedAt ${first.containerStartedAt}, Ready lastTransitionTime ${first.at}`],
      span: { pod: name, container, from: first.containerStartedAt, to: first.at },
    });
  }

  /** The `kubectl get pod` row, as the API server prints it, once the pod reaches that state. */
  async rowBecomes(name: string, ready: string, status: string, restarts: number, limit: Duration): Promise<void> {
    const wanted = printedRow(ready, status, restarts);
    await this.pods.becomes(name, wanted, limit);
    const row = await readPodRow(this.ctx.clients.http, this.ctx.namespace, name);
    if (!row) fail(`pod "${name}" row: expected one, observed no such pod`);
    const printed = `READY ${row.Ready}, STATUS ${row.Status}, RESTARTS ${row.Restarts}`;
    if (row.Ready !== ready || row.Status !== status || restartsOf(row.Restarts) !== restarts) {
      fail(
        `pod "${name}" row as the API server prints it: expected READY ${ready}, STATUS ${status}, RESTARTS ${restarts}, observed ${printed}`,
      );
    }
    this.ctx.log(`kubectl get pod ${name}: ${printed}`);
  }

  /**
   * The probe as stored contains the given fields (YAML scalars). initialDelaySeconds is the one
   * probe field the API omits at its value 0 (every other default is written), so absent counts as 0.
   */
  async expectReadsBack(
    name: string,
    container: string,
    kind: ProbeKind,
    expected: Record<string, string>,
  ): Promise<void> {
    const probe = probeOf(await this.pods.latestPod(name), container, kind);
    if (!probe) fail(`container "${container}" of pod "${name}": expected a ${kind} probe, observed none`);
    const stored = { initialDelaySeconds: 0, ...probe };
    const wanted = Object.fromEntries(Object.entries(expected).map(([field, value]) => [field, parseScalar(value)]));
    expectReadsBack(`${kind} probe of container "${container}" of pod "${name}"`, wanted, stored);
    this.ctx.log(`${kind} probe of "${container}" reads back as ${JSON.stringify(probe)}`);
  }
}
