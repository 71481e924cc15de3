import { describe, expect, it } from 'vitest';
import type { PodView } from '../support/pods/expectation.ts';
import { terminationMessage } from '../support/pods/container-expectations.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';
import type { PodSpec } from './fakes.ts';
import { pod } from './fakes.ts';

const view = (spec: PodSpec): PodView => {
  const o = pod(spec);
  return { exists: true, snapshot: snapshotOf(o.pod, { seq: 1, via: 'GET', printedStatus: o.printedStatus }) };
};
const ended = (message: string | undefined, phase = 'Succeeded') =>
  view({ rv: '1', phase, apps: [{ name: 'app', state: { terminated: 0, message } }] });

describe('the termination message, exactly', () => {
  it('holds only for the whole message: a message that contains the text is another message', () => {
    expect(terminationMessage('app', 'DONE').holds(ended('DONE'))).toBe(true);
    const e = terminationMessage('app', 'DONE');
    expect(e.holds(ended('DONE\n'))).toBe(false);
    expect(e.mismatch(ended('DONE\n'))).toBe(
      'container "app": termination message: expected "DONE", observed "DONE\\n"',
    );
  });

  it('an empty message is expected as "" and is what a container without one reports', () => {
    expect(terminationMessage('app', '').holds(ended(undefined))).toBe(true);
    expect(terminationMessage('app', '').holds(ended('DONE'))).toBe(false);
    expect(terminationMessage('app', 'DONE').mismatch(ended(undefined))).toBe(
      'container "app": termination message: expected "DONE", observed ""',
    );
  });

  it('a container that has not terminated has no termination message yet', () => {
    const running = view({ rv: '1', phase: 'Running', apps: [{ name: 'app', state: { running: 't' } }] });
    const e = terminationMessage('app', '');
    expect(e.holds(running)).toBe(false);
    expect(e.mismatch(running)).toBe(
      'container "app": termination message: expected "", observed none yet (container running)',
    );
    expect(e.impossible(running)).toBeUndefined();
  });

  it('is impossible once the pod is final with another message, or the container or pod is missing', () => {
    expect(terminationMessage('app', 'DONE').impossible(ended('OK', 'Failed'))).toBe(
      'the pod reached the final phase "Failed"',
    );
    expect(terminationMessage('app', 'OK').impossible(ended('OK', 'Failed'))).toBeUndefined();
    expect(terminationMessage('other', 'OK').impossible(ended('OK'))).toBe('the pod has no container named "other"');
    expect(terminationMessage('other', 'OK').mismatch(ended('OK'))).toBe(
      'container "other": termination message: expected "OK", observed no such container',
    );
  });
});
