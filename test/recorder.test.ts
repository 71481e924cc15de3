import { describe, expect, it } from 'vitest';
import { ConformanceAssertionError } from '../support/assert.ts';
import { Duration } from '../support/duration.ts';
import { gone, inPhase, printedStatus, ready } from '../support/pods/pod-expectations.ts';
import { containerIn, restartsAtLeast } from '../support/pods/container-expectations.ts';
import type { PodObservation } from '../support/watch/sources.ts';
import { PodRecorder } from '../support/pods/recorder.ts';
import { ScriptedPodSource, pod, settle } from './fakes.ts';

const ms = (n: number) => Duration.ofMs(n);

async function started(read?: (name: string) => Promise<PodObservation | undefined>) {
  const source = new ScriptedPodSource();
  const recorder = new PodRecorder(source, read);
  await recorder.start();
  await source.connected();
  return { source, recorder };
}

async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ConformanceAssertionError);
    return (err as Error).message;
  }
  throw new Error('expected the wait to fail');
}

describe('PodRecorder.becomes', () => {
  it('resolves as soon as an observed state satisfies the expectation', async () => {
    const { source, recorder } = await started();
    const wait = recorder.becomes('p', inPhase('Running'), ms(5_000));
    source.emit('ADDED', pod({ rv: '2', phase: 'Pending' }));
    source.emit('MODIFIED', pod({ rv: '3', phase: 'Running' }));
    const outcome = await wait;
    expect(outcome.observed.snapshot?.resourceVersion).toBe('3');
    expect(outcome.elapsedMs).toBeLessThan(1_000);
    await recorder.stop();
  });

  it('resolves at once when the state already holds', async () => {
    const { source, recorder } = await started();
    source.emit('ADDED', pod({ rv: '2', phase: 'Running' }));
    await expect(recorder.becomes('p', inPhase('Running'), ms(10))).resolves.toBeDefined();
    await recorder.stop();
  });

  it('fails fast when the pod reaches a final phase instead', async () => {
    const { source, recorder } = await started();
    const wait = failureOf(recorder.becomes('p', inPhase('Running'), ms(60_000)));
    source.emit('ADDED', pod({ rv: '2', phase: 'Pending' }));
    source.emit('MODIFIED', pod({ rv: '3', phase: 'Failed' }));
    const message = await wait;
    expect(message.split('\n')[0]).toBe(
      'pod "p" can no longer reach Running (the pod reached the final phase "Failed"); phase: expected "Running", observed "Failed"',
    );
    expect(message).toContain('observed states of pod "p" (2');
    await recorder.stop();
  });

  it('fails fast when the pod is deleted while waiting for Ready', async () => {
    const { source, recorder } = await started();
    source.emit('ADDED', pod({ rv: '2', phase: 'Running' }));
    const wait = failureOf(recorder.becomes('p', ready(true), ms(60_000)));
    source.emit('DELETED', pod({ rv: '3', phase: 'Running' }));
    expect((await wait).split('\n')[0]).toMatch(/^pod "p" can no longer reach Ready \(the pod was deleted\)/);
    await recorder.stop();
  });

  it('times out naming what it waited for and what it observed last', async () => {
    const { source, recorder } = await started();
    source.emit('ADDED', pod({ rv: '2', phase: 'Pending', status: 'Init:0/2' }));
    const message = await failureOf(recorder.becomes('p', printedStatus('Init:1/2'), ms(30)));
    expect(message.split('\n')[0]).toBe(
      'pod "p" did not reach STATUS "Init:1/2" within 30 ms: STATUS: expected "Init:1/2", observed "Init:0/2"',
    );
    expect(message).toContain('STATUS=Init:0/2');
    expect(message).toMatch(/watch: 1 connections, 0 drops, 0 relists/);
    await recorder.stop();
  });

  it('keeps waiting across a dropped watch and sees what happened meanwhile', async () => {
    const { source, recorder } = await started();
    const wait = recorder.becomes('p', restartsAtLeast('init', 2), ms(5_000));
    source.emit('ADDED', pod({ rv: '2', inits: [{ name: 'init', state: { running: 't' }, restarts: 1 }] }));
    source.drop();
    await source.connected(2);
    expect(source.watchCalls).toEqual(['1', '2']);
    source.emit(
      'MODIFIED',
      pod({ rv: '3', inits: [{ name: 'init', state: { waiting: 'CrashLoopBackOff' }, restarts: 2 }] }),
    );
    await expect(wait).resolves.toMatchObject({ observed: { snapshot: { resourceVersion: '3' } } });
    await recorder.stop();
  });

  it('after a 410 relist, records the listed state as following a gap and still resolves', async () => {
    const { source, recorder } = await started();
    source.lists.push({ items: [pod({ rv: '50', phase: 'Running' })], resourceVersion: '51' });
    const wait = recorder.becomes('p', inPhase('Running'), ms(5_000));
    source.emit('ADDED', pod({ rv: '2', phase: 'Pending' }));
    source.emitError(410);
    await expect(wait).resolves.toMatchObject({
      observed: { snapshot: { resourceVersion: '50', afterGap: true, via: 'relist' } },
    });
    expect(recorder.timeline('p').map((s) => s.via)).toEqual(['ADDED', 'relist']);
    await recorder.stop();
  });

  it('records a pod that vanished during a gap as deleted', async () => {
    const { source, recorder } = await started();
    source.lists.push({ items: [], resourceVersion: '60' });
    source.emit('ADDED', pod({ rv: '2', phase: 'Running' }));
    source.emitError(410);
    await source.connected(2);
    expect(recorder.view('p').exists).toBe(false);
    expect(recorder.timeline('p').at(-1)).toMatchObject({ via: 'DELETED', afterGap: true });
    await expect(recorder.becomes('p', gone(), ms(10))).resolves.toBeDefined();
    await recorder.stop();
  });

  it('at the deadline, accepts a state that only a direct read saw (the watch lagged)', async () => {
    const { source, recorder } = await started(() => Promise.resolve(pod({ rv: '9', phase: 'Running' })));
    source.emit('ADDED', pod({ rv: '2', phase: 'Pending' }));
    await expect(recorder.becomes('p', inPhase('Running'), ms(20))).resolves.toMatchObject({
      observed: { confirmedByGet: true },
    });
    await recorder.stop();
  });
});

describe('PodRecorder.stays', () => {
  it('passes when every state during the window satisfies the expectation', async () => {
    const { source, recorder } = await started();
    source.emit('ADDED', pod({ rv: '2', phase: 'Pending', status: 'Init:0/2' }));
    const wait = recorder.stays('p', inPhase('Pending'), ms(50));
    source.emit('MODIFIED', pod({ rv: '3', phase: 'Pending', status: 'Init:0/2' }));
    await expect(wait).resolves.toBeDefined();
    await recorder.stop();
  });

  it('fails as soon as a state violates it', async () => {
    const { source, recorder } = await started();
    source.emit('ADDED', pod({ rv: '2', apps: [{ name: 'app', state: { waiting: 'PodInitializing' } }] }));
    const wait = failureOf(recorder.stays('p', containerIn('app', { state: 'waiting' }), ms(60_000)));
    source.emit('MODIFIED', pod({ rv: '3', apps: [{ name: 'app', state: { running: 't' } }] }));
    expect((await wait).split('\n')[0]).toMatch(
      /^container "app" of pod "p" did not stay waiting for 1 min: after \d+ ms, container "app": expected "waiting", observed "running"$/,
    );
    await recorder.stop();
  });

  it('fails when a read at the end of the window contradicts a silent watch', async () => {
    const { source, recorder } = await started(() => Promise.resolve(pod({ rv: '7', phase: 'Running' })));
    source.emit('ADDED', pod({ rv: '2', phase: 'Pending' }));
    const message = await failureOf(recorder.stays('p', inPhase('Pending'), ms(20)));
    expect(message.split('\n')[0]).toMatch(
      /a read at the end of the window, after \d+ ms, phase: expected "Pending", observed "Running"$/,
    );
    await recorder.stop();
  });

  it('fails at once when the state does not hold at the start', async () => {
    const { source, recorder } = await started();
    source.emit('ADDED', pod({ rv: '2', phase: 'Running' }));
    await settle();
    const message = await failureOf(recorder.stays('p', inPhase('Pending'), ms(60_000)));
    expect(message.split('\n')[0]).toMatch(
      /^pod "p" did not stay Pending for 1 min: after \d+ ms, phase: expected "Pending", observed "Running"$/,
    );
    await recorder.stop();
  });
});
