/**
 * The parameter types of the step vocabulary, as data (steps/parameters.ts registers them with
 * cucumber; reports/steps.md lists them from here). Each turns the text it matches into the value
 * the step's body passes on, and refuses bad input with an error naming the choices. {probeKind}
 * and {hookKind} match any word, and {list}, {numbers} and {pattern} any quoted text, as the
 * {word} and {string} they replaced did: a misspelt kind fails with the choices instead of leaving
 * the step undefined.
 */
import type { defineParameterType } from '@cucumber/cucumber';
import type { HookKind } from '../support/actions/lifecycle-hooks.ts';
import { HOOK_KINDS } from '../support/actions/lifecycle-hooks.ts';
import type { PodSubresource } from '../support/actions/subresources.ts';
import { POD_SUBRESOURCE_NAMES } from '../support/actions/subresources.ts';
import type { ContainerState, Termination } from '../support/pods/container-expectations.ts';
import type { Expectation } from '../support/pods/expectation.ts';
import type { Invariant } from '../support/pods/history.ts';
import type { HeldState } from '../support/probes/held-states.ts';
import type { ProbeKind } from '../support/probes/windows.ts';
import { DURATION_PATTERN, Duration } from '../support/duration.ts';
import { INVARIANTS, findInvariant } from '../support/pods/history.ts';
import {
  CONTAINER_STATE_PATTERN,
  POD_STATE_PATTERN,
  TERMINATION_PATTERN,
  parseContainerState,
  parsePodState,
  parseTermination,
} from '../support/pods/state-text.ts';
import { HELD_STATE_PATTERN, parseHeldState } from '../support/probes/held-states.ts';
import { PROBE_KINDS } from '../support/probes/windows.ts';
import { oneOf, parseList, parseNumbers, parsePattern } from './arguments.ts';

/**
 * The value each parameter type gives a step, cucumber's own first: a step's argument types follow
 * from its pattern (steps/define.ts), so they cannot disagree with it.
 */
export interface ParameterValues {
  string: string;
  word: string;
  int: number;
  float: number;
  duration: Duration;
  podState: Expectation;
  containerState: ContainerState;
  termination: Termination;
  heldState: HeldState;
  invariant: Invariant;
  probeKind: ProbeKind;
  hookKind: HookKind;
  podSubresource: PodSubresource;
  list: string[];
  numbers: number[];
  pattern: RegExp;
  objectKind: string;
}

type ParameterTypeDefinition = Parameters<typeof defineParameterType>[0] & {
  name: keyof ParameterValues;
  /** What a user writes, with examples: the entry in reports/steps.md. */
  doc: string;
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const INVARIANT_PATTERN = INVARIANTS.map((i) => escape(i.phrase)).join('|');

/** What {word} matches. */
const WORD = /[^\s]+/;
/** What {string} matches (cucumber-expressions' own pattern): double- or single-quoted text. */
const QUOTED = /"([^"\\]*(\\.[^"\\]*)*)"|'([^'\\]*(\\.[^'\\]*)*)'/;

/** One of the choices, or an error naming them. */
const kind =
  <K extends string>(what: string, choices: readonly K[]) =>
  (text: string) =>
    oneOf(what, choices, text);

/** The quoted text, unescaped as {string} does it, then parsed. */
const quoted =
  <T>(parse: (text: string) => T) =>
  (double?: string, single?: string) =>
    parse((double || single || '').replace(/\\"/g, '"').replace(/\\'/g, "'"));

// {probeKind} … {numbers} match the same text as {word} and {string}; they are never offered in
// snippets, where {word} and {string} stay the suggestion.
export const PARAMETER_TYPES: ParameterTypeDefinition[] = [
  {
    name: 'duration',
    doc: "`90 seconds`, `2 minutes`, `1 minute 30 seconds`, `500 ms`; also sets the step's time budget",
    regexp: new RegExp(DURATION_PATTERN),
    transformer: (t: string) => Duration.parse(t),
  },
  {
    name: 'podState',
    doc: '`Pending`, `Running`, `Succeeded`, `Failed`, `Failed with reason "Evicted"`, `Ready`, `not Ready`, `gone`, `resized` (every container reports its spec resources applied and allocated, no resize condition left, Ready) …: a pod state',
    regexp: new RegExp(POD_STATE_PATTERN),
    transformer: parsePodState,
  },
  {
    name: 'containerState',
    doc: '`waiting`, `waiting with reason "X"`, `running`, `terminated`, `terminated with exit code N`, `ready`, `not ready` …: one container\'s state',
    regexp: new RegExp(CONTAINER_STATE_PATTERN),
    transformer: parseContainerState,
  },
  {
    name: 'termination',
    doc: '`reason "Error" and exit code 1`: how a container\'s run ended',
    regexp: new RegExp(TERMINATION_PATTERN),
    transformer: parseTermination,
  },
  {
    name: 'heldState',
    doc: '`Ready with N restarts`, `Running but not Ready, with N restarts,`: the state a probe window holds',
    regexp: new RegExp(HELD_STATE_PATTERN),
    transformer: parseHeldState,
  },
  {
    name: 'invariant',
    doc: `a rule over a pod's whole recorded history: ${INVARIANTS.map((i) => `\`${i.phrase}\``).join(', ')}`,
    regexp: new RegExp(INVARIANT_PATTERN),
    transformer: findInvariant,
  },
  {
    name: 'probeKind',
    doc: PROBE_KINDS.map((k) => `\`${k}\``).join(', '),
    regexp: WORD,
    transformer: kind('probe kind', PROBE_KINDS),
    useForSnippets: false,
  },
  {
    name: 'hookKind',
    doc: HOOK_KINDS.map((k) => `\`${k}\``).join(', '),
    regexp: WORD,
    transformer: kind('hook', HOOK_KINDS),
    useForSnippets: false,
  },
  {
    name: 'podSubresource',
    doc: '`status`, `ephemeral containers` (the ephemeralcontainers subresource), `resources` (the resize subresource): a pod subresource a step writes or reads',
    regexp: new RegExp(POD_SUBRESOURCE_NAMES.map(escape).join('|')),
    transformer: kind('pod subresource', POD_SUBRESOURCE_NAMES),
    useForSnippets: false,
  },
  {
    name: 'list',
    doc: 'a quoted, comma-separated list: `"Init:0/2, PodInitializing, Running"`',
    regexp: QUOTED,
    transformer: quoted(parseList),
    useForSnippets: false,
  },
  {
    name: 'numbers',
    doc: 'a quoted, comma-separated list of numbers: `"0, 10, 20, 40"`',
    regexp: QUOTED,
    transformer: quoted(parseNumbers),
    useForSnippets: false,
  },
  {
    name: 'pattern',
    doc: 'a quoted, unanchored regular expression: `"Liveness probe failed: .*"`',
    regexp: QUOTED,
    transformer: quoted(parsePattern),
    useForSnippets: false,
  },
  {
    name: 'objectKind',
    doc: '`configmap`, `secret`, `runtimeclass` …: the kind of an object the scenario declared, any but `pod` (whose deletion has steps of its own)',
    // Any kind word but pod: `I delete pod "x"` stays the termination step's.
    regexp: /(?!pod\b)[a-z][a-z0-9]*/,
    useForSnippets: false,
  },
];
