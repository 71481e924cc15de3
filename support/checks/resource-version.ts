/**
 * Resource versions compared for "this state or a later one". Kubernetes ≥ 1.34 documents them as
 * comparable integers (apimachinery's CompareResourceVersion); anything else is compared for
 * equality only.
 */
const INTEGER = /^[1-9][0-9]*$/;

/** Whether `rv` is `than` or a later version; undefined when they cannot be compared. */
export function notOlderThan(rv: string, than: string): boolean | undefined {
  if (rv === than) return true;
  if (!INTEGER.test(rv) || !INTEGER.test(than)) return undefined;
  return BigInt(rv) > BigInt(than);
}
