/**
 * Files as a container sees them, read by exec: mode, owner, group, type, link, filesystem and
 * exact content (what the kubelet wrote into configMap, secret, downwardAPI, projected and
 * emptyDir volumes); waits for a file to change once its source changed, and the time the
 * kubelet took, held to the bound its own settings give (support/checks/volume-sync.ts).
 */
import { fail, quote } from '../assert.ts';
import type { Duration } from '../duration.ts';
import { formatMs } from '../duration.ts';
import {
  describeFileReport,
  FILE_REPORT_SCRIPT,
  FILE_WAIT_SCRIPT,
  fileMismatches,
  goalArguments,
  lastSeen,
  parseFileReport,
} from '../checks/files.ts';
import type { FileGoal, FileReport } from '../checks/files.ts';
import type { KubeletSyncSettings } from '../checks/volume-sync.ts';
import { dataDirTime, KUBELET_DEFAULTS, lastChange, parseGoDuration, volumeSyncBound } from '../checks/volume-sync.ts';
import { execInContainer } from '../kube/exec.ts';
import { kubeletConfig, nodeObjectTtl } from '../kube/kubelet-config.ts';
import { findContainer } from '../pods/snapshot.ts';
import type { ScenarioContext } from './context.ts';
import type { ObjectActions } from './objects.ts';
import type { FieldRef } from './stored-field.ts';
import { storedFieldText } from './stored-field.ts';
import { expectTiming } from './timing.ts';

/** Time an exec needs around an in-container wait (connection, start of the shell). */
const EXEC_MARGIN_MS = 20_000;
/** What the kubelet's cache uses for the `Cache` strategy when the node has no TTL annotation. */
const DEFAULT_OBJECT_TTL_SECONDS = 60;

export class FileChecks {
  constructor(
    private readonly ctx: ScenarioContext,
    private readonly objects: ObjectActions,
  ) {}

  private exec(pod: string, container: string, script: string, args: string[], timeoutMs?: number) {
    const target = { namespace: this.ctx.namespace, pod, container };
    return execInContainer(this.ctx.clients, target, ['sh', '-c', script, 'sh', ...args], timeoutMs);
  }

  async report(pod: string, container: string, path: string): Promise<FileReport> {
    const result = await this.exec(pod, container, FILE_REPORT_SCRIPT, [path]);
    if (result.exitCode !== 0) {
      fail(
        `file ${path} in container "${container}" of pod "${pod}": expected it readable by stat, observed exit ${result.exitCode}: ${result.stderr.trim()}`,
      );
    }
    return parseFileReport(result.stdout);
  }

  /** The file has every attribute of the table (mode, owner, group, type, link, filesystem, content). */
  async expectFile(pod: string, container: string, path: string, expected: [string, string][]): Promise<void> {
    const subject = `file ${path} in container "${container}" of pod "${pod}"`;
    const report = await this.report(pod, container, path);
    const described = describeFileReport(report);
    this.ctx.log(`${subject}:\n${described}`);
    const mismatches = fileMismatches(expected, report);
    if (mismatches.length > 0) {
      fail(
        `${subject}: ${mismatches[0]}${mismatches.length > 1 ? ` (and ${mismatches.length - 1} more)` : ''}`,
        [...mismatches.slice(1), '', 'the file:', described].join('\n'),
      );
    }
  }

  async expectAbsent(pod: string, container: string, path: string): Promise<void> {
    const report = await this.report(pod, container, path);
    if (report.exists) {
      fail(
        `file ${path} in container "${container}" of pod "${pod}": expected no such file, observed one`,
        describeFileReport(report),
      );
    }
    this.ctx.log(`file ${path} in container "${container}" of pod "${pod}": no such file`);
  }

  /** The file holds exactly the object's stored field (in whole units for a resource quantity). */
  async expectHoldsField(
    pod: string,
    container: string,
    path: string,
    field: FieldRef,
    inWholeUnits: boolean,
  ): Promise<void> {
    const expected = await storedFieldText(this.objects, field, inWholeUnits);
    const subject = `file ${path} in container "${container}" of pod "${pod}"`;
    const report = await this.report(pod, container, path);
    const mismatches = fileMismatches([['content', expected.text]], report);
    if (mismatches.length > 0) {
      fail(`${subject}: ${mismatches[0]} (the ${expected.what} is ${expected.shown})`, describeFileReport(report));
    }
    this.ctx.log(`${subject} holds ${expected.shown}, the ${expected.what}`);
  }

  /** Waits, inside the container, until the file holds exactly the text. */
  async readsWithin(pod: string, container: string, path: string, text: string, within: Duration): Promise<void> {
    await this.waitInContainer(pod, container, path, { how: 'content', text }, `to read ${quote(text)}`, within);
  }

  /** Waits, inside the container, until one line of the file is exactly the text. */
  async hasLineWithin(pod: string, container: string, path: string, text: string, within: Duration): Promise<void> {
    await this.waitInContainer(pod, container, path, { how: 'line', text }, `to have the line ${quote(text)}`, within);
  }

  /** Waits, inside the container, until the path no longer exists. */
  async goneWithin(pod: string, container: string, path: string, within: Duration): Promise<void> {
    await this.waitInContainer(pod, container, path, { how: 'absent' }, 'to be gone', within);
  }

  private async waitInContainer(
    pod: string,
    container: string,
    path: string,
    goal: FileGoal,
    what: string,
    within: Duration,
  ): Promise<void> {
    const subject = `file ${path} in container "${container}" of pod "${pod}"`;
    this.ctx.log(`waiting up to ${within.text} for ${subject} ${what}`);
    const started = Date.now();
    const seconds = String(Math.ceil(within.ms / 1000));
    const args = [path, ...goalArguments(goal), seconds];
    const result = await this.exec(pod, container, FILE_WAIT_SCRIPT, args, within.ms + EXEC_MARGIN_MS);
    if (result.exitCode !== 0) {
      fail(
        `${subject}: expected it ${what} within ${within.text}, observed ${lastSeen(result.stdout)} at the end`,
        result.stderr.trim() || undefined,
      );
    }
    this.ctx.log(`${subject} ${what.replace(/^to /, '')} after ${formatMs(Date.now() - started)}`);
  }

  /**
   * The kubelet wrote the volume's current `..data` no earlier than the object's last change and
   * no later than its sync bound after it: measured from the object's last managedFields time to
   * the time stamped in the `..data` directory's name, read in a container that mounts the volume.
   */
  async expectRewrittenWithinSyncBound(pod: string, volume: string, kind: string, name: string): Promise<void> {
    const view = this.ctx.recorder.view(pod);
    const spec = view.snapshot?.pod.spec;
    const node = view.snapshot?.nodeName;
    if (!spec || !node)
      fail(`pod "${pod}": expected it bound to a node, observed ${view.exists ? 'unbound' : 'no such pod'}`);
    const mount = spec.containers
      .filter((c) => findContainer(view.snapshot!, c.name)?.state === 'running')
      .flatMap((c) => (c.volumeMounts ?? []).map((m) => ({ container: c.name, ...m })))
      .find((m) => m.name === volume && !m.subPath);
    if (!mount) fail(`pod "${pod}": expected a running container that mounts volume "${volume}", observed none`);

    const link = await this.exec(pod, mount.container, 'readlink "$1/..data"', [mount.mountPath]);
    const dataDir = link.stdout.trim();
    const written = dataDirTime(dataDir);
    if (link.exitCode !== 0 || !written) {
      fail(
        `volume "${volume}" of pod "${pod}" at ${mount.mountPath}: expected a ..data link to a timestamped directory (the kubelet's atomic writer), observed ${link.exitCode === 0 ? quote(dataDir) : `exit ${link.exitCode}: ${link.stderr.trim()}`}`,
      );
    }
    const { object, source } = await this.objects.stored(kind, name);
    const changed = lastChange(object);
    if (!changed) fail(`${kind} "${name}" (${source}): expected managedFields with a time, observed none`);
    const settings = await this.syncSettings(node);
    const seconds = (written.getTime() - Date.parse(changed)) / 1000;
    expectTiming(this.ctx, {
      subject: `rewrite of volume "${volume}" of pod "${pod}" after the last change to ${kind} "${name}"`,
      seconds,
      interval: volumeSyncBound(settings),
      evidence: [
        `${kind} "${name}" last changed at ${changed} (its latest managedFields time, whole seconds)`,
        `the kubelet wrote ${mount.mountPath}/..data -> ${dataDir} at ${written.toISOString()} (in the directory's name, whole seconds)`,
        `kubelet of node "${node}": syncFrequency ${settings.syncFrequencySeconds} s, configMapAndSecretChangeDetectionStrategy ${settings.changeDetection} (${settings.source})`,
      ],
      span: { pod, container: mount.container, from: changed, to: written.toISOString() },
    });
  }

  private async syncSettings(node: string): Promise<KubeletSyncSettings> {
    const answer = await kubeletConfig(this.ctx.clients, node);
    const ttl = (await nodeObjectTtl(this.ctx.clients, node)) ?? DEFAULT_OBJECT_TTL_SECONDS;
    if ('unreadable' in answer) {
      this.ctx.log(
        `kubelet /configz of node "${node}" unreadable (${answer.unreadable}): using the kubelet's defaults`,
      );
      return { ...KUBELET_DEFAULTS, ttlSeconds: ttl, source: `the kubelet's defaults: /configz unreadable` };
    }
    const { syncFrequency, configMapAndSecretChangeDetectionStrategy } = answer.config;
    return {
      syncFrequencySeconds: syncFrequency ? parseGoDuration(syncFrequency) : KUBELET_DEFAULTS.syncFrequencySeconds,
      changeDetection: configMapAndSecretChangeDetectionStrategy ?? KUBELET_DEFAULTS.changeDetection,
      ttlSeconds: ttl,
      source: `/configz of node "${node}"`,
    };
  }
}
