/**
 * The probes in force on a pod as the API stored it: which container has one of a kind, with the
 * settings and kill grace period its timing bounds are derived from (./windows.ts). A step that
 * names a probe the pod does not have cannot run as written: a ScenarioError naming the step.
 */
import { ScenarioError } from '../assert.ts';
import type { PodJson } from '../kube/json.ts';
import type { ProbeKind, ProbeSettings } from './windows.ts';
import { killGraceSeconds, probeField, probeOf, settingsOf } from './windows.ts';

export interface ProbeInForce {
  container: string;
  settings: ProbeSettings;
  graceSeconds: number;
}

/** Every app container's probe of this kind. */
export function probesInForce(pod: PodJson, kind: ProbeKind): ProbeInForce[] {
  return (pod.spec?.containers ?? []).flatMap((c) => {
    const probe = c[probeField(kind) as 'livenessProbe'];
    return probe
      ? [{ container: c.name, settings: settingsOf(probe), graceSeconds: killGraceSeconds(pod, probe) }]
      : [];
  });
}

/** The probe of this kind of the named container; `origin` is the step, for the error. */
export function probeInForce(
  pod: PodJson,
  podName: string,
  container: string,
  kind: ProbeKind,
  origin: string,
): ProbeInForce {
  const probe = probeOf(pod, container, kind);
  if (!probe) throw new ScenarioError(`${origin}: container "${container}" of pod "${podName}" has no ${kind} probe`);
  return { container, settings: settingsOf(probe), graceSeconds: killGraceSeconds(pod, probe) };
}

/** The one container with a probe of this kind (steps that do not name one). */
export function onlyProbeInForce(pod: PodJson, podName: string, kind: ProbeKind, origin: string): ProbeInForce {
  const found = probesInForce(pod, kind);
  if (found.length !== 1 || !found[0]) {
    throw new ScenarioError(
      `${origin}: pod "${podName}" has ${found.length} containers with a ${kind} probe; this step needs exactly one`,
    );
  }
  return found[0];
}
