import { drawtextFilter, maskInputArgs, maskedFilter } from '../relay/ffmpeg-args';
import { runFfmpeg } from '../relay/ffmpeg-process';
import type { ReplayBuffer } from './replay-buffer';

/** A span of one camera stream cut from its replay buffer: the camera's own MPEG-TS, untouched. */
export interface ClipCut {
  ts: Buffer;
  /** Arrival time (epoch ms) of the keyframe the cut starts at, at or before the asked start. */
  from: number;
  /** Arrival time of the last chunk kept, at or before the asked end. */
  to: number;
  /** Chunks (pictures) the cut holds. */
  chunks: number;
}

/**
 * The camera's packets between `from` and `to`, from the last keyframe at or before `from` (a
 * decoder needs it), PAT/PMT first. A span partly aged out is cut from what is still kept; one
 * that no longer (or not yet) overlaps the buffer is null. A stream restart inside the span ends
 * the cut there: its timestamps start again and a clip must not jump back in time.
 * The bytes are copied, so the buffer may evict while the clip is encoded.
 */
export function cutSpan(buffer: ReplayBuffer, from: number, to: number): ClipCut | null {
  const span = buffer.span();
  if (!span || to < span.from || from > span.to) return null;
  const first = buffer.gopAt(from);
  if (!first) return null;
  const parts: Buffer[] = first.psi ? [first.psi] : [];
  let last = first.startAt;
  let chunks = 0;
  let gop: typeof first | null = first;
  outer: while (gop && gop.startAt <= to) {
    if (gop !== first && gop.reset) break;
    for (let index = 0; index < gop.count; index += 1) {
      const chunk = gop.chunk(index);
      if (!chunk || chunk.at > to) break outer;
      parts.push(chunk.data);
      last = chunk.at;
      chunks += 1;
    }
    gop = buffer.after(gop);
  }
  if (chunks === 0) return null;
  return { ts: Buffer.concat(parts), from: first.startAt, to: last, chunks };
}

export interface ClipEncoding {
  cut: ClipCut;
  /** The camera's mask file (raw RGBA), burnt in before the caption; null when it has none. */
  mask: string | null;
  /** The caption's first line (camera, span) and the left of its second line (who, when). */
  lines: readonly [string, string];
  /** Largest picture written (a main stream is scaled down to fit). */
  maxWidth?: number;
  maxHeight?: number;
  timeoutMs?: number;
}

/** Why an encode failed: ffmpeg's last words, never a camera URL (the input is a pipe). */
export class ClipEncodeError extends Error {}

const CLIP_TIMEOUT_MS = 5 * 60_000;

/** The filter graph: scale, masks, then a black band under the picture holding the caption. */
export function clipFilter(encoding: ClipEncoding): string {
  const width = encoding.maxWidth ?? 1280;
  const height = encoding.maxHeight ?? 720;
  const scale = `scale=w='min(${width},iw)':h='min(${height},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2`;
  const fontSize = 'h/28';
  // The picture's own time on every frame: pts counts from the cut's keyframe, whose arrival
  // time is `from` (expansion is on for this drawtext only; its text is ours, not a name).
  const epoch = (encoding.cut.from / 1000).toFixed(3);
  const caption = [
    'pad=iw:ih+2*trunc(ih/16):0:0:black',
    drawtextFilter(encoding.lines[0], { x: '10', y: 'h-h/9+h/70', fontSize }),
    drawtextFilter(encoding.lines[1], { x: '10', y: 'h-h/18', fontSize }),
    drawtextFilter(
      `Image du %{pts:localtime:${epoch}:%d/%m/%Y %H\\:%M\\:%S}`,
      { x: 'w-tw-10', y: 'h-h/18', fontSize },
      true,
    ),
  ].join(',');
  return encoding.mask
    ? `${maskedFilter(scale, caption)}[out]`
    : `[0:v]${scale},format=yuv420p,${caption}[out]`;
}

/**
 * Encodes a cut to MP4 (H.264, fragmented so it streams out of ffmpeg's stdout with no temporary
 * file: nothing unmasked ever touches the disk) with the masks and the caption burnt in.
 * Resolves with the file's bytes; rejects with a ClipEncodeError saying ffmpeg's last line.
 */
export async function encodeClip(encoding: ClipEncoding): Promise<Buffer> {
  const args = [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'error',
    '-f',
    'mpegts',
    '-i',
    'pipe:0',
    ...maskInputArgs(encoding.mask),
    '-an',
    '-sn',
    '-dn',
    '-filter_complex',
    clipFilter(encoding),
    '-map',
    '[out]',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '24',
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    'frag_keyframe+empty_moov+default_base_moof',
    '-f',
    'mp4',
    'pipe:1',
  ];
  const run = await runFfmpeg(args, encoding.cut.ts, encoding.timeoutMs ?? CLIP_TIMEOUT_MS).catch(
    (error: unknown) => {
      throw new ClipEncodeError(
        `ffmpeg could not start: ${error instanceof Error ? error.message : String(error)}`,
      );
    },
  );
  if (run.code === 0 && run.stdout.length > 0) return run.stdout;
  const last = run.stderr.trim().split('\n').at(-1) ?? '';
  throw new ClipEncodeError(last || `ffmpeg ended with ${run.signal ?? `code ${String(run.code)}`}`);
}
