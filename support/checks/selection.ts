/**
 * Which pods a label selector finds: the names a LIST with `labelSelector` returned against the
 * names the scenario expects (exactly these, in any order).
 */
import { fail, quote } from '../assert.ts';

export function expectSelected(selector: string, expected: string[], observed: string[]): void {
  const want = [...new Set(expected)].sort();
  const got = [...observed].sort();
  const missing = want.filter((n) => !got.includes(n));
  const extra = got.filter((n) => !want.includes(n));
  if (missing.length === 0 && extra.length === 0 && got.length === want.length) return;
  const list = (names: string[]) => (names.length ? names.map((n) => quote(n)).join(', ') : 'none');
  fail(
    `pods matching label selector ${quote(selector)}: expected ${list(want)}, observed ${list(got)}`,
    [missing.length ? `missing: ${list(missing)}` : '', extra.length ? `unexpected: ${list(extra)}` : '']
      .filter(Boolean)
      .join('\n') || undefined,
  );
}
