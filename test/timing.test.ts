import { describe, expect, it } from 'vitest';
import type { ScenarioContext } from '../support/actions/context.ts';
import { expectTiming } from '../support/actions/timing.ts';
import type { Measurement } from '../support/measurements.ts';

/** Only what expectTiming touches: the recorder's measurements, the log and the attachments. */
function fakeContext() {
  const measurements: Measurement[] = [];
  const attachments: Array<{ name: string; body: string }> = [];
  const ctx = {
    recorder: { measurements },
    log: () => undefined,
    attach: (name: string, body: string) => attachments.push({ name, body }),
  } as unknown as ScenarioContext;
  return { ctx, measurements, attachments };
}

const interval = { minSeconds: 5, maxSeconds: 15, derivation: "the step's bounds" };
const timing = {
  subject: 'removal of pod "p" after the delete request',
  interval,
  evidence: ['requested R, removed D'],
  span: { pod: 'p', from: '2026-12-02T02:00:00Z', to: '2026-12-02T02:00:06Z' },
};

describe('expectTiming', () => {
  it('records the measurement with its span and attaches the evidence, also when it fails', () => {
    const { ctx, measurements, attachments } = fakeContext();
    expect(() => expectTiming(ctx, { ...timing, seconds: 16 })).toThrow(
      'removal of pod "p" after the delete request: expected 5 s … 15 s, observed 16 s',
    );
    expect(measurements).toEqual([
      {
        subject: timing.subject,
        pod: 'p',
        from: timing.span.from,
        to: timing.span.to,
        seconds: 16,
        minSeconds: 5,
        maxSeconds: 15,
        derivation: "the step's bounds",
        withinBounds: false,
      },
    ]);
    expect(attachments[0]?.name).toBe('timing-removal-of-pod-p-after-the-delete-request.txt');
    expect(attachments[0]?.body).toContain('OUT OF BOUNDS');
    expect(attachments[0]?.body).toContain('requested R, removed D');
  });

  it('names the evidence file after the subject, cut short without a dangling dash', () => {
    const { ctx, attachments } = fakeContext();
    const subject = 'removal of pod "handles-sigterm" after the delete request (the default grace period)';
    expectTiming(ctx, { ...timing, subject, seconds: 6 });
    expect(attachments[0]?.name).toBe('timing-removal-of-pod-handles-sigterm-after-the-delete-request-the.txt');
  });

  it('holds a coarse value with the check it is given instead of the plain comparison', () => {
    const { ctx, measurements } = fakeContext();
    const fits = (s: number) => s + 1 > 5.5 && s - 1 < 15;
    expectTiming(ctx, { ...timing, interval: { ...interval, minSeconds: 5.5 }, seconds: 5, fits });
    expect(measurements[0]?.withinBounds).toBe(true);
    expect(() => expectTiming(ctx, { ...timing, seconds: 5, fits: () => false })).toThrow(/observed 5 s/);
  });
});
