import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { readVideoHeader, VIDEO_FLAG_REPLAY } from '../../src-shared/contract';
import { validateConfig } from '../../src-main/core/config/load-config';
import { DemoFleet } from '../../src-main/core/demo/demo-fleet';
import { VigieCore } from '../../src-main/core/vigie-core';
import type { BenchFigure, BenchSuite } from '../bench-types';
import { percentile } from '../support/proc-cpu';

/** Seconds of buffer before measuring; replays ask for 10 s back. */
const FILL_MS = 14_000;
const ROUNDS = 15;
/** The evidence clip measured: 10 s, inside the 14 s filled. */
const CLIP_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One window's socket that notes when each slot's first frame (replayed or not) arrives. */
async function openWindow(origin: string, token: string) {
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=${token}`, { origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waiters: { slot: number; replay: boolean; resolve: (at: number) => void }[] = [];
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    const header = isBinary ? readVideoHeader(data) : null;
    if (!header) return;
    socket.send(JSON.stringify({ type: 'ack', sentAt: header.sentAt }));
    const replay = (header.flags & VIDEO_FLAG_REPLAY) !== 0;
    for (const waiter of waiters.splice(0))
      if (waiter.slot === header.slot && waiter.replay === replay) waiter.resolve(performance.now());
      else waiters.push(waiter);
  });
  const send = (message: object) => socket.send(JSON.stringify(message));
  /** Sends `message` and resolves with the ms until the slot's first frame of that kind. */
  const timed = (message: object, slot: number, replay: boolean) =>
    new Promise<number>((resolve, reject) => {
      const sentAt = performance.now();
      const timer = setTimeout(() => reject(new Error(`no frame on slot ${slot}`)), 10_000);
      waiters.push({
        slot,
        replay,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at - sentAt);
        },
      });
      send(message);
    });
  return { socket, send, timed };
}

/**
 * Instant replay (issue 14): how long after the request the first replayed picture leaves the
 * core (p50/p95, target ≤ 700 ms p95), against a live tile joining the same warm stream
 * (its cached GOP) measured in the same run; and what one camera stream's buffer holds at a grid
 * (sub-stream, 640×360 ~500 kbit/s) and a main (1280×720 ~3 Mbit/s) bitrate, against the bytes the
 * camera source delivered over the same span; and what a 10 s evidence clip costs to encode,
 * against its own duration.
 */
export const suite: BenchSuite = {
  name: 'replay',
  async run(): Promise<BenchFigure[]> {
    const fleet = new DemoFleet([
      { path: 'grid', label: 'grid', width: 640, height: 360, fps: 25, codec: 'h264', scroll: 4 },
      { path: 'main', label: 'main', width: 1280, height: 720, fps: 25, codec: 'h264', scroll: 4 },
    ]);
    const { port } = await fleet.start();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-replay-'));
    const camera = (id: string, number: number) => ({
      id,
      number,
      name: id,
      commune: 'Banc',
      zone: 'Banc',
      kind: 'security',
      rtsp: { main: `rtsp://127.0.0.1:${port}/${id}` },
    });
    const core = new VigieCore({
      config: validateConfig(
        { version: 1, cameras: [camera('grid', 1), camera('main', 2)], replay: { seconds: 120 } },
        '(bench)',
      ),
      configFile: null,
      dataDir,
      rendererDir: dataDir,
      consoleLevel: false,
    });
    const figures: BenchFigure[] = [];
    try {
      const endpoint = await core.start();
      const relay = core.relayService!;
      const replay = core.replayService!;
      const delivered: Record<string, number> = { grid: 0, main: 0 };
      const taps = ['grid', 'main'].map((id) =>
        relay.tapSource(id, 'grid', (data) => (delivered[id] = (delivered[id] ?? 0) + data.length)),
      );
      const window = await openWindow(endpoint.origin, endpoint.token);
      window.send({ type: 'watch', slot: 1, cameraId: 'grid', profile: 'grid' });
      await sleep(FILL_MS);

      const replayMs: number[] = [];
      const liveMs: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        replayMs.push(
          await window.timed({ type: 'replay-start', slot: 1, cameraId: 'grid', secondsBack: 10 }, 1, true),
        );
        await sleep(300);
        window.send({ type: 'replay-live', slot: 1 });
        // Baseline: a second tile joining the same warm live stream.
        liveMs.push(
          await window.timed({ type: 'watch', slot: 2, cameraId: 'grid', profile: 'grid' }, 2, false),
        );
        window.send({ type: 'unwatch', slot: 2 });
        await sleep(400);
      }
      const p = (values: number[], q: number) => percentile(values, q);
      figures.push(
        { name: 'first replayed picture p50', value: p(replayMs, 50), unit: 'ms' },
        { name: 'first replayed picture p95', value: p(replayMs, 95), unit: 'ms' },
        { name: 'baseline: live tile join p50', value: p(liveMs, 50), unit: 'ms' },
        { name: 'baseline: live tile join p95', value: p(liveMs, 95), unit: 'ms' },
        { name: 'replay / live join p95', value: p(replayMs, 95) / Math.max(1, p(liveMs, 95)), unit: 'x' },
      );
      for (const id of ['grid', 'main']) {
        const buffer = replay.buffer(`${id}/main`);
        const span = buffer?.span();
        if (!buffer || !span) throw new Error(`no replay buffer for ${id}`);
        const seconds = (span.to - span.from) / 1000;
        const perSecond = buffer.bytes / seconds;
        figures.push(
          { name: `${id}: buffer held`, value: buffer.bytes / 1024 ** 2, unit: 'MB' },
          { name: `${id}: buffered span`, value: seconds, unit: 's' },
          { name: `${id}: buffer per 120 s`, value: (perSecond * 120) / 1024 ** 2, unit: 'MB' },
          { name: `${id}: source bit rate`, value: (perSecond * 8) / 1000, unit: 'kbit/s' },
          {
            name: `${id}: buffer / bytes delivered by the source`,
            value: buffer.bytes / Math.max(1, delivered[id] ?? 1),
            unit: 'x',
          },
        );
      }
      // Evidence clips: 10 s cut from each buffer and encoded to MP4 (masks, caption), one at a
      // time as the core allows; the ratio to the clip's own duration is the real-time factor.
      for (const id of ['grid', 'main']) {
        const span = replay.buffer(`${id}/main`)?.span();
        if (!span) throw new Error(`no replay buffer for ${id}`);
        const to = span.to - 1_000;
        const startedAt = performance.now();
        const clip = await replay.clip(id, to - CLIP_MS, to, () => ['Banc', 'Banc']);
        const encodeMs = performance.now() - startedAt;
        if (!clip) throw new Error(`no clip for ${id}`);
        const clipMs = clip.cut.to - clip.cut.from;
        figures.push(
          { name: `${id}: 10 s clip encode`, value: encodeMs, unit: 'ms' },
          { name: `${id}: clip encode / clip duration`, value: encodeMs / clipMs, unit: 'x' },
          {
            name: `${id}: clip size per 10 s`,
            value: (clip.mp4.length / 1024) * (CLIP_MS / clipMs),
            unit: 'KB',
          },
        );
      }
      for (const tap of taps) tap();
      window.socket.close();
    } finally {
      await core.stop();
      await fleet.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    return figures;
  },
};
