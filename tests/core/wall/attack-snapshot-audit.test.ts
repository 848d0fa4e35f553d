import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngSize } from '../../../src-main/core/wall/snapshot-writer';
import { apiCall, apiValue } from '../../support/api-calls';
import { testCamera } from '../../support/camera-config';
import { startCore, TestClient, waitFor, type Harness } from '../../support/core-harness';
import { mountSmallDisk } from '../../support/small-disk';
import { testPicture } from '../../support/video-frames';

/**
 * Snapshots and the audit trail under attack, against the real core: a caller with the token but
 * no login, a forged caption and time, a loop filling the disk, a full disk during the save, and a
 * full disk under the audit trail itself (a real tmpfs; skipped with a message where mounting is
 * not allowed).
 */
const camera = testCamera('cam-012', 12, 'rtsp://192.0.2.1:554/live', { name: 'Place de la Mairie' });
const fastCore = {
  logbook: { scrypt: { N: 1 << 10, r: 8, p: 1 }, backup: { enabled: false } },
  compliance: { audit: { flushDelayMs: 10 }, service: { purge: { enabled: false } } },
};

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

async function operatorOnDuty(client: TestClient): Promise<void> {
  await apiValue(client, 'operators.bootstrapAdmin', { name: 'Ada Admin', badge: 'ADM1', pin: '2468' });
}

describe('snapshots', () => {
  let harness: Harness;
  let client: TestClient;
  let snapshots: string;
  const png = testPicture();

  beforeAll(async () => {
    snapshots = mkdtempSync(path.join(tmpdir(), 'vigie-snapshots-'));
    harness = await startCore(
      { version: 1, cameras: [camera], snapshots: { folder: snapshots, quotaMb: 1 } },
      fastCore,
    );
    client = await TestClient.connect(harness.endpoint);
  });
  afterAll(async () => {
    await client?.close();
    await harness?.close();
    rmSync(snapshots, { recursive: true, force: true });
  });

  it('are refused to a caller nobody logged in, and nothing is written', async () => {
    const answer = await apiCall(client, 'snapshot.save', {
      cameraId: 'cam-012',
      pngBase64: png.toString('base64'),
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    expect(filesUnder(snapshots)).toEqual([]);
  });

  it('carry the caption and time of the core, not of the client, and are audited with their hash', async () => {
    await operatorOnDuty(client);
    const before = Date.now();
    // A forged time and caption in the request are not even accepted by the contract.
    const forged = await apiCall(client, 'snapshot.save', {
      cameraId: 'cam-012',
      pngBase64: png.toString('base64'),
      takenAt: '2001-01-01T00:00:00Z',
      operator: 'Someone Else',
    }).catch((error: unknown) => String(error));
    expect(String(JSON.stringify(forged))).toContain('bad-request');
    const saved = await apiValue<{ file: string; sha256: string; takenAt: string; caption: string }>(
      client,
      'snapshot.save',
      { cameraId: 'cam-012', pngBase64: png.toString('base64') },
    );
    expect(Date.parse(saved.takenAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(saved.takenAt)).toBeLessThanOrEqual(Date.now());
    expect(saved.caption).toContain('Caméra 12 · Place de la Mairie');
    expect(saved.caption).toContain('Ada Admin (ADM1)');
    const written = readFileSync(saved.file);
    expect(createHash('sha256').update(written).digest('hex')).toBe(saved.sha256);
    // The core's caption band sits under the picture.
    expect(pngSize(written)).toMatchObject({ width: 320 });
    expect(pngSize(written)!.height).toBeGreaterThan(180);
    const audit = harness.core.complianceLayer?.audit;
    audit?.flush();
    const events = audit?.auditStore?.query({ actions: ['snapshot.save'] }, 10).events ?? [];
    expect(events).toMatchObject([
      {
        operator: { badge: 'ADM1' },
        cameraId: 'cam-012',
        details: { sha256: saved.sha256, caption: saved.caption },
      },
    ]);
  });

  it('stop at the folder quota instead of filling the disk', async () => {
    // Noise does not compress: about 500 KB a picture, so the 1 MB quota is reached in a few saves.
    const big = testPicture('testsrc=size=640x360,noise=alls=60:allf=t');
    const answers = [];
    for (let i = 0; i < 200; i += 1) {
      const answer = await apiCall(client, 'snapshot.save', {
        cameraId: 'cam-012',
        pngBase64: big.toString('base64'),
      });
      answers.push(answer);
      if (!answer.ok) break;
      // One file per millisecond stamp: keep the names apart.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(answers.at(-1)).toMatchObject({ ok: false, error: { code: 'quota-exceeded' } });
    const total = filesUnder(snapshots).reduce((sum, file) => sum + readFileSync(file).length, 0);
    expect(total).toBeLessThanOrEqual(1024 * 1024);
  });
});

describe('on a full disk', () => {
  const disk = mountSmallDisk(24);
  if (!disk) {
    it.skip('needs root to mount a small tmpfs: skipped, the full-disk defences are untested here', () =>
      undefined);
    return;
  }
  let harness: Harness;
  let client: TestClient;
  const dataDir = path.join(disk.dir, 'data');
  const png = testPicture();

  beforeAll(async () => {
    harness = await startCore({ version: 1, cameras: [camera] }, { ...fastCore, dataDir });
    client = await TestClient.connect(harness.endpoint);
    await operatorOnDuty(client);
  });
  afterAll(async () => {
    await client?.close();
    await harness?.close();
    disk.unmount();
  });

  it('a snapshot is answered disk-full and leaves no partial file', async () => {
    disk.fill();
    const answer = await apiCall(client, 'snapshot.save', {
      cameraId: 'cam-012',
      pngBase64: png.toString('base64'),
    });
    expect(answer.ok).toBe(false);
    expect(['disk-full', 'audit-unavailable']).toContain(answer.error?.code);
    expect(
      filesUnder(path.join(dataDir, 'snapshots')).filter(
        (file) => file.endsWith('.png') || file.includes('.tmp'),
      ),
    ).toEqual([]);
  });

  it('while the trail cannot write, audited actions are refused, and its events survive the stop', async () => {
    const audit = harness.core.complianceLayer!.audit;
    // Audited calls until the trail's own writes hit the full disk (SQLite may have room left in its WAL).
    let sent = 0;
    while (audit.refusal('snapshot.save') === null && sent < 5000) {
      await apiCall(client, 'spot.send', { display: 1, cameraId: 'cam-012' }).catch(() => null);
      sent += 1;
    }
    expect(audit.refusal('snapshot.save')).toContain('cannot write');
    const refused = await apiCall(client, 'snapshot.save', {
      cameraId: 'cam-012',
      pngBase64: png.toString('base64'),
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'audit-unavailable' } });
    const marker = { display: 7, cameraId: 'cam-012' };
    await apiCall(client, 'spot.send', marker).catch(() => null);
    await client.close();
    await harness.close();
    disk.free();
    harness = await startCore({ version: 1, cameras: [camera] }, { ...fastCore, dataDir });
    client = await TestClient.connect(harness.endpoint);
    const store = await waitFor(
      'the reopened audit trail',
      () => harness.core.complianceLayer?.audit.auditStore,
    );
    const spots = store.query({ actions: ['spot.send'] }, 10_000).events;
    expect(spots.some((event) => event.details.display === 7)).toBe(true);
    const stops = store.query({ actions: ['core.stop'] }, 10).events;
    expect(stops.length).toBeGreaterThanOrEqual(1);
    expect(spots.length).toBeGreaterThanOrEqual(sent);
    // They came back through the reserved spill file, not a lucky last write.
    expect(readFileSync(path.join(dataDir, 'logs', 'vigie.log'), 'utf8')).toMatch(
      /audit trail: \d+ event\(s\) kept from the last stop written now/,
    );
  });
});
