/**
 * The states a probe scenario holds a pod to for a whole window, as steps write them (`Ready with
 * 0 restarts`, `Running but not Ready, with 1 restart,`), each with the probes whose decisions the
 * window must be long enough to cover: a window shorter than a probe's decision time proves nothing
 * about what that probe does.
 */
import { ScenarioError } from '../assert.ts';
import type { Expectation } from '../pods/expectation.ts';
import { readyWithRestarts, runningNotReadyWithRestarts } from '../pods/pod-expectations.ts';
import type { DecidingProbe } from './windows.ts';

export interface HeldState {
  expectation: Expectation;
  /** The probes that could end the state within the window, checked in this order. */
  decidedBy: DecidingProbe[];
}

/** The trailing comma of the second form belongs to the step's text ("…, with 1 restart, for 30 seconds"). */
export const HELD_STATE_PATTERN = 'Ready with \\d+ restarts?|Running but not Ready, with \\d+ restarts?,';

export function parseHeldState(text: string): HeldState {
  const m = /^(?:Ready with (\d+) restarts?|Running but not Ready, with (\d+) restarts?,)$/.exec(text);
  if (m?.[1] !== undefined) return { expectation: readyWithRestarts(Number(m[1])), decidedBy: ['liveness'] };
  if (m?.[2] !== undefined) {
    return { expectation: runningNotReadyWithRestarts(Number(m[2])), decidedBy: ['readiness', 'liveness'] };
  }
  throw new ScenarioError(
    `unknown held state "${text}": use "Ready with N restarts" or "Running but not Ready, with N restarts,"`,
  );
}
