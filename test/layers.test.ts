/**
 * The layout of support/ is its architecture (ARCHITECTURE.md): each folder is a layer and may
 * import only from its own layer and the ones below it, so the folders can be read bottom-up.
 * support/ and steps/ run inside the cucumber workers: they never import the command line and its
 * run (scripts/) or the cluster providers (clusters/), which sit beside them, not below.
 * clusters/ is laid out the same way, with one more rule: no provider imports another.
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
      'run-env.mjs',
      'run-env.d.mts',
      'gherkin.mjs',
      'gherkin.d.mts',
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

function layerOf(file: string, layers = LAYERS): number {
  return layers.findIndex(([, prefixes]) => prefixes.some((p) => file === p || file.startsWith(p)));
}

/** Code the layers are made of: TypeScript and the plain-JavaScript modules cucumber loads first. */
const CODE = /\.(ts|mts|mjs|js)$/;

function sources(dir: string): string[] {
  return readdirSync(join(repo, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : CODE.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/**
 * The relative modules a file imports, in any form: `import … from`, `export … from`, a bare
 * `import '…'` and a dynamic `import('…')`.
 */
function relativeImports(text: string): string[] {
  const forms = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
  return [...text.matchAll(forms)].map((m) => m[1]!);
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(repo, file), 'utf8');
  return relativeImports(text).map((target) => normalize(join(dirname(file), target)));
}

/** Folders beside support/ and steps/ that the workers' code must never reach into. */
const OUTSIDE = ['scripts/', 'clusters/', 'bin/'];

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

  it('never import scripts/ or clusters/', () => {
    const outward = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => OUTSIDE.some((dir) => target.startsWith(dir)))
        .map((target) => `${file} imports ${target}`),
    );
    expect(outward).toEqual([]);
  });
});

/**
 * clusters/, lowest first: the contract every provider fulfils (provider.ts) and what they share
 * (API calls, paths, the run registry, the one poll); the test images they load; the providers;
 * the entry points the command line imports.
 */
const CLUSTER_LAYERS: Array<[name: string, prefixes: string[]]> = [
  ['contract and shared', ['clusters/provider.ts', 'clusters/shared/']],
  ['test images', ['clusters/images/']],
  ['providers', ['clusters/local/', 'clusters/kind/', 'clusters/existing/']],
  ['entry points', ['clusters/index.ts', 'clusters/cli.ts', 'clusters/select.ts', 'clusters/verify.ts']],
];

/** Each provider stands alone: what two of them need belongs in clusters/shared/. */
const PROVIDERS = ['clusters/local/', 'clusters/kind/', 'clusters/existing/'];

describe('clusters/ layers', () => {
  const files = sources('clusters');
  const inLayer = (file: string) => layerOf(file, CLUSTER_LAYERS);
  const providerOf = (file: string) => PROVIDERS.find((dir) => file.startsWith(dir));

  it('place every file of clusters/ in a layer', () => {
    expect(files.filter((f) => inLayer(f) < 0)).toEqual([]);
  });

  it('have no import that runs back up', () => {
    const upward = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('clusters/') && inLayer(target) > inLayer(file))
        .map(
          (target) =>
            `${file} (${CLUSTER_LAYERS[inLayer(file)]![0]}) imports ${target} (${CLUSTER_LAYERS[inLayer(target)]![0]})`,
        ),
    );
    expect(upward).toEqual([]);
  });

  it('have no provider importing another', () => {
    const across = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => providerOf(file) && providerOf(target) && providerOf(target) !== providerOf(file))
        .map((target) => `${file} imports ${target}`),
    );
    expect(across).toEqual([]);
  });

  it('never import scripts/, support/, steps/ or bin/', () => {
    const outward = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => ['scripts/', 'support/', 'steps/', 'bin/'].some((dir) => target.startsWith(dir)))
        .map((target) => `${file} imports ${target}`),
    );
    expect(outward).toEqual([]);
  });
});

/**
 * scripts/ by job (ARCHITECTURE.md): the command on top, and under it folders that each may import
 * only the folders named here (support/ and clusters/ sit below all of them). Reports are drawn
 * from files alone, so report/ never reaches into the run; what cucumber itself loads (cucumber/)
 * stands on support/ alone; shared/ is the bottom of scripts/.
 */
const SCRIPTS_PARTS: Record<string, string[]> = {
  'scripts/shared/': ['scripts/shared/'],
  'scripts/cucumber/': ['scripts/cucumber/'],
  'scripts/report/': ['scripts/report/', 'scripts/shared/'],
  'scripts/run/': ['scripts/run/', 'scripts/report/', 'scripts/cucumber/', 'scripts/shared/'],
  'scripts/bench/': ['scripts/bench/', 'scripts/run/', 'scripts/report/', 'scripts/shared/'],
  'scripts/in-cluster/': [
    'scripts/in-cluster/',
    'scripts/run/',
    'scripts/report/',
    'scripts/cucumber/',
    'scripts/shared/',
  ],
};
/** The command line: the only code on top of scripts/, and imported by nothing below it. */
const COMMAND_FILES = ['scripts/args.ts', 'scripts/cli.ts', 'scripts/usage.ts'];

describe('scripts/ by job', () => {
  const files = sources('scripts');
  const partOf = (file: string) => Object.keys(SCRIPTS_PARTS).find((part) => file.startsWith(part));

  it('holds on top only the command line, and everything else in a folder of its job', () => {
    expect(files.filter((f) => partOf(f) === undefined)).toEqual(COMMAND_FILES);
  });

  it('has no import between its folders that the layout does not allow', () => {
    const crossing = files.flatMap((file) => {
      const part = partOf(file);
      if (part === undefined) return [];
      return importsOf(file)
        .filter((target) => target.startsWith('scripts/') && !SCRIPTS_PARTS[part]!.some((p) => target.startsWith(p)))
        .map((target) => `${file} imports ${target}`);
    });
    expect(crossing).toEqual([]);
  });

  it('keeps what cucumber loads on support/ alone', () => {
    const outward = files
      .filter((f) => f.startsWith('scripts/cucumber/'))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => !target.startsWith('scripts/cucumber/') && !target.startsWith('support/'))
          .map((target) => `${file} imports ${target}`),
      );
    expect(outward).toEqual([]);
  });
});

describe('the import reader', () => {
  it('sees every import form, in TypeScript and plain JavaScript alike', () => {
    const text = [
      "import { a } from '../a.ts';",
      "import type { B } from './b.ts';",
      "export { c } from '../../c.mjs';",
      "import './d.mjs';",
      "const e = await import('../e.ts');",
      'import { f } from "./f.js";',
      "import { g } from 'node:fs';",
    ].join('\n');
    expect(relativeImports(text)).toEqual(['../a.ts', './b.ts', '../../c.mjs', './d.mjs', '../e.ts', './f.js']);
  });
});
