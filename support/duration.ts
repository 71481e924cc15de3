/**
 * Durations as scenarios write them ("90 seconds", "2 minutes", "1 minute 30 seconds", "500
 * milliseconds"). The same text drives a wait's deadline and the step's timeout, so both always
 * agree with what the scenario says.
 */

const UNIT_MS: Record<string, number> = {
  millisecond: 1,
  milliseconds: 1,
  ms: 1,
  second: 1_000,
  seconds: 1_000,
  s: 1_000,
  minute: 60_000,
  minutes: 60_000,
  min: 60_000,
  m: 60_000,
};

/** One `<number> <unit>` term; the Gherkin parameter type accepts one or two of them. */
const TERM = String.raw`\d+(?:\.\d+)?\s?(?:milliseconds?|ms|seconds?|s|minutes?|min|m)`;

/** Source of the `{duration}` parameter type's regular expression. */
export const DURATION_PATTERN = String.raw`${TERM}(?:(?:,?\s(?:and\s)?)${TERM})?`;

export class Duration {
  private constructor(
    readonly ms: number,
    readonly text: string,
  ) {}

  static parse(text: string): Duration {
    const trimmed = text.trim();
    const term = /(\d+(?:\.\d+)?)\s?([a-z]+)/g;
    let total = 0;
    let consumed = '';
    for (const m of trimmed.matchAll(term)) {
      const unit = UNIT_MS[m[2] ?? ''];
      if (unit === undefined) throw new Error(`unknown duration unit "${m[2]}" in "${text}"`);
      total += Number(m[1]) * unit;
      consumed += m[0];
    }
    const rest = trimmed.replace(term, '').replace(/,|\band\b|\s/g, '');
    if (consumed === '' || rest !== '') {
      throw new Error(`cannot read "${text}" as a duration; write e.g. "90 seconds" or "2 minutes"`);
    }
    return new Duration(Math.round(total), trimmed);
  }

  static ofMs(ms: number): Duration {
    return new Duration(ms, formatMs(ms));
  }

  plus(other: Duration): Duration {
    return Duration.ofMs(this.ms + other.ms);
  }

  toString(): string {
    return this.text;
  }
}

/** Human form for logs and messages: 850 ms, 41.2 s, 2 min 5 s. */
export function formatMs(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0).replace(/\.0$/, '')} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1_000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}
