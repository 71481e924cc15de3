import { describe, expect, it } from 'vitest';
import {
  CGROUP_READ_COMMAND,
  cgroupMismatches,
  cgroupValues,
  parseCgroupRead,
  shares,
  weights,
} from '../support/checks/cgroups.ts';

const v1 = (quota: string, cpuShares: string, memory: string) =>
  parseCgroupRead(
    `/sys/fs/cgroup/cpu/cpu.cfs_quota_us ${quota}\n/sys/fs/cgroup/cpu/cpu.shares ${cpuShares}\n/sys/fs/cgroup/memory/memory.limit_in_bytes ${memory}\n`,
  );
const v2 = (max: string, weight: string, memory: string) =>
  parseCgroupRead(
    `/sys/fs/cgroup/cpu.max ${max}\n/sys/fs/cgroup/cpu.weight ${weight}\n/sys/fs/cgroup/memory.max ${memory}\n`,
  );

const guaranteed = { requests: { cpu: '25m', memory: '25Mi' }, limits: { cpu: '25m', memory: '25Mi' } };

describe('cgroup values of a container against its resources', () => {
  it('cgroup v1: the CFS quota per 100 ms, the shares, the memory limit in bytes', () => {
    const checked = cgroupValues(guaranteed, v1('2500', '25', '26214400'))!;
    expect(cgroupMismatches(checked)).toEqual([]);
    expect(cgroupMismatches(cgroupValues(guaranteed, v1('2000', '20', '20971520'))!)).toEqual([
      '/sys/fs/cgroup/cpu/cpu.cfs_quota_us: expected 2500 or 3000 (limits.cpu 25m), observed 2000',
      '/sys/fs/cgroup/cpu/cpu.shares: expected 25 (requests.cpu 25m), observed 20',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes: expected 26214400 (limits.memory 25Mi), observed 20971520',
    ]);
  });

  it('no limit reads as no quota and no memory limit; no request as the minimum shares', () => {
    const unlimited = v1('-1', '2', '9223372036854771712');
    expect(cgroupMismatches(cgroupValues({ requests: { memory: '20Mi' } }, unlimited)!)).toEqual([]);
    expect(cgroupMismatches(cgroupValues({ limits: { memory: '20Mi' } }, unlimited)!)).toEqual([
      '/sys/fs/cgroup/memory/memory.limit_in_bytes: expected 20971520 (limits.memory 20Mi), observed max',
    ]);
    expect(cgroupMismatches(cgroupValues({ limits: { cpu: '20m' } }, v1('-1', '20', '9223372036854771712'))!)).toEqual([
      '/sys/fs/cgroup/cpu/cpu.cfs_quota_us: expected 2000 (limits.cpu 20m), observed -1',
    ]);
  });

  it('the minimums: 1 ms of quota, 2 shares; a limit off the 10m grid may be rounded up', () => {
    const tiny = { requests: { cpu: '1m' }, limits: { cpu: '5m' } };
    expect(cgroupValues(tiny, v1('1000', '2', '9223372036854771712'))!.map((v) => v.expected)).toEqual([
      ['1000'],
      ['2'],
      ['max'],
    ]);
    expect(
      cgroupValues({ requests: { cpu: '19m' }, limits: { cpu: '19m' } }, v1('2000', '19', 'x'))![0]!.expected,
    ).toEqual(['1900', '2000']);
    expect(shares(0)).toBe(2);
    expect(shares(1)).toBe(2);
    expect(shares(25)).toBe(25);
    expect(shares(1000)).toBe(1024);
  });

  it("cgroup v2: cpu.max, a weight by either of runc's mappings of the shares, memory.max", () => {
    expect(weights(1024)).toEqual([39, 100]);
    expect(weights(2)).toEqual([1]);
    expect(weights(25)).toEqual([1, 6]);
    expect(cgroupMismatches(cgroupValues(guaranteed, v2('2500 100000', '6', '26214400'))!)).toEqual([]);
    expect(cgroupMismatches(cgroupValues({ requests: { cpu: '1' } }, v2('max 100000', '100', 'max'))!)).toEqual([]);
    expect(cgroupMismatches(cgroupValues({ requests: { cpu: '1' } }, v2('max 100000', '39', 'max'))!)).toEqual([]);
    expect(cgroupMismatches(cgroupValues(guaranteed, v2('2000 100000', '1', 'max'))!)).toEqual([
      '/sys/fs/cgroup/cpu.max: expected 2500 100000 or 3000 100000 (limits.cpu 25m), observed 2000 100000',
      '/sys/fs/cgroup/memory.max: expected 26214400 (limits.memory 25Mi), observed max',
    ]);
  });

  it('neither hierarchy readable is no answer; the command prints each file that exists', () => {
    expect(cgroupValues(guaranteed, parseCgroupRead(''))).toBeUndefined();
    expect(CGROUP_READ_COMMAND).toContain('/sys/fs/cgroup/cpu/cpu.cfs_quota_us');
    expect(CGROUP_READ_COMMAND).toContain('/sys/fs/cgroup/memory.max');
    expect(parseCgroupRead('/a 1\n\n/b max 100000\n')).toEqual(
      new Map([
        ['/a', '1'],
        ['/b', 'max 100000'],
      ]),
    );
  });
});
