/** Parameter types of the step vocabulary: {duration}, {podState}, {containerState}, {invariant}. */
import { defineParameterType } from '@cucumber/cucumber';
import { DURATION_PATTERN, Duration } from '../support/duration.ts';
import type { ContainerState, Expectation } from '../support/pods/expectations.ts';
import { gone, inPhase, ready } from '../support/pods/expectations.ts';
import { INVARIANTS, findInvariant } from '../support/pods/history.ts';

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

defineParameterType({
  name: 'podState',
  regexp: /not Ready|Ready|Pending|Running|Succeeded|Failed|gone/,
  transformer: (text: string): Expectation => {
    const make = POD_STATES[text];
    if (!make) throw new Error(`unknown pod state "${text}"`);
    return make();
  },
});

export function parseContainerState(text: string): ContainerState {
  let m: RegExpExecArray | null;
  if ((m = /^waiting(?: with reason "([^"]*)")?$/.exec(text))) return { state: 'waiting', reason: m[1] };
  if ((m = /^terminated(?: with exit code (\d+)(?: and message "([^"]*)")?)?$/.exec(text))) {
    return { state: 'terminated', exitCode: m[1] === undefined ? undefined : Number(m[1]), message: m[2] };
  }
  if (text === 'running' || text === 'ready' || text === 'not ready') return { state: text };
  throw new Error(`unknown container state "${text}"`);
}

defineParameterType({
  name: 'containerState',
  regexp:
    /waiting with reason "[^"]*"|waiting|terminated with exit code \d+ and message "[^"]*"|terminated with exit code \d+|terminated|running|not ready|ready/,
  transformer: parseContainerState,
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

defineParameterType({
  name: 'invariant',
  regexp: new RegExp(INVARIANTS.map((i) => escape(i.phrase)).join('|')),
  transformer: findInvariant,
});
