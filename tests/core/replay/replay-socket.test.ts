import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readVideoHeader,
  VIDEO_FLAG_REPLAY,
  VIDEO_FLAG_RESET,
  VIDEO_HEADER_BYTES,
  type ReplayStatus,
} from '../../../src-shared/contract';
import { DemoFleet } from '../../../src-main/core/demo/demo-fleet';
import { MASK_RGB } from '../../../src-main/core/relay/privacy-mask';
import { demoSpec, sceneCamera, sceneSpec, testCamera } from '../../support/camera-config';
import { startCore, TestClient, waitFor, type Harness } from '../../support/core-harness';
import { decodeLastFrame, LEFT_HALF, near, pixel, readStamps, SCENE_RGB } from '../../support/video-frames';

const WIDTH = 640;
const HEIGHT = 360;

/** Every picture's capture time (epoch ms), read from the stamping camera's burnt-in blocks. */
const stamps = (ts: Buffer): number[] => readStamps(ts, WIDTH, HEIGHT);

describe('instant replay on a tile, over the window socket', () => {
  let fleet: DemoFleet;
  let harness: Harness;

  beforeAll(async () => {
    fleet = new DemoFleet([
      demoSpec('stamp', { label: '', width: WIDTH, height: HEIGHT, stamp: true }),
      sceneSpec(),
    ]);
    const { port } = await fleet.start();
    harness = await startCore({
      version: 1,
      cameras: [
        testCamera('stamp', 2, `rtsp://127.0.0.1:${port}/stamp`),
        sceneCamera(port, { privacyMasks: [LEFT_HALF] }),
      ],
      replay: { seconds: 30 },
    });
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    await fleet?.stop();
  });

  it('replays pictures from before the key, masks burnt in, other tiles live, then back to live; audited', async () => {
    const client = await TestClient.connect(harness.endpoint);
    client.acknowledge(0);
    const frames: { slot: number; flags: number; at: number; payload: Buffer }[] = [];
    client.socket.on('message', (data: Buffer, isBinary: boolean) => {
      const header = isBinary ? readVideoHeader(data) : null;
      if (header)
        frames.push({
          slot: header.slot,
          flags: header.flags,
          at: Date.now(),
          payload: Buffer.from(data.subarray(VIDEO_HEADER_BYTES)),
        });
    });
    const statuses = (slot: number): ReplayStatus[] =>
      client.messages.flatMap((m) =>
        m.type === 'replay-status' && m.status.slot === slot ? [m.status] : [],
      );
    const send = (message: object) => client.socket.send(JSON.stringify(message));

    client.watch(1, 'stamp', 'grid');
    client.watch(2, 'scene', 'grid');
    await waitFor('both tiles live', () => client.bytes(1) > 20_000 && client.bytes(2) > 20_000, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 8000)); // the buffer fills

    // A slot that does not watch the camera is refused.
    send({ type: 'replay-start', slot: 1, cameraId: 'scene', secondsBack: 5 });
    await waitFor('the refusal', () => statuses(1).find((s) => s.state === 'refused'));

    const keyAt = Date.now();
    send({ type: 'replay-start', slot: 1, cameraId: 'stamp', secondsBack: 5 });
    await waitFor('replayed pictures', () => frames.some((f) => f.slot === 1 && f.flags & VIDEO_FLAG_REPLAY));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const replayed = frames.filter((f) => f.slot === 1 && f.at >= keyAt && f.flags & VIDEO_FLAG_REPLAY);
    expect(replayed[0]!.flags & VIDEO_FLAG_RESET).toBeTruthy();
    // Once replaying, the slot gets no live video at all.
    const firstReplayAt = replayed[0]!.at;
    expect(frames.some((f) => f.slot === 1 && f.at > firstReplayAt && !(f.flags & VIDEO_FLAG_REPLAY))).toBe(
      false,
    );
    const seen = stamps(Buffer.concat(replayed.map((f) => f.payload)));
    expect(seen.length).toBeGreaterThan(10);
    // Pictures captured before the key: from the keyframe at or before 6 s back (1 s primed, 1 s GOP),
    // at ×1, so after 3 s still about 2 s behind.
    expect(Math.min(...seen)).toBeGreaterThan(keyAt - 5000 - 2500);
    expect(Math.max(...seen)).toBeLessThan(keyAt - 1000);
    // The status tells the picture's own time, consistent with what the pictures say.
    const playing = statuses(1).filter((s) => s.state === 'playing');
    expect(playing.length).toBeGreaterThan(0);
    const last = playing.at(-1)!;
    expect(last.pictureAt).toBeLessThan(keyAt);
    expect(Math.abs(last.pictureAt! - Math.max(...seen))).toBeLessThan(1500);
    expect(last.bufferFrom).toBeLessThanOrEqual(keyAt - 8000);

    // The other tile stayed live throughout.
    const otherLive = frames.filter((f) => f.slot === 2 && f.at >= keyAt);
    expect(otherLive.length).toBeGreaterThan(20);
    expect(otherLive.every((f) => !(f.flags & VIDEO_FLAG_REPLAY))).toBe(true);

    // Pause: nothing more is replayed.
    send({ type: 'replay-pause', slot: 1, paused: true });
    await waitFor('paused', () => statuses(1).at(-1)?.state === 'paused');
    await new Promise((resolve) => setTimeout(resolve, 600));
    const pausedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(frames.filter((f) => f.slot === 1 && f.at > pausedAt).length).toBe(0);

    // Back to live: live pictures, starting with a reset, and the status says live.
    const liveAt = Date.now();
    send({ type: 'replay-live', slot: 1 });
    await waitFor('live again', () =>
      frames.some((f) => f.slot === 1 && f.at >= liveAt && !(f.flags & VIDEO_FLAG_REPLAY)),
    );
    expect(statuses(1).at(-1)?.state).toBe('live');
    const back = frames.filter((f) => f.slot === 1 && f.at >= liveAt);
    expect(back[0]!.flags & VIDEO_FLAG_RESET).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const liveStamps = stamps(
      Buffer.concat(frames.filter((f) => f.slot === 1 && f.at >= liveAt).map((f) => f.payload)),
    );
    expect(Math.max(...liveStamps)).toBeGreaterThan(liveAt - 500);

    // Masks hold in replay: the masked half is the mask colour, the other half the scene.
    const maskKey = Date.now();
    send({ type: 'replay-start', slot: 2, cameraId: 'scene', secondsBack: 6 });
    await waitFor(
      'replayed scene',
      () => frames.filter((f) => f.slot === 2 && f.at >= maskKey && f.flags & VIDEO_FLAG_REPLAY).length > 15,
      15_000,
    );
    const scene = decodeLastFrame(
      Buffer.concat(
        frames
          .filter((f) => f.slot === 2 && f.at >= maskKey && f.flags & VIDEO_FLAG_REPLAY)
          .map((f) => f.payload),
      ),
    );
    if (!scene) throw new Error('nothing decodable in the replayed scene');
    for (const [x, y] of [
      [0.1, 0.1],
      [0.25, 0.4],
      [0.4, 0.7],
    ] as const)
      expect(near(pixel(scene, x, y), MASK_RGB, 12)).toBe(true);
    expect(near(pixel(scene, 0.9, 0.1), SCENE_RGB, 20)).toBe(true);
    client.unwatch(2);

    // Audited like a view: a start and a stop with its duration.
    const store = harness.core.complianceLayer!.audit.auditStore!;
    const events = await waitFor('the replay audited', () => {
      const found = store
        .query({ cameraId: 'stamp' }, 100)
        .events.filter((e) => e.action.startsWith('replay.'));
      return found.length >= 2 ? found : null;
    });
    expect(events.map((e) => e.action).sort()).toEqual(['replay.start', 'replay.stop']);
    expect(events.find((e) => e.action === 'replay.stop')?.durationMs).toBeGreaterThan(3000);
    await client.close();
  }, 90_000);
});
