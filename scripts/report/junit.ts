/**
 * reports/junit.xml for CI systems (GitLab, Jenkins, GitHub test reporters), written from the
 * run's messages rather than by cucumber's JUnit formatter, so that it carries what they show:
 * each test named by its behaviour IDs (`RESTART-02 restartPolicy Always …`, an outline's rows
 * told apart by their line where their names are the same), its feature file and line, a failure
 * without the exception's class name in its message, the reason of every skip, and the run and
 * its cluster as <properties> (run id, selection, provider, Kubernetes and runtime versions,
 * nodes, images). XML is written by hand: the format is a handful of elements, and escaping is
 * the one rule that matters (escapeXml below).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ClusterDescription } from '../../clusters/index.ts';
import { behaviourIds } from '../../support/gherkin.mjs';
import { environmentEntries } from './allure-environment.ts';
import { skipReason } from './behaviour-results.ts';
import type { Envelope, ScenarioResult } from './messages.ts';
import { readMessages, scenarioResults, timestampMs } from './messages.ts';

export interface JunitRun {
  id?: string;
  tags?: string;
  startedAt?: string;
  /** From reports/cluster.json. */
  cluster?: ClusterDescription;
  images?: Record<string, string>;
}

/** XML text and attribute escaping; characters XML 1.0 forbids (control codes) are dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const cdata = (text: string) => `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/** `RESTART-02 restartPolicy …`; with `(line 142)` when another test has the same name (an outline without placeholders). */
export function testName(r: ScenarioResult, all: ScenarioResult[]): string {
  const ids = behaviourIds(r.tags);
  const base = `${ids.length > 0 ? `${ids.join(' ')} ` : ''}${r.name}`;
  const twins = all.filter((o) => o !== r && o.uri === r.uri && o.name === r.name).length;
  const line = r.location.split(':').at(-1);
  return twins > 0 ? `${base} (line ${line})` : base;
}

/** `restart-policy` for features/restart-policy.feature: the group CI systems list tests under. */
const className = (uri: string) => uri.replace(/^features\//, '').replace(/\.feature$/, '');

/** The exception class a failure starts with, and its message without it. */
function splitFailure(message: string): { type: string; text: string } {
  const m = /^([A-Za-z]*Error): /.exec(message);
  return m ? { type: m[1]!, text: message.slice(m[0].length) } : { type: 'AssertionError', text: message };
}

export function junitProperties(run: JunitRun): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  if (run.id) entries.push(['run.id', run.id]);
  entries.push(['run.selection', run.tags ?? '(full suite)']);
  if (run.startedAt) entries.push(['run.started', run.startedAt]);
  if (run.cluster) {
    entries.push(...environmentEntries(run.cluster, run.images ?? {}, run.id ?? '').filter(([k]) => k !== 'run'));
  }
  return entries;
}

function testcase(r: ScenarioResult, all: ScenarioResult[]): string {
  const [file, line] = [r.uri, r.location.split(':').at(-1)];
  const time = ((r.durationMs ?? 0) / 1000).toFixed(3);
  const attrs = `classname="${escapeXml(className(r.uri))}" name="${escapeXml(testName(r, all))}" file="${escapeXml(file)}"${
    line && /^\d+$/.test(line) ? ` line="${line}"` : ''
  } time="${time}"`;
  const body: string[] = [];
  if (r.status === 'failed') {
    const { type, text } = splitFailure(r.message ?? 'failed');
    const first = text.split('\n')[0] ?? '';
    body.push(`      <failure message="${escapeXml(first)}" type="${escapeXml(type)}">${cdata(text)}</failure>`);
  } else if (r.status === 'skipped') {
    body.push(`      <skipped message="${escapeXml(skipReason(r) ?? 'skipped (no reason logged)')}"/>`);
  }
  if (r.logs.length > 0) body.push(`      <system-out>${cdata(r.logs.join('\n'))}</system-out>`);
  return body.length === 0
    ? `    <testcase ${attrs}/>`
    : [`    <testcase ${attrs}>`, ...body, '    </testcase>'].join('\n');
}

export function junitXml(results: ScenarioResult[], run: JunitRun, totalMs?: number): string {
  const count = (s: ScenarioResult['status']) => results.filter((r) => r.status === s).length;
  const time = ((totalMs ?? results.reduce((t, r) => t + (r.durationMs ?? 0), 0)) / 1000).toFixed(3);
  const counts = `tests="${results.length}" failures="${count('failed')}" errors="0" skipped="${count('skipped')}" time="${time}"`;
  const properties = junitProperties(run).map(
    ([k, v]) => `      <property name="${escapeXml(k)}" value="${escapeXml(v)}"/>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pod-conformance" ${counts}>`,
    `  <testsuite name="pod-conformance" ${counts}${run.startedAt ? ` timestamp="${run.startedAt}"` : ''}>`,
    '    <properties>',
    ...properties,
    '    </properties>',
    ...results.map((r) => testcase(r, results)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function runSpan(envelopes: Envelope[]): { startedAt?: string; ms?: number } {
  const started = envelopes.find((e) => e.testRunStarted)?.testRunStarted?.timestamp;
  const finished = envelopes.find((e) => e.testRunFinished)?.testRunFinished?.timestamp;
  return {
    startedAt: started ? new Date(timestampMs(started)).toISOString() : undefined,
    ms: started && finished ? timestampMs(finished) - timestampMs(started) : undefined,
  };
}

/** Writes <reports>/junit.xml from the run's messages and cluster.json; returns its path. */
export function writeJunit(reports: string, run: { id?: string; tags?: string } = {}): string {
  const envelopes = readMessages(resolve(reports, 'messages.ndjson'));
  const clusterFile = resolve(reports, 'cluster.json');
  const file = existsSync(clusterFile)
    ? (JSON.parse(readFileSync(clusterFile, 'utf8')) as {
        cluster?: ClusterDescription;
        images?: Record<string, string>;
      })
    : {};
  const span = runSpan(envelopes);
  const out = resolve(reports, 'junit.xml');
  writeFileSync(
    out,
    junitXml(
      scenarioResults(envelopes),
      { ...run, startedAt: span.startedAt, cluster: file.cluster, images: file.images },
      span.ms,
    ),
  );
  return out;
}
