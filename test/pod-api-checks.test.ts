import { describe, expect, it } from 'vitest';
import { ConformanceAssertionError, ScenarioError } from '../support/assert.ts';
import { countdown, patchSettingField } from '../support/checks/field-patch.ts';
import { expectPrintedEqualsField, fieldText, printedValue } from '../support/checks/printed-values.ts';
import { notOlderThan } from '../support/checks/resource-version.ts';
import { expectSelected } from '../support/checks/selection.ts';

describe('a printed value', () => {
  const env = 'HOME=/root\nFOO_SERVICE_HOST=10.0.0.1\nFOO_SERVICE_PORT=8765\nFOO_SERVICE_HOST=10.0.0.2\r\n';

  it('is the value of the last NAME=value line, the name matched exactly', () => {
    expect(printedValue(env, 'FOO_SERVICE_HOST')).toEqual({ value: '10.0.0.2', lines: 2 });
    expect(printedValue(env, 'FOO_SERVICE')).toBeUndefined();
    expect(printedValue('A.B=1\nAxB=2', 'A.B')).toEqual({ value: '1', lines: 1 });
  });

  it('equals a stored field compared as text; a number or an object is printed as written', () => {
    expect(fieldText(8765)).toBe('8765');
    expect(fieldText({ a: 1 })).toBe('{"a":1}');
    const subject = { printed: 'the value container "env" printed as', field: 'field spec.ports[0].port' };
    expect(
      expectPrintedEqualsField(subject, 'FOO_SERVICE_PORT', printedValue(env, 'FOO_SERVICE_PORT'), 8765, env),
    ).toBe('8765');
  });

  it('fails naming both values, or the missing line', () => {
    const subject = { printed: 'the value container "env" printed as', field: 'field spec.clusterIP' };
    expect(() =>
      expectPrintedEqualsField(subject, 'FOO_SERVICE_HOST', printedValue(env, 'FOO_SERVICE_HOST'), '10.0.0.1', env),
    ).toThrow(
      'the value container "env" printed as "FOO_SERVICE_HOST": expected "10.0.0.1" (field spec.clusterIP), observed "10.0.0.2"',
    );
    expect(() => expectPrintedEqualsField(subject, 'BAR', printedValue(env, 'BAR'), 'x', env)).toThrow(
      /expected a line "BAR=x" \(field spec.clusterIP\), observed no line "BAR=…"/,
    );
  });
});

describe('the pods a selector finds', () => {
  it('must be exactly the names expected, in any order', () => {
    expect(() => expectSelected('type=Testing', ['b', 'a'], ['a', 'b'])).not.toThrow();
    expect(() => expectSelected('type=Testing', [], [])).not.toThrow();
  });

  it('fails naming the missing and the unexpected pods', () => {
    let error: unknown;
    try {
      expectSelected('time=after', ['a'], ['b']);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConformanceAssertionError);
    expect((error as Error).message).toBe(
      'pods matching label selector "time=after": expected "a", observed "b"\nmissing: "a"\nunexpected: "b"',
    );
    expect(() => expectSelected('x=y', [], ['a'])).toThrow('expected none, observed "a"');
  });
});

describe('resource versions', () => {
  it('compare as integers, equal counting as not older', () => {
    expect(notOlderThan('10', '9')).toBe(true);
    expect(notOlderThan('9', '10')).toBe(false);
    expect(notOlderThan('12345678901234567890', '12345678901234567889')).toBe(true);
    expect(notOlderThan('abc', 'abc')).toBe(true);
    expect(notOlderThan('abc', '10')).toBeUndefined();
  });
});

describe('a patch setting one field', () => {
  it('nests the value under the path of plain names', () => {
    expect(patchSettingField('spec.activeDeadlineSeconds', 42)).toEqual({ spec: { activeDeadlineSeconds: 42 } });
    expect(patchSettingField('metadata.labels[app.kubernetes.io/name]', 'x')).toEqual({
      metadata: { labels: { 'app.kubernetes.io/name': 'x' } },
    });
  });

  it('refuses a list item', () => {
    expect(() => patchSettingField('spec.containers[0].image', 'x')).toThrow(ScenarioError);
  });

  it('counts down from the start, refusing to reach zero', () => {
    expect(countdown(10, 3)).toEqual([10, 9, 8]);
    expect(countdown(3, 3)).toEqual([3, 2, 1]);
    expect(() => countdown(3, 4)).toThrow(/would reach 0/);
  });
});
