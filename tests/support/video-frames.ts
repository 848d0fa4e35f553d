import { spawnSync } from 'node:child_process';
import { ffmpegPath } from '../../src-main/core/relay/ffmpeg-process';

/** A decoded RGB picture. */
export interface RgbFrame {
  width: number;
  height: number;
  rgb: Buffer;
}

/** Left half of the picture, as a privacy-mask polygon (normalised coordinates). */
export const LEFT_HALF = {
  points: [
    [0, 0],
    [0.5, 0],
    [0.5, 1],
    [0, 1],
  ] as [number, number][],
};

/** Right half of the picture. */
export const RIGHT_HALF = {
  points: [
    [0.5, 0],
    [1, 0],
    [1, 1],
    [0.5, 1],
  ] as [number, number][],
};

/** The demo scene's background (videotestsrc background-color 0x1d3557). */
export const SCENE_RGB = [0x1d, 0x35, 0x57];

/**
 * Decodes relayed MPEG-TS exactly as a window received it and returns its last picture, or null
 * when nothing decodable arrived yet. Real ffmpeg, so a test sees what an operator would see.
 */
export function decodeLastFrame(ts: Buffer, format = 'mpegts'): RgbFrame | null {
  const probe = spawnSync(
    'ffprobe',
    [
      '-loglevel',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height',
      '-of',
      'json',
      '-',
    ],
    { input: ts },
  );
  const stream = (
    JSON.parse(probe.stdout.toString() || '{}') as { streams?: { width: number; height: number }[] }
  ).streams?.[0];
  if (!stream) return null;
  const decoded = spawnSync(
    'ffmpeg',
    ['-loglevel', 'error', '-f', format, '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { input: ts, maxBuffer: 512 << 20 },
  );
  const size = stream.width * stream.height * 3;
  const frames = Math.floor(decoded.stdout.length / size);
  if (frames < 1) return null;
  return { ...stream, rgb: decoded.stdout.subarray((frames - 1) * size, frames * size) };
}

/** The RGB value at a point given as fractions of the picture's width and height. */
export function pixel(frame: RgbFrame, fx: number, fy: number): number[] {
  const offset = (Math.floor(fy * frame.height) * frame.width + Math.floor(fx * frame.width)) * 3;
  return [frame.rgb[offset] ?? -1, frame.rgb[offset + 1] ?? -1, frame.rgb[offset + 2] ?? -1];
}

/** Whether each channel is within `tolerance` of the expected colour (MPEG-1 shifts colours a little). */
export function near(actual: number[], expected: readonly number[], tolerance: number): boolean {
  return actual.every((value, i) => Math.abs(value - (expected[i] ?? 0)) <= tolerance);
}

/**
 * ffmpeg's quiet prefix and a lavfi test source as its input (`testsrc=size=320x180:rate=25`…):
 * the opening every synthetic picture or stream the tests and the bench make starts with.
 */
export function lavfiInput(source: string): string[] {
  return ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', source];
}

/**
 * A real PNG picture made by ffmpeg from a lavfi source (as a tile's canvas would encode one);
 * `testsrc=size=640x360,noise=alls=60:allf=t` gives one that barely compresses.
 */
export function testPicture(source = 'testsrc=size=320x180'): Buffer {
  const result = spawnSync(ffmpegPath(), [
    ...lavfiInput(source),
    ...['-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', 'pipe:1'],
  ]);
  if (result.status !== 0) throw new Error(`ffmpeg could not draw ${source}: ${String(result.stderr)}`);
  return result.stdout;
}

/** Bits of the stamping demo camera's burnt-in capture time (low bits of epoch ms), at row 8. */
export const STAMP_BITS = 40;

/**
 * Every picture's capture time (epoch ms), read from the stamping camera's burnt-in blocks, in
 * a stream ffmpeg can read on stdin (`format`: `mpegts` for relayed video, `mp4` for a clip).
 * `height` is the decoded picture's (a clip adds its caption band under the camera's picture).
 */
export function readStamps(input: Buffer, width: number, height: number, format = 'mpegts'): number[] {
  const decoded = spawnSync(
    'ffmpeg',
    ['-loglevel', 'error', '-f', format, '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
    { input, maxBuffer: 512 << 20 },
  );
  const frame = width * height;
  const block = Math.floor(width / STAMP_BITS);
  const high = Date.now() - (Date.now() % 2 ** STAMP_BITS);
  const out: number[] = [];
  for (let i = 0; i + 1 <= decoded.stdout.length / frame; i += 1) {
    let stamp = 0;
    for (let bit = 0; bit < STAMP_BITS; bit += 1) {
      const value = decoded.stdout[i * frame + 8 * width + bit * block + Math.floor(block / 2)] ?? 0;
      stamp = stamp * 2 + (value > 128 ? 1 : 0);
    }
    out.push(high + stamp);
  }
  return out;
}
