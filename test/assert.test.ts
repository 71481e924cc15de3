import { describe, expect, it } from 'vitest';
import { ConformanceAssertionError, expectContains, expectEqual, expectNotAfter } from '../support/assert.ts';

function messageOf(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConformanceAssertionError);
    return (err as Error).message;
  }
  throw new Error('expected a failure');
}

describe('matchers', () => {
  it('classify as assertion failures for cucumber and Allure', () => {
    expect(new ConformanceAssertionError('x').name).toMatch(/Assert/);
  });

  it('read "subject: expected …, observed …"', () => {
    expect(messageOf(() => expectEqual('pod phase', 'Succeeded', 'Failed'))).toBe(
      'pod phase: expected "Succeeded", observed "Failed"',
    );
    expect(messageOf(() => expectContains('log', 'ready', 'starting'))).toBe(
      'log: expected to contain "ready", observed "starting"',
    );
  });

  it('pass silently when the expectation holds', () => {
    expect(() => expectEqual('phase', 'Running', 'Running')).not.toThrow();
    expect(() => expectContains('log', 'ready', 'now ready')).not.toThrow();
  });

  it('put details under the one-line message', () => {
    expect(messageOf(() => expectEqual('phase', 'A', 'B', 'last state: …'))).toBe(
      'phase: expected "A", observed "B"\nlast state: …',
    );
  });

  it('compare cluster timestamps allowing equality', () => {
    const a = { label: 'a finishedAt', at: '2026-01-01T00:00:05Z' };
    const b = { label: 'b startedAt', at: '2026-01-01T00:00:05Z' };
    expect(() => expectNotAfter('order', a, b)).not.toThrow();
    expect(messageOf(() => expectNotAfter('order', { ...a, at: '2026-01-01T00:00:07Z' }, b))).toMatch(
      /^order: expected a finishedAt \(2026-01-01T00:00:07Z\) not after b startedAt .* observed it 2000 ms later$/,
    );
    expect(messageOf(() => expectNotAfter('order', { label: 'a', at: undefined }, b))).toMatch(
      /expected both timestamps/,
    );
  });
});
