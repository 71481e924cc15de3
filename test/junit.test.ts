/**
 * reports/junit.xml as a CI system reads it: parsed by junit2json (a JUnit XML parser from npm),
 * not by string matching, so what it shows is what a JUnit consumer gets.
 */
import { parse, type TestSuite, type TestSuites } from 'junit2json';
import { describe, expect, it } from 'vitest';
import type { ClusterDescription } from '../clusters/index.ts';
import { junitXml } from '../scripts/report/junit.ts';
import type { ScenarioResult } from '../scripts/report/messages.ts';

const base = { uri: 'features/restart-policy.feature', logs: [], attachments: [] };
const results: ScenarioResult[] = [
  {
    ...base,
    name: 'restartPolicy Always after a first run that exits 0',
    status: 'passed',
    tags: ['@RESTART-02', '@epic:restart'],
    line: 60,
    exampleLine: 121,
    location: 'features/restart-policy.feature:121',
    durationMs: 35_900,
  },
  {
    ...base,
    name: 'an outline without placeholders',
    status: 'failed',
    message: 'ConformanceAssertionError: restarts: expected 1, observed 2 & <more>\nlast state: …',
    tags: ['@RESTART-03'],
    location: 'features/restart-policy.feature:150',
    durationMs: 20_000,
  },
  {
    ...base,
    name: 'an outline without placeholders',
    status: 'passed',
    tags: ['@RESTART-03'],
    location: 'features/restart-policy.feature:151',
  },
  {
    ...base,
    uri: 'features/scheduling.feature',
    name: 'two pods on two nodes',
    status: 'skipped',
    logs: ['namespace pc-x', 'skipped: capability "multinode" needs 2 schedulable nodes; the cluster has 1'],
    tags: ['@POD-08'],
    location: 'features/scheduling.feature:12',
  },
];

const cluster = {
  provider: 'local',
  name: 'pod-conformance',
  serverVersion: 'v1.35.4',
  ociRuntime: 'runc 1.1.5',
  nodes: [
    {
      name: 'node-1',
      kubeletVersion: 'v1.35.4',
      containerRuntimeVersion: 'containerd://1.6.20',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      kernelVersion: '6.1.0',
    },
  ],
} as unknown as ClusterDescription;

describe('junit.xml, read by a JUnit parser', async () => {
  const xml = junitXml(
    results,
    { id: 'run-1', tags: '@RESTART-02', startedAt: '2026-12-06T08:00:00.000Z', cluster, images: { busybox: 'b:1' } },
    60_000,
  );
  const doc = (await parse(xml)) as TestSuites;
  const suite = doc.testsuite?.[0] as TestSuite;
  const cases = suite.testcase ?? [];

  it('counts the tests, failures and skips', () => {
    expect([doc.tests, doc.failures, suite.tests, suite.failures, suite.skipped]).toEqual([4, 1, 4, 1, 1]);
  });

  it('names every test by its behaviour IDs, an outline’s same-named rows by their line', () => {
    expect(cases.map((c) => c.name)).toEqual([
      'RESTART-02 restartPolicy Always after a first run that exits 0',
      'RESTART-03 an outline without placeholders (line 150)',
      'RESTART-03 an outline without placeholders (line 151)',
      'POD-08 two pods on two nodes',
    ]);
    expect(cases.map((c) => c.classname)).toEqual(['restart-policy', 'restart-policy', 'restart-policy', 'scheduling']);
  });

  it('gives the failure its message without the class name, and the skip its reason', () => {
    expect(cases[1]?.failure?.[0]).toMatchObject({
      type: 'ConformanceAssertionError',
      message: 'restarts: expected 1, observed 2 & <more>',
    });
    expect(cases[1]?.failure?.[0]?.inner).toContain('last state: …');
    expect(cases[3]?.skipped?.[0]?.message).toBe('capability "multinode" needs 2 schedulable nodes; the cluster has 1');
  });

  it('carries the run and its cluster as properties', () => {
    const props: Record<string, string | undefined> = Object.fromEntries(
      (suite.properties ?? []).map((p): [string, string | undefined] => [p.name ?? '', p.value]),
    );
    expect(props).toMatchObject({
      'run.id': 'run-1',
      'run.selection': '@RESTART-02',
      'cluster.provider': 'local',
      'kubernetes.server': 'v1.35.4',
      'cluster.oci_runtime': 'runc 1.1.5',
      'node.1.runtime': 'containerd://1.6.20',
      'node.1.kernel': '6.1.0',
      'image.busybox': 'b:1',
    });
  });
});
