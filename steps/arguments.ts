/**
 * What a step's arguments go through before its body sees them, written once for every step:
 * lists split the same way, kinds checked against their choices, placeholders resolved.
 * Pure functions; steps/parameters.ts and steps/define.ts apply them.
 */
import { DataTable } from '@cucumber/cucumber';
import { ScenarioError } from '../support/assert.ts';
import { hasPlaceholder } from '../support/manifest.ts';

/** `"Init:0/2, PodInitializing, Running"`: comma-separated items, trimmed; empty items are dropped. */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** `"0, 10, 20, 40"`: a list of whole or fractional numbers, none negative. */
export function parseNumbers(text: string): number[] {
  const items = parseList(text);
  const numbers = items.map(Number);
  if (items.length === 0 || numbers.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new ScenarioError(`"${text}" is not a list of numbers: write them like "0, 10, 20, 40"`);
  }
  return numbers;
}

/** An unanchored regular expression, or an error naming what is wrong with it. */
export function parsePattern(text: string): RegExp {
  try {
    return new RegExp(text);
  } catch (err) {
    throw new ScenarioError(`"${text}" is not a regular expression: ${(err as Error).message}`);
  }
}

/** The text as one of the choices, or an error naming them: `unknown probe kind "livenes": use liveness, readiness or startup`. */
export function oneOf<K extends string>(what: string, choices: readonly K[], text: string): K {
  if ((choices as readonly string[]).includes(text)) return text as K;
  const listed =
    choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}` : (choices[0] ?? '(none)');
  throw new ScenarioError(`unknown ${what} "${text}": use ${listed}`);
}

/**
 * A step's arguments with every placeholder resolved: strings (quoted arguments, words, doc
 * strings), the items of a list, the source of a pattern and the cells of a data table. Other
 * values (numbers, durations, states) pass as they are; text without a placeholder is not
 * touched, so a shell's own `${var}` stays as written.
 */
export function resolvePlaceholders(args: readonly unknown[], resolve: (text: string) => string): unknown[] {
  const text = (s: string) => (hasPlaceholder(s) ? resolve(s) : s);
  return args.map((arg) => {
    if (typeof arg === 'string') return text(arg);
    if (Array.isArray(arg) && arg.every((item) => typeof item === 'string')) return arg.map(text);
    if (arg instanceof RegExp && hasPlaceholder(arg.source)) return new RegExp(text(arg.source), arg.flags);
    if (arg instanceof DataTable) return new DataTable(arg.raw().map((row) => row.map(text)));
    return arg;
  });
}
