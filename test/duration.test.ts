import { describe, expect, it } from 'vitest';
import { DURATION_PATTERN, Duration, formatMs } from '../support/duration.ts';

describe('Duration.parse', () => {
  it.each([
    ['90 seconds', 90_000],
    ['1 second', 1_000],
    ['2 minutes', 120_000],
    ['1 minute', 60_000],
    ['1.5 minutes', 90_000],
    ['500 milliseconds', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1 minute 30 seconds', 90_000],
    ['1 minute and 30 seconds', 90_000],
  ])('reads "%s" as %d ms', (text, ms) => {
    expect(Duration.parse(text).ms).toBe(ms);
  });

  it.each(['', 'soon', '10', '10 parsecs', 'ten seconds', '5 seconds later'])('refuses "%s" with a hint', (text) => {
    expect(() => Duration.parse(text)).toThrow(/duration/);
  });

  it('keeps the text for messages', () => {
    expect(Duration.parse('2 minutes').toString()).toBe('2 minutes');
  });

  it('adds durations', () => {
    expect(Duration.parse('1 minute').plus(Duration.parse('30 seconds')).ms).toBe(90_000);
  });
});

describe('DURATION_PATTERN (the {duration} parameter type)', () => {
  const whole = new RegExp(`^(?:${DURATION_PATTERN})$`);
  it.each(['90 seconds', '2 minutes', '1 minute 30 seconds', '250 ms'])('matches "%s"', (text) => {
    expect(whole.test(text)).toBe(true);
  });
  it.each(['seconds', '2 fortnights'])('does not match "%s"', (text) => {
    expect(whole.test(text)).toBe(false);
  });
});

describe('formatMs', () => {
  it.each([
    [850, '850 ms'],
    [4_200, '4.2 s'],
    [41_000, '41 s'],
    [125_000, '2 min 5 s'],
    [120_000, '2 min'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });
});
