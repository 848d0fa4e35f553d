import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIDEO_FLAG_H264, VIDEO_FLAG_KEYFRAME, VIDEO_HEADER_BYTES } from '../../../src-shared/contract';
import { DemoFleet } from '../../../src-main/core/demo/demo-fleet';
import { demoSpec, sceneCamera, sceneSpec, testCamera } from '../../support/camera-config';
import { FAST_RELAY, startCore, TestClient, waitFor, type Harness } from '../../support/core-harness';
import { LEFT_HALF } from '../../support/video-frames';

/** Each slot's frames as received: flags and payload. */
function record(client: TestClient): Map<number, { flags: number; data: Buffer }[]> {
  const frames = new Map<number, { flags: number; data: Buffer }[]>();
  client.socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return;
    const slot = data.readUInt16BE(1);
    const list = frames.get(slot) ?? [];
    list.push({ flags: data[3] ?? 0, data: Buffer.from(data.subarray(VIDEO_HEADER_BYTES)) });
    frames.set(slot, list);
  });
  return frames;
}

/** Pictures ffmpeg decodes from raw H.264 (Annex B) as the window received it. */
function decodedH264Pictures(annexB: Buffer): number {
  const out = spawnSync(
    'ffmpeg',
    ['-loglevel', 'error', '-f', 'h264', '-i', 'pipe:0', '-f', 'framemd5', 'pipe:1'],
    {
      input: annexB,
      maxBuffer: 64 << 20,
    },
  );
  return out.stdout
    .toString()
    .split('\n')
    .filter((line) => /^0,/.test(line)).length;
}

describe('H.264 passthrough on a real core', () => {
  let fleet: DemoFleet;
  let harness: Harness;

  beforeAll(async () => {
    fleet = new DemoFleet([demoSpec('cam'), sceneSpec(), demoSpec('hevc', { codec: 'h265' })]);
    const { port } = await fleet.start();
    harness = await startCore(
      {
        version: 1,
        video: { transport: 'h264' },
        cameras: [
          testCamera('cam', 1, `rtsp://127.0.0.1:${port}/cam`),
          sceneCamera(port, { number: 2, privacyMasks: [LEFT_HALF] }),
          testCamera('hevc', 3, `rtsp://127.0.0.1:${port}/hevc`),
        ],
      },
      { relay: FAST_RELAY },
    );
  });
  afterAll(async () => {
    await fleet?.stop();
    await harness?.close();
  });

  it('sends the camera’s own access units to a window that decodes H.264, MPEG-1 to one that does not, on one RTSP session', async () => {
    const client = await TestClient.connect(harness.endpoint);
    const frames = record(client);
    client.watch(1, 'cam', 'grid', ['h264']);
    client.watch(2, 'cam', 'grid');
    await waitFor('both slots', () => (frames.get(1)?.length ?? 0) > 30 && client.bytes(2) > 20_000, 30_000);

    const passed = frames.get(1)!;
    expect(passed.every((frame) => frame.flags & VIDEO_FLAG_H264)).toBe(true);
    expect(passed[0]!.flags & VIDEO_FLAG_KEYFRAME).toBeTruthy();
    // Every payload is one picture: ffmpeg decodes exactly as many as were sent.
    expect(decodedH264Pictures(Buffer.concat(passed.map((frame) => frame.data)))).toBe(passed.length);
    const transcoded = frames.get(2)!;
    expect(transcoded.some((frame) => frame.flags & VIDEO_FLAG_H264)).toBe(false);
    expect(transcoded[0]!.data[0]).toBe(0x47); // MPEG-TS

    const statuses = harness.core.relayService!.list().filter((status) => status.cameraId === 'cam');
    expect(statuses.map((status) => status.transport).sort()).toEqual(['h264', 'mpeg1']);
    expect(
      harness.core.relayService!.sourceList().filter((source) => source.key.startsWith('cam/')),
    ).toHaveLength(1);
    await client.close();
  });

  it('never passes a masked camera through, and moves a viewer to MPEG-1 the moment a mask is drawn', async () => {
    const client = await TestClient.connect(harness.endpoint);
    const frames = record(client);
    client.watch(1, 'scene', 'grid', ['h264']);
    await waitFor('the masked camera', () => client.bytes(1) > 20_000, 30_000);
    expect(frames.get(1)!.some((frame) => frame.flags & VIDEO_FLAG_H264)).toBe(false);
    expect(frames.get(1)![0]!.data[0]).toBe(0x47);

    client.watch(2, 'cam', 'full', ['h264']);
    await waitFor('passthrough', () => (frames.get(2)?.length ?? 0) > 10, 30_000);
    expect(frames.get(2)!.every((frame) => frame.flags & VIDEO_FLAG_H264)).toBe(true);
    harness.core.relayService!.updateMasks('cam', [LEFT_HALF]);
    const before = frames.get(2)!.length;
    await waitFor(
      'MPEG-1 after the mask',
      () =>
        frames
          .get(2)!
          .slice(before)
          .some((f) => !(f.flags & VIDEO_FLAG_H264)),
      20_000,
    );
    const after = frames.get(2)!.slice(before);
    const firstTs = after.findIndex((frame) => !(frame.flags & VIDEO_FLAG_H264));
    // Once moved, not one more unmasked access unit.
    expect(after.slice(firstTs).some((frame) => frame.flags & VIDEO_FLAG_H264)).toBe(false);
    harness.core.relayService!.updateMasks('cam', []);
    await client.close();
  });

  it('transcodes a camera that turns out to send HEVC', async () => {
    const client = await TestClient.connect(harness.endpoint);
    const frames = record(client);
    client.watch(1, 'hevc', 'grid', ['h264']);
    await waitFor('video from the HEVC camera', () => client.bytes(1) > 20_000, 40_000);
    expect(frames.get(1)!.some((frame) => frame.flags & VIDEO_FLAG_H264)).toBe(false);
    expect(harness.core.relayService!.transportFor('hevc', 'grid', ['h264'])).toBe('mpeg1');
    await client.close();
  });
});

describe('which transport a viewer gets', () => {
  it('follows the site and camera settings, the window’s decoders and the masks', async () => {
    const { CameraRegistry } = await import('../../../src-main/core/cameras/camera-registry');
    const { RelayService } = await import('../../../src-main/core/relay/relay-service');
    const registry = new CameraRegistry(
      [
        testCamera('plain', 1, 'rtsp://192.0.2.1/a'),
        testCamera('sub', 2, 'rtsp://192.0.2.1/b', {
          rtsp: { main: 'rtsp://192.0.2.1/b', sub: 'rtsp://192.0.2.1/c' },
        }),
        testCamera('forced', 3, 'rtsp://192.0.2.1/d', { video: { transport: 'mpeg1' } }),
        testCamera('masked', 4, 'rtsp://192.0.2.1/e', { privacyMasks: [LEFT_HALF] }),
      ],
      [],
      null,
      'auto',
    );
    const relay = new RelayService(registry);
    expect(relay.transportFor('plain', 'full', ['h264'])).toBe('h264');
    expect(relay.transportFor('plain', 'grid', ['h264'])).toBe('mpeg1'); // a main stream in a small tile
    expect(relay.transportFor('sub', 'grid', ['h264'])).toBe('h264');
    expect(relay.transportFor('sub', 'grid', [])).toBe('mpeg1');
    expect(relay.transportFor('forced', 'full', ['h264'])).toBe('mpeg1');
    expect(relay.transportFor('masked', 'full', ['h264'])).toBe('mpeg1');
    const plainSite = new RelayService(new CameraRegistry([testCamera('plain', 1, 'rtsp://192.0.2.1/a')]));
    expect(plainSite.transportFor('plain', 'full', ['h264'])).toBe('mpeg1'); // the default stays MPEG-1
    await relay.stop();
    await plainSite.stop();
  });
});
