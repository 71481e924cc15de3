/**
 * Failures that read like `pod phase: expected "Succeeded", observed "Failed"`.
 *
 * The class name contains "Assert" on purpose: cucumber keeps the message of such errors and
 * Allure classifies them as "failed" (a product defect) instead of "broken" (a harness defect).
 * Anything else thrown from a step is treated as broken.
 */
export class ConformanceAssertionError extends Error {
  override name = 'ConformanceAssertionError';
  constructor(
    message: string,
    /** Extra lines (last observed state, timeline excerpt) shown under the one-line message. */
    readonly details?: string,
  ) {
    super(details ? `${message}\n${details}` : message);
  }
}

/** A scenario that cannot run as written (bad manifest, unknown name); one line, with the fix. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

export function quote(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * A pattern as a message names it: the text the scenario wrote, quoted, as a regular expression
 * (`matching "/tmp/ok"`), not its escaped literal, whose slashes carry backslashes.
 */
export function patternText(pattern: RegExp): string {
  return `"${pattern.source.replace(/\\\//g, '/')}"${pattern.flags ? ` (flags ${pattern.flags})` : ''}`;
}

export function fail(message: string, details?: string): never {
  throw new ConformanceAssertionError(message, details);
}

export function expectEqual<T>(subject: string, expected: T, observed: T, details?: string): void {
  if (expected !== observed) fail(`${subject}: expected ${quote(expected)}, observed ${quote(observed)}`, details);
}

export function expectContains(subject: string, needle: string, observed: string | undefined, details?: string): void {
  if (observed === undefined || !observed.includes(needle)) {
    fail(`${subject}: expected to contain ${quote(needle)}, observed ${quote(observed)}`, details);
  }
}

/** `a` happened no later than `b` (cluster timestamps; equal is allowed at second resolution). */
export function expectNotAfter(subject: string, a: { label: string; at?: string }, b: { label: string; at?: string }) {
  if (!a.at || !b.at) {
    fail(`${subject}: expected both timestamps, observed ${a.label}=${quote(a.at)}, ${b.label}=${quote(b.at)}`);
  }
  if (Date.parse(a.at) > Date.parse(b.at)) {
    fail(
      `${subject}: expected ${a.label} (${a.at}) not after ${b.label} (${b.at}), observed it ${Date.parse(a.at) - Date.parse(b.at)} ms later`,
    );
  }
}
