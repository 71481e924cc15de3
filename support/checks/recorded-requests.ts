/**
 * Requests an in-pod HTTP recorder wrote as marker lines: `<uptime> <request URI> host=<Host header>`.
 * The kubelet builds an httpGet hook's URL from the handler's host (the pod IP when unset) and
 * port, and its HTTP client sends that authority as the Host header, so the header tells which
 * address the hook was sent to.
 */
import { fail, quote } from '../assert.ts';
import type { Marker } from './markers.ts';

export interface RecordedRequest {
  uri: string;
  host: string;
}

export function parseRecordedRequest(label: string): RecordedRequest {
  const m = /^(\S+) host=(\S*)$/.exec(label);
  if (!m) fail(`recorded request: expected "<uri> host=<host>", observed ${quote(label)}`);
  return { uri: m[1] ?? '', host: m[2] ?? '' };
}

/** The Host header for an IP and port (IPv6 addresses in brackets). */
export function hostHeader(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Exactly these URIs, in this order, each sent to `host`. */
export function expectRequests(where: string, markers: Marker[], uris: string[], host: string): void {
  const requests = markers.map((m) => parseRecordedRequest(m.label));
  const seen = requests.map((r) => r.uri);
  if (seen.join(', ') !== uris.join(', ')) {
    fail(`requests recorded in ${where}: expected ${quote(uris.join(', '))}, observed ${quote(seen.join(', '))}`);
  }
  const elsewhere = requests.find((r) => r.host !== host);
  if (elsewhere) {
    fail(
      `request ${quote(elsewhere.uri)} recorded in ${where}: expected Host ${quote(host)}, observed ${quote(elsewhere.host)}`,
    );
  }
}
