/**
 * A measured timing held to an interval: logged, attached to the report with its evidence,
 * recorded as a Measurement (with the cluster timestamps it spans, for conformance.json and the
 * timeline picture), and only then checked, so an out-of-bounds value is in the report too.
 */
import { fail } from '../assert.ts';
import type { Measurement } from '../measurements.ts';
import type { Interval } from '../probes/windows.ts';
import { describeInterval, within } from '../probes/windows.ts';
import type { ScenarioContext } from './context.ts';

export interface MeasuredTiming {
  subject: string;
  seconds: number;
  interval: Interval;
  /** Where the measured value comes from (cluster timestamps), one line each. */
  evidence: string[];
  span: Pick<Measurement, 'pod' | 'container' | 'from' | 'to'>;
  /**
   * Whether the measured value fits the interval, when it is coarser than the bounds (a
   * difference of whole-second timestamps may fit where a plain comparison says no); by default
   * `within(interval, seconds)`.
   */
  fits?: (seconds: number) => boolean;
}

export function expectTiming(ctx: ScenarioContext, timing: MeasuredTiming): void {
  const { subject, seconds, interval, evidence, span } = timing;
  const ok = timing.fits ? timing.fits(seconds) : within(interval, seconds);
  ctx.recorder.measurements.push({
    subject,
    ...span,
    seconds,
    minSeconds: interval.minSeconds,
    maxSeconds: interval.maxSeconds,
    derivation: interval.derivation,
    withinBounds: ok,
  });
  const line = `${subject}: ${seconds} s, expected ${describeInterval(interval)}`;
  ctx.log(`measured ${line}`);
  const slug = subject
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-|-$/g, '');
  ctx.attach(
    `timing-${slug}.txt`,
    [`${ok ? 'within bounds' : 'OUT OF BOUNDS'}: ${line}`, '', ...evidence, ''].join('\n'),
  );
  if (!ok) {
    fail(
      `${subject}: expected ${interval.minSeconds} s … ${interval.maxSeconds} s, observed ${seconds} s`,
      [`bounds: ${interval.derivation}`, ...evidence].join('\n'),
    );
  }
}

/**
 * A timing whose moment never came: the check gave up waiting at `gaveUpAt` (harness clock). It is
 * recorded as a measurement out of bounds, `unfinished`, with the time waited as a lower bound,
 * so the report and the timeline show the asserted band and where the wait ended; the caller
 * then fails with its own message.
 */
export function recordUnfinished(
  ctx: ScenarioContext,
  timing: {
    subject: string;
    interval: Interval;
    span: Pick<Measurement, 'pod' | 'container'>;
    from: string;
    gaveUpAt: number;
  },
): void {
  const waited = Math.round((timing.gaveUpAt - Date.parse(timing.from)) / 100) / 10;
  ctx.recorder.measurements.push({
    subject: timing.subject,
    ...timing.span,
    seconds: waited,
    minSeconds: timing.interval.minSeconds,
    maxSeconds: timing.interval.maxSeconds,
    derivation: timing.interval.derivation,
    withinBounds: false,
    unfinished: true,
    from: timing.from,
    to: new Date(timing.gaveUpAt).toISOString(),
  });
  ctx.log(`measured ${timing.subject}: not yet after ${waited} s, expected ${describeInterval(timing.interval)}`);
}
