/**
 * Deterministic tarballs with the system GNU tar: fixed order, owners and mtimes, ustar format
 * (no pax headers, which would carry atime/ctime and the tar process id). Symlinks are stored as
 * symlinks, so a merged-/usr tree stays merged.
 */
import { execa } from 'execa';
import { ClusterError } from '../provider.ts';
import { firstLine } from '../shared/text.ts';

export function deterministicTarArgs(input: { directory: string; output: string; paths: string[] }): string[] {
  return [
    '--create',
    `--file=${input.output}`,
    `--directory=${input.directory}`,
    '--format=ustar',
    '--sort=name',
    '--mtime=@0',
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    '--no-acls',
    '--no-xattrs',
    '--no-selinux',
    '--',
    ...input.paths,
  ];
}

/** The first line of `tar --version`, also part of the cache key (another tar, other bytes). */
export async function gnuTarVersion(): Promise<string> {
  let version = '';
  try {
    version = firstLine((await execa('tar', ['--version'], { timeout: 10_000 })).stdout);
  } catch (error) {
    throw new ClusterError(`tar not found (${firstLine(error)}): apt-get install tar`);
  }
  if (!version.includes('GNU tar')) {
    throw new ClusterError(`tar is "${version}", not GNU tar: install GNU tar (apt-get install tar)`);
  }
  return version;
}

export async function createTar(input: { directory: string; output: string; paths: string[] }): Promise<void> {
  try {
    await execa('tar', deterministicTarArgs(input), { timeout: 120_000 });
  } catch (error) {
    // GNU tar ends with "Exiting with failure status due to previous errors": the cause is an earlier line.
    const lines = (error as { stderr?: string }).stderr?.trim().split('\n') ?? [];
    const cause = lines.find((line) => line.trim() !== '' && !/Exiting with failure status/.test(line)) ?? lines.at(-1);
    throw new ClusterError(`tar failed for ${input.output}: ${cause || firstLine(error)}`);
  }
}
