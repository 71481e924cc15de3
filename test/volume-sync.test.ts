import { describe, expect, it } from 'vitest';
import { dataDirTime, lastChange, parseGoDuration, volumeSyncBound } from '../support/checks/volume-sync.ts';

describe("the kubelet's bound for projecting a change into a volume", () => {
  it('reads Go durations as the kubelet reports them', () => {
    expect(parseGoDuration('10s')).toBe(10);
    expect(parseGoDuration('1m0s')).toBe(60);
    expect(parseGoDuration('1m30s')).toBe(90);
    expect(parseGoDuration('500ms')).toBe(0.5);
    expect(() => parseGoDuration('10 seconds')).toThrow('not a Go duration');
  });

  it('is 1.5 × syncFrequency + 5 s with Watch, plus the TTL with Cache', () => {
    const watch = volumeSyncBound({ syncFrequencySeconds: 10, changeDetection: 'Watch', ttlSeconds: 0, source: 'x' });
    expect([watch.minSeconds, watch.maxSeconds]).toEqual([0, 20]);
    expect(watch.derivation).toContain('1.5 × syncFrequency 10 s');
    const cache = volumeSyncBound({ syncFrequencySeconds: 60, changeDetection: 'Cache', ttlSeconds: 60, source: 'x' });
    expect(cache.maxSeconds).toBe(155);
    expect(cache.derivation).toContain('node TTL 60 s');
  });

  it("reads the write time from the ..data directory's name", () => {
    expect(dataDirTime('..2026_12_06_05_58_47.1234567890')?.toISOString()).toBe('2026-12-06T05:58:47.000Z');
    expect(dataDirTime('..data')).toBeUndefined();
  });

  it("takes an object's last change from its managedFields, not from its status", () => {
    expect(
      lastChange({
        metadata: {
          managedFields: [
            { time: '2026-12-06T05:58:30Z' },
            { time: '2026-12-06T05:58:40Z' },
            { time: '2026-12-06T05:59:00Z', subresource: 'status' },
          ],
        },
      }),
    ).toBe('2026-12-06T05:58:40Z');
    expect(lastChange({ metadata: {} })).toBeUndefined();
  });
});
