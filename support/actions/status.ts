/**
 * Writing a pod's `status` subresource as a controller does (a readiness gate's condition, a
 * message, a replaced condition) and checking what followed: the API server's answer, the
 * statuses a condition went through since the write (the kubelet takes back what it owns), and
 * what the recorded history shows (never a state, a timing from the pod's start).
 */
import { ScenarioError, fail, quote } from '../assert.ts';
import { parsePatch, parseYamlDocuments } from '../manifest.ts';
import { ApiError, call } from '../kube/errors.ts';
import type { PodJson } from '../kube/json.ts';
import { expectReadsBack } from '../checks/readback.ts';
import { conditionStatusesSince } from '../pods/conditions.ts';
import type { Expectation } from '../pods/expectation.ts';
import { subjectOf } from '../pods/expectation.ts';
import { checkConditionType, writtenAt } from '../pods/pod-expectations.ts';
import { WATCH_CATCH_UP } from '../report-grace.ts';
import { expectHistory, sequenceMatches } from '../pods/history.ts';
import { finishedAfterPodStart } from '../pods/run-timing.ts';
import { neverState } from '../pods/status-invariants.ts';
import type { Duration } from '../duration.ts';
import type { ScenarioContext } from './context.ts';
import type { PodChecks } from './pods.ts';
import { expectTiming } from './timing.ts';

/** How long a write waits for the scenario's watch to deliver the state it made. */
/** Attempts of a read-modify-write of the status that meets a concurrent kubelet write (409). */
const REPLACE_ATTEMPTS = 5;

interface StatusWrite {
  pod: string;
  what: string;
  answer: PodJson;
  /** The recorder's sequence number of the first state at or after the write. */
  seq: number;
}

export class StatusActions {
  private lastWrite: StatusWrite | undefined;

  constructor(
    private readonly ctx: ScenarioContext,
    private readonly pods: PodChecks,
  ) {}

  private statusPath(pod: string): string {
    return `/api/v1/namespaces/${this.ctx.namespace}/pods/${pod}/status`;
  }

  /** A strategic merge patch of the status subresource (conditions merge by their type). */
  async patch(pod: string, patchText: string): Promise<void> {
    const origin = this.ctx.origin();
    const body = parsePatch(patchText, origin, this.ctx.docStringLine?.() ?? 0);
    await this.send(pod, 'patched the status', body);
  }

  /** What a readiness-gate controller does: one condition set by a status patch. */
  async setCondition(pod: string, type: string, status: string): Promise<void> {
    checkConditionType(type);
    await this.send(pod, `set condition ${type}=${status}`, { status: { conditions: [{ type, status }] } });
  }

  private async send(pod: string, what: string, body: unknown): Promise<void> {
    const answer = await call(`${what} of pod "${pod}"`, () =>
      this.ctx.clients.http.request<PodJson>('PATCH', this.statusPath(pod), {
        body,
        contentType: 'application/strategic-merge-patch+json',
      }),
    );
    await this.recorded(pod, what, answer);
  }

  /**
   * A read-modify-write of the whole status (PUT, with the resourceVersion read): the named
   * conditions set to the status, everything else as read. A conflict with the kubelet's own
   * write is retried with a fresh read.
   */
  async replaceConditions(pod: string, types: string[], status: string): Promise<void> {
    for (const type of types) checkConditionType(type);
    const what = `replaced the status with ${types.map((t) => `${t}=${status}`).join(', ')}`;
    for (let attempt = 1; ; attempt++) {
      const current = await call(`read the status of pod "${pod}"`, () =>
        this.ctx.clients.http.request<PodJson>('GET', this.statusPath(pod)),
      );
      const conditions = current.status?.conditions ?? [];
      const missing = types.filter((t) => !conditions.some((c) => c.type === t));
      if (missing.length > 0) {
        fail(
          `pod "${pod}" status: expected conditions ${types.join(', ')} to replace, observed none of type ${missing.join(', ')}`,
        );
      }
      for (const c of conditions) if (types.includes(c.type)) c.status = status;
      let answer: PodJson;
      try {
        answer = await call(`${what} of pod "${pod}"`, () =>
          this.ctx.clients.http.request<PodJson>('PUT', this.statusPath(pod), { body: current }),
        );
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 409) || attempt >= REPLACE_ATTEMPTS) throw err;
        this.ctx.log(`replacing the status of pod "${pod}" met a concurrent write (409); reading it again`);
        continue;
      }
      await this.recorded(pod, what, answer);
      return;
    }
  }

  /**
   * Keeps the answer and waits until the scenario's watch has delivered the state the write made,
   * so a following "becomes … within" can only be satisfied by what came after it. Also for a
   * status written through the subresource steps (support/actions/subresources.ts).
   */
  async recorded(pod: string, what: string, answer: PodJson): Promise<void> {
    const rv = answer.metadata?.resourceVersion ?? '';
    const caughtUp = writtenAt(rv, 'the status write');
    await this.ctx.recorder.becomes(pod, caughtUp, WATCH_CATCH_UP);
    const first = this.ctx.recorder.timeline(pod).find((s) => caughtUp.holds({ exists: true, snapshot: s }));
    this.lastWrite = { pod, what, answer, seq: first?.seq ?? Number.MAX_SAFE_INTEGER };
    this.ctx.log(`${what} of pod "${pod}" (resourceVersion ${rv})`);
  }

  private write(pod: string): StatusWrite {
    const w = this.lastWrite;
    if (!w || w.pod !== pod) {
      throw new ScenarioError(`no status write to pod "${pod}" yet: write its status in an earlier step`);
    }
    return w;
  }

  /** The API server's answer to the last status write contains the partial object. */
  expectWriteReadsBack(pod: string, partialText: string): void {
    const origin = this.ctx.origin();
    const [expected, ...more] = parseYamlDocuments(partialText, origin, this.ctx.docStringLine?.() ?? 0);
    if (more.length > 0 || typeof expected !== 'object' || expected === null || Array.isArray(expected)) {
      throw new ScenarioError(`${origin}: the expected object must be exactly one YAML mapping (a part of the pod).`);
    }
    const w = this.write(pod);
    expectReadsBack(`pod "${pod}" as the API server answered the status write (${w.what})`, expected, w.answer);
    this.ctx.log(`the API server's answer to "${w.what}" contains the expected fields`);
  }

  /** The condition's statuses in the states recorded since the write, consecutive repeats once. */
  expectConditionSinceWrite(pod: string, type: string, expected: string[]): void {
    checkConditionType(type);
    const w = this.write(pod);
    const seen = conditionStatusesSince(this.pods.history(pod), type, w.seq);
    if (!sequenceMatches(seen, expected, 'exactly')) {
      fail(
        `condition ${type} of pod "${pod}" since the status write (${w.what}): expected ${quote(expected.join(' → '))}, observed ${quote(seen.join(' → '))}`,
      );
    }
    this.ctx.log(`condition ${type} of pod "${pod}" went ${seen.join(' → ')} since "${w.what}"`);
  }

  /** The expectation held in no recorded state that reports its subject. */
  expectNever(pod: string, expectation: Expectation): void {
    const result = neverState(this.pods.history(pod), expectation);
    const subject = subjectOf(expectation, pod);
    expectHistory(pod, `${subject} never ${expectation.description}`, 'states that report it', result);
    this.ctx.log(`${subject} was never ${expectation.description} in ${result.checked} observed states`);
  }

  /** The container's finishedAt, measured from the pod's status.startTime, within [min, max]. */
  expectFinishedAfterStart(pod: string, container: string, min: Duration, max: Duration): void {
    const m = finishedAfterPodStart(this.pods.history(pod), pod, container);
    expectTiming(this.ctx, {
      subject: `container "${container}" of pod "${pod}" finished after the pod started`,
      seconds: m.seconds,
      interval: {
        minSeconds: min.ms / 1000,
        maxSeconds: max.ms / 1000,
        derivation: `the step's bounds ${min.text} … ${max.text}; whole-second timestamps, ±1 s`,
      },
      fits: (s) => s > min.ms / 1000 - 1 && s < max.ms / 1000 + 1,
      evidence: [
        `status.startTime ${m.startTime}, finishedAt ${m.finishedAt} (whole seconds)`,
        `exit code ${m.exitCode ?? '(none)'}, reason ${m.reason ?? '(none)'}`,
      ],
      span: { pod, container, from: m.startTime, to: m.finishedAt },
    });
  }
}
