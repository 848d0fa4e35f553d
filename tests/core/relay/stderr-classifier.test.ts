import { describe, expect, it } from 'vitest';
import { classifyStderr } from '../../../src-main/core/relay/stderr-classifier';

// Lines as ffmpeg printed them here against the demo RTSP server and closed ports.
describe('classifyStderr', () => {
  it.each([
    ['[rtsp @ 0x55cedff22940] method DESCRIBE failed: 401 Unauthorized', 'credentials'],
    ['rtsp://127.0.0.1:37135/sec: Server returned 401 Unauthorized (authorization failed)', 'credentials'],
    ['[rtsp @ 0x55a651dc8940] method DESCRIBE failed: 404 Not Found', 'not-found'],
    [
      '[tcp @ 0x558607ad1580] Connection to tcp://127.0.0.1:1?timeout=0 failed: Connection refused',
      'unreachable',
    ],
    ['rtsp://10.1.2.3/s: No route to host', 'unreachable'],
    ['rtsp://cam/s: Invalid data found when processing input', 'unsupported'],
  ])('%s → %s (fatal)', (line, reason) => {
    expect(classifyStderr(line)).toEqual({ reason, fatal: true });
  });

  it('treats decoder glitches as noise, not as a stream failure', () => {
    expect(classifyStderr('[h264 @ 0x1] error while decoding MB 12 7, bytestream -5')).toEqual({
      reason: 'unknown',
      fatal: false,
    });
  });

  it('ignores ordinary warnings', () => {
    expect(
      classifyStderr(
        '[rtsp @ 0x5] Stream #0: not enough frames to estimate rate; consider increasing probesize',
      ),
    ).toBeNull();
  });
});
