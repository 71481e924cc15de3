/**
 * What containers and hooks wrote, read back black-box: a file on a hostPath volume, read by a
 * reader pod bound to the node that ran the pod (so it works after the pod is gone), or a
 * container's log. The text read last is what the following marker and content checks examine.
 */
import { ScenarioError, expectContains, fail, quote } from '../assert.ts';
import { Duration } from '../duration.ts';
import { READER_NO_FILE_EXIT, readerPod } from '../checks/hostpath.ts';
import { call, readLog } from '../kube/errors.ts';
import { readLogOverWebSocket } from '../kube/websocket-log.ts';
import { readContainerLog } from '../kube/logs.ts';
import type { Marker } from '../checks/markers.ts';
import { expectMarkerBefore, expectMarkerGap, expectMarkerSequence, parseMarkers } from '../checks/markers.ts';
import { runsToCompletion } from '../pods/container-expectations.ts';
import type { PodSnapshot } from '../pods/snapshot.ts';
import { findContainer } from '../pods/snapshot.ts';
import { expectRequests, hostHeader } from '../checks/recorded-requests.ts';
import type { ScenarioContext } from './context.ts';
import type { V1Volume } from '@kubernetes/client-node';

interface TextRead {
  /** `file "message" of hostPath volume "data" (node n1)` or `log of container "c" of pod "p"`. */
  source: string;
  /** Undefined when the file did not exist. */
  text: string | undefined;
}

/**
 * A reader pod is a busybox `cat`: it starts in seconds on a node that already has the image, but
 * a loaded node took over 20 s to start it and report it done (two full runs sharing a 2-core
 * node). It is the harness's helper, not the behaviour, so its wait is generous: READER_WAIT,
 * inside the reading step's own budget (READER_STEP_BUDGET_MS), so a reader that never finishes is
 * reported with its state; one that cannot run (unschedulable, image or start errors) fails at once.
 */
const READER_WAIT = Duration.parse('60 seconds');
export const READER_STEP_BUDGET_MS = READER_WAIT.ms + 30_000;

/** A file a reader pod read from the hostPath volume of `pod` (markers end up on its timeline picture). */
export interface HostPathRead {
  pod: string;
  source: string;
  text: string;
}

export class WrittenEvidence {
  private lastRead: TextRead | undefined;
  /** Every file read so far, for the evidence attached after the scenario. */
  readonly reads: HostPathRead[] = [];
  private readers = 0;

  constructor(private readonly ctx: ScenarioContext) {}

  /** The latest recorded state of the pod that names its node (it may be gone by now). */
  private placedState(pod: string): PodSnapshot {
    const placed = this.ctx.recorder
      .timeline(pod)
      .filter((s) => s.nodeName)
      .at(-1);
    if (!placed) fail(`pod "${pod}": expected it to have been bound to a node, observed no such state`);
    return placed;
  }

  async readHostPathFile(pod: string, volumeName: string, file: string): Promise<void> {
    const placed = this.placedState(pod);
    const node = placed.nodeName ?? '';
    const volume = placed.pod.spec?.volumes?.find((v) => v.name === volumeName);
    if (!volume) throw new ScenarioError(`pod "${pod}" has no volume "${volumeName}"`);
    const name = `reader-${++this.readers}`;
    const image = this.ctx.substitutions.images.busybox;
    if (!image) throw new ScenarioError('the image map has no "busybox" image for the reader pod');
    const body = readerPod({
      name,
      node,
      volume: volume as V1Volume,
      tolerations: placed.pod.spec?.tolerations,
      file,
      image,
    });
    const source = `file "${file}" of hostPath volume "${volumeName}" (${volume.hostPath?.path ?? '?'} on node ${node})`;
    this.ctx.log(`reading ${source} with reader pod "${name}"`);
    await call(`create reader pod ${name}`, () =>
      this.ctx.clients.core.createNamespacedPod({ namespace: this.ctx.namespace, body }),
    );
    await this.ctx.recorder.becomes(name, runsToCompletion('read'), READER_WAIT);
    const finished = this.ctx.recorder.view(name).snapshot;
    const ended = finished && findContainer(finished, 'read');
    const output = await this.log(name, 'read');
    if (ended?.exitCode === 0) {
      this.lastRead = { source, text: output };
      this.reads.push({ pod, source, text: output });
    } else if (ended?.exitCode === READER_NO_FILE_EXIT) {
      this.lastRead = { source, text: undefined };
    } else {
      fail(
        `reader pod "${name}" for ${source}: expected exit 0 or ${READER_NO_FILE_EXIT}, observed exit ${quote(ended?.exitCode)}: ${output.trim()}`,
      );
    }
    this.ctx.log(
      `${source}: ${this.lastRead.text === undefined ? 'no such file' : `\n${this.lastRead.text.trimEnd()}`}`,
    );
  }

  async readLog(pod: string, container: string): Promise<void> {
    const text = await this.log(pod, container);
    this.lastRead = { source: `log of container "${container}" of pod "${pod}"`, text };
    this.ctx.log(`${this.lastRead.source}:\n${text.trimEnd()}`);
  }

  /** The log as a WebSocket client reads it (`binary.k8s.io`), whole, until the server closes. */
  async readLogOverWebSocket(pod: string, container: string): Promise<void> {
    const what = `log of container "${container}" of pod "${pod}" read through a WebSocket`;
    const text = await readLog(what, () =>
      readLogOverWebSocket(this.ctx.clients.kubeConfig, { namespace: this.ctx.namespace, pod, container }),
    );
    this.lastRead = { source: what, text };
    this.ctx.log(`${what}:\n${text.trimEnd()}`);
  }

  /** What was read is exactly the text, every character (a trailing newline included). */
  expectExactly(text: string): void {
    const { source, text: read } = this.existing();
    if (read !== text) fail(`${source}: expected exactly ${quote(text)}, observed ${quote(read)}`);
    this.ctx.log(`${source} is exactly ${quote(text)}`);
  }

  private async log(pod: string, container: string): Promise<string> {
    return readLog(`log of container "${container}" of pod "${pod}"`, () =>
      readContainerLog(this.ctx.clients, this.ctx.namespace, pod, { container }),
    );
  }

  private get read(): TextRead {
    if (!this.lastRead) throw new ScenarioError('nothing read yet: read a file through a reader pod or a log first');
    return this.lastRead;
  }

  private existing(): { source: string; text: string } {
    const { source, text } = this.read;
    if (text === undefined) fail(`${source}: expected the file to exist, observed no such file`);
    return { source, text };
  }

  private markers(): { source: string; markers: Marker[] } {
    const { source, text } = this.existing();
    return { source, markers: parseMarkers(text) };
  }

  expectContains(text: string): void {
    const read = this.existing();
    expectContains(read.source, text, read.text);
  }

  expectNoFile(): void {
    const { source, text } = this.read;
    if (text !== undefined) fail(`${source}: expected no such file, observed one containing ${quote(text)}`);
  }

  expectMarkers(expected: string[]): void {
    const { source, markers } = this.markers();
    expectMarkerSequence(source, markers, expected);
  }

  expectMarkerBefore(first: string, second: string): void {
    const { source, markers } = this.markers();
    expectMarkerBefore(source, markers, first, second);
  }

  /** `later` came at least `minimum` after `earlier`, and at most `maximum` when given. */
  expectMarkerGap(later: string, earlier: string, minimum: Duration, maximum?: Duration): void {
    const { source, markers } = this.markers();
    const gap = expectMarkerGap(source, markers, earlier, later, {
      minSeconds: minimum.ms / 1000,
      maxSeconds: maximum && maximum.ms / 1000,
    });
    const expected = maximum ? `between ${minimum.text} and ${maximum.text}` : `at least ${minimum.text}`;
    this.ctx.log(`${source}: "${later}" came ${gap} s after "${earlier}" (${expected} expected)`);
  }

  /** Exactly these request URIs, each addressed to the pod's IP and the port (the Host header). */
  expectRequests(uris: string[], pod: string, port: number): void {
    const { source, markers } = this.markers();
    const ip = this.podIp(pod);
    expectRequests(source, markers, uris, hostHeader(ip, port));
  }

  /** The pod's IP as last reported (the pod may be gone by now). */
  private podIp(pod: string): string {
    const ip = this.ctx.recorder
      .timeline(pod)
      .map((s) => s.pod.status?.podIP)
      .filter(Boolean)
      .at(-1);
    if (!ip) fail(`pod "${pod}": expected a pod IP in its recorded states, observed none`);
    return ip;
  }
}
