import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain-JavaScript module (cucumber.mjs loads it before any TypeScript loader).
import { entryFiles, importedNames, savedBetween, supportBundle } from '../scripts/cucumber/support-bundle.mjs';

const build = supportBundle as (o: { root: string; log: (line: string) => void }) => Promise<{ bundle: string }>;
const bundle = async (o: { root: string; log: (line: string) => void }) => (await build(o)).bundle;

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

function checkout(): string {
  root = mkdtempSync(join(tmpdir(), 'bundle-'));
  mkdirSync(join(root, 'support', 'scenario'), { recursive: true });
  mkdirSync(join(root, 'steps', 'more'), { recursive: true });
  for (const f of ['interrupt', 'allure', 'scenario/world', 'scenario/hooks', 'scenario/speed-hooks'])
    writeFileSync(join(root, 'support', `${f}.ts`), '');
  writeFileSync(join(root, 'support', 'here.ts'), 'export const here: string = import.meta.dirname;\n');
  writeFileSync(join(root, 'steps', 'b.ts'), "import { here } from '../support/here.ts';\nprocess.title = here;\n");
  writeFileSync(join(root, 'steps', 'more', 'a.ts'), 'export const a = 1;\n');
  return root;
}

describe('the support bundle', () => {
  it('imports the support files in their order, then every file under steps/', () => {
    expect((entryFiles as (r: string) => string[])(checkout())).toEqual([
      'support/interrupt.ts',
      'support/allure.ts',
      'support/scenario/world.ts',
      'support/scenario/hooks.ts',
      'support/scenario/speed-hooks.ts',
      'steps/b.ts',
      'steps/more/a.ts',
    ]);
  });

  it('is built once, reused while its inputs are unchanged, rebuilt when one changes', async () => {
    const dir = checkout();
    const builds: string[] = [];
    const log = (line: string) => builds.push(line);
    const out = await bundle({ root: dir, log });
    expect(builds).toHaveLength(1);
    // Each source keeps its own directory, not the bundle's.
    expect(readFileSync(out, 'utf8')).toContain(JSON.stringify(join(dir, 'support')));
    await bundle({ root: dir, log });
    expect(builds).toHaveLength(1);
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, 'support', 'here.ts'), later, later);
    await bundle({ root: dir, log });
    expect(builds).toHaveLength(2);
    writeFileSync(join(dir, 'steps', 'c.ts'), '');
    await bundle({ root: dir, log });
    expect(builds).toHaveLength(3);
  });

  it('does not trust a bundle whose source was saved while it was built (a future mtime is no such save)', () => {
    const dir = checkout();
    const file = join(dir, 'support', 'here.ts');
    const now = Date.now();
    const during = (mtimeMs: number) => {
      utimesSync(file, new Date(mtimeMs), new Date(mtimeMs));
      return (savedBetween as (files: string[], from: number, to: number) => boolean)([file], now - 1_000, now);
    };
    expect(during(now - 500)).toBe(true);
    expect(during(now - 5_000)).toBe(false);
    expect(during(now + 60_000)).toBe(false);
  });

  it('re-exports from each vendor file only the names the bundle imports', () => {
    const code = [
      'import { KubeConfig, CoreV1Api as Core } from "./vendor/_kubernetes_client-node.mjs";',
      'import { parse } from "./vendor/yaml.mjs";',
      'import { stringify as stringify2 } from "./vendor/yaml.mjs";',
      'import * as everything from "./vendor/other.mjs";',
    ].join('\n');
    const names = (importedNames as (code: string) => Map<string, Set<string>>)(code);
    expect(Object.fromEntries([...names].map(([file, set]) => [file, [...set]]))).toEqual({
      '_kubernetes_client-node.mjs': ['KubeConfig', 'CoreV1Api'],
      'yaml.mjs': ['parse', 'stringify'],
      'other.mjs': ['*'],
    });
  });
});
