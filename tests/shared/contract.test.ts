import { describe, expect, it } from 'vitest';
import {
  parseClientMessage,
  parseServerMessage,
  readVideoHeader,
  writeVideoHeader,
  VIDEO_FLAG_KEYFRAME,
  VIDEO_FLAG_RESET,
  VIDEO_HEADER_BYTES,
} from '../../src-shared/contract';

describe('contract', () => {
  it('round-trips the video frame header', () => {
    // At an odd offset in a larger buffer, as a socket message may be.
    const backing = new Uint8Array(3 + VIDEO_HEADER_BYTES + 2);
    const frame = backing.subarray(3);
    writeVideoHeader(frame, 0xbeef, VIDEO_FLAG_KEYFRAME | VIDEO_FLAG_RESET, 123_456.789, 3_250.4);
    expect(readVideoHeader(frame)).toEqual({
      slot: 0xbeef,
      flags: 3,
      sentAt: 123_456.789,
      sourceLagMs: 3_250,
    });
    // No lag given: 0; a negative one is clamped, never wrapped into a huge u32.
    writeVideoHeader(frame, 1, 0, 1);
    expect(readVideoHeader(frame)?.sourceLagMs).toBe(0);
    writeVideoHeader(frame, 1, 0, 1, -5);
    expect(readVideoHeader(frame)?.sourceLagMs).toBe(0);
    writeVideoHeader(frame, 0xbeef, VIDEO_FLAG_KEYFRAME | VIDEO_FLAG_RESET, 123_456.789);
    expect(readVideoHeader(new Uint8Array([2, 0, 1, 0, ...new Uint8Array(8)]))).toBeNull();
    expect(readVideoHeader(frame.subarray(0, VIDEO_HEADER_BYTES - 1))).toBeNull();
    // A send time that is not a number (a corrupt frame) is refused, not turned into NaN delays.
    new DataView(frame.buffer, frame.byteOffset + 4, 8).setFloat64(0, Number.NaN, true);
    expect(readVideoHeader(frame)).toBeNull();
  });

  it('validates client messages and says what is wrong', () => {
    expect(parseClientMessage('{"type":"watch","slot":3,"cameraId":"demo-1","profile":"grid"}')).toEqual({
      ok: true,
      message: { type: 'watch', slot: 3, cameraId: 'demo-1', profile: 'grid' },
    });
    expect(parseClientMessage('nope')).toEqual({ ok: false, error: 'not JSON' });
    const bad = parseClientMessage('{"type":"watch","slot":70000,"cameraId":"../x","profile":"huge"}');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/slot[\s\S]*cameraId[\s\S]*profile/);
    expect(parseClientMessage('{"type":"request","id":1,"method":"fs.read","params":{}}').ok).toBe(false);
  });

  it('parses every server message shape, success and error responses alike', () => {
    expect(parseServerMessage('{"type":"response","id":4,"ok":true,"result":[]}')).toEqual({
      type: 'response',
      id: 4,
      ok: true,
      result: [],
    });
    expect(
      parseServerMessage(
        '{"type":"response","id":5,"ok":false,"error":{"code":"bad-request","message":"x"}}',
      ),
    ).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(parseServerMessage('{"type":"watch-refused","slot":1,"reason":"unknown-camera"}')).not.toBeNull();
    expect(parseServerMessage('{"type":"response","id":5,"ok":false}')).toBeNull();
  });
});
