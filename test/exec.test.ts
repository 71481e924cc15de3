import { describe, expect, it } from 'vitest';
import { describeStatus, exitCodeOf } from '../support/kube/exec.ts';

describe('exec status', () => {
  it('reads the exit code of a command that ran', () => {
    expect(exitCodeOf({ status: 'Success' })).toBe(0);
    expect(
      exitCodeOf({
        status: 'Failure',
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '3' }] },
      }),
    ).toBe(3);
  });
  it('tells an exec the cluster could not carry out from a command that failed, keeping its message', () => {
    const refused = {
      status: 'Failure',
      reason: 'InternalError',
      code: 500,
      message: 'Internal error occurred: error executing command in container: no exec found for container "c"',
    };
    expect(exitCodeOf(refused)).toBeUndefined();
    expect(describeStatus(refused)).toBe(
      'Failure InternalError (500): Internal error occurred: error executing command in container: no exec found for container "c"',
    );
  });
});
