/**
 * Writes to a pod's subresources and reading them back: `status` (what a controller writes:
 * readiness gates, conditions), `ephemeralcontainers` (a debug container added to a running pod)
 * and `resize` (its containers' resources changed in place), by a strategic merge patch as
 * `kubectl patch --subresource` sends it, or by a read-modify-write (PUT, the "replace
 * endpoint"). A write returns once the scenario's watch has seen the state it made, so a
 * following "becomes … within" can only be satisfied by that state or a later one; a status write
 * is the StatusActions' last write, for the steps "since the status write".
 */
import { quote } from '../assert.ts';
import { expectReadsBack } from '../checks/readback.ts';
import { notOlderThan } from '../checks/resource-version.ts';
import { Duration } from '../duration.ts';
import { call } from '../kube/errors.ts';
import type { PodJson } from '../kube/json.ts';
import { parsePatch } from '../manifest.ts';
import { mergeNamed } from '../kube/named-merge.ts';
import type { Expectation, PodView } from '../pods/expectation.ts';
import type { ScenarioContext } from './context.ts';
import type { ObjectActions } from './objects.ts';
import type { StatusActions } from './status.ts';

/** A pod subresource as steps name it, and its name in the API. */
export const POD_SUBRESOURCES = {
  status: 'status',
  'ephemeral containers': 'ephemeralcontainers',
  resources: 'resize',
} as const;
export type PodSubresource = keyof typeof POD_SUBRESOURCES;
export const POD_SUBRESOURCE_NAMES = Object.keys(POD_SUBRESOURCES) as PodSubresource[];

/** How long a write waits for the scenario's watch to deliver the state it made. */
const WATCH_CATCH_UP = Duration.parse('15 seconds');
/** GETs of the pod and its subresource until both answer the same resourceVersion. */
const SAME_VERSION_ATTEMPTS = 5;

export class SubresourceActions {
  constructor(
    private readonly ctx: ScenarioContext,
    private readonly objects: ObjectActions,
    private readonly status: StatusActions,
  ) {}

  private path(pod: string, subresource?: PodSubresource): string {
    const base = `/api/v1/namespaces/${this.ctx.namespace}/pods/${encodeURIComponent(pod)}`;
    return subresource ? `${base}/${POD_SUBRESOURCES[subresource]}` : base;
  }

  private body(text: string): unknown {
    return parsePatch(text, this.ctx.origin(), this.ctx.docStringLine?.() ?? 0);
  }

  private send(pod: string, subresource: PodSubresource, method: 'PATCH' | 'PUT', body: unknown): Promise<PodJson> {
    return this.ctx.clients.http.request<PodJson>(method, this.path(pod, subresource), {
      body,
      ...(method === 'PATCH' ? { contentType: 'application/strategic-merge-patch+json' } : {}),
    });
  }

  /** The state just before the write, for "… was not restarted, re-run or recreated since the patch". */
  private baseline(pod: string): void {
    const before = this.ctx.recorder.timeline(pod).at(-1);
    if (before) this.objects.statesBeforePatch.set(pod, before);
  }

  /** A strategic merge patch of the subresource (ephemeral containers and containers merge by name). */
  async patch(pod: string, subresource: PodSubresource, text: string): Promise<void> {
    if (subresource === 'status') return this.status.patch(pod, text);
    const body = this.body(text);
    this.baseline(pod);
    const what = `patch the ${subresource} of pod "${pod}"`;
    const answer = await call(what, () => this.send(pod, subresource, 'PATCH', body));
    await this.recorded(pod, what, answer);
  }

  /** The same patch, its refusal recorded for "the API rejects it …" instead of failing. */
  async tryPatch(pod: string, subresource: PodSubresource, text: string): Promise<void> {
    const body = this.body(text);
    await this.objects.attempt(`patch the ${subresource} of pod "${pod}"`, () =>
      this.send(pod, subresource, 'PATCH', body),
    );
  }

  /**
   * A read-modify-write: the pod as read (GET), the docstring merged into it (lists of named items
   * by name), PUT to the subresource with the resourceVersion read, so the API server refuses it
   * if the pod changed in between.
   */
  async replace(pod: string, subresource: PodSubresource, text: string): Promise<void> {
    const partial = this.body(text);
    this.baseline(pod);
    const current = await call(`read pod "${pod}"`, () =>
      this.ctx.clients.http.request<PodJson>('GET', this.path(pod)),
    );
    const what = `replace the ${subresource} of pod "${pod}"`;
    const answer = await call(what, () => this.send(pod, subresource, 'PUT', mergeNamed(current, partial)));
    if (subresource === 'status') await this.status.recorded(pod, 'replaced the status', answer);
    else await this.recorded(pod, what, answer);
  }

  /** Waits until the scenario's watch has delivered the state the write made (or a later one). */
  private async recorded(pod: string, what: string, answer: PodJson): Promise<void> {
    const rv = answer.metadata?.resourceVersion ?? '';
    const reached: Expectation = {
      description: `resourceVersion ${rv} (the write) or later`,
      holds: (v: PodView) => {
        const seen = v.snapshot?.resourceVersion;
        return !!seen && (notOlderThan(seen, rv) ?? seen === rv);
      },
      mismatch: (v: PodView) =>
        `resourceVersion: expected ${rv} or later, observed ${quote(v.snapshot?.resourceVersion)}`,
      impossible: (v: PodView) => (!v.exists && v.snapshot ? 'the pod was deleted' : undefined),
    };
    await this.ctx.recorder.becomes(pod, reached, WATCH_CATCH_UP);
    this.ctx.log(`${what}: generation ${answer.metadata?.generation ?? '?'}, resourceVersion ${rv}`);
  }

  /**
   * The subresource's GET answers the pod itself: the same object the pod's own endpoint serves,
   * field for field (both read at one resourceVersion).
   */
  async expectReadsAsPod(pod: string, subresource: PodSubresource): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const [own, sub] = await Promise.all([
        call(`read pod "${pod}"`, () => this.ctx.clients.http.request<PodJson>('GET', this.path(pod))),
        call(`read the ${subresource} of pod "${pod}"`, () =>
          this.ctx.clients.http.request<PodJson>('GET', this.path(pod, subresource)),
        ),
      ]);
      const [a, b] = [own.metadata?.resourceVersion, sub.metadata?.resourceVersion];
      if (a !== b && attempt < SAME_VERSION_ATTEMPTS) continue;
      expectReadsBack(
        `the ${subresource} subresource of pod "${pod}" (GET …/${POD_SUBRESOURCES[subresource]})`,
        own,
        sub,
        'equals',
      );
      this.ctx.log(
        `the ${subresource} subresource of pod "${pod}" answers the pod itself (resourceVersion ${b ?? '?'})`,
      );
      return;
    }
  }
}
