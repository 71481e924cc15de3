import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain-JavaScript module (cucumber.mjs loads it before TypeScript can be).
import { entryFiles } from '../scripts/cucumber/support-bundle.mjs';

const ROOT = resolve(import.meta.dirname, '..');

/** The files `npm pack` puts in the tarball, from its dry run. */
async function packedFiles(): Promise<string[]> {
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
  });
  return (JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
}

describe('the npm package', () => {
  it('holds everything the command imports and reads, and none of the tests', async () => {
    const files = await packedFiles();
    const packed = new Set(files);
    for (const needed of [
      'bin/pod-conformance.mjs',
      'cucumber.mjs',
      'allurerc.mjs',
      'features/catalogue.yaml',
      'features/upstream-specs.yaml',
      'features/durations.json',
      'clusters/local/build/kubernetes/go.sum',
      'clusters/images/pause/pause.c',
      'clusters/images/agnhost/go.sum',
    ])
      expect(packed, needed).toContain(needed);
    expect(files.filter((f) => f.startsWith('test/'))).toEqual([]);
    // What the workers load: the support bundle's entries (support/ and every step file).
    expect((entryFiles as (root: string) => string[])(ROOT).filter((f) => !packed.has(f))).toEqual([]);
    // Every relative import of a packed module is packed too.
    const missing: string[] = [];
    for (const file of files.filter((f) => /\.(ts|mjs)$/.test(f))) {
      const source = readFileSync(join(ROOT, file), 'utf8');
      for (const [, target] of source.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
        const path = normalize(join(dirname(file), target!));
        if (!packed.has(path)) missing.push(`${file} → ${path}`);
      }
    }
    expect(missing).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(packed).toContain(manifest.bin['pod-conformance']);
  }, 60_000);
});
