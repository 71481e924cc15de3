import { describe, expect, it } from 'vitest';
import type { AllureContainer, AllureResult } from '../scripts/report/allure-results.ts';
import { EVIDENCE_FIXTURE, tidy } from '../scripts/report/allure-results.ts';

const labels = (line: number) => [
  { name: 'language', value: 'javascript' },
  { name: 'framework', value: 'cucumberjs' },
  { name: 'package', value: 'pod-conformance.features.x.feature' },
  { name: 'host', value: 'vm' },
  { name: 'thread', value: '3' },
  { name: 'severity', value: 'normal' },
  { name: 'epic', value: 'restart' },
  { name: 'tag', value: '@RESTART-02' },
  { name: 'location', value: `features/x.feature:${line}` },
];

const log = (source: string) => ({
  name: 'Attachment',
  attachments: [{ name: 'Attachment', source, type: 'text/x.cucumber.log+plain' }],
});

function fixture(): { results: AllureResult[]; containers: AllureContainer[] } {
  return {
    results: [
      { uuid: 'a', name: 'same name', labels: labels(20), steps: [{ name: 'When I create it', steps: [log('l1')] }] },
      { uuid: 'b', name: 'same name', labels: labels(21), steps: [] },
    ],
    containers: [
      {
        uuid: 'c',
        name: EVIDENCE_FIXTURE,
        children: ['a'],
        afters: [
          {
            name: EVIDENCE_FIXTURE,
            steps: [
              log('l2'),
              {
                name: 'timeline-p.svg',
                attachments: [{ name: 'timeline-p.svg', source: 's1', type: 'image/svg+xml' }],
              },
            ],
          },
        ],
      },
    ],
  };
}

const files: Record<string, string> = { l1: 'created pod "p"\nmore', l2: 'deleted namespace pc-x' };

describe('Allure results, tidied for an auditor', () => {
  const { results, containers } = tidy(fixture().results, fixture().containers, (s) => files[s] ?? '');

  it('names each test by its behaviour ID, same-named outline rows by their line', () => {
    expect(results.map((r) => r.name)).toEqual(['RESTART-02 same name (line 20)', 'RESTART-02 same name (line 21)']);
  });

  it('drops the labels that say nothing about the cluster, keeps the rest', () => {
    expect(results[0]?.labels?.map((l) => l.name)).toEqual(['epic', 'tag', 'location']);
  });

  it('moves the evidence from Tear down to the test’s own attachments, by its file name', () => {
    expect(results[0]?.attachments).toEqual([{ name: 'timeline-p.svg', source: 's1', type: 'image/svg+xml' }]);
    expect(containers[0]?.afters?.[0]?.steps?.map((s) => s.name)).toEqual(['deleted namespace pc-x']);
  });

  it('shows each log line as its step’s text instead of "Attachment"', () => {
    expect(results[0]?.steps?.[0]?.steps?.[0]).toMatchObject({
      name: 'created pod "p"',
      attachments: [{ name: 'log' }],
    });
  });

  it('changes nothing more when run again', () => {
    const again = tidy(structuredClone(results), structuredClone(containers), (s) => files[s] ?? '');
    expect(again.results).toEqual(results);
    expect(again.containers).toEqual(containers);
  });
});
