import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamStatus } from '../../../src-shared/contract';
import {
  ffmpegPids,
  isAlive,
  startCore,
  TestClient,
  waitFor,
  type Harness,
} from '../../support/core-harness';

async function api<T>(harness: Harness, route: string): Promise<T> {
  const response = await fetch(`${harness.endpoint.origin}${route}?token=${harness.endpoint.token}`);
  return (await response.json()) as T;
}

const streams = (harness: Harness): Promise<StreamStatus[]> => api<StreamStatus[]>(harness, '/api/streams');

describe('relay: one ffmpeg per camera stream, on demand, supervised', () => {
  let harness: Harness;
  /** This core's demo camera URL: other test files run their own fleets in parallel. */
  const demoUrl = (id: string): string => `127.0.0.1:${harness.core.demoFleet?.port}/${id}`;

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
    // Exactly one RTSP session (one source ffmpeg) reads this camera, whatever the number of viewers.
    const sources = await api<{ key: string; pid: number }[]>(harness, '/api/sources');
    expect(sources).toMatchObject([{ key: 'demo-1/main', state: 'live', subscribers: 1 }]);
    expect(ffmpegPids(demoUrl('demo-1'))).toEqual([sources[0]!.pid]);
    expect(stream.pid).not.toBe(sources[0]!.pid);
    // Both stages are in the ledger that lets the next start reap them after a crash.
    const ledger = readFileSync(path.join(harness.dataDir, 'run', 'relay-pids'), 'utf8')
      .split('\n')
      .map(Number);
    expect(ledger).toEqual(expect.arrayContaining([stream.pid, sources[0]!.pid]));
    // Each viewer's first chunk starts at a keyframe, so it can decode at once.
    expect((a.flagsBySlot.get(1)?.[0] ?? 0) & 1).toBe(1);
    expect((b.flagsBySlot.get(7)?.[0] ?? 0) & 1).toBe(1);

    await a.close();
    await waitFor('one viewer left', async () => (await streams(harness))[0]?.viewers === 1);
    expect(isAlive(stream.pid!)).toBe(true);
    const leftAt = Date.now();
    await b.close();
    await waitFor('ffmpeg to end', () => !isAlive(stream.pid!) && !isAlive(sources[0]!.pid), 10_000);
    const stoppedAfter = Date.now() - leftAt;
    expect(stoppedAfter).toBeGreaterThanOrEqual(1400);
    expect(stoppedAfter).toBeLessThan(1500 + 5000);
    expect(await streams(harness)).toHaveLength(0);
    expect(await api(harness, '/api/sources')).toEqual([]);
  });

  it('serves grid and full from one RTSP session per camera stream', async () => {
    const client = await TestClient.connect(harness.endpoint);
    client.watch(1, 'demo-1', 'grid');
    client.watch(2, 'demo-1', 'full');
    await waitFor('both profiles', () => client.bytes(1) > 20_000 && client.bytes(2) > 20_000);
    const list = await streams(harness);
    expect(list.map((s) => s.profile).sort()).toEqual(['full', 'grid']);
    expect(await api(harness, '/api/sources')).toMatchObject([{ key: 'demo-1/main', subscribers: 2 }]);
    expect(ffmpegPids(demoUrl('demo-1'))).toHaveLength(1);
    await client.close();
  });

  it('restarts the camera source when it is killed, and its transcoders follow', async () => {
    const client = await TestClient.connect(harness.endpoint);
    client.watch(5, 'demo-1', 'grid');
    await waitFor(
      'video',
      async () => client.bytes(5) > 20_000 && (await api<unknown[]>(harness, '/api/sources')).length === 1,
    );
    const [source] = await api<{ pid: number }[]>(harness, '/api/sources');
    process.kill(source!.pid, 'SIGKILL');
    await waitFor('a new source', async () => {
      const [next] = await api<{ pid: number | null; state: string }[]>(harness, '/api/sources');
      return next && next.pid !== source!.pid && next.state === 'live';
    });
    const bytes = client.bytes(5);
    await waitFor('video to flow again', () => client.bytes(5) > bytes + 20_000);
    await client.close();
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
