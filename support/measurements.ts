/**
 * A measured timing as data: what was measured, the value, the interval it was held to, and the
 * cluster timestamps it runs between. Steps record them on the scenario's PodRecorder; after the
 * scenario they are attached as one JSON file (collected into reports/conformance.json) and drawn
 * as bounds on the pod's timeline picture.
 */

/** File name and media type of the per-scenario attachment. */
export const MEASUREMENTS_FILE = 'measurements.json';
export const MEASUREMENTS_MEDIA_TYPE = 'application/json';

export interface Measurement {
  /** `first run of container "c" of pod "p"` */
  subject: string;
  pod?: string;
  container?: string;
  seconds: number;
  minSeconds: number;
  maxSeconds: number;
  /** Where the bounds come from: `(failureThreshold 3 − 1) × period 5 s − 2 s …`. */
  derivation: string;
  withinBounds: boolean;
  /**
   * The measured moment had not come when the check gave up at `to` (harness clock): `seconds`
   * is then how long it had waited, a lower bound ("still there 12 s after the request").
   */
  unfinished?: boolean;
  /** Cluster timestamps (RFC 3339) the measured interval runs from and to. */
  from?: string;
  to?: string;
}

export function measurementsAttachment(measurements: Measurement[]): string {
  return JSON.stringify(measurements, null, 2);
}
