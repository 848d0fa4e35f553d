/** MPEG-TS packet size; ffmpeg's mpegts muxer writes plain 188-byte packets. */
export const TS_PACKET = 188;
const SYNC = 0x47;
const EMPTY = Buffer.alloc(0);

/** A run of whole TS packets; `keyframe` when it starts at an I-frame's first packet. */
export interface TsChunk {
  data: Buffer;
  keyframe: boolean;
}

/**
 * Second pipeline stage (after ffmpeg): cuts ffmpeg's stdout into whole TS packets and marks
 * where each keyframe begins, without adding latency (chunks are emitted as soon as they arrive).
 *
 * Why: a new viewer must start at a keyframe (JSMpeg needs the sequence header), a slow viewer
 * may only skip to a keyframe, and counting video PES starts gives the fps the operator sees.
 * ffmpeg's MPEG-1 encoder writes a sequence header (00 00 01 B3) in front of every I-frame, so a
 * video PES whose payload starts with it is a keyframe.
 */
export class TsChunker {
  /** An incomplete packet left over from the previous read (ffmpeg usually writes whole ones). */
  private rest: Buffer = EMPTY;
  /** Video frames (PES starts) seen so far. */
  frames = 0;
  /** Bytes of whole packets emitted so far. */
  bytes = 0;
  /** Bytes dropped while resynchronising on a corrupt stream. */
  skipped = 0;
  /** The presentation timestamp (90 kHz) of the latest video picture that carried one. */
  lastPts: number | null = null;

  push(input: Buffer): TsChunk[] {
    let buf = this.rest.length ? Buffer.concat([this.rest, input]) : input;
    // Resynchronise: packets must start with 0x47 at 188-byte steps.
    let start = 0;
    while (
      start < buf.length &&
      !(buf[start] === SYNC && (start + TS_PACKET >= buf.length || buf[start + TS_PACKET] === SYNC))
    ) {
      start += 1;
    }
    this.skipped += start;
    const whole = Math.floor((buf.length - start) / TS_PACKET) * TS_PACKET;
    // Copied (not a view) so the read it came from can be freed; nothing to copy in the usual case.
    this.rest = start + whole < buf.length ? Buffer.from(buf.subarray(start + whole)) : EMPTY;
    buf = buf.subarray(start, start + whole);
    if (buf.length === 0) return [];

    const chunks: TsChunk[] = [];
    let chunkStart = 0;
    let chunkIsKeyframe = false;
    for (let offset = 0; offset < buf.length; offset += TS_PACKET) {
      const kind = videoPesStart(buf, offset);
      if (kind === 'none') continue;
      this.frames += 1;
      this.lastPts = videoPts(buf, offset) ?? this.lastPts;
      if (kind !== 'keyframe') continue;
      if (offset > chunkStart)
        chunks.push({ data: buf.subarray(chunkStart, offset), keyframe: chunkIsKeyframe });
      chunkStart = offset;
      chunkIsKeyframe = true;
    }
    chunks.push({ data: buf.subarray(chunkStart), keyframe: chunkIsKeyframe });
    this.bytes += buf.length;
    return chunks;
  }
}

/**
 * Whether the TS packet at `offset` starts a video PES, and if so whether it is a keyframe:
 * ffmpeg's muxer sets random_access_indicator on keyframes of any codec (the H.264/H.265 copied
 * from the camera), and MPEG-1 I-frames start with a sequence header. NAL types are not sniffed:
 * H.264 and H.265 header bytes overlap, so guessing would mark ordinary frames as keyframes.
 */
export function videoPesStart(buf: Buffer, offset: number): 'none' | 'frame' | 'keyframe' {
  const b1 = buf[offset + 1] ?? 0;
  const b3 = buf[offset + 3] ?? 0;
  if ((b1 & 0x40) === 0) return 'none'; // payload_unit_start_indicator
  const afc = (b3 >> 4) & 0x3;
  if ((afc & 0x1) === 0) return 'none'; // no payload
  let payload = offset + 4;
  let randomAccess = false;
  if (afc & 0x2) {
    const length = buf[offset + 4] ?? 0;
    randomAccess = length > 0 && ((buf[offset + 5] ?? 0) & 0x40) !== 0;
    payload += 1 + length;
  }
  const end = offset + TS_PACKET;
  if (payload + 9 > end) return 'none';
  if (buf[payload] !== 0 || buf[payload + 1] !== 0 || buf[payload + 2] !== 1) return 'none';
  const streamId = buf[payload + 3] ?? 0;
  if (streamId < 0xe0 || streamId > 0xef) return 'none';
  if (randomAccess) return 'keyframe';
  const es = payload + 9 + (buf[payload + 8] ?? 0);
  // ffmpeg's MPEG-1 encoder opens every I-frame with a sequence header.
  const isSequenceHeader = buf[es] === 0 && buf[es + 1] === 0 && buf[es + 2] === 1 && buf[es + 3] === 0xb3;
  if (isSequenceHeader) return 'keyframe';
  return 'frame';
}

/**
 * The PTS of the video PES starting in the TS packet at `offset` (a packet `videoPesStart`
 * accepted), null when it carries none. 33 bits at 90 kHz, the camera's timeline as ffmpeg kept it.
 */
export function videoPts(buf: Buffer, offset: number): number | null {
  const b3 = buf[offset + 3] ?? 0;
  let payload = offset + 4;
  if (b3 & 0x20) payload += 1 + (buf[offset + 4] ?? 0);
  if (payload + 14 > offset + TS_PACKET) return null;
  if (((buf[payload + 7] ?? 0) & 0x80) === 0) return null; // PTS_DTS_flags
  const p = payload + 9;
  // 3 + 15 + 15 bits with marker bits between; multiply, not shift: the top bit is bit 32.
  // Read inline (no helper closure): this runs for every picture of every camera.
  return (
    (((buf[p] ?? 0) >> 1) & 0x07) * 2 ** 30 +
    (((buf[p + 1] ?? 0) << 7) | ((buf[p + 2] ?? 0) >> 1)) * 2 ** 15 +
    (((buf[p + 3] ?? 0) << 7) | ((buf[p + 4] ?? 0) >> 1))
  );
}
