/** Parameter types of the step vocabulary: {duration}, {podState}, {containerState}, {invariant}. */
import { defineParameterType } from '@cucumber/cucumber';
import { DURATION_PATTERN, Duration } from '../support/duration.ts';
import type { Expectation } from '../support/pods/expectation.ts';
import { gone, inPhase, ready } from '../support/pods/pod-expectations.ts';
import { INVARIANTS, findInvariant } from '../support/pods/history.ts';
import { TERMINATION_PATTERN, parseContainerState, parseTermination } from '../support/pods/state-text.ts';

defineParameterType({
  name: 'duration',
  regexp: new RegExp(DURATION_PATTERN),
  transformer: (text: string) => Duration.parse(text),
});

const POD_STATES: Record<string, () => Expectation> = {
  Pending: () => inPhase('Pending'),
  Running: () => inPhase('Running'),
  Succeeded: () => inPhase('Succeeded'),
  Failed: () => inPhase('Failed'),
  Ready: () => ready(true),
  'not Ready': () => ready(false),
  gone: () => gone(),
};

/** `Failed`, `Failed with reason "Evicted"` (the pod's own status.reason), `Ready`, `gone` … */
export function parsePodState(text: string): Expectation {
  const withReason = /^(Pending|Running|Succeeded|Failed) with reason "([^"]*)"$/.exec(text);
  if (withReason) return inPhase(withReason[1] ?? '', withReason[2]);
  const make = POD_STATES[text];
  if (!make) throw new Error(`unknown pod state "${text}"`);
  return make();
}

defineParameterType({
  name: 'podState',
  regexp:
    /(?:Pending|Running|Succeeded|Failed) with reason "[^"]*"|not Ready|Ready|Pending|Running|Succeeded|Failed|gone/,
  transformer: parsePodState,
});

defineParameterType({
  name: 'containerState',
  regexp: new RegExp(
    `waiting with reason "[^"]*"|waiting|terminated with ${TERMINATION_PATTERN}|terminated|running|not ready|ready`,
  ),
  transformer: parseContainerState,
});

/** What a container's previous run ended with: `reason "Error" and exit code 1`. */
defineParameterType({
  name: 'termination',
  regexp: new RegExp(TERMINATION_PATTERN),
  transformer: parseTermination,
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

defineParameterType({
  name: 'invariant',
  regexp: new RegExp(INVARIANTS.map((i) => escape(i.phrase)).join('|')),
  transformer: findInvariant,
});
