/**
 * One CA and the certificates every component needs, made with openssl (ECDSA P-256: fast and
 * accepted by every component). Existing files are kept, so a reused cluster keeps its identity.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { NETWORK, NODE_NAME, type ExtraNode } from './layout.ts';

const DAYS = '3650';

/** A certificate the cluster needs: subject and, for serving certificates, its SANs. */
export interface CertSpec {
  name: string;
  cn: string;
  org?: string;
  usage: 'server' | 'client' | 'both';
  dnsNames?: string[];
  ipAddresses?: string[];
}

export function certSpecs(nodeName = NODE_NAME, net = NETWORK): CertSpec[] {
  const domain = net.clusterDomain;
  return [
    {
      name: 'apiserver',
      cn: 'kube-apiserver',
      usage: 'server',
      dnsNames: [
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        `kubernetes.default.svc.${domain}`,
        'localhost',
      ],
      ipAddresses: ['127.0.0.1', net.nodeIP, net.apiServiceIP],
    },
    { name: 'apiserver-kubelet-client', cn: 'kube-apiserver-kubelet-client', usage: 'client' },
    { name: 'admin', cn: 'pod-conformance-admin', org: 'system:masters', usage: 'client' },
    { name: 'controller-manager', cn: 'system:kube-controller-manager', usage: 'client' },
    { name: 'scheduler', cn: 'system:kube-scheduler', usage: 'client' },
    { name: 'kubelet', cn: `system:node:${nodeName}`, org: 'system:nodes', usage: 'client' },
    {
      name: 'kubelet-serving',
      cn: `system:node:${nodeName}`,
      org: 'system:nodes',
      usage: 'server',
      dnsNames: [nodeName, 'localhost'],
      ipAddresses: [net.nodeIP, '127.0.0.1'],
    },
    { name: 'kube-proxy', cn: 'system:kube-proxy', usage: 'client' },
    { name: 'coredns', cn: 'system:pod-conformance:coredns', usage: 'client' },
    {
      name: 'etcd',
      cn: 'etcd',
      usage: 'both',
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1'],
    },
  ];
}

/**
 * An extra node's kubelet certificates: the client one with CN system:node:<name> in
 * system:nodes (the Node authorizer and NodeRestriction know the kubelet by it), the serving one
 * with the node's own address in its SANs (the API server dials it there for logs and exec).
 */
export function nodeCertSpecs(node: ExtraNode): CertSpec[] {
  return [
    { name: node.certs.client, cn: `system:node:${node.name}`, org: 'system:nodes', usage: 'client' },
    {
      name: node.certs.serving,
      cn: `system:node:${node.name}`,
      org: 'system:nodes',
      usage: 'server',
      dnsNames: [node.name],
      ipAddresses: [node.ip],
    },
  ];
}

/** The openssl extension section for one certificate (v3, signed by the cluster CA). */
export function opensslExtensions(spec: CertSpec): string {
  const usage = {
    server: 'serverAuth',
    client: 'clientAuth',
    both: 'serverAuth,clientAuth',
  }[spec.usage];
  const sans = [...(spec.dnsNames ?? []).map((d) => `DNS:${d}`), ...(spec.ipAddresses ?? []).map((ip) => `IP:${ip}`)];
  return [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage=${usage}`,
    ...(sans.length > 0 ? [`subjectAltName=${sans.join(',')}`] : []),
  ].join('\n');
}

export function subject(spec: CertSpec): string {
  return spec.org ? `/O=${spec.org}/CN=${spec.cn}` : `/CN=${spec.cn}`;
}

async function openssl(args: string[]): Promise<void> {
  await execa('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

async function ecKey(path: string): Promise<void> {
  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
}

async function issue(dir: string, spec: CertSpec): Promise<void> {
  const key = join(dir, `${spec.name}.key`);
  const crt = join(dir, `${spec.name}.crt`);
  if (existsSync(crt) && existsSync(key)) return;
  const csr = join(dir, `${spec.name}.csr`);
  const ext = join(dir, `${spec.name}.ext`);
  await ecKey(key);
  await openssl(['req', '-new', '-key', key, '-subj', subject(spec), '-out', csr]);
  await writeFile(ext, opensslExtensions(spec) + '\n');
  await openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    join(dir, 'ca.crt'),
    '-CAkey',
    join(dir, 'ca.key'),
    '-CAcreateserial',
    '-days',
    DAYS,
    '-sha256',
    '-extfile',
    ext,
    '-out',
    crt,
  ]);
}

/** Issues (or keeps) certificates signed by the cluster CA, which must exist (ensurePKI). */
export async function ensureCerts(dir: string, specs: CertSpec[]): Promise<void> {
  for (const spec of specs) await issue(dir, spec);
}

/** Creates (or keeps) ca, the component certificates and the service-account key pair. */
export async function ensurePKI(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const caKey = join(dir, 'ca.key');
  const caCrt = join(dir, 'ca.crt');
  if (!existsSync(caCrt)) {
    await ecKey(caKey);
    await openssl([
      'req',
      '-x509',
      '-new',
      '-key',
      caKey,
      '-subj',
      '/CN=pod-conformance-ca',
      '-days',
      DAYS,
      '-sha256',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
      '-out',
      caCrt,
    ]);
  }
  for (const spec of certSpecs()) await issue(dir, spec);
  if (!existsSync(join(dir, 'sa.key'))) {
    await openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', join(dir, 'sa.key')]);
    await openssl(['pkey', '-in', join(dir, 'sa.key'), '-pubout', '-out', join(dir, 'sa.pub')]);
  }
}
