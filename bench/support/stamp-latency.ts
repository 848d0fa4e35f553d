import { spawn } from 'node:child_process';
import WebSocket from 'ws';
import { readVideoHeader, VIDEO_FLAG_H264, VIDEO_HEADER_BYTES } from '../../src-shared/contract';
import { videoPesStart, TS_PACKET } from '../../src-main/core/relay/ts-chunker';
import { ffmpegPath } from '../../src-main/core/relay/ffmpeg-process';

const STAMP_BITS = 40;

/**
 * Capture-to-socket latency: the stamping camera draws its capture time (epoch ms) into each
 * frame; a socket client notes when each relayed frame arrives, decodes the stream, reads the
 * stamp back, and subtracts. Decoding happens after the fact, so it adds nothing to the figure.
 *
 * Also returns what the core said of each frame: the source lag in its header (how far behind
 * the camera's timeline it believes it produced it), in step with the true latencies. `during`
 * runs while the frames are collected (e.g. starving the transcoder). With `passthrough` the
 * watch accepts H.264: each message is one access unit, and the bytes are decoded as Annex B.
 */
export async function measureStampAndLag(
  origin: string,
  token: string,
  cameraId: string,
  width: number,
  height: number,
  durationMs: number,
  during?: () => Promise<void>,
  profile: 'grid' | 'full' = 'grid',
  passthrough = false,
): Promise<{ latencies: number[]; lags: number[] }> {
  const arrivals: number[] = [];
  const lagsAtArrival: number[] = [];
  const payloads: Buffer[] = [];
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=${token}`, { origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let refused = '';
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) {
      if (data.toString().includes('"watch-refused"')) refused = data.toString();
      return;
    }
    const header = readVideoHeader(data);
    if (!header) return;
    const now = Date.now();
    const payload = data.subarray(VIDEO_HEADER_BYTES);
    if (header.flags & VIDEO_FLAG_H264) {
      arrivals.push(now);
      lagsAtArrival.push(header.sourceLagMs);
      payloads.push(Buffer.from(payload));
      return;
    }
    if (passthrough) return;
    for (let offset = 0; offset + TS_PACKET <= payload.length; offset += TS_PACKET) {
      if (videoPesStart(payload, offset) !== 'none') {
        arrivals.push(now);
        lagsAtArrival.push(header.sourceLagMs);
      }
    }
    payloads.push(Buffer.from(payload));
  });
  const accept = passthrough ? { accept: ['h264'] } : {};
  socket.send(JSON.stringify({ type: 'watch', slot: 1, cameraId, profile, ...accept }));
  for (let i = 0; i < 600 && arrivals.length === 0; i += 1) {
    if (refused) throw new Error(`stamp latency: the core refused the camera: ${refused}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await Promise.all([new Promise((resolve) => setTimeout(resolve, durationMs)), during?.()]);
  socket.close();

  const decoder = spawn(
    ffmpegPath(),
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      passthrough ? 'h264' : 'mpegts',
      '-i',
      'pipe:0',
      '-fps_mode',
      'passthrough',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      'pipe:1',
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const frames: Buffer[] = [];
  decoder.stdout.on('data', (chunk: Buffer) => frames.push(chunk));
  const done = new Promise<void>((resolve) => decoder.on('exit', () => resolve()));
  decoder.stdin.end(Buffer.concat(payloads));
  await done;
  const raw = Buffer.concat(frames);
  if (raw.length === 0) {
    const bytes = payloads.reduce((sum, p) => sum + p.length, 0);
    throw new Error(
      `stamp latency: nothing decoded from ${bytes} bytes (${arrivals.length} frames received)`,
    );
  }
  const frameBytes = width * height;
  const block = Math.floor(width / STAMP_BITS);
  const latencies: number[] = [];
  const count = Math.min(arrivals.length, Math.floor(raw.length / frameBytes));
  for (let i = 0; i < count; i += 1) {
    let stamp = 0;
    for (let bit = 0; bit < STAMP_BITS; bit += 1) {
      const value = raw[i * frameBytes + 8 * width + bit * block + Math.floor(block / 2)] ?? 0;
      stamp = stamp * 2 + (value > 128 ? 1 : 0);
    }
    const arrival = (arrivals[i] ?? 0) % 2 ** STAMP_BITS;
    latencies.push(arrival - stamp);
  }
  // The first second is the cached GOP sent on connect: old frames by design, not latency.
  const firstLive = Math.max(
    0,
    latencies.findIndex((_, i) => (arrivals[i] ?? 0) - (arrivals[0] ?? 0) > 1000),
  );
  return {
    latencies: latencies.slice(firstLive),
    lags: lagsAtArrival.slice(firstLive, latencies.length),
  };
}
