/**
 * Kubernetes resource quantities (`25m`, `1.5`, `20Mi`, `1e3`, `26214400`) as numbers, so that two
 * spellings of one amount compare equal: the API server keeps what a client wrote in its canonical
 * form, while the kubelet reports what it derived (`0.025` and `25m` are one CPU amount).
 */
import { ScenarioError } from '../assert.ts';

const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei))?$/;

/**
 * The amount in thousandths of the base unit (millicores of CPU, thousandths of a byte), rounded up
 * as the API server rounds a quantity to its smallest unit: `25m` → 25, `0.1` → 100, `20Mi` →
 * 20971520000.
 */
export function quantityMilli(text: string): number {
  const m = QUANTITY.exec(text.trim());
  if (!m) throw new ScenarioError(`"${text}" is not a Kubernetes quantity (like 250m, 0.5, 64Mi or 1e3)`);
  const [, number = '', exponent, suffix = ''] = m;
  const scale = exponent ? 10 ** Number(exponent.slice(1)) : (SUFFIXES[suffix] ?? 1);
  return Math.ceil(Number(number) * scale * 1000 - 1e-6);
}

/** Whether two quantities, either of them possibly absent, are the same amount. */
export function sameQuantity(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return quantityMilli(a) === quantityMilli(b);
}

/**
 * The amount in whole units, rounded up: what the downward API writes for a resource with divisor 1
 * (a 1250m CPU limit reads 2, 64Mi reads 67108864, node allocatable 24581384Ki reads 25171337216).
 */
export function wholeUnits(text: string): number {
  return Math.ceil(quantityMilli(text) / 1000);
}
