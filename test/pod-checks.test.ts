/**
 * Instant checks of a pod (support/actions/pods.ts) against a scripted API: the read that the
 * check makes, and the watch that carries the kubelet's later reports within the report grace.
 */
import { describe, expect, it } from 'vitest';
import { ConformanceAssertionError } from '../support/assert.ts';
import type { ScenarioContext } from '../support/actions/context.ts';
import { PodChecks } from '../support/actions/pods.ts';
import { inPhase } from '../support/pods/pod-expectations.ts';
import { containerIn } from '../support/pods/container-expectations.ts';
import { PodRecorder } from '../support/pods/recorder.ts';
import type { PodObservation } from '../support/watch/sources.ts';
import { ScriptedPodSource, pod } from './fakes.ts';

const R = { running: '2026-01-01T00:00:01Z' };

async function checks(read: () => PodObservation) {
  const source = new ScriptedPodSource();
  const recorder = new PodRecorder(source);
  await recorder.start();
  await source.connected();
  const lines: string[] = [];
  const ctx = {
    clients: { http: { request: () => Promise.resolve({ rows: [{ cells: [], object: read().pod }] }) } },
    namespace: 'ns',
    recorder,
    log: (line: string) => lines.push(line),
  } as unknown as ScenarioContext;
  return { source, recorder, lines, pods: new PodChecks(ctx) };
}

async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ConformanceAssertionError);
    return (err as Error).message.split('\n')[0]!;
  }
  throw new Error('expected the check to fail');
}

describe('an instant check of a pod', () => {
  it('holds at once when the read shows the state', async () => {
    const running = pod({ rv: '3', phase: 'Running', apps: [{ name: 'c', state: R }] });
    const { recorder, lines, pods } = await checks(() => running);
    await pods.expectState('p', containerIn('c', { state: 'running' }));
    expect(lines).toEqual([]);
    await recorder.stop();
  });

  it('holds when the kubelet reports the state within the grace, and says how late it was', async () => {
    const creating = pod({ rv: '2', apps: [{ name: 'c', state: { waiting: 'ContainerCreating' } }] });
    const { source, recorder, lines, pods } = await checks(() => creating);
    source.emit('ADDED', creating);
    const check = pods.expectState('p', containerIn('c', { state: 'running' }));
    setTimeout(() => source.emit('MODIFIED', pod({ rv: '3', phase: 'Running', apps: [{ name: 'c', state: R }] })), 50);
    await check;
    expect(lines.join('\n')).toMatch(
      /was reported running .* after the check \(a lagging report, within the 10 seconds grace\)/,
    );
    await recorder.stop();
  });

  it('never counts a state older than its own read, and fails at once when the state became impossible', async () => {
    const stale = pod({ rv: '4', phase: 'Pending' });
    const read = pod({ rv: '5', phase: 'Running', apps: [{ name: 'c', state: R }] });
    const { source, recorder, pods } = await checks(() => read);
    // The watch still shows an older Pending state when the check reads Running.
    source.emit('ADDED', stale);
    const started = Date.now();
    const check = failureOf(pods.expectState('p', inPhase('Pending')));
    setTimeout(() => source.emit('MODIFIED', read), 20);
    expect(await check).toBe(
      'pod "p" phase: expected "Pending", observed "Running" (and can no longer be: the pod left Pending for "Running")',
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    await recorder.stop();
  });
});
