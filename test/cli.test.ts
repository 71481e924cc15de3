import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EXIT, UsageError } from '../scripts/shared/exit.ts';
import type { Catalogue, FeatureScenario } from '../scripts/report/catalogue.ts';
import { listing } from '../scripts/report/list.ts';
import { reportsDir } from '../scripts/shared/paths.ts';

describe('list', () => {
  const catalogue = {
    articles: {},
    areas: {},
    behaviours: [
      { id: 'INIT-01', area: 'init', must: 'Init containers MUST run in order.' },
      { id: 'POD-09', area: 'pod', must: 'Logs MUST be readable.' },
      { id: 'TERM-02', area: 'term', must: 'Grace MUST be honoured.' },
    ],
  } as unknown as Catalogue;
  const scenario = (name: string, line: number, tags: string[]): FeatureScenario => ({
    uri: 'features/a.feature',
    name,
    line,
    tags,
    behaviours: tags.filter((t) => /^@[A-Z]+-\d+$/.test(t)).map((t) => t.slice(1)),
  });
  const scenarios = [
    scenario('logs and exec', 10, ['@POD-09', '@smoke']),
    scenario('init order', 20, ['@INIT-01', '@epic:init']),
    scenario('both', 30, ['@INIT-01', '@POD-09']),
  ];

  it('groups the selection by behaviour, in catalogue order, with where each scenario is', () => {
    expect(listing(catalogue, scenarios, '@POD-09')).toEqual([
      'INIT-01  Init containers MUST run in order.',
      '           both  (features/a.feature:30)',
      'POD-09   Logs MUST be readable.',
      '           logs and exec  (features/a.feature:10)',
      '           both  (features/a.feature:30)',
      '2 scenario(s) of 2 behaviour(s) selected by "@POD-09"',
    ]);
    expect(listing(catalogue, scenarios, '@epic:init and not @POD-09').at(-1)).toBe(
      '1 scenario(s) of 1 behaviour(s) selected by "@epic:init and not @POD-09"',
    );
    expect(listing(catalogue, scenarios, undefined).at(-1)).toBe('3 scenario(s) of 2 behaviour(s)');
  });

  it('refuses a selection without scenarios as bad input', () => {
    expect(() => listing(catalogue, scenarios, '@TERM-02')).toThrow(UsageError);
    expect(() => listing(catalogue, scenarios, '@TERM-02')).toThrow(/"@TERM-02" selects no scenario/);
  });
});

describe('the reports directory', () => {
  it("is the checkout's reports/, the current directory's for an installed package, or the one named", () => {
    expect(reportsDir('/src/pc', '/elsewhere', {})).toBe('/src/pc/reports');
    expect(reportsDir('/proj/node_modules/pod-conformance', '/proj', {})).toBe('/proj/reports');
    expect(reportsDir('/src/pc', '/work', { POD_CONFORMANCE_REPORTS: 'out' })).toBe('/work/out');
  });
});

describe('exit codes of the pod-conformance command', () => {
  const BIN = resolve(import.meta.dirname, '../bin/pod-conformance.mjs');
  const reports = mkdtempSync(join(tmpdir(), 'pc-cli-'));
  // Outside npm and any cluster the caller has, with its own reports (and run lock); never
  // installing: a test must not run npm ci in the checkout it tests.
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') && k !== 'KUBECONFIG')),
    POD_CONFORMANCE_NO_INSTALL: '1',
  };
  const cli = async (...argv: string[]) => cliOf(BIN, ...argv);
  const cliOf = async (bin: string, ...argv: string[]) => {
    try {
      const r = await promisify(execFile)('node', [bin, ...argv], {
        env: { ...env, POD_CONFORMANCE_REPORTS: reports },
      });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('0 for help and for a listing, 2 for bad usage, with one error line', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(EXIT.passed);
    expect(help.stdout).toMatch(/^exit codes:$/m);
    const list = await cli('list', '--tags', '@POD-09');
    expect(list.code).toBe(EXIT.passed);
    expect(list.stdout).toMatch(/^POD-09 /m);
    const bad = await cli('run', '--keep', 'sometimes');
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: --keep takes "failed" or "always"/)]);
    expect(bad.stdout).toBe('0 passed, 1 failed, 0 skipped\n');
    expect((await cli('list', '--tags', '@NO-SUCH-TAG')).code).toBe(EXIT.usage);
  }, 60_000);

  it('follows the conventions: help <command>, <command> --help, --version, completion, -o json, --reports-dir', async () => {
    const page = await cli('help', 'run');
    expect(page.code).toBe(EXIT.passed);
    expect(page.stdout.split('\n')[0]).toBe('usage: pod-conformance run [options]');
    expect((await cli('run', '--help')).stdout).toBe(page.stdout);
    const version = await cli('--version');
    expect(version.stdout).toMatch(/^pod-conformance \d+\.\d+\.\d+ \(node v/);
    expect(JSON.parse((await cli('version', '-o', 'json')).stdout)).toMatchObject({ node: process.version });
    expect((await cli('completion', 'bash')).stdout).toMatch(/^complete -F _pod_conformance pod-conformance$/m);
    const json = await cli('list', '--tags', '@POD-09', '-o', 'json');
    expect((JSON.parse(json.stdout) as { behaviours: unknown[] }).behaviours[0]).toMatchObject({ id: 'POD-09' });
    const mine = mkdtempSync(join(tmpdir(), 'pc-reports-dir-'));
    const catalogue = await cli('catalogue', '--reports-dir', mine, '-o', 'json');
    expect((JSON.parse(catalogue.stdout) as { run: unknown }).run).toBeNull();
    expect(catalogue.stdout).not.toContain(reports);
    for (const bad of [
      ['help', 'runn'],
      ['list', '--json'],
      ['completion', 'fish'],
      ['version', '--tags', '@A'],
    ]) {
      const refused = await cli(...bad);
      expect(refused.code, bad.join(' ')).toBe(EXIT.usage);
      expect(
        refused.stderr
          .trim()
          .split('\n')
          .filter((l) => !/ bundled in /.test(l)),
      ).toEqual([expect.stringMatching(/^error: /)]);
    }
  }, 60_000);

  it('catalogue: 0 without a run, saying so; matrix and bench: 2 for bad usage, before anything runs', async () => {
    const catalogue = await cli('catalogue');
    expect(catalogue.code).toBe(EXIT.passed);
    expect(catalogue.stdout.split('\n')[0]).toBe(
      `no run found (${join(reports, 'messages.ndjson')} is missing): scenario counts only; run the scenarios first for results`,
    );
    expect(catalogue.stdout).toMatch(/^POD-09 +\d+ scenario/m);
    const one = await cli('matrix', reports);
    expect(one.code).toBe(EXIT.usage);
    expect(one.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: matrix needs at least two runs/)]);
    const missing = await cli('matrix', reports, join(reports, 'nothing'), '--out', join(reports, 'm.html'));
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toMatch(/^error: .*: no conformance\.json there; pass a reports directory/);
    expect(existsSync(join(reports, 'm.html'))).toBe(false);
    const bench = await cli('bench', '--parallel', '0');
    expect(bench.code).toBe(EXIT.usage);
    expect(bench.stdout).not.toMatch(/bench:/);
  }, 60_000);

  it('with POD_CONFORMANCE_NO_INSTALL=1, a checkout lacking its dependencies fails instead of installing', async () => {
    // A checkout of only the bootstrap and the manifests: node_modules is missing altogether.
    const root = mkdtempSync(join(tmpdir(), 'pc-bare-'));
    mkdirSync(join(root, 'bin'));
    for (const f of readdirSync(resolve(BIN, '..'))) copyFileSync(resolve(BIN, '..', f), join(root, 'bin', f));
    for (const f of ['package.json', 'package-lock.json'])
      copyFileSync(resolve(import.meta.dirname, '..', f), join(root, f));
    const bare = await cliOf(join(root, 'bin', 'pod-conformance.mjs'), 'list');
    expect(bare.code).toBe(EXIT.failed);
    expect(bare.stderr).toMatch(
      /^error: node_modules in .* lacks \d+ of them, first .* POD_CONFORMANCE_NO_INSTALL=1 forbids installing; run npm ci there$/m,
    );
    expect(existsSync(join(root, 'node_modules'))).toBe(false);
  });

  it('3 when the cluster cannot be reached, before any scenario', async () => {
    const kubeconfig = join(reports, 'closed-port.kubeconfig');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]',
        'users: [{name: u, user: {token: t}}]',
        'contexts: [{name: c, context: {cluster: c, user: u}}]',
        'current-context: c',
      ].join('\n'),
    );
    const run = await cli('run', '--kubeconfig', kubeconfig, '--tags', '@POD-09');
    expect(run.code).toBe(EXIT.cluster);
    expect(run.stderr).toMatch(/^error: cannot reach the API server at https:\/\/127\.0\.0\.1:9/m);
    expect(run.stdout).not.toMatch(/scenarios: cucumber-js/);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed, 0 skipped');
  }, 120_000);
});
