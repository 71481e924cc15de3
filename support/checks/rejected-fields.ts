/**
 * The fields a 422 refusal names (its causes), compared with the set a scenario expects: all of
 * them and no others, in any order. Naming one field proves that it was refused, not that the
 * valid ones beside it were accepted.
 */
import { quote } from '../assert.ts';

const listed = (fields: string[]) => (fields.length ? fields.map((f) => quote(f)).join(', ') : '(none)');

/** Why the refusal's fields are not exactly `expected`, or undefined when they are. */
export function rejectedFieldsMismatch(expected: string[], observed: string[]): string | undefined {
  const missing = expected.filter((f) => !observed.includes(f));
  const extra = [...new Set(observed.filter((f) => !expected.includes(f)))];
  if (missing.length === 0 && extra.length === 0) return undefined;
  const parts = [
    missing.length ? `not naming ${listed(missing)}` : undefined,
    extra.length ? `also naming ${listed(extra)}` : undefined,
  ].filter(Boolean);
  return `rejected fields: expected exactly ${listed(expected)}, observed ${listed(observed)} (${parts.join('; ')})`;
}
