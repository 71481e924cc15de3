import { describe, expect, it } from 'vitest';
import {
  expectAddedBoundTo,
  expectAddedUnboundThenBound,
  expectConditionsTrueInOrder,
  parseConditionOrder,
} from '../support/pods/flow.ts';
import type { ObservedVia, PodSnapshot } from '../support/pods/snapshot.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';
import type { PodSpec } from './fakes.ts';
import { pod } from './fakes.ts';

type State = PodSpec & { node?: string; via?: ObservedVia; afterGap?: boolean; uid?: string };

function watched(...states: State[]): PodSnapshot[] {
  return states.map((spec, i) => {
    const json = pod(spec).pod;
    if (spec.node) json.spec = { ...json.spec, containers: json.spec?.containers ?? [], nodeName: spec.node };
    return snapshotOf(json, {
      seq: i + 1,
      via: spec.via ?? (i === 0 ? 'ADDED' : 'MODIFIED'),
      afterGap: spec.afterGap,
    });
  });
}

const at = (status: string, second: number) => ({ status, at: `2026-01-01T00:00:${String(second).padStart(2, '0')}Z` });

/** The v1.35 flow of a pod without init containers, as the watch delivers it. */
const flow = watched(
  { rv: '1' },
  { rv: '2', node: 'n1', conditions: { PodScheduled: at('True', 1) } },
  {
    rv: '3',
    node: 'n1',
    conditions: {
      PodScheduled: at('True', 1),
      PodReadyToStartContainers: at('False', 1),
      Initialized: at('True', 1),
      ContainersReady: at('False', 1),
      Ready: at('False', 1),
    },
  },
  {
    rv: '4',
    node: 'n1',
    conditions: {
      PodScheduled: at('True', 1),
      PodReadyToStartContainers: at('True', 2),
      Initialized: at('True', 1),
      ContainersReady: at('True', 3),
      Ready: at('True', 3),
    },
  },
);

const message = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  }
  throw new Error('expected a failure');
};

describe('creation flow as watched', () => {
  it('accepts ADDED unbound, then bound, and conditions True in watch order with non-decreasing times', () => {
    expect(expectAddedUnboundThenBound('p', flow)).toEqual({ node: 'n1', bindSeq: 2 });
    const order = parseConditionOrder(
      'PodScheduled, Initialized, PodReadyToStartContainers and ContainersReady and Ready',
    );
    expect(expectConditionsTrueInOrder('p', flow, order).map((step) => step.map((t) => t.seq))).toEqual([
      [2],
      [3],
      [4, 4, 4],
    ]);
  });

  it('fails when the watch did not see the creation, or saw it bound already', () => {
    expect(message(() => expectAddedUnboundThenBound('p', watched({ rv: '1', via: 'list' })))).toBe(
      'pod "p" creation as watched: expected its first recorded state to be an ADDED watch event, observed "list" (the watch did not see the creation)',
    );
    expect(message(() => expectAddedUnboundThenBound('p', watched({ rv: '1', node: 'n1' })))).toBe(
      'pod "p" creation as watched: expected it ADDED without a node, observed it ADDED already bound to "n1"',
    );
    expect(message(() => expectAddedUnboundThenBound('p', watched({ rv: '1' }, { rv: '2' })))).toBe(
      'pod "p" creation as watched: expected it to be bound to a node, observed no state with spec.nodeName',
    );
  });

  it('fails on a condition True while unbound, and on a pod that moved', () => {
    expect(
      message(() =>
        expectAddedUnboundThenBound('p', watched({ rv: '1', conditions: { Ready: 'True' } }, { rv: '2', node: 'n1' })),
      ),
    ).toBe(
      'pod "p" creation as watched: expected no condition True before it was bound, observed Ready True in unbound state #1',
    );
    expect(
      message(() =>
        expectAddedUnboundThenBound('p', watched({ rv: '1' }, { rv: '2', node: 'n1' }, { rv: '3', node: 'n2' })),
      ),
    ).toBe('pod "p" creation as watched: expected it to stay on node "n1", observed state #3 on "n2"');
  });

  it('accepts a pod ADDED already on its node (nodeName set by its creator) and rejects one bound later', () => {
    expect(() =>
      expectAddedBoundTo('p', watched({ rv: '1', node: 'n1' }, { rv: '2', node: 'n1' }), 'n1'),
    ).not.toThrow();
    expect(message(() => expectAddedBoundTo('p', flow, 'n1'))).toBe(
      'pod "p" creation as watched: expected it ADDED already bound to "n1", observed it ADDED on "(none)"',
    );
  });

  it('fails when the order is reversed, shares one watch event, or goes back in lastTransitionTime', () => {
    expect(message(() => expectConditionsTrueInOrder('p', flow, [['Ready'], ['Initialized']]))).toBe(
      'pod "p" creation as watched: expected Initialized True in a later watch event than Ready, observed it earlier (state #3, Ready at #4)',
    );
    expect(message(() => expectConditionsTrueInOrder('p', flow, parseConditionOrder('ContainersReady, Ready')))).toBe(
      'pod "p" creation as watched: expected Ready True in a later watch event than ContainersReady, observed it in the same watch event, with lastTransitionTimes in the same second (2026-01-01T00:00:03Z, 2026-01-01T00:00:03Z) (state #4, ContainersReady at #4)',
    );
    const clockBack = watched(
      { rv: '1' },
      { rv: '2', node: 'n1', conditions: { PodScheduled: at('True', 5) } },
      { rv: '3', node: 'n1', conditions: { PodScheduled: at('True', 5), Initialized: at('True', 4) } },
    );
    expect(message(() => expectConditionsTrueInOrder('p', clockBack, [['PodScheduled'], ['Initialized']]))).toBe(
      'pod "p" creation as watched: expected lastTransitionTime of Initialized (2026-01-01T00:00:04Z) not before that of PodScheduled (2026-01-01T00:00:05Z)',
    );
  });

  it('accepts two steps in one watch event when their lastTransitionTimes are in different seconds', () => {
    const coalesced = watched(
      { rv: '1' },
      { rv: '2', node: 'n1', conditions: { PodScheduled: at('True', 1) } },
      { rv: '3', node: 'n1', conditions: { PodScheduled: at('True', 1), Initialized: at('True', 3) } },
    );
    expect(() => expectConditionsTrueInOrder('p', coalesced, [['PodScheduled'], ['Initialized']])).not.toThrow();
    const bothAtOnce = watched(
      { rv: '1' },
      { rv: '2', node: 'n1', conditions: { PodScheduled: at('True', 2), Initialized: at('True', 3) } },
    );
    expect(() => expectConditionsTrueInOrder('p', bothAtOnce, [['PodScheduled'], ['Initialized']])).not.toThrow();
    expect(() => expectConditionsTrueInOrder('p', bothAtOnce, [['Initialized'], ['PodScheduled']])).toThrow(
      /observed it in the same watch event, with lastTransitionTimes in the same second|not before/,
    );
  });

  it('read the order as comma-separated steps of conditions joined by "and"', () => {
    expect(parseConditionOrder('PodScheduled, Initialized , ContainersReady and Ready,')).toEqual([
      ['PodScheduled'],
      ['Initialized'],
      ['ContainersReady', 'Ready'],
    ]);
  });

  it('calls an order unproven when the watch had a gap, and names a condition never True', () => {
    const gap = watched(
      { rv: '1' },
      { rv: '5', node: 'n1', afterGap: true, via: 'relist', conditions: { Ready: 'True' } },
    );
    expect(message(() => expectConditionsTrueInOrder('p', gap, [['Ready']]))).toBe(
      'pod "p" creation as watched: cannot prove the order: the watch had a gap before state #2, where Ready may have changed unseen',
    );
    expect(message(() => expectConditionsTrueInOrder('p', flow.slice(0, 2), [['PodScheduled'], ['Ready']]))).toBe(
      'pod "p" creation as watched: expected condition Ready to become True, observed it never True (last: PodScheduled=True)',
    );
  });

  it('looks only at the first incarnation of the pod', () => {
    const recreated = [...flow, ...watched({ rv: '9', uid: 'uid-2', node: 'n2', via: 'ADDED' })];
    expect(expectAddedUnboundThenBound('p', recreated)).toEqual({ node: 'n1', bindSeq: 2 });
  });
});
