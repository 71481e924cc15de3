import { describe, expect, it } from 'vitest';
import { rejectedFieldsMismatch } from '../support/checks/rejected-fields.ts';

const sysctl = (i: number) => `spec.securityContext.sysctls[${i}].name`;

describe('the fields a refusal names, exactly', () => {
  it('holds for the same fields in any order', () => {
    expect(rejectedFieldsMismatch([sysctl(0), sysctl(3)], [sysctl(3), sysctl(0)])).toBeUndefined();
  });

  it('fails when a valid field is named too, or an invalid one is not', () => {
    expect(rejectedFieldsMismatch([sysctl(0), sysctl(3)], [sysctl(0), sysctl(2), sysctl(3)])).toBe(
      'rejected fields: expected exactly "spec.securityContext.sysctls[0].name", "spec.securityContext.sysctls[3].name", observed "spec.securityContext.sysctls[0].name", "spec.securityContext.sysctls[2].name", "spec.securityContext.sysctls[3].name" (also naming "spec.securityContext.sysctls[2].name")',
    );
    expect(rejectedFieldsMismatch([sysctl(0), sysctl(3)], [sysctl(0)])).toBe(
      'rejected fields: expected exactly "spec.securityContext.sysctls[0].name", "spec.securityContext.sysctls[3].name", observed "spec.securityContext.sysctls[0].name" (not naming "spec.securityContext.sysctls[3].name")',
    );
    expect(rejectedFieldsMismatch([sysctl(0)], [])).toBe(
      'rejected fields: expected exactly "spec.securityContext.sysctls[0].name", observed (none) (not naming "spec.securityContext.sysctls[0].name")',
    );
  });
});
