/**
 * Allure results as an auditor reads them, tidied before `allure generate` (allure-cucumberjs has
 * no options for any of it):
 * - each test named by its behaviour IDs (`RESTART-02 restartPolicy Always …`), an outline's
 *   same-named rows told apart by their line;
 * - the evidence the After hook attached (timelines, measurements, pods.yaml, events, logs) under
 *   the test's own Attachments by its file name, instead of in the Tear down fixture;
 * - each log line the scenario wrote shown as the step's own text (`created pod "x"`), instead
 *   of a step and an attachment both called "Attachment";
 * - no labels that say nothing about the cluster (host, thread, language, framework, package,
 *   severity).
 * Running it twice changes nothing more.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { behaviourIds } from '../../support/gherkin.mjs';

export const NOISE_LABELS = ['host', 'thread', 'language', 'framework', 'package', 'severity'];

/** The After hook that attaches the evidence (support/scenario/hooks.ts). */
export const EVIDENCE_FIXTURE = 'attach evidence, then delete the namespace';

const LOG_TYPE = 'text/x.cucumber.log+plain';

interface Attachment {
  name: string;
  source: string;
  type: string;
}
interface Step {
  name?: string;
  attachments?: Attachment[];
  steps?: Step[];
  [key: string]: unknown;
}
export interface AllureResult extends Step {
  uuid: string;
  name: string;
  labels?: { name: string; value: string }[];
}
export interface AllureContainer {
  uuid: string;
  name?: string;
  children?: string[];
  befores?: Step[];
  afters?: Step[];
}

/** A log step (`Attachment` holding one cucumber log) named by its first line; its attachment called "log". */
function nameLogs(steps: Step[] | undefined, read: (source: string) => string): void {
  for (const step of steps ?? []) {
    const only = step.attachments?.length === 1 ? step.attachments[0] : undefined;
    if (step.name === 'Attachment' && only?.type === LOG_TYPE) {
      const first = read(only.source).split('\n')[0]?.trim() ?? '';
      step.name = first.length > 160 ? `${first.slice(0, 159)}…` : first || 'log';
      only.name = 'log';
    }
    nameLogs(step.steps, read);
  }
}

/** `RESTART-02 name`, with `(line N)` where another result of the same file has the same name. */
export function allureName(r: AllureResult, all: AllureResult[]): string {
  const label = (name: string) => r.labels?.find((l) => l.name === name)?.value;
  const ids = behaviourIds((r.labels ?? []).filter((l) => l.name === 'tag').map((l) => l.value));
  const prefix = ids.length > 0 ? `${ids.join(' ')} ` : '';
  const location = label('location');
  const file = location?.replace(/:\d+$/, '');
  const twins = all.filter(
    (o) => o !== r && o.name === r.name && o.labels?.find((l) => l.name === 'location')?.value.startsWith(`${file}:`),
  ).length;
  return `${prefix}${r.name}${twins > 0 && location ? ` (line ${location.split(':').at(-1)})` : ''}`;
}

/** Tidies the results and containers in memory; returns the results (renamed) and containers changed. */
export function tidy(
  results: AllureResult[],
  containers: AllureContainer[],
  read: (source: string) => string,
): { results: AllureResult[]; containers: AllureContainer[] } {
  const names = new Map(results.map((r) => [r.uuid, allureName(r, results)]));
  const byUuid = new Map(results.map((r) => [r.uuid, r]));
  for (const r of results) {
    const ids = behaviourIds((r.labels ?? []).filter((l) => l.name === 'tag').map((l) => l.value));
    if (!(ids.length > 0 && r.name.startsWith(`${ids.join(' ')} `))) r.name = names.get(r.uuid) ?? r.name;
    r.labels = (r.labels ?? []).filter((l) => !NOISE_LABELS.includes(l.name));
    nameLogs(r.steps, read);
  }
  for (const c of containers) {
    for (const fixture of [...(c.befores ?? []), ...(c.afters ?? [])]) nameLogs(fixture.steps, read);
    if (c.name !== EVIDENCE_FIXTURE) continue;
    for (const fixture of c.afters ?? []) {
      const evidence = (fixture.steps ?? []).filter((s) => s.attachments?.some((a) => a.type !== LOG_TYPE));
      if (evidence.length === 0) continue;
      for (const child of c.children ?? []) {
        const r = byUuid.get(child);
        if (!r) continue;
        const known = new Set((r.attachments ?? []).map((a) => a.source));
        r.attachments = [
          ...(r.attachments ?? []),
          ...evidence.flatMap((s) => s.attachments ?? []).filter((a) => !known.has(a.source)),
        ];
      }
      fixture.steps = (fixture.steps ?? []).filter((s) => !evidence.includes(s));
    }
  }
  return { results, containers };
}

/** Tidies the Allure results directory in place (scripts/report/html-report.ts calls it before generating). */
export function tidyAllureResults(dir: string): void {
  if (!existsSync(dir)) return;
  const files = readdirSync(dir);
  const load = <T>(f: string) => JSON.parse(readFileSync(resolve(dir, f), 'utf8')) as T;
  const resultFiles = files.filter((f) => f.endsWith('-result.json'));
  const containerFiles = files.filter((f) => f.endsWith('-container.json'));
  const results = resultFiles.map((f) => load<AllureResult>(f));
  const containers = containerFiles.map((f) => load<AllureContainer>(f));
  const read = (source: string) => {
    try {
      return readFileSync(resolve(dir, source), 'utf8');
    } catch {
      return '';
    }
  };
  tidy(results, containers, read);
  resultFiles.forEach((f, i) => writeFileSync(resolve(dir, f), JSON.stringify(results[i])));
  containerFiles.forEach((f, i) => writeFileSync(resolve(dir, f), JSON.stringify(containers[i])));
}
