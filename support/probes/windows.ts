/**
 * Time bounds derived from a probe's settings, as read back from the API (so the server's
 * defaults are included). Every bound is an interval with its derivation spelled out, so a
 * failure message and the report say where each number comes from.
 *
 * How the kubelet runs a probe (pkg/kubelet/prober/worker.go): one worker per probe ticks every
 * periodSeconds from when the pod was added; a tick does nothing until initialDelaySeconds have
 * passed since the container started; a result changes the probe's state only after
 * failureThreshold (or successThreshold) equal results in a row. Hence:
 *   - the first probe runs in [initialDelay, initialDelay + period) after the container started;
 *   - once the checked thing starts failing, the first failing probe comes within one period,
 *     and the decision needs (failureThreshold − 1) more periods: [(f − 1)·p, f·p);
 *   - a liveness kill then takes up to the grace period (a PID 1 that ignores SIGTERM waits it
 *     out), and the container's finishedAt marks the end of the run.
 *
 * Margins. The cluster reports times in whole seconds (truncated), so two timestamps can be off
 * by up to 1 s each; a probe's own run can straddle the moment the failure starts; on a loaded
 * two-core node an exec probe or a container stop can take a second or two. So lower bounds give
 * TIMESTAMP_SLACK_SECONDS, and upper bounds add one spare period (a slow probe can push the next
 * tick back) plus MARGIN_SECONDS.
 */
import type { PodJson } from '../kube/json.ts';

export const PROBE_KINDS = ['liveness', 'readiness', 'startup'] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];
/** The probes whose decision can end a state a pod is held to: a liveness kill, a readiness change. */
export type DecidingProbe = 'liveness' | 'readiness';

type ContainerJson = NonNullable<PodJson['spec']>['containers'][number];
export type ProbeJson = NonNullable<ContainerJson['livenessProbe']>;

export interface ProbeSettings {
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

/** What the API server fills in (SetDefaults_Probe); initialDelaySeconds is simply 0 when absent. */
export const PROBE_DEFAULTS: ProbeSettings = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
};

/** Pod-level default when neither the probe nor the pod sets terminationGracePeriodSeconds. */
export const DEFAULT_GRACE_SECONDS = 30;

/** Added to upper bounds: see the module comment. */
export const MARGIN_SECONDS = 5;

/** Taken off lower bounds: whole-second timestamps and a probe run straddling the change. */
export const TIMESTAMP_SLACK_SECONDS = 2;

export interface Interval {
  minSeconds: number;
  maxSeconds: number;
  /** `(failureThreshold 3 − 1) × period 5 s − 2 s … (3 + 1) × 5 s + grace 1 s + margin 5 s` */
  derivation: string;
}

export interface Window {
  seconds: number;
  derivation: string;
}

const FIELD: Record<ProbeKind, 'livenessProbe' | 'readinessProbe' | 'startupProbe'> = {
  liveness: 'livenessProbe',
  readiness: 'readinessProbe',
  startup: 'startupProbe',
};

export function probeField(kind: ProbeKind): string {
  return FIELD[kind];
}

export function containerSpec(pod: PodJson, container: string): ContainerJson | undefined {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === container);
}

export function probeOf(pod: PodJson, container: string, kind: ProbeKind): ProbeJson | undefined {
  return containerSpec(pod, container)?.[FIELD[kind]];
}

/** The settings in force: what the object says, the documented default where it says nothing. */
export function settingsOf(probe: ProbeJson): ProbeSettings {
  return {
    initialDelaySeconds: probe.initialDelaySeconds ?? PROBE_DEFAULTS.initialDelaySeconds,
    periodSeconds: probe.periodSeconds ?? PROBE_DEFAULTS.periodSeconds,
    timeoutSeconds: probe.timeoutSeconds ?? PROBE_DEFAULTS.timeoutSeconds,
    successThreshold: probe.successThreshold ?? PROBE_DEFAULTS.successThreshold,
    failureThreshold: probe.failureThreshold ?? PROBE_DEFAULTS.failureThreshold,
  };
}

/** The grace a liveness kill gets: the probe's own, else the pod's, else 30 s. */
export function killGraceSeconds(pod: PodJson, probe: ProbeJson | undefined): number {
  return probe?.terminationGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
}

/**
 * From the moment a liveness probe's check starts failing to the end of the container's run
 * (its finishedAt): at least (f − 1) periods, at most (f + 1) periods plus the kill's grace.
 */
export function livenessRestartDelay(s: ProbeSettings, graceSeconds: number): Interval {
  const f = s.failureThreshold;
  const p = s.periodSeconds;
  return {
    minSeconds: (f - 1) * p - TIMESTAMP_SLACK_SECONDS,
    maxSeconds: (f + 1) * p + graceSeconds + MARGIN_SECONDS,
    derivation:
      `(failureThreshold ${f} − 1) × period ${p} s − ${TIMESTAMP_SLACK_SECONDS} s` +
      ` … (${f} + 1) × ${p} s + grace ${graceSeconds} s + margin ${MARGIN_SECONDS} s`,
  };
}

/** From the moment a readiness probe's check starts failing to Ready=False. */
export function readinessFailureDelay(s: ProbeSettings): Interval {
  const f = s.failureThreshold;
  const p = s.periodSeconds;
  return {
    minSeconds: (f - 1) * p - TIMESTAMP_SLACK_SECONDS,
    maxSeconds: (f + 1) * p + MARGIN_SECONDS,
    derivation:
      `(failureThreshold ${f} − 1) × period ${p} s − ${TIMESTAMP_SLACK_SECONDS} s` +
      ` … (${f} + 1) × ${p} s + margin ${MARGIN_SECONDS} s`,
  };
}

/**
 * From the container's start to Ready=True for a readiness probe that passes from the start.
 * The lower bound is exact: the kubelet does not probe before initialDelaySeconds, both
 * timestamps are truncated the same way, and the delay is a whole number of seconds.
 */
export function readinessStartDelay(s: ProbeSettings): Interval {
  const d = s.initialDelaySeconds;
  const p = s.periodSeconds;
  const n = s.successThreshold;
  return {
    minSeconds: d,
    maxSeconds: d + n * p + MARGIN_SECONDS,
    derivation: `initialDelay ${d} s … ${d} s + successThreshold ${n} × period ${p} s + margin ${MARGIN_SECONDS} s`,
  };
}

/**
 * The longest a failing liveness probe needs, from the container's start, to get the container
 * restarted. A "no restart" window at least this long proves the probe did not act.
 */
export function livenessDecisionWindow(s: ProbeSettings, graceSeconds: number): Window {
  const { initialDelaySeconds: d, failureThreshold: f, periodSeconds: p } = s;
  return {
    seconds: d + (f + 1) * p + graceSeconds + MARGIN_SECONDS,
    derivation: `initialDelay ${d} s + (failureThreshold ${f} + 1) × period ${p} s + grace ${graceSeconds} s + margin ${MARGIN_SECONDS} s`,
  };
}

/**
 * The longest a readiness probe needs, from the container's start, to reach either decision
 * (Ready after successThreshold passes, or failureThreshold failures in a row). A "not Ready, not
 * restarted" window at least this long proves the probe never passed and its failures restart
 * nothing.
 */
export function readinessDecisionWindow(s: ProbeSettings): Window {
  const { initialDelaySeconds: d, failureThreshold: f, successThreshold: n, periodSeconds: p } = s;
  const runs = Math.max(f, n);
  return {
    seconds: d + (runs + 1) * p + MARGIN_SECONDS,
    derivation: `initialDelay ${d} s + (max(failureThreshold ${f}, successThreshold ${n}) + 1) × period ${p} s + margin ${MARGIN_SECONDS} s`,
  };
}

/** The decision window of every app container that has a probe of this kind. */
export function decisionWindows(pod: PodJson, kind: DecidingProbe): (Window & { container: string })[] {
  return (pod.spec?.containers ?? []).flatMap((c) => {
    const probe = c[FIELD[kind]];
    if (!probe) return [];
    const settings = settingsOf(probe);
    const window =
      kind === 'liveness'
        ? livenessDecisionWindow(settings, killGraceSeconds(pod, probe))
        : readinessDecisionWindow(settings);
    return [{ container: c.name, ...window }];
  });
}

/** Seconds from one cluster timestamp to another (RFC 3339). */
export function secondsBetween(from: string, to: string): number {
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (Number.isNaN(a) || Number.isNaN(b)) throw new Error(`cannot read timestamps "${from}" and "${to}"`);
  return (b - a) / 1000;
}

export function shift(interval: Interval, seconds: number, label: string): Interval {
  return {
    minSeconds: interval.minSeconds + seconds,
    maxSeconds: interval.maxSeconds + seconds,
    derivation: `${label} ${seconds} s + [${interval.derivation}]`,
  };
}

export function within(interval: Interval, seconds: number): boolean {
  return seconds >= interval.minSeconds && seconds <= interval.maxSeconds;
}

export function describeInterval(i: Interval): string {
  return `${i.minSeconds} s … ${i.maxSeconds} s (${i.derivation})`;
}

/**
 * A timing bound proves something only when the alternative explanation falls outside it: when
 * the same interval measured from the container's start (instead of the failure) would also fit,
 * the scenario's timeline fits inside its tolerance and the check cannot tell the two apart.
 * Returns why the check does not discriminate, or undefined when it does.
 */
export function indiscriminate(interval: Interval, fromStartSeconds: number): string | undefined {
  if (!within(interval, fromStartSeconds)) return undefined;
  return (
    `measured from the container's start instead, the interval is ${fromStartSeconds} s, also within ${interval.minSeconds} s … ${interval.maxSeconds} s: ` +
    `the check cannot tell "after the failure" from "after the start"; keep the pod healthy for longer than ${interval.maxSeconds} s before it fails`
  );
}
