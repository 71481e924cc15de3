/** Then: what the node applied of a pod's resources, read inside its containers. */
import { Then } from './define.ts';

/**
 * Reads each app container's and running sidecar's own cgroup by exec (cgroup v1:
 * cpu.cfs_quota_us, cpu.shares, memory.limit_in_bytes; v2: cpu.max, cpu.weight, memory.max;
 * whichever the node has) and compares it with the container's resources as stored now: the CPU
 * limit as a quota per 100 ms (at least 1 ms), the CPU request as shares (at least 2) or their
 * weight, the memory limit in bytes; no limit must read as none. The values read are attached.
 * The containers need `sh` and `head`.
 */
Then('the cgroup of each container of pod {string} matches its resources', function (pod) {
  return this.cgroups.expectMatchResources(pod);
});
