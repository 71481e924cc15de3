/**
 * A pod as its Service's EndpointSlices show it. The EndpointSlice controller keeps a pod that is
 * not Ready in the slice, with `conditions.ready: false`, unless the Service publishes not-ready
 * addresses; consumers such as kube-proxy route only to ready endpoints. So "removed from the
 * Service" means: the pod's endpoint says ready=false and none of its addresses is listed as
 * ready by any slice of the Service; "back" means ready=true.
 */
import type { V1EndpointSlice } from '@kubernetes/client-node';
import type { KubeHttp } from '../kube/http.ts';
import { jsonSource } from '../watch/sources.ts';
import type { Jsonified } from '../kube/json.ts';

export type EndpointSliceJson = Jsonified<V1EndpointSlice>;

export type EndpointReadiness = 'ready' | 'not ready';

export interface PodEndpoint {
  /** The pod has an endpoint in some slice of the Service. */
  listed: boolean;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  addresses: string[];
  /** This pod's addresses that some endpoint of the Service lists as ready (none when not ready). */
  listedReady: string[];
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export function endpointSlicesSource(http: KubeHttp, namespace: string, service: string) {
  return jsonSource<EndpointSliceJson>(http, `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`, {
    labelSelector: `${SERVICE_NAME_LABEL}=${service}`,
  });
}

type EndpointJson = EndpointSliceJson['endpoints'][number];

function isPod(e: EndpointJson, pod: string): boolean {
  return e.targetRef?.kind === 'Pod' && e.targetRef.name === pod;
}

/** What the Service's slices say about one pod. */
export function podEndpoint(slices: EndpointSliceJson[], pod: string): PodEndpoint {
  const mine = slices.flatMap((s) => (s.endpoints ?? []).filter((e) => isPod(e, pod)));
  const addresses = [...new Set(mine.flatMap((e) => e.addresses ?? []))];
  const readyAddresses = new Set(
    slices.flatMap((s) => (s.endpoints ?? []).filter((e) => e.conditions?.ready === true).flatMap((e) => e.addresses)),
  );
  const first = mine[0];
  return {
    listed: mine.length > 0,
    ready: first?.conditions?.ready,
    serving: first?.conditions?.serving,
    terminating: first?.conditions?.terminating,
    addresses,
    listedReady: addresses.filter((a) => readyAddresses.has(a)),
  };
}

/**
 * Strict in both directions: "ready" needs an explicit ready=true (a nil would only be read as
 * ready by convention); "not ready" needs an explicit ready=false on a listed endpoint and none of
 * the pod's addresses served as ready by another slice.
 */
export function endpointIs(view: PodEndpoint, wanted: EndpointReadiness): boolean {
  if (!view.listed) return false;
  if (wanted === 'ready') return view.ready === true;
  return view.ready === false && view.listedReady.length === 0;
}

export function describeEndpoint(view: PodEndpoint): string {
  if (!view.listed) return 'not listed in any EndpointSlice of the Service';
  const cond = (name: string, v: boolean | undefined) => `${name}=${v === undefined ? '(unset)' : String(v)}`;
  const extra =
    view.ready !== true && view.listedReady.length
      ? `; yet listed as ready by another endpoint: ${view.listedReady.join(', ')}`
      : '';
  return `${view.addresses.join(', ') || '(no address)'} ${cond('ready', view.ready)} ${cond('serving', view.serving)} ${cond('terminating', view.terminating)}${extra}`;
}
