/**
 * cucumber's message stream (NDJSON: reports/messages.ndjson of a run, preflight.ndjson of the
 * dry run), read by one parser for every reader: the run, the reports, the catalogue, the bench.
 * scenarioResults folds it into one result per scenario (the last attempt when retried), with its
 * logs and attachments.
 */
import { readFileSync } from 'node:fs';
import { gherkinLines, pickleLocation, type GherkinDocumentLike, type GherkinLine } from '../../support/gherkin.mjs';

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
  /**
   * `<uri>:<line>`, the Examples row's line for an outline's row: the key of this scenario's
   * evidence, links and location everywhere (an outline's rows never share it).
   */
  location: string;
  /** Wall time of the last attempt, from cucumber's timestamps. */
  durationMs?: number;
  attachments: ScenarioAttachment[];
}

export interface Timestamp {
  seconds: number;
  nanos: number;
}

/** A message's timestamp in epoch milliseconds (fractional: nanos / 1e6). */
export const timestampMs = (t: Timestamp): number => t.seconds * 1000 + t.nanos / 1e6;

/** The same in whole milliseconds, for a scenario's duration. */
const wholeMs = (t: Timestamp | undefined) => (t ? t.seconds * 1000 + Math.round(t.nanos / 1e6) : undefined);

export interface PickleStep {
  id: string;
  text: string;
  astNodeIds: string[];
  argument?: { docString?: { content: string } };
}

/** The messages the readers use, with the fields they read. */
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
  testRunStarted?: { timestamp: Timestamp };
  testRunFinished?: { timestamp: Timestamp };
  testCaseStarted?: { id: string; testCaseId: string; timestamp?: Timestamp; workerId?: string };
  testStepFinished?: { testCaseStartedId: string; testStepResult: { status: string; message?: string } };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried: boolean; timestamp?: Timestamp };
  attachment?: {
    testCaseStartedId?: string;
    mediaType: string;
    body: string;
    fileName?: string;
    contentEncoding?: string;
  };
  gherkinDocument?: GherkinDocumentLike & { uri: string };
  parseError?: { source: { uri?: string; location?: { line: number; column?: number } }; message: string };
}

/**
 * The envelopes of a message stream. An absent file reads as none; a last line that does not
 * parse was cut off while cucumber wrote it (a run stopped hard) and is left out; any other line
 * that does not parse is an error naming the file.
 */
export function readMessages(path: string): Envelope[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const lines = text.split('\n').filter((l) => l.trim().startsWith('{'));
  return lines.flatMap((line, i) => {
    try {
      return [JSON.parse(line) as Envelope];
    } catch (err) {
      if (i === lines.length - 1) return [];
      throw new Error(
        `${path}: line ${i + 1} of the stream is not JSON (${err instanceof Error ? err.message : String(err)})`,
      );
    }
  });
}

/** The scenarios' results of the message stream at `path` (none when there is no stream). */
export function readScenarioResults(path: string): ScenarioResult[] {
  return scenarioResults(readMessages(path));
}

/** The line of every scenario, Examples row and step of the stream's Gherkin documents, by AST node id. */
export function gherkinLinesOf(envelopes: Envelope[]): Map<string, GherkinLine> {
  return new Map(envelopes.flatMap((e) => [...gherkinLines(e.gherkinDocument)]));
}

const SEVERITY: Record<string, number> = { PASSED: 0, SKIPPED: 1 };

function classify(statuses: string[]): ScenarioStatus {
  const worst = statuses.reduce((w, s) => Math.max(w, SEVERITY[s] ?? 2), 0);
  return worst === 0 ? 'passed' : worst === 1 ? 'skipped' : 'failed';
}

export function scenarioResults(envelopes: Envelope[]): ScenarioResult[] {
  const pickles = new Map(envelopes.flatMap((e) => (e.pickle ? [[e.pickle.id, e.pickle] as const] : [])));
  const testCases = new Map(envelopes.flatMap((e) => (e.testCase ? [[e.testCase.id, e.testCase] as const] : [])));
  const lines = gherkinLinesOf(envelopes);
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
        startedMs: wholeMs(e.testCaseStarted.timestamp),
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
      const finishedMs = wholeMs(e.testCaseFinished.timestamp);
      results.push({
        name: pickle.name,
        uri: pickle.uri,
        status,
        message: status === 'failed' ? a.messages[0] : undefined,
        logs: a.logs,
        tags: (pickle.tags ?? []).map((t) => t.name),
        line: lines.get(pickle.astNodeIds[0] ?? '')?.line,
        ...(pickle.astNodeIds[1] !== undefined && lines.has(pickle.astNodeIds[1])
          ? { exampleLine: lines.get(pickle.astNodeIds[1])?.line }
          : {}),
        location: pickleLocation(pickle, lines),
        durationMs: a.startedMs !== undefined && finishedMs !== undefined ? finishedMs - a.startedMs : undefined,
        attachments: a.attachments,
      });
    }
  }
  return results;
}
