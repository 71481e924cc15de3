/**
 * The layout of support/ is its architecture (ARCHITECTURE.md): each folder is a layer and may
 * import only from its own layer and the ones below it, so the folders can be read bottom-up.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Lowest first. A file belongs to the first layer with a matching prefix. */
const LAYERS: Array<[name: string, prefixes: string[]]> = [
  [
    'foundation',
    [
      'assert.ts',
      'duration.ts',
      'report-grace.ts',
      'measurements.ts',
      'manifest.ts',
      'run-config.ts',
      'interrupt.ts',
      'allure.ts',
    ].map((f) => `support/${f}`),
  ],
  ['kube', ['support/kube/']],
  ['watch', ['support/watch/']],
  ['history and expectations', ['support/pods/', 'support/probes/', 'support/checks/']],
  ['actions', ['support/actions/']],
  ['evidence', ['support/evidence/']],
  ['scenario', ['support/scenario/']],
  ['steps', ['steps/']],
];

function layerOf(file: string): number {
  return LAYERS.findIndex(([, prefixes]) => prefixes.some((p) => file === p || file.startsWith(p)));
}

function sources(dir: string): string[] {
  return readdirSync(join(repo, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(repo, file), 'utf8');
  return [...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((m) => normalize(join(dirname(file), m[1]!)));
}

describe('support/ layers', () => {
  const files = [...sources('support'), ...sources('steps')];

  it('place every file of support/ and steps/ in a layer', () => {
    expect(files.filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  it('have no import that runs back up', () => {
    const upward = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('support/') && layerOf(target) > layerOf(file))
        .map(
          (target) =>
            `${file} (${LAYERS[layerOf(file)]![0]}) imports ${relative('.', target)} (${LAYERS[layerOf(target)]![0]})`,
        ),
    );
    expect(upward).toEqual([]);
  });
});
