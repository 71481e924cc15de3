import { describe, expect, it } from 'vitest';
import { quantityMilli, sameQuantity, wholeUnits } from '../support/kube/quantity.ts';

describe('quantities', () => {
  it('read every spelling the API server and the kubelet use, in thousandths of the unit', () => {
    expect(quantityMilli('25m')).toBe(25);
    expect(quantityMilli('0.025')).toBe(25);
    expect(quantityMilli('2')).toBe(2000);
    expect(quantityMilli('1.5')).toBe(1500);
    expect(quantityMilli('20Mi')).toBe(20 * 1024 * 1024 * 1000);
    expect(quantityMilli('26214400')).toBe(quantityMilli('25Mi'));
    expect(quantityMilli('1k')).toBe(1_000_000);
    expect(quantityMilli('1e3')).toBe(1_000_000);
    expect(quantityMilli('1Gi')).toBe(2 ** 30 * 1000);
    expect(quantityMilli('100u')).toBe(1);
  });

  it('compare amounts, not spellings; absent equals only absent', () => {
    expect(sameQuantity('25m', '0.025')).toBe(true);
    expect(sameQuantity('1m', '2m')).toBe(false);
    expect(sameQuantity('25Mi', '26214400')).toBe(true);
    expect(sameQuantity(undefined, undefined)).toBe(true);
    expect(sameQuantity('0', undefined)).toBe(false);
  });

  it('round up to whole units, as the downward API writes a resource', () => {
    expect(wholeUnits('1250m')).toBe(2);
    expect(wholeUnits('250m')).toBe(1);
    expect(wholeUnits('2')).toBe(2);
    expect(wholeUnits('2000m')).toBe(2);
    expect(wholeUnits('32Mi')).toBe(33554432);
    expect(wholeUnits('24581384Ki')).toBe(25171337216);
  });

  it('refuse what is not a quantity', () => {
    expect(() => quantityMilli('25 m')).toThrow('"25 m" is not a Kubernetes quantity');
    expect(() => quantityMilli('Mi')).toThrow('is not a Kubernetes quantity');
  });
});
