import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { gridWallState, type WallState } from '../../../src-shared/contract';
import { apiCall, apiValue } from '../../support/api-calls';
import { startCore, TestClient, waitFor } from '../../support/core-harness';
import { testPicture } from '../../support/video-frames';

const config = {
  version: 1,
  demo: { count: 6 },
  workstations: {
    default: { displays: [{ display: 1, layout: { columns: 1, rows: 2, tiles: ['demo-3', 'demo-4'] } }] },
  },
};

const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-wall-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function answer(client: TestClient, id: number) {
  return waitFor(`response ${id}`, () => client.messages.find((m) => m.type === 'response' && m.id === id));
}

/** Every method answers the one envelope (protocol 3); a refusal throws here with its code. */
const call = apiValue;

describe('wall state, spot monitor and snapshots through the core', () => {
  it('starts from IT’s layout, saves the operator’s, survives a restart, and goes back on request', async () => {
    const first = await startCore(config, { dataDir });
    const client = await TestClient.connect(first.endpoint);
    const initial = await call<{ state: WallState; preset: WallState; saved: boolean }>(
      client,
      'wall.state.get',
      { display: 1 },
    );
    expect(initial.saved).toBe(false);
    expect(initial.state).toEqual(gridWallState(1, 2, ['demo-3', 'demo-4']));
    const mine: WallState = { ...gridWallState(3, 3, ['demo-1', 'demo-2']), page: 0 };
    mine.tours = [{ id: 't1', name: 'Centre', steps: [{ cameraId: 'demo-5', dwellSeconds: 10 }] }];
    mine.tileTours = { '2': 't1' };
    await call(client, 'wall.state.save', { display: 1, state: mine });
    await client.close();
    await first.core.stop();

    const second = await startCore(config, { dataDir });
    const again = await TestClient.connect(second.endpoint);
    const restored = await call<{ state: WallState; saved: boolean }>(again, 'wall.state.get', {
      display: 1,
    });
    expect(restored).toMatchObject({ saved: true, state: mine });
    const reset = await call<{ state: WallState }>(again, 'wall.state.reset', { display: 1 });
    expect(reset.state).toEqual(initial.preset);
    expect((await call<{ saved: boolean }>(again, 'wall.state.get', { display: 1 })).saved).toBe(false);

    // A malformed state is refused at the boundary and nothing is stored.
    const bad = again.request('wall.state.save', {
      display: 1,
      state: { ...mine, layout: { preset: 'huge' } },
    });
    expect(await answer(again, bad)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    await again.close();
    await second.core.stop();
  });

  it('sends a camera to another window’s spot tile, and saves a captioned snapshot with its hash', async () => {
    const harness = await startCore(config);
    try {
      const display1 = await TestClient.connect(harness.endpoint);
      const display2 = await TestClient.connect(harness.endpoint);
      const sent = await call<{ delivered: number }>(display1, 'spot.send', {
        display: 2,
        cameraId: 'demo-5',
      });
      expect(sent.delivered).toBe(2);
      // A refusal is an answer in the same envelope, in French on screen by its code.
      expect(await apiCall(display1, 'spot.send', { display: 2, cameraId: 'nope' })).toMatchObject({
        ok: false,
        error: { code: 'not-found' },
      });
      await waitFor('spot on the other window', () =>
        display2.messages.some((m) => m.type === 'spot' && m.display === 2 && m.cameraId === 'demo-5'),
      );

      const png = testPicture('testsrc=size=64x36');
      // Snapshots are signed by the operator on duty (attack-snapshot-audit.test.ts has the refusals).
      await call(display1, 'operators.bootstrapAdmin', { name: 'Ada Admin', badge: 'ADM1', pin: '2468' });
      const saved = await call<{ file: string; sha256: string; bytes: number }>(display1, 'snapshot.save', {
        cameraId: 'demo-2',
        pngBase64: png.toString('base64'),
      });
      const today = new Date().toISOString().slice(0, 10);
      expect(saved.file).toContain(path.join(harness.dataDir, 'snapshots', today, 'camera-2_'));
      const written = readFileSync(saved.file);
      expect(saved.sha256).toBe(createHash('sha256').update(written).digest('hex'));
      expect(saved.bytes).toBe(written.length);

      const notPng = await apiCall(display1, 'snapshot.save', {
        cameraId: 'demo-2',
        pngBase64: Buffer.alloc(200, 7).toString('base64'),
      });
      expect(notPng).toMatchObject({ ok: false, error: { code: 'invalid' } });
      await display1.close();
      await display2.close();
    } finally {
      await harness.close();
    }
  });
});
