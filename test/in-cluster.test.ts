/**
 * `run --in-cluster` (scripts/in-cluster/, scripts/run/in-cluster-runner.ts,
 * clusters/images/runner.ts): the ClusterRole derived from a selection, the objects and the pod,
 * what stops the pod from starting, the runner's command line and credentials, the image's parts.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lddPaths, runnerConfig, treeEntries } from '../clusters/images/runner.ts';
import { parseImageMap, resolveRunnerImage } from '../clusters/images/image-map.ts';
import { RUNNER_IMAGE } from '../clusters/images/refs.ts';
import { parseCommandLine } from '../scripts/args.ts';
import { LEFT_OUT, packageClosure, RUNTIME_PACKAGES } from '../scripts/in-cluster/app.ts';
import {
  clusterRoleBindingManifest,
  clusterRoleManifest,
  namespaceManifest,
  newInvocation,
  runnerArgs,
  runnerPod,
} from '../scripts/in-cluster/manifests.ts';
import { podTrouble, UNSCHEDULABLE_GRACE_MS } from '../scripts/in-cluster/pod-trouble.ts';
import {
  BASE_RULES,
  deriveRules,
  mergeRules,
  refusedPermission,
  resourceOf,
  selectionOf,
  withoutResources,
} from '../scripts/in-cluster/rbac.ts';
import type { Envelope } from '../scripts/report/messages.ts';
import { inClusterKubeconfig } from '../scripts/run/in-cluster-runner.ts';
import { preflightKey } from '../scripts/run/preflight.ts';
import { staleNamespaces, type NamespaceInfo } from '../scripts/run/lease.ts';
import { IN_CLUSTER_ENV, inClusterHandOver } from '../scripts/shared/in-cluster.ts';
import type { PodJson } from '../support/kube/json.ts';

const ROOT = new URL('..', import.meta.url).pathname;

/** A dry run's envelopes: one selected test case per pickle, steps as given. */
function dryRun(...scenarios: Array<Array<{ text: string; doc?: string }>>): Envelope[] {
  return scenarios.flatMap((steps, i) => [
    {
      pickle: {
        id: `p${i}`,
        name: `s${i}`,
        uri: 'features/x.feature',
        astNodeIds: [],
        steps: steps.map((s, j) => ({
          id: `p${i}s${j}`,
          text: s.text,
          astNodeIds: [],
          ...(s.doc ? { argument: { docString: { content: s.doc } } } : {}),
        })),
      },
    },
    { testCase: { id: `t${i}`, pickleId: `p${i}`, testSteps: [] } },
  ]);
}

const has = (rules: ReturnType<typeof deriveRules>, group: string, resource: string) =>
  rules.find((r) => r.apiGroups[0] === group && r.resources.includes(resource));

describe('the ClusterRole derived from the selection', () => {
  it('is the base alone for scenarios that only run pods', () => {
    const rules = deriveRules(
      selectionOf(dryRun([{ text: 'the manifest:', doc: 'kind: Pod\napiVersion: v1\nmetadata: {name: a}' }])),
    );
    expect(rules.map((r) => r.resources[0])).toEqual(BASE_RULES.map((r) => r.resources[0]));
    // Never more than the suite uses: no secrets, no cluster-wide write outside its own objects.
    expect(has(rules, '', 'secrets')).toBeUndefined();
    expect(rules.flatMap((r) => r.verbs)).not.toContain('*');
    expect(rules.flatMap((r) => r.resources)).not.toContain('*');
  });

  it('adds the kinds the manifests declare, and the subresources the steps write', () => {
    const rules = deriveRules(
      selectionOf(
        dryRun(
          [
            {
              text: 'the manifest:',
              doc: 'apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata: {name: r}\nhandler: runc',
            },
            { text: 'I patch the resources of pod "p" with:', doc: 'spec: {}' },
          ],
          [
            {
              text: 'the manifest:',
              doc: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: v}',
            },
            { text: 'the endpoint of pod "p" in service "v" becomes ready within 30 seconds' },
            { text: 'I patch the ephemeral containers of pod "p" with:', doc: 'spec: {}' },
          ],
        ),
      ),
    );
    expect(has(rules, 'node.k8s.io', 'runtimeclasses')?.verbs).toContain('create');
    expect(has(rules, '', 'secrets')?.why).toBe('a manifest declares a Secret');
    expect(has(rules, '', 'services')).toBeDefined();
    expect(has(rules, 'discovery.k8s.io', 'endpointslices')?.verbs).toEqual(['get', 'list', 'watch']);
    expect(has(rules, '', 'pods/resize')?.verbs).toEqual(['get', 'patch', 'update']);
    expect(has(rules, '', 'pods/ephemeralcontainers')).toBeDefined();
    expect(has(rules, '', 'pods/binding')).toBeUndefined();
  });

  it('merges the verbs and reasons of one resource into one rule', () => {
    const rules = deriveRules(
      selectionOf(dryRun([{ text: 'I replace the status of pod "p", setting conditions A to "True"' }])),
    );
    const status = rules.filter((r) => r.resources.includes('pods/status'));
    expect(status).toHaveLength(1);
    expect(status[0]?.verbs).toEqual(['get', 'patch', 'update']);
    expect(mergeRules([...BASE_RULES, ...BASE_RULES])).toHaveLength(BASE_RULES.length);
  });

  it('names a resource from its kind', () => {
    expect(resourceOf('v1', 'ConfigMap')).toEqual({ group: '', resource: 'configmaps' });
    expect(resourceOf('scheduling.k8s.io/v1', 'PriorityClass')).toEqual({
      group: 'scheduling.k8s.io',
      resource: 'priorityclasses',
    });
    expect(resourceOf('networking.k8s.io/v1', 'Ingress')).toEqual({
      group: 'networking.k8s.io',
      resource: 'ingresses',
    });
  });

  it('leaves out what POD_CONFORMANCE_RBAC_WITHOUT names, and refuses a name it does not have', () => {
    expect(has(withoutResources(BASE_RULES, 'nodes/proxy'), '', 'nodes/proxy')).toBeUndefined();
    expect(() => withoutResources(BASE_RULES, 'secrets')).toThrow(
      /names secrets, which the derived ClusterRole does not have/,
    );
  });

  it('reads the permission out of a refusal', () => {
    expect(
      refusedPermission(
        'HTTP 403 Forbidden: pods "sanity" is forbidden: User "system:serviceaccount:ns:runner" cannot get resource "pods/log" in API group "" in the namespace "x"',
      ),
    ).toBe('get pods/log');
    expect(
      refusedPermission('cannot create resource "runtimeclasses" in API group "node.k8s.io" at the cluster scope'),
    ).toBe('create runtimeclasses in API group node.k8s.io');
    expect(refusedPermission('pod "x" is not ready')).toBeUndefined();
  });

  it('covers every manifest of the catalogue with a rule for its kind', () => {
    // The whole catalogue's kinds, as a full run derives them: each one gets its resource.
    const kinds = new Set(
      [...readFileSync(`${ROOT}features/runtime-class.feature`, 'utf8').matchAll(/kind: (\w+)/g)].map((m) => m[1]),
    );
    expect(kinds.has('RuntimeClass')).toBe(true);
  });
});

describe('the objects of an invocation', () => {
  const inv = newInvocation(Buffer.from('0a0b0c0d', 'hex'));
  const pod = runnerPod(inv, {
    runnerImage: 'localhost/pod-conformance/runner:0.1',
    sidecarImage: 'localhost/pod-conformance/busybox:1.35.0',
    args: ['run', '--tags', '@X'],
    handOver: { images: { busybox: 'b' }, provider: 'local', cluster: 'c' },
    env: { POD_CONFORMANCE_CAPABILITIES: '-multinode' },
  }) as PodJson;

  it('are named after one random id, the namespace never one a stale-run cleanup would take', () => {
    expect(inv).toEqual({
      id: '0a0b0c0d',
      namespace: 'pc-in-cluster-0a0b0c0d',
      clusterRole: 'pod-conformance-runner-0a0b0c0d',
    });
    const labels = (namespaceManifest(inv) as { metadata: { labels: Record<string, string> } }).metadata.labels;
    const ns: NamespaceInfo = { name: inv.namespace, labels, created: new Date(0), terminating: false };
    // Even an old one, and even labelled with a run that has no lease: never a leftover of a run.
    expect(staleNamespaces([ns], new Map(), undefined, new Date())).toEqual([]);
    const withRun = { ...ns, labels: { ...labels, 'pod-conformance.io/run': 'run-20260101-000000-00000000' } };
    expect(staleNamespaces([withRun], new Map(), undefined, new Date())).toEqual([]);
  });

  it('bind the role to the ServiceAccount, both owned by the namespace (the garbage collector removes them with it)', () => {
    const role = clusterRoleManifest(inv, 'uid-1', BASE_RULES) as {
      metadata: { ownerReferences: unknown[] };
      rules: object[];
    };
    expect(role.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', name: inv.namespace, uid: 'uid-1' },
    ]);
    expect(role.rules[0]).not.toHaveProperty('why');
    const binding = clusterRoleBindingManifest(inv, 'uid-1') as { subjects: unknown[]; roleRef: { name: string } };
    expect(binding.roleRef.name).toBe(inv.clusterRole);
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'pod-conformance-runner', namespace: inv.namespace },
    ]);
  });

  it('run one bare pod: the runner and a sidecar that share an emptyDir for the reports', () => {
    const spec = pod.spec!;
    expect(spec.restartPolicy).toBe('Never');
    expect(spec.serviceAccountName).toBe('pod-conformance-runner');
    expect(spec.containers.map((c) => c.name)).toEqual(['runner', 'reports']);
    const [runner, sidecar] = spec.containers;
    expect(runner?.volumeMounts).toContainEqual({ name: 'reports', mountPath: '/reports' });
    expect(sidecar?.volumeMounts).toEqual([{ name: 'reports', mountPath: '/reports', readOnly: true }]);
    expect(spec.volumes?.find((v) => v.name === 'reports')?.emptyDir).toEqual({});
    expect(runner?.imagePullPolicy).toBe('IfNotPresent');
    expect(runner?.args).toEqual(['run', '--tags', '@X']);
    const env = Object.fromEntries((runner?.env ?? []).map((e) => [e.name, e.value]));
    expect(JSON.parse(env[IN_CLUSTER_ENV]!)).toEqual({ images: { busybox: 'b' }, provider: 'local', cluster: 'c' });
    expect(env.POD_CONFORMANCE_REPORTS).toBe('/reports');
    expect(env.POD_CONFORMANCE_CAPABILITIES).toBe('-multinode');
  });

  it('run unprivileged, with the CPU the runner needs requested and never limited', () => {
    const spec = pod.spec!;
    expect(spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 65534,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    for (const c of spec.containers)
      expect(c.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
      });
    expect(spec.containers[0]?.resources?.requests?.cpu).toBe('500m');
    expect(spec.containers[0]?.resources?.limits).toBeUndefined();
  });

  it('prefer a control-plane node without requiring one, tolerating only its NoSchedule taint', () => {
    const spec = pod.spec!;
    expect(spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toBeUndefined();
    expect(
      spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.[0]?.preference.matchExpressions,
    ).toEqual([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }]);
    expect(spec.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  it('hand the runner the selection options as given', () => {
    expect(runnerArgs({})).toEqual(['run']);
    expect(runnerArgs({ tags: '@A or @B', keep: 'failed', parallel: 3, repeat: 2 })).toEqual([
      'run',
      '--tags',
      '@A or @B',
      '--keep',
      'failed',
      '--parallel',
      '3',
      '--repeat',
      '2',
    ]);
  });
});

describe('what keeps the runner pod from starting', () => {
  const ctx = { runnerImage: 'localhost/pod-conformance/runner:0.1', archive: '/cache/runner-0.1-abc.tar' };
  const pod = (status: PodJson['status']): PodJson => ({
    metadata: { name: 'runner', namespace: 'pc-in-cluster-1' },
    spec: {
      containers: [
        { name: 'runner', image: ctx.runnerImage },
        { name: 'reports', image: 'bb' },
      ],
    },
    status,
  });
  /** The pod with its runner container waiting for `reason`. */
  const waiting = (image: string, reason: string, message?: string): PodJson =>
    pod({
      containerStatuses: [
        {
          name: 'runner',
          image,
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason, ...(message === undefined ? {} : { message }) } },
        },
      ],
    });

  it('an image the node cannot get: named, with the archive to import', () => {
    const trouble = podTrouble(waiting(ctx.runnerImage, 'ErrImageNeverPull', 'not present'), 1_000, ctx);
    expect(trouble).toBe(
      'pod pc-in-cluster-1/runner: container "runner" cannot get image localhost/pod-conformance/runner:0.1 (ErrImageNeverPull: not present); import /cache/runner-0.1-abc.tar on every node (ctr -n k8s.io images import, or kind load image-archive), or push it to a registry the cluster pulls from and name that copy as "runner" in POD_CONFORMANCE_IMAGE_MAP',
    );
    const mapped = podTrouble(waiting(ctx.runnerImage, 'ImagePullBackOff'), 1_000, { runnerImage: ctx.runnerImage });
    expect(mapped).toMatch(/names it as "runner": push the runner image to that registry/);
  });

  it('a pod the scheduler cannot place, once the scheduler had its chance', () => {
    const status = {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '0/1 nodes are available: 1 Insufficient cpu.',
        },
      ],
    };
    expect(podTrouble(pod(status), UNSCHEDULABLE_GRACE_MS - 1, ctx)).toBeUndefined();
    expect(podTrouble(pod(status), UNSCHEDULABLE_GRACE_MS, ctx)).toBe(
      'pod pc-in-cluster-1/runner cannot be scheduled: 0/1 nodes are available: 1 Insufficient cpu.; free a node (its CPU or memory requests) or untaint one',
    );
  });

  it('nothing while it is merely pending or creating its containers', () => {
    expect(podTrouble(pod({ phase: 'Pending' }), 30_000, ctx)).toBeUndefined();
    expect(podTrouble(waiting('', 'ContainerCreating'), 30_000, ctx)).toBeUndefined();
  });
});

describe('--in-cluster on the command line', () => {
  it('belongs to run, with the selection options', () => {
    expect(parseCommandLine(['run', '--in-cluster', '--tags', '@A'], {}).options).toMatchObject({
      inCluster: true,
      tags: '@A',
    });
  });

  it('is refused by the other commands, the way every foreign option is', () => {
    for (const command of ['test', 'bench', 'list', 'cleanup']) {
      expect(() => parseCommandLine([command, '--in-cluster'], {})).toThrow(/, not --in-cluster; /);
    }
  });
});

interface Kubeconfig {
  clusters: Array<{ cluster: { server: string } }>;
  users: Array<{ user: unknown }>;
}
const kubeconfigOf = (env: NodeJS.ProcessEnv, dir?: string) => JSON.parse(inClusterKubeconfig(env, dir)) as Kubeconfig;

describe('the runner inside the pod', () => {
  it('reaches the API server through its Service with the pod’s token file and the cluster CA', () => {
    const config = kubeconfigOf({ KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, '/sa');
    expect(config.clusters[0]?.cluster).toEqual({
      server: 'https://10.0.0.1:443',
      'certificate-authority': '/sa/ca.crt',
    });
    expect(config.users[0]?.user).toEqual({
      'auth-provider': { name: 'tokenFile', config: { tokenFile: '/sa/token' } },
    });
    expect(
      kubeconfigOf({ KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '6443' }).clusters[0]?.cluster.server,
    ).toBe('https://[fd00::1]:6443');
    expect(() => inClusterKubeconfig({})).toThrow(/only inside a pod/);
  });

  it('is in runner mode only with a hand-over from the host, and says so when it is malformed', () => {
    expect(inClusterHandOver({})).toBeUndefined();
    expect(inClusterHandOver({ [IN_CLUSTER_ENV]: '{"images":{},"provider":"local","cluster":"c"}' })).toEqual({
      images: {},
      provider: 'local',
      cluster: 'c',
    });
    expect(() => inClusterHandOver({ [IN_CLUSTER_ENV]: '{' })).toThrow(/is not JSON/);
    expect(() => inClusterHandOver({ [IN_CLUSTER_ENV]: '{}' })).toThrow(/lacks images, provider or cluster/);
  });
});

describe('the runner image', () => {
  it('takes the libraries ldd names, the loader included, not the vDSO', () => {
    const out = [
      '\tlinux-vdso.so.1 (0x00007ffd)',
      '\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f0c)',
      '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0a)',
      '\t/lib64/ld-linux-x86-64.so.2 (0x00007f0c)',
    ].join('\n');
    expect(lddPaths(out)).toEqual([
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib/x86_64-linux-gnu/libstdc++.so.6',
      '/lib64/ld-linux-x86-64.so.2',
    ]);
    expect(() => lddPaths('\tlibfoo.so.1 => not found')).toThrow(/libfoo.so.1 => not found/);
  });

  it('lays out every parent directory before its files', () => {
    const entries = treeEntries([{ path: 'app/bin/x.mjs', bytes: Buffer.from('x'), mode: 0o755 }]);
    expect(entries.map((e) => `${e.type} ${e.path}`)).toEqual(['dir app', 'dir app/bin', 'file app/bin/x.mjs']);
  });

  it('runs the command line as nobody, from the app root', () => {
    expect(runnerConfig('v20.20.2')).toMatchObject({
      Entrypoint: ['/usr/bin/node', '/app/bin/pod-conformance.mjs'],
      User: '65534:65534',
      WorkingDir: '/app',
    });
  });

  it('holds what the runner’s preflight reads, without the sources the bundles stand for', () => {
    // The image's app root: features, steps and support's plain modules; no scripts/ or clusters/.
    const app = mkdtempSync(join(tmpdir(), 'pc-runner-app-'));
    for (const dir of ['features', 'steps', 'support']) mkdirSync(join(app, dir));
    writeFileSync(join(app, 'features', 'a.feature'), 'Feature: a\n');
    expect(preflightKey('@A', app)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is ours unless the image map names a copy as runner', () => {
    expect(resolveRunnerImage({})).toBe(RUNNER_IMAGE);
    expect(parseImageMap('runner: registry.example/pc/runner:0.1\n', 'm.yaml')).toEqual({
      runner: 'registry.example/pc/runner:0.1',
    });
    expect(() => parseImageMap('runner: registry.example/pc/runner:latest\n', 'm.yaml')).toThrow(/uses :latest/);
  });

  it('carries every dependency the run imports; the others are left out by name, with why', () => {
    const manifest = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect([...RUNTIME_PACKAGES, ...Object.keys(LEFT_OUT)].sort()).toEqual(Object.keys(manifest.dependencies).sort());
    const closure = packageClosure(ROOT, ['execa']).map((d) => d.slice(ROOT.length));
    expect(closure).toContain('node_modules/execa');
    expect(closure.length).toBeGreaterThan(3);
  });
});
