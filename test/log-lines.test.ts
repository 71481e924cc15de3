import { describe, expect, it } from 'vitest';
import { countMatchingLines, logLines, logLinesMismatch } from '../support/checks/log-lines.ts';

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

describe('lines matching a pattern', () => {
  it('counts each matching line once, unanchored unless the pattern anchors it', () => {
    const log =
      'I1206 06:48:31.898016 GET /echo?msg=poststart&code=\nI1206 06:48:39.265981 GET /echo?msg=prestop&code=\n';
    expect(countMatchingLines(log, /GET \/echo\?msg=poststart&code=$/)).toBe(1);
    expect(countMatchingLines(log, /msg=/)).toBe(2);
    expect(countMatchingLines(log, /^GET/)).toBe(0);
    expect(countMatchingLines('', /.*/)).toBe(0);
  });
});
