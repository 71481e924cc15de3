import { describe, expect, it } from 'vitest';
import type { EndpointSliceJson } from '../support/checks/endpoints.ts';
import { describeEndpoint, endpointIs, podEndpoint } from '../support/checks/endpoints.ts';

function slice(name: string, endpoints: { pod?: string; ip: string; ready?: boolean }[]): EndpointSliceJson {
  return {
    metadata: { name },
    addressType: 'IPv4',
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: e.ready === undefined ? {} : { ready: e.ready, serving: e.ready, terminating: false },
      targetRef: e.pod ? { kind: 'Pod', name: e.pod } : undefined,
    })),
  };
}

describe('a pod in its Service EndpointSlices', () => {
  it('is ready only with an explicit ready=true', () => {
    expect(endpointIs(podEndpoint([slice('s', [{ pod: 'web', ip: '10.0.0.5', ready: true }])], 'web'), 'ready')).toBe(
      true,
    );
    // A nil condition is "ready" by convention only; the controller always sets it, so be strict.
    expect(endpointIs(podEndpoint([slice('s', [{ pod: 'web', ip: '10.0.0.5' }])], 'web'), 'ready')).toBe(false);
  });

  it('is not ready with an explicit ready=false and none of its addresses served as ready', () => {
    const view = podEndpoint(
      [
        slice('s', [
          { pod: 'web', ip: '10.0.0.5', ready: false },
          { pod: 'other', ip: '10.0.0.6', ready: true },
        ]),
      ],
      'web',
    );
    expect(endpointIs(view, 'not ready')).toBe(true);
    expect(endpointIs(view, 'ready')).toBe(false);
    expect(describeEndpoint(view)).toBe('10.0.0.5 ready=false serving=false terminating=false');
  });

  it('is not "not ready" while another slice still lists its address as ready', () => {
    const view = podEndpoint(
      [
        slice('a', [{ pod: 'web', ip: '10.0.0.5', ready: false }]),
        slice('b', [{ pod: 'web', ip: '10.0.0.5', ready: true }]),
      ],
      'web',
    );
    expect(endpointIs(view, 'not ready')).toBe(false);
    expect(view.listedReady).toEqual(['10.0.0.5']);
  });

  it('is neither when it is not listed at all', () => {
    const view = podEndpoint([slice('s', [{ pod: 'other', ip: '10.0.0.6', ready: true }])], 'web');
    expect(view.listed).toBe(false);
    expect(endpointIs(view, 'ready')).toBe(false);
    expect(endpointIs(view, 'not ready')).toBe(false);
    expect(describeEndpoint(view)).toBe('not listed in any EndpointSlice of the Service');
  });
});
