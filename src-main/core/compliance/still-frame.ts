import { spawn } from 'node:child_process';
import type { StreamProfile } from '../../../src-shared/contract';
import { ffmpegPath } from '../relay/ffmpeg-process';

/** What grabbing a still needs from the relay: read a camera's source without a new RTSP session. */
export interface SourceTap {
  tapSource(
    cameraId: string,
    profile: StreamProfile,
    listener: (data: Buffer, flags: number) => void,
  ): () => void;
}

export interface StillFrame {
  jpeg: Buffer;
  width: number;
  height: number;
}

/** Width and height from a JPEG's start-of-frame marker; null if there is none. */
export function jpegSize(jpeg: Buffer): { width: number; height: number } | null {
  let offset = 2;
  while (offset + 9 < jpeg.length) {
    if (jpeg[offset] !== 0xff) return null;
    const marker = jpeg[offset + 1] ?? 0;
    const length = jpeg.readUInt16BE(offset + 2);
    if (marker >= 0xc0 && marker <= 0xc3) {
      return { height: jpeg.readUInt16BE(offset + 5), width: jpeg.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  return null;
}

/**
 * One JPEG picture of a camera for the mask editor, decoded by ffmpeg from the relay's camera
 * source: the cached GOP first (so a running camera answers at once), then live data. It reads
 * what the camera sends, before any mask, because an admin placing a mask must see what it
 * covers; the still is never stored, is reserved to admins and is recorded in the audit trail.
 * Going through the relay's source means no second RTSP session on cameras that allow one.
 */
export function grabStill(
  tap: SourceTap,
  cameraId: string,
  options: { timeoutMs?: number; maxWidth?: number } = {},
): Promise<StillFrame> {
  const maxWidth = options.maxWidth ?? 1280;
  return new Promise<StillFrame>((resolve, reject) => {
    const child = spawn(
      ffmpegPath(),
      [
        '-hide_banner',
        '-nostats',
        '-loglevel',
        'error',
        '-probesize',
        '500000',
        '-analyzeduration',
        '500000',
        '-f',
        'mpegts',
        '-i',
        'pipe:0',
        '-frames:v',
        '1',
        '-vf',
        `scale='min(${maxWidth},iw)':-2`,
        '-q:v',
        '3',
        '-f',
        'image2pipe',
        '-c:v',
        'mjpeg',
        'pipe:1',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const out: Buffer[] = [];
    let stderr = '';
    let settled = false;
    let untap: (() => void) | null = null;
    const finish = (error: Error | null, frame?: StillFrame): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      untap?.();
      untap = null;
      if (child.exitCode === null) child.kill('SIGKILL');
      if (error) reject(error);
      else if (frame) resolve(frame);
    };
    const timer = setTimeout(
      () => finish(new Error(`no picture from camera ${cameraId} within ${options.timeoutMs ?? 10_000} ms`)),
      options.timeoutMs ?? 10_000,
    );
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => finish(error));
    child.on('close', () => {
      const jpeg = Buffer.concat(out);
      const size = jpegSize(jpeg);
      if (size) finish(null, { jpeg, ...size });
      else finish(new Error(`ffmpeg produced no picture: ${stderr.trim().split('\n').at(-1) ?? ''}`));
    });
    try {
      untap = tap.tapSource(cameraId, 'full', (data) => {
        if (!settled && child.stdin.writable) child.stdin.write(data);
      });
    } catch (error) {
      finish(error as Error);
    }
  });
}
