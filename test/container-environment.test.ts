import { describe, expect, it } from 'vitest';
import { environmentMismatches, parseEnviron, valueMatches } from '../support/checks/environment.ts';

const raw = ['PATH=/bin', 'SECRET_DATA=value-1\n', '#@!data-1=value-1', 'EQUALS=a=b', 'EMPTY=', ''].join('\0');

describe('a container environment read from /proc/1/environ', () => {
  it('splits NUL-separated entries at the first "=", keeping newlines and later "=" in values', () => {
    const env = parseEnviron(raw);
    expect(env.get('SECRET_DATA')).toBe('value-1\n');
    expect(env.get('#@!data-1')).toBe('value-1');
    expect(env.get('EQUALS')).toBe('a=b');
    expect(env.get('EMPTY')).toBe('');
    expect(env.size).toBe(5);
  });

  it('matches values exactly, or as a whole regular expression when written /…/', () => {
    expect(valueMatches('value-1', 'value-1')).toBe(true);
    expect(valueMatches('value-1', 'value-1\n')).toBe(false);
    expect(valueMatches('/[0-9a-f]{4}/', 'beef')).toBe(true);
    expect(valueMatches('/[0-9a-f]{4}/', 'beef0')).toBe(false);
  });

  it('names every missing or different variable, and a prefixed copy does not stand in for the plain one', () => {
    const env = parseEnviron(['p-data-1=value-1', 'data-2=value-x'].join('\0'));
    expect(
      environmentMismatches(
        [
          ['data-1', 'value-1'],
          ['data-2', 'value-2'],
          ['p-data-1', 'value-1'],
        ],
        env,
      ),
    ).toEqual([
      'data-1: expected "value-1", observed no such variable',
      'data-2: expected "value-2", observed "value-x"',
    ]);
  });
});
