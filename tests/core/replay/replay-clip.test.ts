import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuditEvent,
  Clip,
  ClipResult,
  HandoverCandidate,
  Requisition,
} from '../../../src-shared/contract';
import { DemoFleet } from '../../../src-main/core/demo/demo-fleet';
import { MASK_RGB } from '../../../src-main/core/relay/privacy-mask';
import { apiCall, apiValue } from '../../support/api-calls';
import { demoSpec, sceneCamera, sceneSpec, testCamera } from '../../support/camera-config';
import { startCore, TestClient, waitFor, type Harness } from '../../support/core-harness';
import { mountSmallDisk } from '../../support/small-disk';
import { decodeLastFrame, LEFT_HALF, near, pixel, readStamps, SCENE_RGB } from '../../support/video-frames';

/**
 * Evidence clips cut from the replay buffer through the API, against the real RTSP server,
 * ffmpeg and the audit database: the MP4 holds the pictures of the span asked (the stamping
 * camera's burnt-in capture times say so), the masks (pixels inside uniform), a caption band;
 * its hash is the register's and the file's; it is linked to its entry and requisition, refused
 * to an operator, to a span no longer buffered, to a burst, and to a full disk.
 */
const WIDTH = 640;
const HEIGHT = 360;
/** The clip's picture: the camera's, plus the caption band (2 × trunc(360 / 16) rows). */
const CLIP_HEIGHT = HEIGHT + 2 * Math.trunc(HEIGHT / 16);
const fastCore = {
  logbook: { scrypt: { N: 1 << 10, r: 8, p: 1 }, backup: { enabled: false } },
  compliance: { audit: { flushDelayMs: 10 }, service: { purge: { enabled: false } } },
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('evidence clips from the replay buffer', () => {
  let fleet: DemoFleet;
  let harness: Harness;
  let client: TestClient;
  const disk = mountSmallDisk(48);

  beforeAll(async () => {
    fleet = new DemoFleet([
      demoSpec('stamp', { label: '', width: WIDTH, height: HEIGHT, stamp: true }),
      sceneSpec(),
    ]);
    const { port } = await fleet.start();
    harness = await startCore(
      {
        version: 1,
        cameras: [
          testCamera('stamp', 2, `rtsp://127.0.0.1:${port}/stamp`, { name: 'Place du Marché' }),
          sceneCamera(port, { privacyMasks: [LEFT_HALF] }),
        ],
        replay: { seconds: 30 },
        ...(disk ? { snapshots: { folder: disk.dir } } : {}),
      },
      fastCore,
    );
    client = await TestClient.connect(harness.endpoint);
    client.acknowledge(0);
    await apiCall(client, 'operators.bootstrapAdmin', { name: 'Chloé Chef', badge: 'C1', pin: '1111' });
    await apiCall(client, 'operators.add', {
      name: 'Olivier Opé',
      badge: 'O1',
      role: 'operator',
      pin: '3333',
    });
    client.watch(1, 'stamp', 'grid');
    client.watch(2, 'scene', 'grid');
    await waitFor('both tiles live', () => client.bytes(1) > 20_000 && client.bytes(2) > 20_000, 30_000);
    await sleep(9000); // the buffers fill
  }, 90_000);
  afterAll(async () => {
    await harness?.close();
    await fleet?.stop();
    disk?.unmount();
  });

  it('cuts the span asked, with the caption, hashed as the register says and linked to its entry', async () => {
    await apiCall(client, 'session.login', { badge: 'O1', pin: '3333' });
    const to = Date.now() - 1000;
    const from = to - 4000;
    const request = { cameraId: 'stamp', from, to, reason: 'Réquisition OPJ rixe', entryId: null };
    expect(await apiCall(client, 'replay.clip', request)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    await apiCall(client, 'session.login', { badge: 'C1', pin: '1111' });
    await apiValue(client, 'shifts.open', {});
    const { entry } = await apiValue<{ entry: { id: number } }>(client, 'logbook.create', {
      observedAt: new Date(from).toISOString(),
      category: 'rixe',
      description: 'Rixe place du Marché',
      status: 'en cours',
    });
    const requisition = await apiValue<Requisition>(client, 'register.create', {
      requestedAt: new Date().toISOString(),
      officerName: 'Lieutenant Martin',
      officerService: 'Commissariat central',
      procedureRef: 'PV 2026/123',
      cameraIds: ['stamp'],
      periodFrom: new Date(from - 60_000).toISOString(),
      periodTo: new Date(to + 60_000).toISOString(),
    });
    const made = await apiValue<ClipResult>(client, 'replay.clip', {
      ...request,
      entryId: entry.id,
      requisitionId: requisition.id,
    });
    const mp4 = Buffer.from(made.base64, 'base64');
    expect(made.mime).toBe('video/mp4');
    const sha = createHash('sha256').update(mp4).digest('hex');
    expect(made.clip).toMatchObject({
      cameraId: 'stamp',
      sha256: sha,
      bytes: mp4.length,
      reason: 'Réquisition OPJ rixe',
      entryId: entry.id,
      requisitionId: requisition.id,
      masked: false,
      by: { badge: 'C1', name: 'Chloé Chef' },
    });
    expect(made.clip.cameraName).toContain('Place du Marché');
    // The file on disk is the bytes sent, under the snapshot folder (image retention applies).
    expect(existsSync(made.clip.path)).toBe(true);
    expect(createHash('sha256').update(readFileSync(made.clip.path)).digest('hex')).toBe(sha);
    if (disk) expect(made.clip.path.startsWith(path.join(disk.dir, 'clips'))).toBe(true);

    // The pictures are the span's: from the keyframe at or before `from` (1 s GOPs) to `to`.
    const seen = readStamps(mp4, WIDTH, CLIP_HEIGHT, 'mp4');
    expect(seen.length).toBeGreaterThan(40); // ~4 s at 25 fps
    expect(Math.min(...seen)).toBeGreaterThan(from - 2000);
    expect(Math.min(...seen)).toBeLessThanOrEqual(from + 300);
    expect(Math.max(...seen)).toBeLessThanOrEqual(to + 100);
    expect(Math.max(...seen)).toBeGreaterThan(to - 1500);
    expect(Date.parse(made.clip.from)).toBeLessThanOrEqual(from);
    expect(Date.parse(made.clip.to)).toBeLessThanOrEqual(to);
    // The caption band under the picture holds white text on black.
    const last = decodeLastFrame(mp4, 'mp4')!;
    expect(last.height).toBe(CLIP_HEIGHT);
    let white = 0;
    let black = 0;
    for (let y = HEIGHT + 2; y < CLIP_HEIGHT; y += 1)
      for (let x = 0; x < WIDTH; x += 1) {
        const v = last.rgb[(y * WIDTH + x) * 3] ?? 0;
        if (v > 200) white += 1;
        if (v < 30) black += 1;
      }
    expect(white).toBeGreaterThan(300);
    expect(black).toBeGreaterThan(white);

    // The register: listed for its entry, in the requisition (verified), among the candidates,
    // and the audit event carries the same hash and reason; the audit chain still verifies.
    const linked = await apiValue<Clip[]>(client, 'replay.clips', { entryId: entry.id });
    expect(linked.map((clip) => clip.sha256)).toEqual([sha]);
    expect(await apiValue<Clip[]>(client, 'replay.clips', { entryId: entry.id + 1000 })).toEqual([]);
    const held = await apiValue<Requisition>(client, 'register.get', { id: requisition.id });
    expect(held.items).toMatchObject([{ kind: 'clip', sha256: sha, verified: true, cameraId: 'stamp' }]);
    const candidates = await apiValue<HandoverCandidate[]>(client, 'register.candidates', {});
    expect(candidates.find((candidate) => candidate.kind === 'clip')?.sha256).toBe(sha);
    const page = await apiValue<{ events: AuditEvent[] }>(client, 'audit.query', {
      actions: ['replay.clip'],
    });
    expect(page.events[0]?.details).toMatchObject({ sha256: sha, reason: 'Réquisition OPJ rixe' });
    expect(await apiValue<{ ok: boolean }>(client, 'audit.verify', {})).toMatchObject({ ok: true });
  }, 120_000);

  it('burns the masks into the clip: every pixel inside the mask is the mask colour', async () => {
    const to = Date.now() - 500;
    const made = await apiValue<ClipResult>(client, 'replay.clip', {
      cameraId: 'scene',
      from: to - 3000,
      to,
      reason: 'Contrôle des masques',
    });
    expect(made.clip.masked).toBe(true);
    const frame = decodeLastFrame(Buffer.from(made.base64, 'base64'), 'mp4')!;
    for (const fy of [0.05, 0.3, 0.6, 0.85])
      for (const fx of [0.02, 0.2, 0.45]) {
        const at = pixel({ ...frame, height: HEIGHT }, fx, fy);
        expect(near(at, MASK_RGB, 12), `masked pixel at ${fx},${fy}: ${at.join(',')}`).toBe(true);
      }
    expect(near(pixel({ ...frame, height: HEIGHT }, 0.9, 0.5), SCENE_RGB, 24)).toBe(true);
  }, 60_000);

  it('refuses a span no longer buffered, and a burst beyond one clip at a time', async () => {
    const old = Date.now() - 3600_000;
    expect(
      await apiCall(client, 'replay.clip', {
        cameraId: 'stamp',
        from: old,
        to: old + 2000,
        reason: 'Trop tard',
      }),
    ).toMatchObject({ ok: false, error: { code: 'not-found', reason: 'not-buffered' } });
    const to = Date.now() - 500;
    const burst = await Promise.all(
      Array.from({ length: 4 }, () =>
        apiCall(client, 'replay.clip', { cameraId: 'stamp', from: to - 3000, to, reason: 'Rafale' }),
      ),
    );
    expect(burst.filter((answer) => answer.ok)).toHaveLength(1);
    expect(burst.filter((answer) => !answer.ok)).toHaveLength(3);
    for (const refused of burst.filter((answer) => !answer.ok))
      expect(refused).toMatchObject({ error: { code: 'conflict', reason: 'clip-busy' } });
  }, 60_000);

  // A skip, said as such, where the machine cannot mount a small tmpfs (not root).
  it.skipIf(!disk)(
    'answers disk-full when the clip folder is full, writes nothing, and works once freed (needs root for a small tmpfs)',
    async () => {
      if (!disk) throw new Error('unreachable: skipped without a small disk');
      const before = await apiValue<Clip[]>(client, 'replay.clips', {});
      disk.fill();
      const to = Date.now() - 500;
      const request = { cameraId: 'stamp', from: to - 3000, to, reason: 'Disque plein' };
      expect(await apiCall(client, 'replay.clip', request)).toMatchObject({
        ok: false,
        error: { code: 'disk-full' },
      });
      expect(await apiValue<Clip[]>(client, 'replay.clips', {})).toHaveLength(before.length);
      disk.free();
      expect(await apiCall(client, 'replay.clip', request)).toMatchObject({ ok: true });
    },
    60_000,
  );
});
