/**
 * Values a container printed, compared with what the API server stored: the container's own view
 * (an environment variable, its IP, its pod's UID) against the field the control plane holds.
 * A value is printed as a `NAME=value` line (what `env` prints); the last such line counts.
 */
import { fail, quote } from '../assert.ts';

export interface PrintedValue {
  value: string;
  /** How many lines printed the name (the last one counts). */
  lines: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The value of the last `NAME=value` line of the text, or undefined when no line prints the name. */
export function printedValue(text: string, name: string): PrintedValue | undefined {
  const line = new RegExp(`^${escape(name)}=(.*)$`, 'gm');
  const found = [...text.replace(/\r/g, '').matchAll(line)];
  const last = found.at(-1);
  return last ? { value: last[1] ?? '', lines: found.length } : undefined;
}

/** A stored field as text: a scalar as written, anything else as JSON. */
export function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The printed value equals the stored field (as text); the failure names both and where they came from. */
export function expectPrintedEqualsField(
  subject: { printed: string; field: string },
  name: string,
  printed: PrintedValue | undefined,
  stored: unknown,
  text: string,
): string {
  const expected = fieldText(stored);
  if (!printed) {
    fail(
      `${subject.printed} ${quote(name)}: expected a line ${quote(`${name}=${expected}`)} (${subject.field}), observed no line ${quote(`${name}=…`)}`,
      `output:\n${text.slice(-2000)}`,
    );
  }
  if (printed.value !== expected) {
    fail(
      `${subject.printed} ${quote(name)}: expected ${quote(expected)} (${subject.field}), observed ${quote(printed.value)}`,
    );
  }
  return expected;
}
