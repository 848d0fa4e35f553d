import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVideoHeader, type StreamStatus } from '../../../src-shared/contract';
import { startCore, TestClient, waitFor, type Harness } from '../../support/core-harness';

/**
 * A core that falls behind its camera, for real: the transcoding ffmpeg is frozen (SIGSTOP) for
 * a few seconds, as a starved CPU would, then let go. Every frame still leaves the core the
 * instant it is made, so a delay counted from the send sees nothing; the source lag in the
 * frame header is what must show it.
 */
describe('source lag: the relay says when it runs behind the camera', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startCore({ version: 1, demo: { count: 1 } });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('carries the lag in each frame header, high while the transcoder is held, back to low after', async () => {
    const client = await TestClient.connect(harness.endpoint);
    const lags: { at: number; lag: number }[] = [];
    client.socket.on('message', (data: Buffer, isBinary: boolean) => {
      const header = isBinary ? readVideoHeader(data) : null;
      if (header?.slot === 1) lags.push({ at: Date.now(), lag: header.sourceLagMs });
    });
    client.watch(1, 'demo-1');
    await waitFor('video', () => client.bytes(1) > 50_000, 30_000);
    // Settled: the stream at its most prompt gives the baseline.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(Math.max(...lags.slice(-20).map((sample) => sample.lag))).toBeLessThan(500);

    const streams = (await (
      await fetch(`${harness.endpoint.origin}/api/streams?token=${harness.endpoint.token}`)
    ).json()) as StreamStatus[];
    const pid = streams.find((stream) => stream.cameraId === 'demo-1')?.pid;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const resumedAt = Date.now();
    process.kill(pid!, 'SIGCONT');

    const behind = await waitFor(
      'a frame saying it is behind',
      () => lags.find((sample) => sample.at >= resumedAt && sample.lag >= 2_000),
      10_000,
    );
    expect(behind.lag).toBeLessThan(10_000);
    await waitFor(
      'the lag back under 500 ms once caught up',
      () => lags.some((sample) => sample.at > behind.at && sample.lag < 500),
      20_000,
    );
    await client.close();
  }, 90_000);
});
