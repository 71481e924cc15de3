import { describe, expect, it } from 'vitest';
import { logLines, logLinesMismatch } from '../support/checks/log-lines.ts';

describe('a log compared line for line', () => {
  it('splits on newlines; a last line without one still counts, an empty log has none', () => {
    expect(logLines('Hello World\n')).toEqual(['Hello World']);
    expect(logLines('a\nb')).toEqual(['a', 'b']);
    expect(logLines('a\n\nb\n')).toEqual(['a', '', 'b']);
    expect(logLines('')).toEqual([]);
  });

  it('holds for exactly these lines', () => {
    expect(logLinesMismatch(['Hello World'], 'Hello World\n')).toBeUndefined();
    expect(logLinesMismatch(['a', 'b'], 'a\nb\n')).toBeUndefined();
  });

  it('names the first differing line', () => {
    expect(logLinesMismatch(['a', 'b'], 'a\nc\n')).toBe('line 2: expected "b", observed "c"');
    expect(logLinesMismatch(['Hello World'], 'Hello World \n')).toBe(
      'line 1: expected "Hello World", observed "Hello World "',
    );
  });

  it('fails on a line too many or too few: containing the lines is not being them', () => {
    expect(logLinesMismatch(['a'], 'a\nb\n')).toBe(
      'expected 1 line(s), observed 2: line 2 is "b", which was not expected',
    );
    expect(logLinesMismatch(['a', 'b'], 'a\n')).toBe('expected 2 line(s), observed 1: line 2, "b", is missing');
    expect(logLinesMismatch(['a'], '')).toBe('expected 1 line(s), observed 0: line 1, "a", is missing');
  });
});
