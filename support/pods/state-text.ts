/**
 * Pod and container states as steps write them: `Running`, `Failed with reason "Evicted"`, `not
 * Ready`, `gone`, `resized` (support/pods/resize.ts); `waiting with reason "PodInitializing"`, `running`, `terminated with reason
 * "OOMKilled" and exit code 137`, `terminated with exit code 3 and message "disk full"` (any of
 * reason, exit code and message, joined by "and"). Each has the pattern a parameter type matches
 * and the parser that turns the matched text into what the expectations take.
 */
import { ScenarioError } from '../assert.ts';
import type { ContainerState, Termination } from './container-expectations.ts';
import type { Expectation } from './expectation.ts';
import { gone, inPhase, ready } from './pod-expectations.ts';
import { resized } from './resize.ts';

const POD_STATES: Record<string, () => Expectation> = {
  Pending: () => inPhase('Pending'),
  Running: () => inPhase('Running'),
  Succeeded: () => inPhase('Succeeded'),
  Failed: () => inPhase('Failed'),
  Ready: () => ready(true),
  'not Ready': () => ready(false),
  gone: () => gone(),
  resized: () => resized(),
};

export const POD_STATE_PATTERN =
  '(?:Pending|Running|Succeeded|Failed) with reason "[^"]*"|not Ready|Ready|Pending|Running|Succeeded|Failed|gone|resized';

/** `Failed`, `Failed with reason "Evicted"` (the pod's own status.reason), `Ready`, `gone` … */
export function parsePodState(text: string): Expectation {
  const withReason = /^(Pending|Running|Succeeded|Failed) with reason "([^"]*)"$/.exec(text);
  if (withReason) return inPhase(withReason[1] ?? '', withReason[2]);
  const make = POD_STATES[text];
  if (!make) throw new ScenarioError(`unknown pod state "${text}"`);
  return make();
}

const TERMINATION_PART = /^(?:reason "([^"]*)"|exit code (\d+)|message "([^"]*)")$/;
const DETAIL = '(?:reason "[^"]*"|exit code \\d+|message "[^"]*")';
export const TERMINATION_PATTERN = `${DETAIL}(?: and ${DETAIL})*`;

/**
 * `terminated with reason "OOMKilled" and exit code 137`, `terminated with exit code 1 and message
 * "disk full"`: any of reason, exit code and message, joined by "and".
 */
export function parseTermination(text: string): Termination {
  const found: Termination = {};
  if (text === '') return found;
  for (const part of text.split(/ and (?=reason "|exit code \d|message ")/)) {
    const m = TERMINATION_PART.exec(part);
    if (!m) throw new ScenarioError(`unknown termination detail "${part}": use reason "…", exit code N or message "…"`);
    if (m[1] !== undefined) found.reason = m[1];
    if (m[2] !== undefined) found.exitCode = Number(m[2]);
    if (m[3] !== undefined) found.message = m[3];
  }
  return found;
}

export const CONTAINER_STATE_PATTERN = `waiting with reason "[^"]*"|waiting|terminated with ${TERMINATION_PATTERN}|terminated|running|not ready|ready`;

export function parseContainerState(text: string): ContainerState {
  let m: RegExpExecArray | null;
  if ((m = /^waiting(?: with reason "([^"]*)")?$/.exec(text))) return { state: 'waiting', reason: m[1] };
  if ((m = /^terminated(?: with (.+))?$/.exec(text))) return { state: 'terminated', ...parseTermination(m[1] ?? '') };
  if (text === 'running' || text === 'ready' || text === 'not ready') return { state: text };
  throw new ScenarioError(`unknown container state "${text}"`);
}
