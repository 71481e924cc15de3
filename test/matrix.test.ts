import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConformanceBehaviour, ConformanceDocument } from '../scripts/report/conformance.ts';
import { CONFORMANCE_SCHEMA } from '../scripts/report/conformance.ts';
import {
  CELL_REASON_CHARS,
  cellReason,
  columnNames,
  differenceCounts,
  measurementText,
  implementationLabel,
  matrixHtml,
  matrixRows,
  readNotes,
  readRun,
} from '../scripts/report/matrix.ts';

const behaviour = (id: string, result: ConformanceBehaviour['result'], reason?: string): ConformanceBehaviour => ({
  id,
  area: 'probe',
  must: `${id} MUST hold.`,
  result,
  reason,
  article: { id: '001', file: 'f', passage: 'p', gloss: 'g' },
  scenarios: [
    {
      name: 's',
      location: 'features/a.feature:1',
      result: result === 'failed' ? 'failed' : 'passed',
      measurements: [
        {
          subject: 'x',
          seconds: result === 'failed' ? 70 : 31,
          minSeconds: 30,
          maxSeconds: 40,
          derivation: 'd',
          withinBounds: result !== 'failed',
        },
      ],
    },
  ],
});

function run(version: string, runtime: string, behaviours: ConformanceBehaviour[]): ConformanceDocument {
  const passed = behaviours.filter((b) => b.result === 'passed').length;
  return {
    schema: CONFORMANCE_SCHEMA,
    run: { id: `run-${version}-${runtime}` },
    cluster: {
      provider: 'local',
      name: 'pod-conformance',
      serverVersion: version,
      ociRuntime: runtime,
      nodes: [
        {
          name: 'n',
          kubeletVersion: version,
          containerRuntimeVersion: 'containerd://1.6.20',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernelVersion: '6.1.0',
        },
      ],
      images: {},
    },
    totals: {
      behaviours: behaviours.length,
      inScope: behaviours.length,
      passed,
      failed: behaviours.length - passed,
      skipped: 0,
      notRun: 0,
      pending: 0,
      outOfScope: 0,
    },
    behaviours,
  };
}

const reference = run('v1.35.4', 'runc 1.1.5', [
  behaviour('INIT-01', 'passed'),
  behaviour('PROBE-13', 'passed'),
  behaviour('TERM-01', 'passed'),
]);
const crun = run('v1.35.4', 'crun 1.8.1', [
  behaviour('INIT-01', 'passed'),
  behaviour('PROBE-13', 'passed'),
  behaviour('TERM-01', 'failed', 'removal: expected 30 s … 40 s, observed 70 s'),
]);
const older = run('v1.34.6', 'runc 1.1.5', [
  behaviour('INIT-01', 'passed'),
  behaviour('PROBE-13', 'skipped', 'needs exec'),
  behaviour('TERM-01', 'passed'),
  behaviour('HOOK-99', 'passed'),
]);

describe('matrix', () => {
  it('puts the rows whose results differ first, then the rest in catalogue order', () => {
    expect(matrixRows([reference, crun, older]).map((r) => [r.id, r.differs])).toEqual([
      ['PROBE-13', true],
      ['TERM-01', true],
      ['HOOK-99', true],
      ['INIT-01', false],
    ]);
  });

  it('names the upstream specs of each behaviour under its MUST sentence, from a run that has them', () => {
    const named = {
      ...reference,
      behaviours: reference.behaviours.map((b) =>
        b.id === 'TERM-01' ? { ...b, upstream: ['common/node/pods.go: Pods should be submitted and removed'] } : b,
      ),
    };
    expect(matrixRows([older, named]).find((r) => r.id === 'TERM-01')?.upstream).toEqual([
      'common/node/pods.go: Pods should be submitted and removed',
    ]);
    expect(
      matrixHtml([
        { doc: named, view: 'a' },
        { doc: older, view: 'b' },
      ]),
    ).toContain('upstream: <div>common/node/pods.go: Pods should be submitted and removed</div>');
  });

  it('shows that nothing differs when the runs agree', () => {
    expect(matrixRows([reference, reference]).every((r) => !r.differs)).toBe(true);
  });

  it('heads each column with provider, Kubernetes version and runtime', () => {
    expect(implementationLabel(crun).title).toBe('local · v1.35.4 · containerd://1.6.20 / crun 1.8.1');
  });

  it('writes one self-contained page whose cells link to each run’s evidence', () => {
    const page = matrixHtml([
      { doc: reference, view: 'a/html/behaviours.html' },
      { doc: crun, view: 'b/html/behaviours.html' },
      { doc: older },
    ]);
    expect(page).toContain('<b>3 where the implementations differ</b>');
    expect(page).toContain('href="b/html/behaviours.html#TERM-01"');
    expect(page).toContain('removal: expected 30 s … 40 s, observed 70 s');
    expect(page).toContain('✗ x: 70 s (bounds 30 s … 40 s, OUTSIDE)');
    // Without an HTML report the badge opens the cell's own scenarios, never raw JSON.
    expect(page).toMatch(/<td id="c3-TERM-01">\s*<a href="#c3-TERM-01">/);
    expect(page).not.toContain('conformance.json#');
    expect(page).toContain('not in this run’s catalogue');
    expect(page).not.toMatch(/<script|<link|src="http|href="http/);
    expect(page.indexOf('PROBE-13')).toBeLessThan(page.indexOf('INIT-01'));
  });
});

describe('matrix columns, groups and differences', () => {
  const twin = { ...reference, run: { ...reference.run, startedAt: '2026-12-06T09:00:00.000Z' } };
  const first = { ...reference, run: { ...reference.run, startedAt: '2026-12-06T08:00:00.000Z' } };

  it('names each column by its --label, else by its cluster, two alike told apart by their start', () => {
    expect(
      columnNames([
        { doc: reference, label: 'runc' },
        { doc: crun, label: 'crun' },
      ]),
    ).toEqual(['runc', 'crun']);
    expect(columnNames([{ doc: first }, { doc: twin }])).toEqual([
      'local · v1.35.4 · containerd://1.6.20 / runc 1.1.5 · run of 2026-12-06 08:00:00 UTC',
      'local · v1.35.4 · containerd://1.6.20 / runc 1.1.5 · run of 2026-12-06 09:00:00 UTC',
    ]);
  });

  it('counts per column the results that differ from the first column', () => {
    const rows = matrixRows([reference, crun, older]);
    expect(differenceCounts(rows, 3)).toEqual([0, 1, 2]);
    const page = matrixHtml([
      { doc: reference, label: 'runc' },
      { doc: crun, label: 'crun' },
    ]);
    expect(page).toMatch(/<b>1<\/b> result\(s\) differ from runc/);
  });

  it('groups the rows by area, and hides the same ones when only differences are asked for, without a script', () => {
    const areas = {
      ...reference,
      behaviours: [behaviour('INIT-01', 'passed'), { ...behaviour('TERM-01', 'passed'), area: 'term' }],
    };
    const other = {
      ...crun,
      behaviours: [behaviour('INIT-01', 'passed'), { ...behaviour('TERM-01', 'failed'), area: 'term' }],
    };
    const page = matrixHtml([{ doc: areas }, { doc: other }], { probe: 'Probes', term: 'Termination' });
    expect(page).toMatch(/Probes\s+<span class="small">· 1 behaviours<\/span>/);
    expect(page).toMatch(/Termination\s+<span class="small">· 1 behaviours, <b>1 differ<\/b><\/span>/);
    expect(page).toContain('<tr id="INIT-01" class="same">');
    expect(page).toContain('id="only-differences"');
    expect(page).toContain('body:has(#only-differences:checked) tr.same');
    expect(page).not.toMatch(/<script/);
  });

  it('says what a measurement measured, its bounds and its verdict, also when its moment never came', () => {
    expect(
      measurementText({
        subject: 'removal of pod "p"',
        seconds: 12,
        minSeconds: 0,
        maxSeconds: 2,
        derivation: 'd',
        withinBounds: false,
        unfinished: true,
      }),
    ).toBe('✗ removal of pod "p": not yet after 12 s (bounds 0 s … 2 s)');
    expect(
      measurementText({
        subject: 'removal of pod "p"',
        seconds: 7,
        minSeconds: 5,
        maxSeconds: 35,
        derivation: 'd',
        withinBounds: true,
      }),
    ).toBe('✓ removal of pod "p": 7 s (bounds 5 s … 35 s, within)');
  });
});

describe('a failure reason in a cell', () => {
  it('is kept whole when short, without the error class name', () => {
    expect(cellReason('ConformanceAssertionError: removal: expected 30 s … 40 s, observed 70 s')).toEqual({
      text: 'removal: expected 30 s … 40 s, observed 70 s',
      full: 'removal: expected 30 s … 40 s, observed 70 s',
    });
  });

  it('is cut to its start when it lists every observed state, the whole reason kept for the tooltip', () => {
    const long = `ConformanceAssertionError: event "Unhealthy": expected within 30 seconds, observed ${'"Pulled", '.repeat(300)}`;
    const r = cellReason(long);
    expect(r.text.length).toBe(CELL_REASON_CHARS);
    expect(r.text).toMatch(/^event "Unhealthy": expected within 30 seconds, observed "Pulled", .*…$/);
    expect(r.full).toBe(long.replace('ConformanceAssertionError: ', ''));
    const page = matrixHtml([
      {
        doc: { ...reference, behaviours: [{ ...reference.behaviours[0]!, result: 'failed', reason: long }] },
        view: 'a',
      },
    ]);
    expect(page).toContain(`title="${r.full.replace(/"/g, '&quot;')}"`);
  });
});

describe('reading a run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'matrix-'));

  it('takes a reports directory and links to its behaviours view when there is one', () => {
    const a = join(dir, 'a');
    mkdirSync(join(a, 'html'), { recursive: true });
    writeFileSync(join(a, 'conformance.json'), JSON.stringify(reference));
    writeFileSync(join(a, 'html', 'behaviours.html'), '<html></html>');
    expect(readRun(a, dir)).toMatchObject({ view: 'a/html/behaviours.html', doc: { run: reference.run } });
    const b = join(dir, 'b');
    mkdirSync(b, { recursive: true });
    writeFileSync(join(b, 'conformance.json'), JSON.stringify(reference));
    expect(readRun(b, dir).view).toBeUndefined();
  });

  it('refuses a directory without conformance.json, and a file of another schema, in one line each', () => {
    expect(() => readRun(join(dir, 'none'), dir)).toThrow(/no conformance\.json there; pass a reports directory/);
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ schema: 'x' }));
    expect(() => readRun(join(dir, 'old.json'), dir)).toThrow(
      /schema "x", expected "pod-conformance\/conformance\/v1"/,
    );
  });
});

describe('notes of the rows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'matrix-notes-'));
  const ids = new Set(reference.behaviours.map((b) => b.id));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('are read from a YAML map of behaviour ID to text and shown in the row, escaped', () => {
    const id = reference.behaviours[0]!.id;
    const notes = readNotes(file('ok.yaml', `${id}: >-\n  one node <only>\n  here\n`), ids);
    expect(notes).toEqual({ [id]: 'one node <only> here' });
    const page = matrixHtml([{ doc: reference }, { doc: crun }], {}, notes);
    expect(page).toContain('<div class="note"><b>note:</b> one node &lt;only&gt; here</div>');
    expect(page.match(/class="note"/g)).toHaveLength(1);
  });

  it('refuse a file that is not there, not a map, a note that is no text, and an ID no run has, in one line each', () => {
    expect(() => readNotes(join(dir, 'none.yaml'), ids)).toThrow(/^--notes \S+none\.yaml: cannot read it \(ENOENT\)$/);
    expect(() => readNotes(file('list.yaml', '- a\n- b\n'), ids)).toThrow(/expected a map of behaviour ID to note/);
    expect(() => readNotes(file('bad.yaml', 'a: [\n'), ids)).toThrow(/: not YAML \(/);
    const id = reference.behaviours[0]!.id;
    expect(() => readNotes(file('num.yaml', `${id}: 3\n`), ids)).toThrow(`the note of ${id} is not a non-empty text`);
    expect(() => readNotes(file('typo.yaml', 'TREM-01: why\n'), ids)).toThrow(
      /TREM-01 is no behaviour of these runs; check the ID$/,
    );
  });
});
