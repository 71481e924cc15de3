/**
 * What a container's cgroup must hold for its resources, as the kubelet and the runtime write it,
 * read from inside the container (its own cgroup is mounted at /sys/fs/cgroup): the CPU limit as
 * a CFS quota per 100 ms period, the CPU request as shares (cgroup v1) or a weight (v2), the
 * memory limit in bytes. Whichever hierarchy the node has is read: v1 files first, then v2.
 *   limits.cpu       v1 cpu.cfs_quota_us = millicores × 100 (at least 1000), -1 without a limit
 *                    v2 cpu.max = "<quota> 100000", "max 100000" without a limit
 *   requests.cpu     v1 cpu.shares = millicores × 1024 / 1000 (at least 2; the limit when only it is set)
 *                    v2 cpu.weight = the shares converted (runc's old linear or its newer quadratic mapping)
 *   limits.memory    v1 memory.limit_in_bytes, v2 memory.max = the bytes; no limit: "max" (v1 holds a
 *                    page-rounded 2^63 − 1, read as "max")
 */
import type { V1ResourceRequirements } from '@kubernetes/client-node';
import type { Jsonified } from '../kube/json.ts';
import { quantityMilli } from '../kube/quantity.ts';

const V1 = {
  quota: '/sys/fs/cgroup/cpu/cpu.cfs_quota_us',
  shares: '/sys/fs/cgroup/cpu/cpu.shares',
  memory: '/sys/fs/cgroup/memory/memory.limit_in_bytes',
} as const;
const V2 = { max: '/sys/fs/cgroup/cpu.max', weight: '/sys/fs/cgroup/cpu.weight', memory: '/sys/fs/cgroup/memory.max' };

/** A shell line that prints `<file> <first line>` for each of the files that exist in the container. */
export const CGROUP_READ_COMMAND = `for f in ${[...Object.values(V1), ...Object.values(V2)].join(' ')}; do [ -r "$f" ] && echo "$f $(head -n 1 "$f")"; done; true`;

const PERIOD_US = 100_000;
const MIN_QUOTA_US = 1_000;
const MIN_SHARES = 2;
const MAX_SHARES = 262_144;
/** A v1 memory limit at or above this is no limit (the kernel's page-rounded 2^63 − 1). */
const V1_UNLIMITED = 2 ** 62;

type Resources = Jsonified<V1ResourceRequirements> | undefined;

/** One cgroup value against what the resources make of it. */
export interface CgroupValue {
  file: string;
  /** As read; a v1 memory limit of 2^62 or more reads as `max` (no limit), as v2 writes it. */
  observed: string;
  /** The accepted values (a limit not a multiple of 10m may be rounded up to one by the runtime). */
  expected: string[];
  /** Where the expected value comes from: `limits.cpu 25m`. */
  from: string;
}

/** `<file> <value>` lines → file → value. */
export function parseCgroupRead(stdout: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const m = /^(\S+) (.*)$/.exec(line.trim());
    if (m) values.set(m[1]!, m[2]!.trim());
  }
  return values;
}

const milli = (q: string | undefined) => (q === undefined ? 0 : quantityMilli(q));

/** The kubelet's conversion of millicores to a CFS quota (MilliCPUToQuota). */
function quota(milliCpu: number): number {
  return Math.max(MIN_QUOTA_US, Math.floor((milliCpu * PERIOD_US) / 1000));
}

/** The kubelet's conversion of millicores to cpu.shares (MilliCPUToShares). */
export function shares(milliCpu: number): number {
  if (milliCpu === 0) return MIN_SHARES;
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, Math.floor((milliCpu * 1024) / 1000)));
}

/** cpu.shares → cpu.weight: runc's linear mapping before 1.3.2 and its quadratic one since; either is accepted. */
export function weights(cpuShares: number): number[] {
  const linear = 1 + Math.floor(((cpuShares - 2) * 9999) / 262142);
  let quadratic: number;
  if (cpuShares <= 2) quadratic = 1;
  else if (cpuShares >= MAX_SHARES) quadratic = 10000;
  else {
    const l = Math.log2(cpuShares);
    quadratic = Math.ceil(10 ** ((l * l + 125 * l) / 612 - 7 / 34));
  }
  return [...new Set([linear, quadratic])].map(Number);
}

/** The quotas a CPU limit may show: its own and, for a limit not a multiple of 10m, the rounded-up one. */
function quotas(limitMilli: number): number[] {
  const own = quota(limitMilli);
  return limitMilli % 10 === 0 ? [own] : [own, quota((Math.floor(limitMilli / 10) + 1) * 10)];
}

/**
 * The container's cgroup values against its resources; `values` is what CGROUP_READ_COMMAND
 * printed. Undefined when neither hierarchy's files could be read.
 */
export function cgroupValues(resources: Resources, values: Map<string, string>): CgroupValue[] | undefined {
  const cpuLimit = resources?.limits?.cpu;
  const cpuRequest = resources?.requests?.cpu ?? cpuLimit;
  const memoryLimit = resources?.limits?.memory;
  const cpuShares = shares(milli(cpuRequest));
  const from = {
    limit: cpuLimit ? `limits.cpu ${cpuLimit}` : 'no limits.cpu',
    request: cpuRequest ? `requests.cpu ${cpuRequest}` : 'no requests.cpu',
    memory: memoryLimit ? `limits.memory ${memoryLimit}` : 'no limits.memory',
  };
  const bytes = memoryLimit === undefined ? undefined : String(Math.round(milli(memoryLimit) / 1000));
  const value = (file: string, expected: string[], source: string): CgroupValue => ({
    file,
    observed: values.get(file) ?? '(absent)',
    expected: [...new Set(expected)],
    from: source,
  });
  if (values.has(V1.quota)) {
    const memory = value(V1.memory, [bytes ?? 'max'], from.memory);
    if (/^\d+$/.test(memory.observed) && Number(memory.observed) >= V1_UNLIMITED) memory.observed = 'max';
    return [
      value(V1.quota, cpuLimit ? quotas(milli(cpuLimit)).map(String) : ['-1'], from.limit),
      value(V1.shares, [String(cpuShares)], from.request),
      memory,
    ];
  }
  if (values.has(V2.max)) {
    return [
      value(
        V2.max,
        cpuLimit ? quotas(milli(cpuLimit)).map((q) => `${q} ${PERIOD_US}`) : [`max ${PERIOD_US}`],
        from.limit,
      ),
      value(V2.weight, weights(cpuShares).map(String), `${from.request} (cpu.shares ${cpuShares})`),
      value(V2.memory, [bytes ?? 'max'], from.memory),
    ];
  }
  return undefined;
}

/** `cpu.cfs_quota_us: expected 2500 (limits.cpu 25m), observed 2000` for each value that differs. */
export function cgroupMismatches(checked: CgroupValue[]): string[] {
  return checked
    .filter((v) => !v.expected.includes(v.observed))
    .map((v) => `${v.file}: expected ${v.expected.join(' or ')} (${v.from}), observed ${v.observed}`);
}
