import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CameraSummary } from '../../../src-shared/contract';
import { ServiceError } from '../api/service-result';
import { writeFileAtomic } from '../files/atomic-write';
import { storageError } from '../api/service-result';
import type { SessionActor } from '../api/guard-types';
import { drawtextFilter } from '../relay/ffmpeg-args';
import { runFfmpeg } from '../relay/ffmpeg-process';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Largest picture accepted: a 4K camera's full frame. */
const MAX_WIDTH = 3840;
const MAX_HEIGHT = 2160;
export const DEFAULT_SNAPSHOT_QUOTA_BYTES = 2 * 1024 ** 3;
const CAPTION_TIMEOUT_MS = 15_000;

export interface SnapshotWriterOptions {
  folder: string;
  /** Total bytes the snapshot folder may hold; beyond it saving is refused until IT clears it. */
  quotaBytes?: number;
  now?: () => Date;
  /** Time zone of the caption (the workstation's by default). */
  timeZone?: string;
}

export interface SavedSnapshot {
  file: string;
  sha256: string;
  bytes: number;
  takenAt: string;
  caption: string;
}

/** Width and height from a PNG's IHDR chunk; null when it is not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | null {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  if (png.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * Writes operators' snapshots with a caption the core decides: the camera, the core's own clock
 * and the operator it has logged in are burnt into a band under the picture by ffmpeg, so a
 * client can neither backdate a picture nor sign it with another name. Each file is written
 * atomically (never a truncated PNG), a full disk is answered `disk-full`, and the folder has a
 * quota so snapshots cannot fill the disk the logbook writes to.
 */
export class SnapshotWriter {
  private usedBytes = 0;
  private readonly quotaBytes: number;
  private readonly now: () => Date;

  constructor(private readonly options: SnapshotWriterOptions) {
    this.quotaBytes = options.quotaBytes ?? DEFAULT_SNAPSHOT_QUOTA_BYTES;
    this.now = options.now ?? (() => new Date());
  }

  /** Counts what the folder already holds (the quota covers earlier sessions too). */
  start(): void {
    this.usedBytes = folderBytes(this.options.folder);
  }

  get used(): number {
    return this.usedBytes;
  }

  async save(camera: CameraSummary, picture: Buffer, operator: SessionActor): Promise<SavedSnapshot> {
    const size = pngSize(picture);
    if (!size || size.width === 0 || size.height === 0)
      throw new ServiceError('invalid', 'snapshot is not a PNG');
    if (size.width > MAX_WIDTH || size.height > MAX_HEIGHT)
      throw new ServiceError('too-large', `snapshot larger than ${MAX_WIDTH}×${MAX_HEIGHT}`);
    if (this.usedBytes + picture.length > this.quotaBytes) {
      throw new ServiceError(
        'quota-exceeded',
        `snapshot folder full: ${Math.round(this.usedBytes / 1024 ** 2)} MB of ${Math.round(this.quotaBytes / 1024 ** 2)} MB`,
      );
    }
    const when = this.now();
    const caption = [
      `Caméra ${camera.number} · ${camera.name}${camera.commune ? ` · ${camera.commune}` : ''}`,
      `${new Intl.DateTimeFormat('fr-FR', {
        dateStyle: 'short',
        timeStyle: 'medium',
        timeZone: this.options.timeZone,
      }).format(when)} — ${operator.name} (${operator.badge})`,
    ];
    const png = await burnCaption(picture, caption, size.width);
    if (this.usedBytes + png.length > this.quotaBytes)
      throw new ServiceError('quota-exceeded', 'snapshot folder full');
    const day = when.toISOString().slice(0, 10);
    const stamp = when.toISOString().replace(/[:.]/g, '-');
    const file = path.join(this.options.folder, day, `camera-${camera.number}_${stamp}.png`);
    if (existsSync(file))
      throw new ServiceError('conflict', 'a snapshot of this camera was just taken', undefined, {
        reason: 'snapshot-too-soon',
      });
    try {
      writeFileAtomic(file, png, { durable: true });
    } catch (error) {
      const known = storageError(error);
      if (known) throw new ServiceError(known.code, `snapshot not saved: ${known.message}`);
      throw error;
    }
    this.usedBytes += png.length;
    const sha256 = createHash('sha256').update(png).digest('hex');
    return { file, sha256, bytes: png.length, takenAt: when.toISOString(), caption: caption.join(' — ') };
  }
}

/** The picture with a black band under it holding the caption's two lines. */
async function burnCaption(picture: Buffer, lines: readonly string[], width: number): Promise<Buffer> {
  const fontSize = Math.max(12, Math.round(width / 48));
  const band = Math.round(fontSize * 2.8);
  const filter = [
    `pad=iw:ih+${band}:0:0:black`,
    drawtextFilter(lines[0] ?? '', { x: '10', y: `h-${band}+${Math.round(fontSize * 0.3)}`, fontSize }),
    drawtextFilter(lines[1] ?? '', { x: '10', y: `h-${Math.round(fontSize * 1.35)}`, fontSize }),
  ].join(',');
  const run = await runFfmpeg(
    [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'png_pipe', '-i', 'pipe:0', '-vf', filter],
      ...['-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', 'pipe:1'],
    ],
    picture,
    CAPTION_TIMEOUT_MS,
  );
  if (run.code === 0 && pngSize(run.stdout)) return run.stdout;
  throw new ServiceError(
    'invalid',
    `caption could not be drawn: ${run.stderr.trim() || `ffmpeg ${String(run.code)}`}`,
  );
}

/** Bytes under a folder (snapshots are in one folder per day). */
function folderBytes(folder: string): number {
  if (!existsSync(folder)) return 0;
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) total += folderBytes(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}
