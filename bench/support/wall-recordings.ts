import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { seedArgs, sourceArgs, transcodeArgs } from '../../src-main/core/relay/ffmpeg-args';
import { ffmpegPath } from '../../src-main/core/relay/ffmpeg-process';
import { AccessUnitDemuxer } from '../../src-main/core/relay/access-units';
import { TS_PACKET, videoPesStart } from '../../src-main/core/relay/ts-chunker';
import { lavfiInput } from '../../tests/support/video-frames';

/** One picture of a recorded stream: its whole TS packets, from its PES start to the next one. */
export interface ReplayPicture {
  data: Buffer;
  keyframe: boolean;
  /** When it is due, ms after the recording's first picture (from its PTS). */
  atMs: number;
}

/**
 * A recorded stream, cut the way the core's socket delivers it: one message per picture. MPEG-1
 * pictures are whole TS packets; H.264 ones are access units (Annex B), sent as passthrough.
 */
export interface RecordedStream {
  label: string;
  transport: 'mpeg1' | 'h264';
  pictures: ReplayPicture[];
  /** Indexes of the keyframe pictures (where a new viewer may start). */
  keyframes: number[];
  /** Length of one loop of the recording (the last picture's time plus one frame interval). */
  loopMs: number;
  /** Pictures per second of the stream. */
  fps: number;
  /** Average bit rate of the TS, kbit/s. */
  kbps: number;
}

/** The streams the `wall` suite compares, recorded once per run. */
export interface WallRecordings {
  /** Vigie's `grid` profile (640×360, 12.5 fps) from the 720p camera, through the real relay args. */
  grid: RecordedStream;
  /**
   * The same camera's own H.264 sub-stream at the grid's size and rate (640×360, 12.5 fps), cut
   * into access units by the relay's own demuxer: what passthrough sends a grid tile.
   */
  h264Grid: RecordedStream;
  /** The seed stack's stream: node-rtsp-stream's default transcode, full size, source rate. */
  seed: RecordedStream;
}

/** The RTSP-only options a file input rejects ("Option rtsp_transport not found"). */
const RTSP_ONLY = new Set(['-rtsp_transport', '-timeout']);

function withoutRtspOptions(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (RTSP_ONLY.has(arg)) {
      i += 1;
      continue;
    }
    out.push(arg);
  }
  return out;
}

/** Runs ffmpeg to completion (stdin from a file if given, stdout to a file if given). */
function runFfmpeg(args: string[], io: { stdinFile?: string; stdoutFile?: string } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const stdin = io.stdinFile ? openSync(io.stdinFile, 'r') : 'ignore';
    const stdout = io.stdoutFile ? openSync(io.stdoutFile, 'w') : 'ignore';
    const child = spawn(ffmpegPath(), args, { stdio: [stdin, stdout, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (typeof stdin === 'number') closeSync(stdin);
      if (typeof stdout === 'number') closeSync(stdout);
      if (code === 0) resolve();
      else reject(new Error(`ffmpeg ${args.slice(-4).join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

/** The 33-bit PTS of the PES starting in the packet at `offset`, in 90 kHz ticks; null if absent. */
function readPts(buf: Buffer, offset: number): number | null {
  const b3 = buf[offset + 3] ?? 0;
  let payload = offset + 4;
  if (b3 & 0x20) payload += 1 + (buf[offset + 4] ?? 0);
  if (((buf[payload + 7] ?? 0) & 0x80) === 0) return null;
  const p = payload + 9;
  const b = (i: number) => buf[p + i] ?? 0;
  return (
    ((b(0) >> 1) & 0x07) * 2 ** 30 + b(1) * 2 ** 22 + (b(2) >> 1) * 2 ** 15 + b(3) * 2 ** 7 + (b(4) >> 1)
  );
}

/**
 * Cuts a recorded TS into pictures with their due times. Starts at the first keyframe so every
 * loop of the replay begins with a sequence header, as a new viewer's first chunk does.
 */
export function parseRecording(label: string, ts: Buffer): RecordedStream {
  const raw: { start: number; keyframe: boolean; pts: number | null }[] = [];
  for (let offset = 0; offset + TS_PACKET <= ts.length; offset += TS_PACKET) {
    const kind = videoPesStart(ts, offset);
    if (kind === 'none') continue;
    raw.push({ start: offset, keyframe: kind === 'keyframe', pts: readPts(ts, offset) });
  }
  const first = raw.findIndex((p) => p.keyframe);
  if (first < 0) throw new Error(`${label}: no keyframe in the recording`);
  const kept = raw.slice(first);
  const pts0 = kept[0]?.pts ?? 0;
  const pictures: ReplayPicture[] = kept.map((p, i) => ({
    data: ts.subarray(p.start, kept[i + 1]?.start ?? ts.length - (ts.length % TS_PACKET)),
    keyframe: p.keyframe,
    atMs: ((p.pts ?? pts0) - pts0) / 90,
  }));
  return recordedStream(label, 'mpeg1', pictures, 40);
}

/** The access units of a source-stage TS (H.264), timed from their PTS. */
export function parseAccessUnits(label: string, ts: Buffer): RecordedStream {
  const units = new AccessUnitDemuxer().push(ts);
  const first = units.findIndex((unit) => unit.keyframe);
  if (first < 0) throw new Error(`${label}: no keyframe in the recording`);
  const kept = units.slice(first);
  const pts0 = kept[0]?.pts ?? 0;
  const pictures: ReplayPicture[] = kept.map((unit) => ({
    data: Buffer.from(unit.data),
    keyframe: unit.keyframe,
    atMs: ((unit.pts ?? pts0) - pts0) / 90,
  }));
  return recordedStream(label, 'h264', pictures, 80);
}

/**
 * A stream's figures from its timed pictures: the frame interval is the median one (`fallbackMs`
 * for a single picture), a loop lasts up to the last picture plus one interval.
 */
function recordedStream(
  label: string,
  transport: RecordedStream['transport'],
  pictures: ReplayPicture[],
  fallbackMs: number,
): RecordedStream {
  const intervals = pictures.slice(1).map((p, i) => p.atMs - (pictures[i]?.atMs ?? 0));
  const frameMs = [...intervals].sort((a, b) => a - b)[Math.floor(intervals.length / 2)] ?? fallbackMs;
  const loopMs = (pictures.at(-1)?.atMs ?? 0) + frameMs;
  const bytes = pictures.reduce((sum, p) => sum + p.data.length, 0);
  return {
    label,
    transport,
    pictures,
    keyframes: pictures.flatMap((p, i) => (p.keyframe ? [i] : [])),
    loopMs,
    fps: 1000 / frameMs,
    kbps: (bytes * 8) / loopMs,
  };
}

/**
 * Records both streams once, before anything is measured, so the measurement sees decode alone
 * (no transcode competing for the two cores). The camera is synthetic: ffmpeg's testsrc2 at
 * 1280×720/25 encoded with libx264 (deblocking on, 2 s GOP, no B-frames, as cameras do), muxed
 * by Vigie's own source stage. Vigie's stream comes from its real `grid` transcode args; the
 * seed's from node-rtsp-stream's default args, both reading that camera recording.
 */
export async function recordWallStreams(dir: string, seconds: number): Promise<WallRecordings> {
  const camera = path.join(dir, 'camera-h264.ts');
  const source = path.join(dir, 'camera-source.ts');
  const grid = path.join(dir, 'vigie-grid.ts');
  const seed = path.join(dir, 'seed.ts');
  const subCamera = path.join(dir, 'camera-sub-h264.ts');
  const subSource = path.join(dir, 'camera-sub-source.ts');
  // A camera's sub-stream: same picture, encoded by the camera at the grid's size and rate.
  await runFfmpeg([
    ...lavfiInput('testsrc2=size=1280x720:rate=25'),
    '-t',
    String(seconds),
    '-vf',
    'scale=640:360,fps=12.5',
    '-c:v',
    'libx264',
    '-preset',
    'superfast',
    '-g',
    '25',
    '-bf',
    '0',
    '-pix_fmt',
    'yuv420p',
    '-b:v',
    '410k',
    '-f',
    'mpegts',
    '-y',
    subCamera,
  ]);
  await runFfmpeg(withoutRtspOptions(sourceArgs(subCamera)), { stdoutFile: subSource });
  await runFfmpeg([
    ...lavfiInput('testsrc2=size=1280x720:rate=25'),
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-preset',
    'superfast',
    '-g',
    '50',
    '-bf',
    '0',
    '-pix_fmt',
    'yuv420p',
    '-f',
    'mpegts',
    '-y',
    camera,
  ]);
  // The relay's first stage (copy, parameter sets on each keyframe, one frame per PES).
  await runFfmpeg(withoutRtspOptions(sourceArgs(camera)), { stdoutFile: source });
  await Promise.all([
    runFfmpeg(transcodeArgs('grid'), { stdinFile: source, stdoutFile: grid }),
    runFfmpeg(['-hide_banner', '-loglevel', 'error', ...withoutRtspOptions(seedArgs(camera))], {
      stdoutFile: seed,
    }),
  ]);
  return {
    grid: parseRecording('vigie grid', readFileSync(grid)),
    seed: parseRecording('seed full-size', readFileSync(seed)),
    h264Grid: parseAccessUnits('camera H.264 sub-stream', readFileSync(subSource)),
  };
}
