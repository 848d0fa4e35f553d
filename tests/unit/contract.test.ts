import { describe, expect, it } from 'vitest';
import {
  parseClientMessage,
  parseServerMessage,
  readVideoHeader,
  writeVideoHeader,
  VIDEO_FLAG_KEYFRAME,
  VIDEO_FLAG_RESET,
} from '../../src-shared/contract';

describe('contract', () => {
  it('round-trips the video frame header', () => {
    const frame = new Uint8Array(8);
    writeVideoHeader(frame, 0xbeef, VIDEO_FLAG_KEYFRAME | VIDEO_FLAG_RESET);
    expect(readVideoHeader(frame)).toEqual({ slot: 0xbeef, flags: 3 });
    expect(readVideoHeader(new Uint8Array([2, 0, 1, 0]))).toBeNull();
    expect(readVideoHeader(new Uint8Array([1, 0]))).toBeNull();
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
