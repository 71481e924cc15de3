/**
 * A container's whole log compared line for line with what the scenario says it must be: every
 * line in order, nothing before or after. "contains" would accept a log that also holds what the
 * container never wrote (another container's lines, a runtime's banner, a duplicate).
 */
import { quote } from '../assert.ts';

/** The lines of a log: each line ends in "\n"; a last line without one still counts. */
export function logLines(log: string): string[] {
  if (log === '') return [];
  const lines = log.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Why the log is not exactly these lines (the first difference), or undefined when it is. */
export function logLinesMismatch(expected: string[], log: string): string | undefined {
  const observed = logLines(log);
  const shared = Math.min(expected.length, observed.length);
  for (let i = 0; i < shared; i++) {
    if (expected[i] !== observed[i]) {
      return `line ${i + 1}: expected ${quote(expected[i])}, observed ${quote(observed[i])}`;
    }
  }
  if (observed.length > expected.length) {
    return `expected ${expected.length} line(s), observed ${observed.length}: line ${shared + 1} is ${quote(observed[shared])}, which was not expected`;
  }
  if (observed.length < expected.length) {
    return `expected ${expected.length} line(s), observed ${observed.length}: line ${shared + 1}, ${quote(expected[shared])}, is missing`;
  }
  return undefined;
}

/** How many lines of the log match the pattern (unanchored, as written in the step). */
export function countMatchingLines(log: string, pattern: RegExp): number {
  return logLines(log).filter((line) => pattern.test(line)).length;
}
