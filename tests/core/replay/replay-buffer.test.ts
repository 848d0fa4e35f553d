import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoFleet } from '../../../src-main/core/demo/demo-fleet';
import { TsChunker } from '../../../src-main/core/relay/ts-chunker';
import { demoSpec, testCamera } from '../../support/camera-config';
import { startCore, waitFor, type Harness } from '../../support/core-harness';

const CAMERAS = 32;
const TOTAL_MB = 2;

/** A GOP's first chunk must be an H.264 keyframe as ffmpeg flagged it (random access). */
function startsAtKeyframe(data: Buffer): boolean {
  const chunks = new TsChunker().push(data);
  return chunks[0]?.keyframe === true;
}

describe('replay buffer: the last seconds of every camera stream, bounded, oldest first', () => {
  let fleet: DemoFleet;
  let harness: Harness;
  const stops: (() => void)[] = [];

  beforeAll(async () => {
    const specs = Array.from({ length: CAMERAS }, (_, i) =>
      demoSpec(`c${i + 1}`, { label: '', width: 160, height: 90, fps: 10, scroll: 3 }),
    );
    fleet = new DemoFleet(specs);
    const { port } = await fleet.start();
    harness = await startCore({
      version: 1,
      cameras: specs.map((spec, i) => testCamera(spec.path, i + 1, `rtsp://127.0.0.1:${port}/${spec.path}`)),
      replay: { seconds: 10, maxMbPerCamera: 1, maxMbTotal: TOTAL_MB },
    });
  }, 60_000);
  afterAll(async () => {
    for (const stop of stops) stop();
    await harness?.close();
    await fleet?.stop();
  });

  it('keeps 32 cameras under the shared bound, drops the oldest GOP first, and every GOP starts at a keyframe', async () => {
    const relay = harness.core.relayService!;
    const replay = harness.core.replayService!;
    // The sources the wall would open (no transcoder needed): the buffer observes each one.
    for (let i = 1; i <= CAMERAS; i += 1) stops.push(relay.tapSource(`c${i}`, 'grid', () => undefined));
    expect(relay.sourceList()).toHaveLength(CAMERAS);

    let peak = 0;
    const bound = TOTAL_MB * 1024 * 1024;
    const sampler = setInterval(() => (peak = Math.max(peak, replay.totalBytes)), 20);
    try {
      await waitFor(
        'evictions on every camera',
        () => replay.stats().length === CAMERAS && replay.stats().every((s) => s.evictions > 0),
        90_000,
      );
    } finally {
      clearInterval(sampler);
    }
    expect(peak).toBeLessThanOrEqual(bound);
    expect(replay.totalBytes).toBeLessThanOrEqual(bound);
    // No second RTSP session: one source per camera, and the buffer is not a subscriber.
    expect(relay.sourceList().every((source) => source.subscribers === 1)).toBe(true);

    const now = Date.now();
    for (let i = 1; i <= CAMERAS; i += 1) {
      const buffer = replay.buffer(`c${i}/main`)!;
      expect(buffer.bytes).toBeLessThanOrEqual(1024 * 1024);
      const gops = buffer.all;
      expect(gops.length).toBeGreaterThan(0);
      // Oldest first: GOPs are contiguous and in time order; what was dropped is what came first.
      for (let g = 1; g < gops.length; g += 1) {
        expect(gops[g]!.seq).toBe(gops[g - 1]!.seq + 1);
        expect(gops[g]!.startAt).toBeGreaterThanOrEqual(gops[g - 1]!.startAt);
      }
      expect(gops[0]!.seq).toBe(buffer.evictions + 1);
      for (const gop of gops) expect(startsAtKeyframe(gop.chunk(0)!.data)).toBe(true);
      // Never older than the time bound plus one GOP.
      expect(now - gops[0]!.startAt).toBeLessThan(10_000 + 3_000);
      // A replay of any instant starts at a keyframe at or before it.
      const target = gops[Math.floor(gops.length / 2)]!.startAt + 100;
      const start = buffer.gopAt(target)!;
      expect(start.startAt).toBeLessThanOrEqual(target);
      expect(buffer.after(start)?.startAt ?? Infinity).toBeGreaterThan(target);
    }
  }, 120_000);
});
