import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIDEO_HEADER_BYTES } from '../../../src-shared/contract';
import { DemoFleet } from '../../../src-main/core/demo/demo-fleet';
import { MASK_RGB } from '../../../src-main/core/relay/privacy-mask';
import { sceneCamera, sceneSpec } from '../../support/camera-config';
import { startCore, TestClient, waitFor, type Harness } from '../../support/core-harness';
import {
  decodeLastFrame,
  LEFT_HALF,
  near,
  pixel,
  RIGHT_HALF,
  SCENE_RGB as SCENE,
} from '../../support/video-frames';

describe('privacy masks are burnt into every profile before encoding', () => {
  let fleet: DemoFleet;
  let harness: Harness;

  beforeAll(async () => {
    fleet = new DemoFleet([sceneSpec()]);
    const { port } = await fleet.start();
    harness = await startCore({ version: 1, cameras: [sceneCamera(port, { privacyMasks: [LEFT_HALF] })] });
  });
  afterAll(async () => {
    await fleet?.stop();
    await harness?.close();
  });

  it('shows the mask colour, not the scene, inside the masked area — grid and full — and applies edits live', async () => {
    const client = await TestClient.connect(harness.endpoint);
    const received: Record<number, Buffer[]> = { 1: [], 2: [] };
    client.socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) received[data.readUInt16BE(1)]?.push(Buffer.from(data.subarray(VIDEO_HEADER_BYTES)));
    });
    client.watch(1, 'scene', 'grid');
    client.watch(2, 'scene', 'full');
    await waitFor('both profiles', () => client.bytes(1) > 40_000 && client.bytes(2) > 80_000, 30_000);

    for (const slot of [1, 2]) {
      const frame = decodeLastFrame(Buffer.concat(received[slot]!));
      if (!frame) throw new Error(`nothing decodable on slot ${slot}`);
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
        if (!frame) return false;
        return near(pixel(frame, 0.9, 0.1), MASK_RGB, 12) && near(pixel(frame, 0.1, 0.1), SCENE, 20);
      },
      20_000,
    );
    expect(Date.now() - editedAt).toBeLessThan(10_000);
    await client.close();
  });
});
