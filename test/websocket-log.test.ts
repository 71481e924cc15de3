import { describe, expect, it } from 'vitest';
import { messageData, parseFrames } from '../support/kube/websocket-log.ts';

/** A server frame (unmasked) with the opcode and payload. */
function frame(opcode: number, payload: Buffer, fin = true): Buffer {
  const first = (fin ? 0x80 : 0) | opcode;
  if (payload.length < 126) return Buffer.concat([Buffer.from([first, payload.length]), payload]);
  if (payload.length < 65536) {
    const len = Buffer.alloc(2);
    len.writeUInt16BE(payload.length);
    return Buffer.concat([Buffer.from([first, 126]), len, payload]);
  }
  const len = Buffer.alloc(8);
  len.writeBigUInt64BE(BigInt(payload.length));
  return Buffer.concat([Buffer.from([first, 127]), len, payload]);
}

describe('WebSocket frames of a log', () => {
  it('reads frames of all three length forms and keeps an incomplete one for later', () => {
    const big = Buffer.alloc(70_000, 'x');
    const mid = Buffer.alloc(300, 'y');
    const bytes = Buffer.concat([
      frame(2, Buffer.from('line 1\n')),
      frame(2, mid),
      frame(2, big),
      frame(8, Buffer.alloc(0)),
    ]);
    const partial = parseFrames(bytes.subarray(0, bytes.length - 5));
    expect(partial.frames.map((f) => f.payload.length)).toEqual([7, 300]);
    const whole = parseFrames(Buffer.concat([partial.rest, bytes.subarray(bytes.length - 5)]));
    expect(whole.frames.map((f) => [f.opcode, f.payload.length])).toEqual([
      [2, 70_000],
      [8, 0],
    ]);
    expect(whole.rest.length).toBe(0);
  });

  it('unmasks a masked frame', () => {
    const mask = Buffer.from([1, 2, 3, 4]);
    const text = Buffer.from('hi!');
    const masked = Buffer.from(text.map((b, i) => b ^ (mask[i % 4] ?? 0)));
    const { frames } = parseFrames(Buffer.concat([Buffer.from([0x81, 0x80 | 3]), mask, masked]));
    expect(frames[0]?.payload.toString()).toBe('hi!');
  });

  it('joins data frames in order, skips control frames, and notes the close', () => {
    const { frames } = parseFrames(
      Buffer.concat([
        frame(2, Buffer.from('a\n'), false),
        frame(0, Buffer.from('b\n')),
        frame(9, Buffer.from('ping')),
        frame(1, Buffer.from('c\n')),
      ]),
    );
    expect(messageData(frames)).toEqual({ data: Buffer.from('a\nb\nc\n'), closed: false });
    expect(messageData(parseFrames(frame(8, Buffer.from([3, 232]))).frames).closed).toBe(true);
  });
});
