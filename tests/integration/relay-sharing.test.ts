import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamStatus } from '../../src-shared/contract';
import { ffmpegPids, isAlive, startCore, TestClient, waitFor, type Harness } from '../support/core-harness';

async function streams(harness: Harness): Promise<StreamStatus[]> {
  const response = await fetch(`${harness.endpoint.origin}/api/streams?token=${harness.endpoint.token}`);
  return (await response.json()) as StreamStatus[];
}

describe('relay: one ffmpeg per camera stream, on demand, supervised', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startCore({ version: 1, demo: { count: 2 } }, { relay: { graceMs: 1500 } });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('shares one ffmpeg between two sockets and stops it within the grace period', async () => {
    const a = await TestClient.connect(harness.endpoint);
    const b = await TestClient.connect(harness.endpoint);
    a.watch(1, 'demo-1');
    b.watch(7, 'demo-1');
    await waitFor('video on both sockets', () => a.bytes(1) > 20_000 && b.bytes(7) > 20_000);

    const list = await streams(harness);
    expect(list).toHaveLength(1);
    const stream = list[0]!;
    expect(stream).toMatchObject({ cameraId: 'demo-1', profile: 'grid', state: 'live', viewers: 2 });
    expect(stream.pid).toBeGreaterThan(0);
    // Exactly one ffmpeg reads this camera, whatever the number of viewers.
    expect(ffmpegPids('/demo-1')).toEqual([stream.pid]);
    // Each viewer's first chunk starts at a keyframe, so it can decode at once.
    expect((a.flagsBySlot.get(1)?.[0] ?? 0) & 1).toBe(1);
    expect((b.flagsBySlot.get(7)?.[0] ?? 0) & 1).toBe(1);

    await a.close();
    await waitFor('one viewer left', async () => (await streams(harness))[0]?.viewers === 1);
    expect(isAlive(stream.pid!)).toBe(true);
    const leftAt = Date.now();
    await b.close();
    await waitFor('ffmpeg to end', () => !isAlive(stream.pid!), 10_000);
    const stoppedAfter = Date.now() - leftAt;
    expect(stoppedAfter).toBeGreaterThanOrEqual(1400);
    expect(stoppedAfter).toBeLessThan(1500 + 5000);
    expect(await streams(harness)).toHaveLength(0);
  });

  it('restarts a killed ffmpeg and the viewer resumes without doing anything', async () => {
    const client = await TestClient.connect(harness.endpoint);
    client.watch(3, 'demo-2');
    await waitFor('video', () => client.bytes(3) > 20_000);
    const before = (await streams(harness)).find((s) => s.cameraId === 'demo-2')!;
    process.kill(before.pid!, 'SIGKILL');

    const reconnecting = await waitFor('the crash to be reported', () =>
      client.messages.find(
        (m) =>
          m.type === 'stream-status' && m.status.cameraId === 'demo-2' && m.status.state === 'reconnecting',
      ),
    );
    expect(reconnecting.type === 'stream-status' && reconnecting.status.reason).toBe('crashed');

    const after = await waitFor('a new live ffmpeg', async () => {
      const s = (await streams(harness)).find((x) => x.cameraId === 'demo-2');
      return s && s.state === 'live' && s.pid !== before.pid ? s : null;
    });
    expect(after.restarts).toBe(1);
    const bytesAtRestart = client.bytes(3);
    await waitFor('video to flow again', () => client.bytes(3) > bytesAtRestart + 20_000);
    // The first chunk after the restart tells the renderer to reset its decoder.
    expect(client.flagsBySlot.get(3)?.some((flags) => (flags & 2) === 2 && (flags & 1) === 1)).toBe(true);
    await client.close();
  });
});
