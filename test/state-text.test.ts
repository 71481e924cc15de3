import { describe, expect, it } from 'vitest';
import { TERMINATION_PATTERN, parseContainerState, parseTermination } from '../support/pods/state-text.ts';

describe('container states as steps write them', () => {
  it('reads any of reason, exit code and message', () => {
    expect(parseContainerState('terminated with reason "OOMKilled" and exit code 137')).toEqual({
      state: 'terminated',
      reason: 'OOMKilled',
      exitCode: 137,
    });
    expect(parseTermination('exit code 3 and message "disk full and more"')).toEqual({
      exitCode: 3,
      message: 'disk full and more',
    });
    expect(parseContainerState('terminated')).toEqual({ state: 'terminated' });
    expect(parseContainerState('waiting with reason "CrashLoopBackOff"')).toEqual({
      state: 'waiting',
      reason: 'CrashLoopBackOff',
    });
  });

  it('matches whole step texts only in the documented forms', () => {
    const re = new RegExp(`^${TERMINATION_PATTERN}$`);
    expect(re.test('reason "Error" and exit code 1')).toBe(true);
    expect(re.test('exit code 1 and reason "Error" and message "x"')).toBe(true);
    expect(re.test('exit code one')).toBe(false);
    expect(() => parseTermination('signal 9')).toThrow(/unknown termination detail "signal 9"/);
    expect(() => parseContainerState('sleeping')).toThrow(/unknown container state/);
  });
});
