/**
 * A container's environment as its main process received it: the NUL-separated
 * `/proc/1/environ`, read by exec, parsed into names and values, and held to the variables a
 * scenario expects. Every entry is `NAME=VALUE` with the first `=` as separator (a name never
 * holds one); a value keeps every byte, newlines included, so a Secret's `value-1\n` is told apart
 * from `value-1`.
 */
import { quote } from '../assert.ts';

export type Environment = Map<string, string>;

/** The command that prints the main process's environment (PID 1 of the container's PID namespace). */
export const ENVIRON_COMMAND = ['cat', '/proc/1/environ'];

export function parseEnviron(raw: string): Environment {
  const env: Environment = new Map();
  for (const entry of raw.split('\0')) {
    if (entry === '') continue;
    const at = entry.indexOf('=');
    if (at <= 0) env.set(entry, '');
    else env.set(entry.slice(0, at), entry.slice(at + 1));
  }
  return env;
}

/** A value written `/…/` is a regular expression the whole value must match; anything else is exact. */
export function valueMatches(expected: string, observed: string): boolean {
  const pattern = /^\/(.+)\/$/s.exec(expected);
  if (pattern) return new RegExp(`^(?:${pattern[1]})$`, 's').test(observed);
  return expected === observed;
}

/** One line per expected variable that is missing or differs: `FOO: expected "a", observed "b"`. */
export function environmentMismatches(expected: [string, string][], env: Environment): string[] {
  return expected.flatMap(([name, value]) => {
    const observed = env.get(name);
    if (observed === undefined) return [`${name}: expected ${quote(value)}, observed no such variable`];
    return valueMatches(value, observed) ? [] : [`${name}: expected ${quote(value)}, observed ${quote(observed)}`];
  });
}

/** The environment as `NAME="value"` lines, sorted, for a failure's details. */
export function describeEnvironment(env: Environment): string {
  return [...env.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${quote(value)}`)
    .join('\n');
}
