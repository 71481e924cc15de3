/**
 * Acting inside containers (exec), reading what they wrote (files, logs, marker lines) and what
 * they serve (HTTP through the API server's pod proxy).
 */
import { expectContains, expectEqual, fail, quote, patternText } from '../assert.ts';
import type { Duration } from '../duration.ts';
import { formatMs } from '../duration.ts';
import { AFTER_GRACE, REPORT_GRACE } from '../report-grace.ts';
import type { ExecResult } from '../kube/exec.ts';
import { execInContainer } from '../kube/exec.ts';
import { ApiError, readLog } from '../kube/errors.ts';
import type { StreamHandle, TextAnswer } from '../kube/http.ts';
import { readContainerLog } from '../kube/logs.ts';
import { countMatchingLines, logLinesMismatch } from '../checks/log-lines.ts';
import { expectMarkerSequence, parseMarkers } from '../checks/markers.ts';
import { describeContainer, describeSnapshot, findContainer } from '../pods/snapshot.ts';
import { timeBoxed, waitFailure } from '../watch/wait.ts';
import type { ScenarioContext } from './context.ts';

export class ContainerActions {
  private lastExec: (ExecResult & { what: string }) | undefined;
  private lastResponse: (TextAnswer & { what: string }) | undefined;

  constructor(private readonly ctx: ScenarioContext) {}

  /** Runs a shell command line (`sh -c`) in the container. */
  async run(pod: string, container: string, commandLine: string): Promise<ExecResult> {
    const result = await execInContainer(this.ctx.clients, { namespace: this.ctx.namespace, pod, container }, [
      'sh',
      '-c',
      commandLine,
    ]);
    this.lastExec = { ...result, what: `"${commandLine}" in container "${container}" of pod "${pod}"` };
    this.ctx.log(
      `ran ${this.lastExec.what}: exit ${result.exitCode}${result.stdout ? `\n${result.stdout.trimEnd()}` : ''}`,
    );
    return result;
  }

  private get executed() {
    if (!this.lastExec) throw new Error('no command run yet: use "When I run … in container …" first');
    return this.lastExec;
  }

  expectExitCode(code: number): void {
    const e = this.executed;
    expectEqual(`exit code of ${e.what}`, code, e.exitCode, e.stderr.trim() || undefined);
  }

  expectOutputContains(text: string): void {
    const e = this.executed;
    expectContains(`output of ${e.what}`, text, e.stdout);
  }

  expectOutputLacks(text: string): void {
    const e = this.executed;
    if (e.stdout.includes(text))
      fail(`output of ${e.what}: expected not to contain ${quote(text)}, observed it does`, e.stdout);
  }

  /** Reads a marker file through exec and asserts the labels' exact order. */
  async expectMarkers(pod: string, container: string, path: string, expected: string[]): Promise<void> {
    const result = await this.run(pod, container, `cat ${path}`);
    if (result.exitCode !== 0)
      fail(`markers in ${path}: expected a readable file, observed exit ${result.exitCode}: ${result.stderr.trim()}`);
    expectMarkerSequence(path, parseMarkers(result.stdout), expected);
  }

  /** A GET through the API server's proxy to a pod port: `/api/v1/namespaces/NS/pods/NAME[:PORT]/proxy/PATH`. */
  async getThroughProxy(pod: string, port: number | undefined, path: string): Promise<void> {
    const target = `/api/v1/namespaces/${this.ctx.namespace}/pods/${pod}${port === undefined ? '' : `:${port}`}/proxy/${path.replace(/^\//, '')}`;
    const answer = await this.ctx.clients.http.requestText('GET', target);
    this.lastResponse = { ...answer, what: `GET ${target}` };
    this.ctx.log(`GET ${target}: HTTP ${answer.code}\n${answer.text.slice(0, 1000).trimEnd()}`);
  }

  private get response() {
    if (!this.lastResponse) throw new Error('no request yet: use "When I GET … through the API server proxy" first');
    return this.lastResponse;
  }

  expectResponseStatus(code: number): void {
    const r = this.response;
    expectEqual(`HTTP status of ${r.what}`, code, r.code, r.text.slice(0, 500));
  }

  expectResponseContains(text: string): void {
    const r = this.response;
    expectContains(`body of ${r.what}`, text, r.text);
  }

  /** The log; a refusal fails the scenario with the API's status and message. */
  async logs(pod: string, container: string, previous = false): Promise<string> {
    return readLog(`${previous ? 'previous ' : ''}log of container "${container}" of pod "${pod}"`, () =>
      this.rawLog(pod, container, previous),
    );
  }

  private rawLog(pod: string, container: string, previous = false): Promise<string> {
    return readContainerLog(this.ctx.clients, this.ctx.namespace, pod, { container, previous });
  }

  /**
   * At least `count` lines of the container's log match the pattern (traces a probe or hook
   * printed), now or within the report grace (support/report-grace.ts): the runtime copies a
   * container's output to its log file a little after the container wrote it.
   */
  async expectLogLines(
    pod: string,
    container: string,
    count: number,
    pattern: RegExp,
    exactly = false,
  ): Promise<number> {
    const read = await this.logReaches(
      pod,
      container,
      (log) => countMatchingLines(log, pattern) >= count,
      REPORT_GRACE,
    );
    const found = countMatchingLines(read.log, pattern);
    this.ctx.log(`log of container "${container}" of pod "${pod}": ${found} lines match ${patternText(pattern)}`);
    if (!read.reached || (exactly && found !== count)) {
      fail(
        `log of container "${container}" of pod "${pod}": expected ${exactly ? 'exactly' : 'at least'} ${count} lines matching ${patternText(pattern)}, observed ${found}${read.reached ? '' : ` ${AFTER_GRACE}`}`,
        `last lines:\n${read.log.trimEnd().split('\n').slice(-10).join('\n')}`,
      );
    }
    return found;
  }

  async expectLogLacks(pod: string, container: string, text: string): Promise<void> {
    const log = await this.logs(pod, container);
    if (log.includes(text)) {
      fail(
        `log of container "${container}" of pod "${pod}": expected not to contain ${quote(text)}, observed it does`,
        log,
      );
    }
  }

  /**
   * The current log contains the text now or within the report grace (as expectLogLines); the
   * previous run's log is complete once the kubelet reports the restart, so it is read once.
   */
  async expectLogContains(pod: string, container: string, text: string, previous = false): Promise<void> {
    const subject = `${previous ? 'previous log' : 'log'} of container "${container}" of pod "${pod}"`;
    if (previous) {
      expectContains(subject, text, await this.logs(pod, container, true));
      return;
    }
    const read = await this.logReaches(pod, container, (log) => log.includes(text), REPORT_GRACE);
    if (!read.reached) {
      if (read.error) fail(`${subject}: expected to contain ${quote(text)}, observed no log (${read.error})`);
      fail(`${subject}: expected to contain ${quote(text)}, observed ${quote(read.log)} ${AFTER_GRACE}`);
    }
  }

  /**
   * The current log is exactly these lines, now or within the report grace (as expectLogLines):
   * output the runtime has not copied yet may still complete it.
   */
  async expectLogIs(pod: string, container: string, lines: string[]): Promise<void> {
    const subject = `log of container "${container}" of pod "${pod}"`;
    const read = await this.logReaches(pod, container, (log) => !logLinesMismatch(lines, log), REPORT_GRACE);
    if (read.reached) return;
    if (read.error) fail(`${subject}: expected ${lines.length} line(s), observed no log (${read.error})`);
    fail(`${subject}: ${logLinesMismatch(lines, read.log) ?? ''} ${AFTER_GRACE}`, `whole log:\n${read.log}`);
  }

  /**
   * Waits until the current log of the container contains the text: follows the log while the
   * container runs and re-reads it at each recorded change of the pod otherwise, so the wait ends
   * as soon as the line is written and never polls on a timer.
   */
  async logShowsWithin(pod: string, container: string, text: string, within: Duration): Promise<void> {
    const subject = `log of container "${container}" of pod "${pod}"`;
    this.ctx.log(`waiting up to ${within.text} for the ${subject} to show ${quote(text)}`);
    const read = await this.logReaches(pod, container, (log) => log.includes(text), within);
    if (read.reached) {
      this.ctx.log(`the ${subject} showed ${quote(text)} after ${formatMs(read.elapsedMs)}`);
      return;
    }
    const tail = read.log.trimEnd().split('\n').slice(-5).join('\n');
    const view = this.ctx.recorder.view(pod);
    const c = view.snapshot ? findContainer(view.snapshot, container) : undefined;
    throw waitFailure({
      message: `${subject}: expected it to show ${quote(text)} within ${within.text}, observed ${read.error ? `no log (${read.error})` : quote(tail || '(empty)')}`,
      states: { of: `pod "${pod}"`, lines: this.ctx.recorder.timeline(pod).map((s) => describeSnapshot(s)) },
      notes: [`container now: ${c ? describeContainer(c) : view.exists ? 'no such container' : 'no such pod'}`],
      stats: this.ctx.recorder.watchStats,
    });
  }

  /**
   * Reads the current log until `holds` is true of it or the time is up: follows the log while the
   * container runs and re-reads it at each recorded change of the pod otherwise.
   */
  private async logReaches(
    pod: string,
    container: string,
    holds: (log: string) => boolean,
    within: Duration,
  ): Promise<{ reached: boolean; log: string; error: string; elapsedMs: number }> {
    const started = Date.now();
    const deadline = started + within.ms;
    let log = '';
    let error = '';
    for (;;) {
      try {
        log = await this.rawLog(pod, container);
        error = '';
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        error = err.status.message ?? err.message;
      }
      if (!error && holds(log)) return { reached: true, log, error, elapsedMs: Date.now() - started };
      const remaining = deadline - Date.now();
      if (remaining <= 0) return { reached: false, log, error, elapsedMs: Date.now() - started };
      const view = this.ctx.recorder.view(pod);
      const state = view.snapshot ? findContainer(view.snapshot, container)?.state : undefined;
      if (state === 'running' && (await this.followUntil(pod, container, holds, remaining))) continue;
      await this.ctx.recorder.nextChange(pod, Math.min(remaining, state === 'running' ? 2_000 : remaining));
    }
  }

  /** Follows the log until what it streamed satisfies `holds` (true), or the stream or the time ends (false). */
  private async followUntil(
    pod: string,
    container: string,
    holds: (log: string) => boolean,
    ms: number,
  ): Promise<boolean> {
    let streamed = '';
    let handle: StreamHandle | undefined;
    let stopped = false;
    const outcome = await timeBoxed<boolean>(
      { ms },
      {
        start: async (settle) => {
          try {
            handle = await this.ctx.clients.http.stream(
              `/api/v1/namespaces/${this.ctx.namespace}/pods/${pod}/log`,
              { container, follow: true },
              '*/*',
              (line) => {
                streamed += `${line}\n`;
                if (holds(streamed)) settle.resolve(true);
              },
            );
            // The box may have ended while the stream was being opened.
            if (stopped) handle.stop();
            await handle.ended;
          } catch (err) {
            if (!(err instanceof ApiError)) throw err;
          }
          settle.resolve(false);
        },
        deadline: (settle) => settle.resolve(false),
        stop: () => {
          stopped = true;
          handle?.stop();
        },
      },
    );
    return outcome.observed;
  }
}
