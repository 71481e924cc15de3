import { describe, expect, it } from 'vitest';
import { restartsOf, rowOf } from '../support/kube/pod-row.ts';

describe('the kubectl row of a pod', () => {
  it('maps cells to their column names', () => {
    const row = rowOf({
      columnDefinitions: [
        { name: 'Name' },
        { name: 'Ready' },
        { name: 'Status' },
        { name: 'Restarts' },
        { name: 'Age' },
      ],
      rows: [{ cells: ['p', '1/1', 'Running', '1 (5s ago)', '66s'] }],
    });
    expect(row).toEqual({ Name: 'p', Ready: '1/1', Status: 'Running', Restarts: '1 (5s ago)', Age: '66s' });
    expect(rowOf({ columnDefinitions: [], rows: [] })).toBeUndefined();
  });

  it('reads the restart count from the RESTARTS cell', () => {
    expect(restartsOf('1 (5s ago)')).toBe(1);
    expect(restartsOf('0')).toBe(0);
    expect(restartsOf(undefined)).toBeUndefined();
  });
});
