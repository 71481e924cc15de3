/**
 * Reads cucumber's message stream (NDJSON) into what the summary needs: one result per scenario
 * (the last attempt when retried), with its logs. Also reads the preflight dry run: how many
 * scenarios the selection holds, which steps match no (or several) definitions, and the
 * manifests (docstrings and files) the selected scenarios use.
 */
import { readFileSync } from 'node:fs';

export type ScenarioStatus = 'passed' | 'failed' | 'skipped';

export interface ScenarioAttachment {
  fileName?: string;
  mediaType: string;
  body: string;
}

export interface ScenarioResult {
  name: string;
  uri: string;
  status: ScenarioStatus;
  /** The first error message of a failed scenario. */
  message?: string;
  logs: string[];
  /** Tag names (`@PROBE-01`, `@epic:probes` …). */
  tags: string[];
  /** Feature-file line of the scenario, when the Gherkin document was in the stream. */
  line?: number;
  /** A Scenario Outline's row: the line of its Examples row (each row is a scenario of its own). */
  exampleLine?: number;
  /** Wall time of the last attempt, from cucumber's timestamps. */
  durationMs?: number;
  attachments: ScenarioAttachment[];
}

interface Timestamp {
  seconds: number;
  nanos: number;
}

const millis = (t: Timestamp | undefined) => (t ? t.seconds * 1000 + Math.round(t.nanos / 1e6) : undefined);

export interface PickleStep {
  id: string;
  text: string;
  astNodeIds: string[];
  argument?: { docString?: { content: string } };
}

interface GherkinStep {
  id: string;
  location: { line: number };
  docString?: { location: { line: number } };
}

interface GherkinChild {
  background?: { steps: GherkinStep[] };
  scenario?: {
    id?: string;
    location?: { line: number };
    steps: GherkinStep[];
    examples?: { tableBody?: { id: string; location: { line: number } }[] }[];
  };
  rule?: { children: GherkinChild[] };
}

export interface Envelope {
  pickle?: {
    id: string;
    name: string;
    uri: string;
    astNodeIds: string[];
    steps: PickleStep[];
    tags?: { name: string }[];
  };
  testCase?: {
    id: string;
    pickleId: string;
    testSteps: { id: string; pickleStepId?: string; stepDefinitionIds?: string[] }[];
  };
  testCaseStarted?: { id: string; testCaseId: string; timestamp?: Timestamp };
  testStepFinished?: { testCaseStartedId: string; testStepResult: { status: string; message?: string } };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried: boolean; timestamp?: Timestamp };
  attachment?: {
    testCaseStartedId?: string;
    mediaType: string;
    body: string;
    fileName?: string;
    contentEncoding?: string;
  };
  gherkinDocument?: { uri: string; feature?: { children?: GherkinChild[] } };
  parseError?: { source: { uri?: string; location?: { line: number; column?: number } }; message: string };
}

export function readEnvelopes(path: string): Envelope[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Envelope);
}

/**
 * The envelopes of a stream that may have been cut off (a run stopped hard): lines that do not
 * parse are left out. An absent file reads as none.
 */
export function readEnvelopesTolerant(path: string): Envelope[] {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((l) => {
    try {
      return l.trim().startsWith('{') ? [JSON.parse(l) as Envelope] : [];
    } catch {
      return [];
    }
  });
}

const SEVERITY: Record<string, number> = { PASSED: 0, SKIPPED: 1 };

function classify(statuses: string[]): ScenarioStatus {
  const worst = statuses.reduce((w, s) => Math.max(w, SEVERITY[s] ?? 2), 0);
  return worst === 0 ? 'passed' : worst === 1 ? 'skipped' : 'failed';
}

export function scenarioResults(envelopes: Envelope[]): ScenarioResult[] {
  const pickles = new Map(envelopes.flatMap((e) => (e.pickle ? [[e.pickle.id, e.pickle] as const] : [])));
  const testCases = new Map(envelopes.flatMap((e) => (e.testCase ? [[e.testCase.id, e.testCase] as const] : [])));
  const lines = scenarioLines(envelopes);
  interface Attempt {
    pickleId: string;
    statuses: string[];
    messages: string[];
    logs: string[];
    attachments: ScenarioAttachment[];
    startedMs?: number;
  }
  const attempts = new Map<string, Attempt>();
  const results: ScenarioResult[] = [];
  for (const e of envelopes) {
    if (e.testCaseStarted) {
      const tc = testCases.get(e.testCaseStarted.testCaseId);
      attempts.set(e.testCaseStarted.id, {
        pickleId: tc?.pickleId ?? '',
        statuses: [],
        messages: [],
        logs: [],
        attachments: [],
        startedMs: millis(e.testCaseStarted.timestamp),
      });
    } else if (e.testStepFinished) {
      const a = attempts.get(e.testStepFinished.testCaseStartedId);
      a?.statuses.push(e.testStepFinished.testStepResult.status);
      if (e.testStepFinished.testStepResult.message) a?.messages.push(e.testStepFinished.testStepResult.message);
    } else if (e.attachment?.testCaseStartedId && e.attachment.mediaType === 'text/x.cucumber.log+plain') {
      attempts.get(e.attachment.testCaseStartedId)?.logs.push(e.attachment.body);
    } else if (e.attachment?.testCaseStartedId) {
      const { fileName, mediaType, body, contentEncoding } = e.attachment;
      const text = contentEncoding === 'BASE64' ? Buffer.from(body, 'base64').toString('utf8') : body;
      attempts.get(e.attachment.testCaseStartedId)?.attachments.push({ fileName, mediaType, body: text });
    } else if (e.testCaseFinished && !e.testCaseFinished.willBeRetried) {
      const a = attempts.get(e.testCaseFinished.testCaseStartedId);
      const pickle = a ? pickles.get(a.pickleId) : undefined;
      if (!a || !pickle) continue;
      const status = classify(a.statuses);
      const finishedMs = millis(e.testCaseFinished.timestamp);
      results.push({
        name: pickle.name,
        uri: pickle.uri,
        status,
        message: status === 'failed' ? a.messages[0] : undefined,
        logs: a.logs,
        tags: (pickle.tags ?? []).map((t) => t.name),
        line: lines.get(pickle.astNodeIds[0] ?? ''),
        ...(pickle.astNodeIds[1] !== undefined && lines.has(pickle.astNodeIds[1])
          ? { exampleLine: lines.get(pickle.astNodeIds[1]) }
          : {}),
        durationMs: a.startedMs !== undefined && finishedMs !== undefined ? finishedMs - a.startedMs : undefined,
        attachments: a.attachments,
      });
    }
  }
  return results;
}

export interface Preflight {
  selected: number;
  /** The selected scenarios, in cucumber's order. */
  selection: { uri: string; name: string }[];
  /** `features/x.feature:12 (scenario "S"): "When I frobnicate"` for steps without a definition. */
  undefinedSteps: string[];
  ambiguousSteps: string[];
  parseErrors: string[];
  /** Manifest docstrings to validate as YAML, with the line of their opening delimiter. */
  manifestDocStrings: { where: string; docLine: number; content: string }[];
  /** Manifest files named by steps (relative to features/). */
  manifestFiles: string[];
}

/** Gherkin scenario id → its line in the feature file; the same for the rows of Examples tables. */
function scenarioLines(envelopes: Envelope[]): Map<string, number> {
  const map = new Map<string, number>();
  const visit = (children: GherkinChild[]) => {
    for (const c of children) {
      if (c.scenario?.id) map.set(c.scenario.id, c.scenario.location?.line ?? 0);
      for (const row of (c.scenario?.examples ?? []).flatMap((e) => e.tableBody ?? []))
        map.set(row.id, row.location.line);
      if (c.rule) visit(c.rule.children);
    }
  };
  for (const e of envelopes) visit(e.gherkinDocument?.feature?.children ?? []);
  return map;
}

/** Gherkin step id → the step's line and its docstring's opening line. */
function stepLocations(envelopes: Envelope[]): Map<string, { line: number; docLine?: number }> {
  const map = new Map<string, { line: number; docLine?: number }>();
  const visit = (children: GherkinChild[]) => {
    for (const c of children) {
      for (const s of [...(c.background?.steps ?? []), ...(c.scenario?.steps ?? [])]) {
        map.set(s.id, { line: s.location.line, docLine: s.docString?.location.line });
      }
      if (c.rule) visit(c.rule.children);
    }
  };
  for (const e of envelopes) visit(e.gherkinDocument?.feature?.children ?? []);
  return map;
}

/**
 * Reads the dry run. `docStringStep` matches step texts whose docstring is a manifest;
 * `fileStep` matches step texts naming a manifest file (its first group is the path).
 */
export function readPreflight(envelopes: Envelope[], docStringStep: RegExp, fileStep: RegExp): Preflight {
  const pickles = new Map(envelopes.flatMap((e) => (e.pickle ? [[e.pickle.id, e.pickle] as const] : [])));
  const locations = stepLocations(envelopes);
  const result: Preflight = {
    selected: 0,
    selection: [],
    undefinedSteps: [],
    ambiguousSteps: [],
    parseErrors: [],
    manifestDocStrings: [],
    manifestFiles: [],
  };
  for (const e of envelopes) {
    if (e.parseError) {
      const loc = e.parseError.source.location;
      // The message repeats the location as "(4:3): "; the line and column go after the file instead.
      const where = loc ? `:${loc.line}${loc.column ? `:${loc.column}` : ''}` : '';
      const message = e.parseError.message.replace(/^\(\d+:\d+\):\s*/, '');
      result.parseErrors.push(`${e.parseError.source.uri ?? '?'}${where}: Gherkin syntax error: ${message}`);
    }
    if (!e.testCase) continue;
    result.selected += 1;
    const pickle = pickles.get(e.testCase.pickleId);
    if (pickle) result.selection.push({ uri: pickle.uri, name: pickle.name });
    for (const step of e.testCase.testSteps) {
      const pickleStep = pickle?.steps.find((s) => s.id === step.pickleStepId);
      if (!pickle || !pickleStep) continue;
      const location = locations.get(pickleStep.astNodeIds[0] ?? '');
      const where = `${pickle.uri}${location ? `:${location.line}` : ''} (scenario "${pickle.name}")`;
      const count = step.stepDefinitionIds?.length ?? 0;
      if (count === 0) result.undefinedSteps.push(`${where}: "${pickleStep.text}"`);
      if (count > 1) result.ambiguousSteps.push(`${where}: "${pickleStep.text}"`);
      const doc = pickleStep.argument?.docString?.content;
      if (doc !== undefined && docStringStep.test(pickleStep.text)) {
        result.manifestDocStrings.push({ where, docLine: location?.docLine ?? 0, content: doc });
      }
      const file = fileStep.exec(pickleStep.text)?.[1];
      if (file) result.manifestFiles.push(file);
    }
  }
  return result;
}
