import { readFileSync } from 'node:fs';
import { VIDEO_HEADER_BYTES } from '../../../src-shared/contract';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src-shared/contract';
import { DemoFleet } from '../../../src-main/core/demo/demo-fleet';
import { MASK_RGB } from '../../../src-main/core/relay/privacy-mask';
import { apiCall } from '../../support/api-calls';
import { sceneCamera, sceneSpec } from '../../support/camera-config';
import { startCore, TestClient, waitFor, type Harness } from '../../support/core-harness';
import { decodeLastFrame, LEFT_HALF, near, pixel, SCENE_RGB as SCENE } from '../../support/video-frames';

/**
 * Mask editing through the API, as the admin window does it: the edit is refused to an operator,
 * applied by an admin to streams already running (decoded here: the mask colour replaces the
 * scene within seconds, grid and full), recorded in the audit trail, kept in the data dir's
 * overlay across a restart; and the editor's still comes from the running camera.
 */
const config = (port: number) => ({ version: 1, cameras: [sceneCamera(port)] });

describe('privacy masks edited through the API', () => {
  let fleet: DemoFleet;
  let harness: Harness;
  let port: number;

  beforeAll(async () => {
    fleet = new DemoFleet([sceneSpec()]);
    ({ port } = await fleet.start());
    harness = await startCore(config(port), {
      logbook: { scrypt: { N: 1 << 10, r: 8, p: 1 }, backup: { enabled: false } },
      compliance: { audit: { flushDelayMs: 10 }, service: { purge: { enabled: false } } },
    });
  });
  afterAll(async () => {
    await fleet?.stop();
    await harness?.close();
  });

  it('is refused to an operator, applied by an admin to running streams within seconds, and audited', async () => {
    const client = await TestClient.connect(harness.endpoint);
    const video: Record<number, Buffer[]> = { 1: [], 2: [] };
    client.socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) video[data.readUInt16BE(1)]?.push(Buffer.from(data.subarray(VIDEO_HEADER_BYTES)));
    });
    await apiCall(client, 'operators.bootstrapAdmin', { name: 'Alain Admin', badge: 'A1', pin: '1111' });
    await apiCall(client, 'operators.add', {
      name: 'Olivier Opé',
      badge: 'O1',
      role: 'operator',
      pin: '3333',
    });
    client.watch(1, 'scene', 'grid');
    client.watch(2, 'scene', 'full');
    await waitFor('both profiles', () => client.bytes(1) > 40_000 && client.bytes(2) > 80_000, 30_000);
    for (const slot of [1, 2]) {
      const frame = decodeLastFrame(Buffer.concat(video[slot]!))!;
      expect(near(pixel(frame, 0.1, 0.1), SCENE, 20), `slot ${slot} shows the scene`).toBe(true);
    }

    // The operator tries: refused, and the stream is untouched.
    await apiCall(client, 'session.login', { badge: 'O1', pin: '3333' });
    expect(await apiCall(client, 'masks.set', { cameraId: 'scene', masks: [LEFT_HALF] })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await apiCall(client, 'masks.still', { cameraId: 'scene' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    // The admin takes a still (from the running source) and draws the mask on it.
    await apiCall(client, 'session.login', { badge: 'A1', pin: '1111' });
    const still = await apiCall(client, 'masks.still', { cameraId: 'scene' });
    expect(still).toMatchObject({ ok: true, value: { width: 640, height: 360, mime: 'image/jpeg' } });
    const jpeg = Buffer.from((still.value as { base64: string }).base64, 'base64');
    expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');

    const saved = await apiCall(client, 'masks.set', { cameraId: 'scene', masks: [LEFT_HALF] });
    const savedAt = Date.now();
    expect(saved).toMatchObject({
      ok: true,
      value: { source: 'override', restarted: 2, updatedBy: 'Alain Admin (A1)' },
    });
    for (const slot of [1, 2]) {
      video[slot] = [];
      await waitFor(
        `the mask on slot ${slot}`,
        () => {
          if (video[slot]!.length < 15) return false;
          const frame = decodeLastFrame(Buffer.concat(video[slot]!));
          return (
            frame !== null &&
            near(pixel(frame, 0.25, 0.4), MASK_RGB, 12) &&
            near(pixel(frame, 0.1, 0.1), MASK_RGB, 12) &&
            near(pixel(frame, 0.9, 0.1), SCENE, 20)
          );
        },
        20_000,
      );
    }
    expect(Date.now() - savedAt).toBeLessThan(10_000);

    const audit = await apiCall(client, 'audit.query', {
      actions: ['masks.set', 'masks.still', 'permission.denied'],
    });
    const events = ((audit.value as { events: AuditEvent[] }).events ?? []).reverse();
    expect(events.map((e) => [e.action, e.operator?.badge, e.cameraId])).toEqual([
      ['permission.denied', 'O1', null],
      ['permission.denied', 'O1', null],
      ['masks.still', 'A1', 'scene'],
      ['masks.set', 'A1', 'scene'],
    ]);
    expect(events.at(-1)?.details).toMatchObject({ before: [], after: [LEFT_HALF], restarted: 2 });

    const overlay = JSON.parse(readFileSync(path.join(harness.dataDir, 'privacy-masks.json'), 'utf8')) as {
      cameras: Record<string, { masks: unknown }>;
    };
    expect(overlay.cameras.scene?.masks).toEqual([LEFT_HALF]);
    await client.close();
  });

  it('applies the saved overlay at the next start, over the config', async () => {
    await harness.core.stop();
    const again = await startCore(config(port), {
      dataDir: harness.dataDir,
      logbook: { backup: { enabled: false } },
      compliance: { service: { purge: { enabled: false } } },
    });
    try {
      const masks = await again.core.complianceLayer!.service.handlers()['masks.list']({});
      expect(masks).toMatchObject({
        ok: true,
        value: [{ cameraId: 'scene', source: 'override', masks: [LEFT_HALF] }],
      });
    } finally {
      await again.close();
    }
  });
});
