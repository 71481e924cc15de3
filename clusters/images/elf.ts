/**
 * Just enough ELF parsing to refuse a binary that cannot run in an image without libc (a
 * dynamically linked busybox fails in the container with a baffling "no such file or directory")
 * and to name the image's architecture after the binary rather than after the host.
 */

const PT_INTERP = 3;

/** ELF e_machine → OCI architecture. */
const ARCHITECTURES: Record<number, string> = { 0x3e: 'amd64', 0xb7: 'arm64' };

export interface ElfFacts {
  architecture: string | undefined;
  machine: number;
  /** No program interpreter: the kernel can run it without a dynamic loader. */
  isStatic: boolean;
}

export function inspectElf(bytes: Buffer): ElfFacts | undefined {
  const isElf64LittleEndian =
    bytes.length >= 64 && bytes.readUInt32BE(0) === 0x7f454c46 && bytes[4] === 2 && bytes[5] === 1;
  if (!isElf64LittleEndian) return undefined;
  const machine = bytes.readUInt16LE(0x12);
  const phoff = Number(bytes.readBigUInt64LE(0x20));
  const phentsize = bytes.readUInt16LE(0x36);
  const phnum = bytes.readUInt16LE(0x38);
  let isStatic = true;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 4 > bytes.length) return undefined;
    if (bytes.readUInt32LE(at) === PT_INTERP) isStatic = false;
  }
  return { architecture: ARCHITECTURES[machine], machine, isStatic };
}
