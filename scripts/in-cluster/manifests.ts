/**
 * The objects `run --in-cluster` creates, as pure functions: a namespace of its own (never one a
 * cleanup of stale runs would take for a leftover: it carries no run label), a ServiceAccount, the
 * ClusterRole derived from the selection (rbac.ts) and its binding, both owned by the namespace so
 * that the garbage collector removes them with it even when the host is gone, and one bare Pod:
 * the runner, and a busybox sidecar that only waits, sharing an emptyDir for the reports (a Job's
 * pod would complete and lose the emptyDir before the copy; a PersistentVolume would need a
 * StorageClass a conformant cluster need not have).
 */
import { randomBytes } from 'node:crypto';
import { LABEL_ROLE } from '../../support/scenario/namespace.ts';
import { IN_CLUSTER_ENV, type InClusterHandOver } from '../shared/in-cluster.ts';
import type { PolicyRule } from './rbac.ts';

/** On our namespace: what it is (under the suite's LABEL_ROLE), and which invocation made it. */
export const ROLE_IN_CLUSTER = 'in-cluster';
export const LABEL_INVOCATION = 'pod-conformance.io/in-cluster';

export const SERVICE_ACCOUNT = 'pod-conformance-runner';
export const POD = 'runner';
export const RUNNER_CONTAINER = 'runner';
export const SIDECAR_CONTAINER = 'reports';
/** Where both containers mount the reports' emptyDir. */
export const REPORTS_MOUNT = '/reports';
/** The control plane's role label: the runner prefers a node with it (see runnerPod). */
export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

export interface Invocation {
  /** Random, for every name of this invocation. */
  id: string;
  namespace: string;
  /** The ClusterRole's and the ClusterRoleBinding's name. */
  clusterRole: string;
}

export function newInvocation(random = randomBytes(4)): Invocation {
  const id = random.toString('hex');
  return { id, namespace: `pc-in-cluster-${id}`, clusterRole: `pod-conformance-runner-${id}` };
}

export function namespaceManifest(inv: Invocation): object {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: inv.namespace,
      labels: {
        [LABEL_ROLE]: ROLE_IN_CLUSTER,
        [LABEL_INVOCATION]: inv.id,
        // The runner runs as nobody with every capability dropped: the restricted level admits it.
        'pod-security.kubernetes.io/enforce': 'restricted',
      },
    },
  };
}

export function serviceAccountManifest(inv: Invocation): object {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: SERVICE_ACCOUNT, namespace: inv.namespace } };
}

/**
 * The ClusterRole's and its binding's metadata: the invocation's name and label, and owned by our
 * namespace, so that deleting it deletes them (cluster-scoped dependents of a cluster-scoped owner).
 */
function clusterRoleMetadata(inv: Invocation, namespaceUid: string): object {
  return {
    name: inv.clusterRole,
    labels: { [LABEL_INVOCATION]: inv.id },
    ownerReferences: [{ apiVersion: 'v1', kind: 'Namespace', name: inv.namespace, uid: namespaceUid }],
  };
}

export function clusterRoleManifest(inv: Invocation, namespaceUid: string, rules: PolicyRule[]): object {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: clusterRoleMetadata(inv, namespaceUid),
    rules: rules.map(({ apiGroups, resources, verbs }) => ({ apiGroups, resources, verbs })),
  };
}

export function clusterRoleBindingManifest(inv: Invocation, namespaceUid: string): object {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: clusterRoleMetadata(inv, namespaceUid),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: inv.clusterRole },
    subjects: [{ kind: 'ServiceAccount', name: SERVICE_ACCOUNT, namespace: inv.namespace }],
  };
}

const RESTRICTED = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
};

export interface RunnerPodInput {
  runnerImage: string;
  sidecarImage: string;
  /** The runner's command line after the entrypoint: `run --tags … --keep …`. */
  args: string[];
  handOver: InClusterHandOver;
  /** Passed through to the runner when the user set them (POD_CONFORMANCE_CAPABILITIES …). */
  env?: Record<string, string>;
}

/**
 * The runner pod. Scheduling: it prefers a control-plane node (and tolerates that node's
 * NoSchedule taint only), because that node stays for the cluster's life while other nodes may
 * come and go, and because the scenarios' pods go to worker nodes first where there are any; with
 * one node (the local cluster) it shares it with every pod it measures. It requests the CPU a run
 * needs at its busiest so the scheduler accounts for it, and has no CPU limit: a throttled runner
 * would see the cluster's events late and stretch every time it measures.
 */
export function runnerPod(inv: Invocation, input: RunnerPodInput): object {
  const env = [
    { name: IN_CLUSTER_ENV, value: JSON.stringify(input.handOver) },
    { name: 'POD_CONFORMANCE_REPORTS', value: REPORTS_MOUNT },
    { name: 'HOME', value: '/tmp' },
    ...Object.entries(input.env ?? {}).map(([name, value]) => ({ name, value })),
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: POD, namespace: inv.namespace, labels: { [LABEL_INVOCATION]: inv.id } },
    spec: {
      restartPolicy: 'Never',
      serviceAccountName: SERVICE_ACCOUNT,
      enableServiceLinks: false,
      // Room for the runner's own cleanup after a signal: running scenarios stop and delete their namespaces.
      terminationGracePeriodSeconds: 90,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 65534,
        runAsGroup: 65534,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 100, preference: { matchExpressions: [{ key: CONTROL_PLANE_LABEL, operator: 'Exists' }] } },
          ],
        },
      },
      tolerations: [{ key: CONTROL_PLANE_LABEL, operator: 'Exists', effect: 'NoSchedule' }],
      containers: [
        {
          name: RUNNER_CONTAINER,
          image: input.runnerImage,
          imagePullPolicy: 'IfNotPresent',
          args: input.args,
          env,
          resources: { requests: { cpu: '500m', memory: '1Gi' } },
          securityContext: RESTRICTED,
          volumeMounts: [
            { name: 'reports', mountPath: REPORTS_MOUNT },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        },
        {
          name: SIDECAR_CONTAINER,
          image: input.sidecarImage,
          imagePullPolicy: 'IfNotPresent',
          // Waits to be asked for the reports (tar over exec), ends at once when the pod is deleted.
          command: ['sh', '-c', 'trap "exit 0" TERM; sleep 2147483647 & wait'],
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
          securityContext: RESTRICTED,
          volumeMounts: [{ name: 'reports', mountPath: REPORTS_MOUNT, readOnly: true }],
        },
      ],
      volumes: [
        { name: 'reports', emptyDir: {} },
        { name: 'tmp', emptyDir: {} },
      ],
    },
  };
}

/** The runner's command line: `run` and the selection options, as the host was given them. */
export function runnerArgs(options: { tags?: string; keep?: string; parallel?: number; repeat?: number }): string[] {
  const args = ['run'];
  if (options.tags !== undefined) args.push('--tags', options.tags);
  if (options.keep !== undefined) args.push('--keep', options.keep);
  if (options.parallel !== undefined) args.push('--parallel', String(options.parallel));
  if (options.repeat !== undefined) args.push('--repeat', String(options.repeat));
  return args;
}
