/**
 * hostPath evidence that outlives a pod, read and removed through the public API only.
 *
 * A scenario that needs files on the node (a preStop hook's message, marker lines written while a
 * pod terminates) mounts one directory of its own: `/var/lib/pod-conformance-hostpath/<namespace>`
 * with type DirectoryOrCreate, never a shared directory such as the node's /tmp. Once the pod is
 * gone, a "reader" pod bound to the same node (spec.nodeName) mounts the same volume and prints
 * the file. After the scenario a cleanup pod on every node that held such a directory removes it,
 * and the root too once it is empty, so nothing stays on the node. Both pods are plain busybox
 * pods: the suite needs no node access of its own and runs on any implementation that admits
 * hostPath volumes (the `@capability:hostPath` tag skips the scenario elsewhere).
 */
import type { V1Container, V1Pod, V1Toleration, V1Volume } from '@kubernetes/client-node';
import { posix } from 'node:path';
import { ScenarioError } from '../assert.ts';
import type { Jsonified, PodJson } from '../kube/json.ts';

export const HOSTPATH_ROOT = '/var/lib/pod-conformance-hostpath';

/** Exit code of a reader pod that found no such file (anything else non-zero is a failure). */
export const READER_NO_FILE_EXIT = 3;

const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export type VolumeJson = Jsonified<V1Volume>;

/** The directory a scenario's manifests mount: `${HOSTPATH_ROOT}/<namespace>`. */
export function scenarioDirectory(namespace: string): string {
  if (!NAMESPACE_NAME.test(namespace)) throw new ScenarioError(`"${namespace}" is not a namespace name`);
  return `${HOSTPATH_ROOT}/${namespace}`;
}

/** A hostPath volume inside the scenario's directory (the directory itself or below it). */
export function isScenarioVolume(volume: VolumeJson, namespace: string): boolean {
  const path = volume.hostPath?.path;
  if (!path) return false;
  const dir = scenarioDirectory(namespace);
  const normal = posix.normalize(path).replace(/\/+$/, '');
  return normal === dir || normal.startsWith(`${dir}/`);
}

/** Nodes on which some pod of the scenario mounted the scenario's directory. */
export function nodesToClean(pods: PodJson[], namespace: string): string[] {
  const nodes = new Set<string>();
  for (const pod of pods) {
    const node = pod.spec?.nodeName;
    if (node && (pod.spec?.volumes ?? []).some((v) => isScenarioVolume(v, namespace))) nodes.add(node);
  }
  return [...nodes].sort();
}

/** A relative file name inside the volume: no absolute path, no `..`. */
export function checkRelativeFile(file: string): string {
  const normal = posix.normalize(file);
  if (file === '' || posix.isAbsolute(file) || normal === '..' || normal.startsWith('../')) {
    throw new ScenarioError(
      `"${file}" is not a file name inside the volume; give a relative path such as "markers.log"`,
    );
  }
  return normal;
}

const READER_MOUNT = '/hostpath';

export interface ReaderSpec {
  name: string;
  node: string;
  /** The volume exactly as the pod under test declared it (hostPath only). */
  volume: V1Volume;
  tolerations?: V1Toleration[];
  file: string;
  image: string;
}

/** A pod on `node` that prints `file` from the volume, or exits READER_NO_FILE_EXIT if it is absent. */
export function readerPod(spec: ReaderSpec): V1Pod {
  if (!spec.volume.hostPath) {
    throw new ScenarioError(
      `volume "${spec.volume.name}" is not a hostPath volume; a reader pod can only share hostPath volumes`,
    );
  }
  const file = checkRelativeFile(spec.file);
  const script = `f="${READER_MOUNT}/$1"; if [ -f "$f" ]; then cat "$f"; else echo "no file $1 in the volume" >&2; exit ${READER_NO_FILE_EXIT}; fi`;
  return helperPod({
    name: spec.name,
    role: 'hostpath-reader',
    node: spec.node,
    tolerations: spec.tolerations,
    volume: { ...spec.volume, name: 'evidence' },
    container: {
      name: 'read',
      image: spec.image,
      command: ['sh', '-c', script, 'reader', file],
      volumeMounts: [{ name: 'evidence', mountPath: READER_MOUNT, readOnly: true }],
    },
  });
}

/** A one-shot pod of the harness on a given node, with one volume and one busybox container. */
function helperPod(spec: {
  name: string;
  role: string;
  node: string;
  tolerations: V1Toleration[] | undefined;
  volume: V1Volume;
  container: Required<Pick<V1Container, 'name' | 'image' | 'command' | 'volumeMounts'>>;
}): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: spec.name, labels: { 'pod-conformance.io/role': spec.role } },
    spec: {
      nodeName: spec.node,
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 1,
      tolerations: spec.tolerations,
      volumes: [spec.volume],
      containers: [{ ...spec.container, imagePullPolicy: 'IfNotPresent' }],
    },
  };
}

const CLEANUP_MOUNT = '/host-parent';

/**
 * A pod on `node` that removes the scenario's directory, then the root if no other scenario's
 * directory is left in it. It mounts the root's parent so it can remove the root itself.
 */
export function cleanupPod(spec: { name: string; node: string; namespace: string; image: string }): V1Pod {
  const dir = scenarioDirectory(spec.namespace);
  const parent = posix.dirname(HOSTPATH_ROOT);
  const root = `${CLEANUP_MOUNT}/${posix.basename(HOSTPATH_ROOT)}`;
  const script = [
    `rm -rf -- "${root}/$1"`,
    `test ! -e "${root}/$1" || { echo "could not remove ${HOSTPATH_ROOT}/$1" >&2; exit 1; }`,
    `echo "removed ${dir}"`,
    `rmdir "${root}" 2>/dev/null && echo "removed ${HOSTPATH_ROOT} (empty)" || true`,
  ].join('; ');
  return helperPod({
    name: spec.name,
    role: 'hostpath-cleanup',
    node: spec.node,
    tolerations: [{ operator: 'Exists' }],
    volume: { name: 'parent', hostPath: { path: parent, type: 'Directory' } },
    container: {
      name: 'cleanup',
      image: spec.image,
      command: ['sh', '-c', script, 'cleanup', spec.namespace],
      volumeMounts: [{ name: 'parent', mountPath: CLEANUP_MOUNT }],
    },
  });
}
