/**
 * What the node applied of a pod's resources, read where it takes effect: each container's own
 * cgroup, by exec from inside the container (support/checks/cgroups.ts says which file holds what
 * on cgroup v1 and v2), against the resources the API server stores for it now.
 */
import { fail } from '../assert.ts';
import { cgroupMismatches, cgroupValues, CGROUP_READ_COMMAND, parseCgroupRead } from '../checks/cgroups.ts';
import { call } from '../kube/errors.ts';
import { execInContainer } from '../kube/exec.ts';
import type { PodJson } from '../kube/json.ts';
import type { ScenarioContext } from './context.ts';

export class CgroupChecks {
  constructor(private readonly ctx: ScenarioContext) {}

  /**
   * Every app container and running sidecar of the pod: its CPU quota, CPU shares (or weight) and
   * memory limit are what its spec resources make of them. Needs `sh` and `head` in the containers.
   */
  async expectMatchResources(pod: string): Promise<void> {
    const path = `/api/v1/namespaces/${this.ctx.namespace}/pods/${encodeURIComponent(pod)}`;
    const stored = await call(`read pod "${pod}"`, () => this.ctx.clients.http.request<PodJson>('GET', path));
    const running = new Set(
      [...(stored.status?.initContainerStatuses ?? []), ...(stored.status?.containerStatuses ?? [])]
        .filter((s) => s.state?.running)
        .map((s) => s.name),
    );
    const sidecars = (stored.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
    const containers = [...sidecars, ...(stored.spec?.containers ?? [])];
    const problems: string[] = [];
    const table: string[] = [];
    for (const c of containers) {
      if (!running.has(c.name)) {
        problems.push(`container "${c.name}" is not running, so its cgroup cannot be read`);
        continue;
      }
      const read = await execInContainer(this.ctx.clients, { namespace: this.ctx.namespace, pod, container: c.name }, [
        'sh',
        '-c',
        CGROUP_READ_COMMAND,
      ]);
      const checked = cgroupValues(c.resources, parseCgroupRead(read.stdout));
      if (!checked) {
        problems.push(
          `container "${c.name}": no cgroup v1 or v2 file readable (exit ${read.exitCode}${read.stderr ? `: ${read.stderr.trim()}` : ''})`,
        );
        continue;
      }
      for (const v of checked)
        table.push(`${c.name}\t${v.file}\t${v.observed}\texpected ${v.expected.join(' or ')}\t${v.from}`);
      problems.push(...cgroupMismatches(checked).map((m) => `container "${c.name}" ${m}`));
    }
    this.ctx.attach(`cgroups-${pod}.txt`, `container\tfile\tread\texpected\tfrom the spec\n${table.join('\n')}\n`);
    if (problems.length > 0) {
      fail(
        `pod "${pod}" cgroups: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
        problems.join('\n'),
      );
    }
    this.ctx.log(
      `pod "${pod}": the cgroups of ${containers.length} container(s) hold their resources:\n${table.join('\n')}`,
    );
  }
}
