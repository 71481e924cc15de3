import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  gateKey,
  MAX_AGE_MS,
  processStart,
  rememberedGate,
  rememberGate,
  type NodeIdentity,
} from '../scripts/run/gate-cache.ts';
import {
  conformanceDocument,
  loadReportInputs,
  reportInputFiles,
  reportInputs,
} from '../scripts/report/conformance.ts';
import { preflightKey, rememberedSelection, rememberSelection } from '../scripts/run/preflight.ts';
import { cachedByFiles } from '../scripts/shared/remembered.ts';
import { needsNoNode } from '../scripts/run/selection.ts';

describe('a selection that needs no node (no sanity gate, no test images loaded or pushed)', () => {
  it('is one whose every scenario is @api-level', () => {
    expect(needsNoNode([{ tags: ['@INIT-07', '@api-level'] }, { tags: ['@api-level'] }])).toBe(true);
    expect(needsNoNode([{ tags: ['@INIT-07', '@api-level'] }, { tags: ['@INIT-01'] }])).toBe(false);
    expect(needsNoNode([])).toBe(false);
  });
});

describe('the remembered sanity gate', () => {
  const node: NodeIdentity = {
    name: 'n1',
    uid: 'u1',
    bootID: 'b1',
    kubeletStartedAt: 1796545170.8,
    kubeletVersion: 'v1.35.4',
    containerRuntimeVersion: 'containerd://1.6.20',
  };
  const key = (nodes: NodeIdentity[], image = 'busybox:1') => gateKey({ server: 'https://a:6443', image, nodes });

  it("reads the kubelet's start from its metrics", () => {
    expect(processStart('# HELP x\nprocess_start_time_seconds 1.7965451708e+09\nother 1')).toBe(1796545170.8);
    expect(processStart('go_goroutines 12')).toBeUndefined();
  });

  it('is keyed by every node: a reboot, a kubelet restart, a new node or another image checks again', () => {
    const base = key([node]);
    expect(key([{ ...node }])).toBe(base);
    expect(key([{ ...node, bootID: 'b2' }])).not.toBe(base);
    expect(key([{ ...node, kubeletStartedAt: node.kubeletStartedAt + 60 }])).not.toBe(base);
    expect(key([{ ...node, uid: 'u2' }])).not.toBe(base);
    expect(key([{ ...node, kubeletVersion: 'v1.36.0' }])).not.toBe(base);
    expect(key([node, { ...node, name: 'n2', uid: 'u3' }])).not.toBe(base);
    expect(key([node], 'busybox:2')).not.toBe(base);
    // the order the API lists the nodes in does not matter
    const two = [node, { ...node, name: 'n2', uid: 'u3' }];
    expect(key(two)).toBe(key(two.slice().reverse()));
  });

  it('is found under its key for an hour, and the newest answer per key wins', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pc-gate-')), 'cache', 'sanity-gate.json');
    expect(rememberedGate(file, 'k')).toBeUndefined();
    const entry = {
      key: 'k',
      passedAt: 1_000_000,
      summary: 'sanity gate passed',
      capabilities: { exec: null },
      nodes: ['n1'],
    };
    rememberGate(file, entry);
    rememberGate(file, { ...entry, key: 'other' });
    expect(rememberedGate(file, 'k', 1_000_000 + 60_000)).toEqual(entry);
    expect(rememberedGate(file, 'k', 1_000_000 + MAX_AGE_MS)).toBeUndefined();
    expect(rememberedGate(file, 'unknown', 1_000_000)).toBeUndefined();
    rememberGate(file, { ...entry, passedAt: 2_000_000, capabilities: { exec: 'no exec' } });
    expect(rememberedGate(file, 'k', 2_000_000)?.capabilities).toEqual({ exec: 'no exec' });
  });
});

describe('the remembered preflight', () => {
  /** A checkout of the directories the dry run reads, one feature file in it. */
  const checkout = () => {
    const root = mkdtempSync(join(tmpdir(), 'pc-preflight-'));
    for (const dir of ['features', 'steps', 'support', 'scripts', 'clusters']) mkdirSync(join(root, dir));
    writeFileSync(join(root, 'features', 'a.feature'), 'Feature: a\n');
    writeFileSync(join(root, 'steps', 'a.steps.ts'), '');
    return root;
  };

  it('is keyed by the tag expression and every file the dry run reads', () => {
    const root = checkout();
    const key = preflightKey('@A', root);
    expect(preflightKey('@A', root)).toBe(key);
    expect(preflightKey('@B', root)).not.toBe(key);
    writeFileSync(join(root, 'features', 'a.feature'), 'Feature: a, changed\n');
    const changed = preflightKey('@A', root);
    expect(changed).not.toBe(key);
    utimesSync(join(root, 'steps', 'a.steps.ts'), new Date(), new Date(Date.now() + 5_000));
    expect(preflightKey('@A', root)).not.toBe(changed);
    writeFileSync(join(root, 'features', 'new.feature'), 'Feature: new\n');
    expect(preflightKey('@A', root)).not.toBe(changed);
  });

  it('answers only for its key, and only while the step catalogue it wrote is there', () => {
    const reports = mkdtempSync(join(tmpdir(), 'pc-reports-'));
    const file = join(reports, 'preflight-cache.json');
    const selection = [{ uri: 'features/a.feature', name: 'S', tags: ['@A'] }];
    rememberSelection(file, 'k', selection);
    expect(rememberedSelection(file, 'k', reports)).toBeUndefined(); // no steps.md
    writeFileSync(join(reports, 'steps.md'), '# steps\n');
    expect(rememberedSelection(file, 'k', reports)).toEqual(selection);
    expect(rememberedSelection(file, 'other', reports)).toBeUndefined();
    // another selection tried meanwhile does not push it out
    rememberSelection(file, 'other', []);
    expect(rememberedSelection(file, 'k', reports)).toEqual(selection);
    expect(rememberedSelection(file, 'other', reports)).toEqual([]);
    writeFileSync(file, '{not json');
    expect(rememberedSelection(file, 'k', reports)).toBeUndefined();
  });
});

describe('values remembered under their files (the report inputs)', () => {
  it('are computed again only when a file changed, and a failure is never remembered', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-filecache-'));
    const [input, cache] = [join(dir, 'input.txt'), join(dir, 'cache.json')];
    writeFileSync(input, 'one');
    let computed = 0;
    const read = () => cachedByFiles(cache, [input], () => (computed++, `value of ${input}`));
    expect(read()).toBe(`value of ${input}`);
    expect(read()).toBe(`value of ${input}`);
    expect(computed).toBe(1);
    writeFileSync(input, 'two, longer');
    read();
    expect(computed).toBe(2);
    utimesSync(input, new Date(), new Date(Date.now() + 5_000));
    read();
    expect(computed).toBe(3);
    writeFileSync(input, 'broken');
    expect(() =>
      cachedByFiles(cache, [input], () => {
        throw new Error('bad input');
      }),
    ).toThrow('bad input');
    expect(() =>
      cachedByFiles(cache, [input], () => {
        throw new Error('bad input');
      }),
    ).toThrow('bad input');
  });

  it("give conformance.json the same content as parsing the catalogue, features and upstream's specs", () => {
    const reports = mkdtempSync(join(tmpdir(), 'pc-reports-'));
    const fresh = loadReportInputs();
    const doc = (i: typeof fresh) =>
      JSON.stringify(conformanceDocument(i.catalogue, i.defined, [], { id: 'r' }, undefined, i.upstream, i.context));
    expect(doc(reportInputs(reports))).toBe(doc(fresh)); // computed and remembered
    expect(doc(reportInputs(reports))).toBe(doc(fresh)); // read back from the file
    expect(reportInputFiles().some((f) => f.endsWith('features/catalogue.yaml'))).toBe(true);
    // every feature file is an input: a scenario added or renamed parses again
    const features = reportInputFiles().filter((f) => f.endsWith('.feature'));
    expect(new Set(fresh.defined.map((d) => d.uri)).size).toBe(features.length);
  });
});
