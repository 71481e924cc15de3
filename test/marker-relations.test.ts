import { describe, expect, it } from 'vitest';
import { expectMarkerBefore, expectMarkerGap, markerGap, parseMarkers } from '../support/checks/markers.ts';
import { expectRequests, hostHeader, parseRecordedRequest } from '../support/checks/recorded-requests.ts';

// Markers as HOOK-07 wrote them on the local cluster: the hook ran before SIGTERM reached PID 1.
const prestop = parseMarkers(
  '1806.87 main start\n1810.05 preStop start\n1815.05 preStop done\n1815.06 SIGTERM received\n',
);

describe('marker relations', () => {
  it('place one marker before another by line and time', () => {
    expect(() => expectMarkerBefore('m', prestop, 'preStop done', 'SIGTERM received')).not.toThrow();
    expect(() => expectMarkerBefore('m', prestop, 'SIGTERM received', 'preStop start')).toThrow(
      'markers in m: expected "SIGTERM received" before "preStop start", observed "SIGTERM received" at 1815.06 s (line 4) and "preStop start" at 1810.05 s (line 2)',
    );
  });

  it('measure the gap between two markers on the node uptime clock', () => {
    expect(markerGap('m', prestop, 'preStop start', 'SIGTERM received')).toBe(5.01);
    expect(expectMarkerGap('m', prestop, 'preStop start', 'SIGTERM received', { minSeconds: 5 })).toBe(5.01);
    expect(() => expectMarkerGap('m', prestop, 'preStop start', 'SIGTERM received', { minSeconds: 6 })).toThrow(
      'markers in m: expected "SIGTERM received" at least 6 s after "preStop start", observed 5.01 s',
    );
  });

  it('refuse a label that is missing or written more than once', () => {
    const twice = parseMarkers('1 worker start\n2 worker start\n');
    expect(() => expectMarkerBefore('m', twice, 'worker start', 'x')).toThrow(
      'marker "worker start" in m: expected exactly one, observed 2 among "worker start, worker start"',
    );
    expect(() => markerGap('m', prestop, 'preStop start', 'control preStop')).toThrow(
      /expected exactly one, observed 0/,
    );
  });
});

describe('recorded hook requests', () => {
  const log = parseMarkers(
    '1764.36 /cgi-bin/record?hook=postStart host=10.213.0.28:8080\n1767.30 /cgi-bin/record?hook=preStop host=10.213.0.28:8080\n',
  );

  it('parse "<uri> host=<Host header>" labels', () => {
    expect(parseRecordedRequest('/a?b=c host=10.0.0.1:80')).toEqual({ uri: '/a?b=c', host: '10.0.0.1:80' });
    expect(() => parseRecordedRequest('GET /a')).toThrow(/expected "<uri> host=<host>"/);
  });

  it('bracket IPv6 addresses in the Host header', () => {
    expect(hostHeader('10.0.0.1', 8080)).toBe('10.0.0.1:8080');
    expect(hostHeader('fd00::1', 8080)).toBe('[fd00::1]:8080');
  });

  it('expect the URIs in order, each sent to the pod IP', () => {
    const uris = ['/cgi-bin/record?hook=postStart', '/cgi-bin/record?hook=preStop'];
    expect(() => expectRequests('r', log, uris, '10.213.0.28:8080')).not.toThrow();
    expect(() => expectRequests('r', log, [...uris].reverse(), '10.213.0.28:8080')).toThrow(
      'requests recorded in r: expected "/cgi-bin/record?hook=preStop, /cgi-bin/record?hook=postStart", observed "/cgi-bin/record?hook=postStart, /cgi-bin/record?hook=preStop"',
    );
    expect(() => expectRequests('r', log, uris, '10.213.0.29:8080')).toThrow(
      'request "/cgi-bin/record?hook=postStart" recorded in r: expected Host "10.213.0.29:8080", observed "10.213.0.28:8080"',
    );
  });
});
