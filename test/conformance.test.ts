import { describe, expect, it } from 'vitest';
import { clusterOf, conformanceDocument } from '../scripts/report/conformance.ts';
import type { Catalogue } from '../scripts/report/catalogue.ts';
import type { ScenarioResult } from '../scripts/report/messages.ts';
import type { Measurement } from '../support/measurements.ts';

const catalogue: Catalogue = {
  articles: { '001': { file: '001_x.txt', title: 't', language: 'zh' } },
  areas: { probe: 'Probes', term: 'Termination' },
  behaviours: [
    {
      id: 'PROBE-01',
      area: 'probe',
      must: 'It MUST restart.',
      article: '001',
      passage: '容器就会重启',
      gloss: 'the container is restarted',
      differs: { claim: 'a', actual: 'b' },
      upstream: ['common/node/container_probe.go: Probing container should be restarted'],
      beyond: 'the events',
      status: 'encoded',
    },
    {
      id: 'TERM-02',
      area: 'term',
      must: 'It MUST honour the grace period.',
      article: '001',
      passage: 'p',
      gloss: 'g',
      upstream: [],
      status: 'encoded',
    },
  ],
};

const measurement: Measurement = {
  subject: 'first run of container "c" of pod "p"',
  pod: 'p',
  container: 'c',
  seconds: 41,
  minSeconds: 38,
  maxSeconds: 56,
  derivation: 'd',
  withinBounds: true,
  from: '2026-01-01T00:00:00Z',
  to: '2026-01-01T00:00:41Z',
};

const ran: ScenarioResult[] = [
  {
    name: 'restart',
    uri: 'features/probes-liveness.feature',
    line: 28,
    location: 'features/probes-liveness.feature:28',
    status: 'passed',
    logs: [],
    tags: ['@PROBE-01', '@epic:probes'],
    durationMs: 61_000,
    attachments: [
      { fileName: 'measurements.json', mediaType: 'application/json', body: JSON.stringify([measurement]) },
      { fileName: 'timeline-p.txt', mediaType: 'text/plain', body: 'x' },
    ],
  },
  {
    name: 'grace',
    uri: 'features/termination.feature',
    line: 52,
    location: 'features/termination.feature:52',
    status: 'failed',
    message: 'pod "p" removal: expected between 5 s and 15 s, observed 20 s\nmore',
    logs: [],
    tags: ['@TERM-02'],
    durationMs: 25_000,
    attachments: [],
  },
];

describe('conformance.json', () => {
  const cluster = clusterOf({
    images: { busybox: 'pod-conformance.local/busybox:1' },
    cluster: {
      provider: 'local',
      name: 'pod-conformance',
      kubeconfig: '/secret/path',
      serverVersion: 'v1.35.4',
      ociRuntime: 'runc 1.1.5',
      nodes: [
        {
          name: 'n',
          kubeletVersion: 'v1.35.4',
          containerRuntimeVersion: 'containerd://1.6.20',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernelVersion: '6.1.0',
        },
      ],
    },
  });
  const doc = conformanceDocument(
    catalogue,
    [
      {
        uri: 'features/probes-liveness.feature',
        name: 'restart',
        line: 28,
        behaviours: ['PROBE-01'],
        tags: ['@PROBE-01'],
      },
      { uri: 'features/termination.feature', name: 'grace', line: 52, behaviours: ['TERM-02'], tags: ['@TERM-02'] },
    ],
    ran,
    { id: 'run-1', tags: '@PROBE-01 or @TERM-02' },
    cluster,
    {
      kubernetes: 'v1.35.4',
      specs: [
        {
          n: 9,
          file: 'common/node/container_probe.go',
          line: 134,
          spec: 'Probing container should be restarted',
          tags: [],
        },
        { n: 3, file: 'common/node/configmap.go', line: 141, spec: 'ConfigMap empty key', tags: [], out: 'API only' },
        { n: 13, file: 'common/node/container_probe.go', line: 198, spec: 'restart count', tags: [], pending: 21 },
      ],
    },
  );

  it('names the upstream specs per behaviour, and how every spec of the list fared', () => {
    expect(doc.behaviours[0]).toMatchObject({
      upstream: ['common/node/container_probe.go: Probing container should be restarted'],
      beyond: 'the events',
    });
    expect(doc.upstream?.totals).toMatchObject({ specs: 3, covered: 1, passed: 1, out: 1, pending: 1 });
    expect(doc.upstream?.specs.map((s) => [s.n, s.state, s.result, s.by, s.reason, s.issue])).toEqual([
      [9, 'covered', 'passed', [{ id: 'PROBE-01', verdict: 'passed' }], undefined, undefined],
      [3, 'out', undefined, [], 'API only', undefined],
      [13, 'pending', undefined, [], undefined, 21],
    ]);
  });

  it('describes the cluster without its kubeconfig path', () => {
    expect(doc.cluster).toMatchObject({ provider: 'local', serverVersion: 'v1.35.4', ociRuntime: 'runc 1.1.5' });
    expect(JSON.stringify(doc)).not.toContain('/secret/path');
  });

  it('gives each behaviour its verdict, its scenarios with duration and reason, and their measurements', () => {
    expect(doc.totals).toMatchObject({ behaviours: 2, inScope: 2, passed: 1, failed: 1 });
    const [probe, term] = doc.behaviours;
    expect(probe).toMatchObject({
      id: 'PROBE-01',
      result: 'passed',
      article: { id: '001', file: '001_x.txt', passage: '容器就会重启' },
      differs: { claim: 'a', actual: 'b' },
    });
    expect(probe?.scenarios).toEqual([
      {
        name: 'restart',
        location: 'features/probes-liveness.feature:28',
        result: 'passed',
        durationMs: 61_000,
        reason: undefined,
        measurements: [measurement],
      },
    ]);
    expect(term).toMatchObject({
      result: 'failed',
      reason: 'pod "p" removal: expected between 5 s and 15 s, observed 20 s',
      scenarios: [{ result: 'failed', reason: 'pod "p" removal: expected between 5 s and 15 s, observed 20 s' }],
    });
  });
});
