import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoFleet } from '../../src-main/core/demo/demo-fleet';
import { MASK_RGB } from '../../src-main/core/relay/privacy-mask';
import { startCore, TestClient, waitFor, type Harness } from '../support/core-harness';

const LEFT_HALF = {
  points: [
    [0, 0],
    [0.5, 0],
    [0.5, 1],
    [0, 1],
  ] as [number, number][],
};
const RIGHT_HALF = {
  points: [
    [0.5, 0],
    [1, 0],
    [1, 1],
    [0.5, 1],
  ] as [number, number][],
};
/** The demo scene's background (videotestsrc background-color 0x1d3557). */
const SCENE = [0x1d, 0x35, 0x57];

/** Decodes relayed MPEG-TS to RGB frames exactly as received by a window. */
function decodeLastFrame(ts: Buffer): { width: number; height: number; rgb: Buffer } {
  const probe = spawnSync(
    'ffprobe',
    [
      '-loglevel',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height',
      '-of',
      'json',
      '-',
    ],
    { input: ts },
  );
  const { width, height } = (
    JSON.parse(probe.stdout.toString()) as { streams: { width: number; height: number }[] }
  ).streams[0]!;
  const decoded = spawnSync(
    'ffmpeg',
    ['-loglevel', 'error', '-f', 'mpegts', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    {
      input: ts,
      maxBuffer: 512 << 20,
    },
  );
  const frameBytes = width * height * 3;
  const frames = Math.floor(decoded.stdout.length / frameBytes);
  return { width, height, rgb: decoded.stdout.subarray((frames - 1) * frameBytes, frames * frameBytes) };
}

function pixel(frame: { width: number; height: number; rgb: Buffer }, fx: number, fy: number): number[] {
  const x = Math.floor(fx * frame.width);
  const y = Math.floor(fy * frame.height);
  const offset = (y * frame.width + x) * 3;
  return [frame.rgb[offset] ?? -1, frame.rgb[offset + 1] ?? -1, frame.rgb[offset + 2] ?? -1];
}

function near(actual: number[], expected: readonly number[], tolerance: number): boolean {
  return actual.every((value, i) => Math.abs(value - (expected[i] ?? 0)) <= tolerance);
}

describe('privacy masks are burnt into every profile before encoding', () => {
  let fleet: DemoFleet;
  let harness: Harness;

  beforeAll(async () => {
    fleet = new DemoFleet([{ path: 'scene', label: '', width: 640, height: 360, fps: 25, codec: 'h264' }]);
    const { port } = await fleet.start();
    harness = await startCore({
      version: 1,
      cameras: [
        {
          id: 'scene',
          number: 1,
          name: 'Rue des Écoles',
          commune: 'Vigieville',
          zone: 'Centre',
          kind: 'security',
          rtsp: { main: `rtsp://127.0.0.1:${port}/scene` },
          privacyMasks: [LEFT_HALF],
        },
      ],
    });
  });
  afterAll(async () => {
    await fleet?.stop();
    await harness?.close();
  });

  it('shows the mask colour, not the scene, inside the masked area — grid and full — and applies edits live', async () => {
    const client = await TestClient.connect(harness.endpoint);
    const received: Record<number, Buffer[]> = { 1: [], 2: [] };
    client.socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) received[data.readUInt16BE(1)]?.push(Buffer.from(data.subarray(4)));
    });
    client.watch(1, 'scene', 'grid');
    client.watch(2, 'scene', 'full');
    await waitFor('both profiles', () => client.bytes(1) > 40_000 && client.bytes(2) > 80_000, 30_000);

    for (const slot of [1, 2]) {
      const frame = decodeLastFrame(Buffer.concat(received[slot]!));
      expect(near(pixel(frame, 0.25, 0.4), MASK_RGB, 12)).toBe(true);
      expect(near(pixel(frame, 0.1, 0.1), MASK_RGB, 12)).toBe(true);
      expect(near(pixel(frame, 0.9, 0.1), SCENE, 20)).toBe(true);
    }

    // An admin moves the mask: running streams pick it up within seconds.
    harness.core.relayService!.updateMasks('scene', [RIGHT_HALF]);
    const editedAt = Date.now();
    received[1] = [];
    await waitFor(
      'the new mask on the grid stream',
      () => {
        if (client.bytes(1) < 1 || received[1]!.length < 20) return false;
        const frame = decodeLastFrame(Buffer.concat(received[1]!));
        return near(pixel(frame, 0.9, 0.1), MASK_RGB, 12) && near(pixel(frame, 0.1, 0.1), SCENE, 20);
      },
      20_000,
    );
    expect(Date.now() - editedAt).toBeLessThan(10_000);
    await client.close();
  });
});
