/**
 * One CA and the certificates every component needs, made with openssl (ECDSA P-256: fast and
 * accepted by every component). Existing files are kept, so a reused cluster keeps its identity.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { certSpecs, opensslExtensions, subject, type CertSpec } from './config.ts';

const DAYS = '3650';

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
