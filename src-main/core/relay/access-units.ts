import { AppendBuffer } from './append-buffer';
import { TS_PACKET, videoPts } from './ts-chunker';

/** The camera's codec as the source's MPEG-TS program map names it. */
export type SourceCodec = 'h264' | 'hevc' | 'other';

/** One picture of the camera's own video: an H.264 access unit in Annex B, as ffmpeg muxed it. */
export interface AccessUnit {
  data: Buffer;
  keyframe: boolean;
  /** 90 kHz presentation timestamp, null when the PES carried none. */
  pts: number | null;
}

const PAT_PID = 0;
/** ISO/IEC 13818-1 stream_type values of the codecs Vigie tells apart. */
const STREAM_TYPE_H264 = 0x1b;
const STREAM_TYPE_HEVC = 0x24;
/** First size of a picture whose PES announces no length (over 64 KiB: a large keyframe). */
const UNBOUNDED_START = 128 * 1024;

/**
 * Passthrough's demuxing stage: the camera source's MPEG-TS (whole packets) back into one
 * access unit per picture, without any ffmpeg.
 *
 * Why here and not in the window: the source stage already holds the camera's H.264 copied into
 * MPEG-TS (one RTSP session shared by every profile and tile), so passthrough costs a few table
 * lookups per 188 bytes in the core instead of a decoder and an encoder; and the window receives
 * what WebCodecs takes as is (one `EncodedVideoChunk` per frame), with the same per-frame header,
 * backpressure and keyframe skipping as MPEG-1.
 *
 * A picture is complete when its PES length is reached (ffmpeg writes it when it fits in 16
 * bits), when the packet that ends it carries adaptation-field stuffing (ffmpeg pads only a PES's
 * last packet), or at the next PES start (large keyframes whose exact size fills the last
 * packet: one picture of delay, rare). Keyframes are the packets ffmpeg flagged
 * random-access; ffmpeg inserts an access unit delimiter in front of each H.264 picture and the
 * source repeats SPS/PPS on every keyframe (dump_extra), so each keyframe decodes on its own.
 */
export class AccessUnitDemuxer {
  private pmtPid: number | null = null;
  private videoPid: number | null = null;
  /** Codec of the video stream, from the program map; null until one was read. */
  codec: SourceCodec | null = null;
  /**
   * The picture being assembled. TS payloads are copied straight into it (no view per 188-byte
   * packet, no concat): exactly the PES's announced size, or a growing buffer when unbounded.
   */
  private unit: AppendBuffer | null = null;
  /** Payload bytes the current PES announces, null when unbounded (or none in progress). */
  private expected: number | null = null;
  private current: { keyframe: boolean; pts: number | null } | null = null;

  /** Forgets everything (the source restarted: new program tables, new timeline). */
  reset(): void {
    this.pmtPid = null;
    this.videoPid = null;
    this.codec = null;
    this.drop();
  }

  /** Demuxes whole TS packets; returns the access units they complete, in order. */
  push(chunk: Buffer): AccessUnit[] {
    const out: AccessUnit[] = [];
    for (let offset = 0; offset + TS_PACKET <= chunk.length; offset += TS_PACKET) {
      if (chunk[offset] !== 0x47) continue;
      const pid = (((chunk[offset + 1] ?? 0) & 0x1f) << 8) | (chunk[offset + 2] ?? 0);
      const start = ((chunk[offset + 1] ?? 0) & 0x40) !== 0;
      const control = ((chunk[offset + 3] ?? 0) >> 4) & 0x3;
      if ((control & 0x1) === 0) continue;
      const afLength = control & 0x2 ? (chunk[offset + 4] ?? 0) : -1;
      const payload = offset + 4 + (afLength >= 0 ? afLength + 1 : 0);
      const end = offset + TS_PACKET;
      if (payload >= end) continue;
      if (pid === PAT_PID && start) this.readPat(chunk, payload, end);
      else if (pid === this.pmtPid && start) this.readPmt(chunk, payload, end);
      else if (pid === this.videoPid) this.readVideo(chunk, offset, payload, end, start, afLength, out);
    }
    return out;
  }

  private readPat(buf: Buffer, payload: number, end: number): void {
    const table = payload + 1 + (buf[payload] ?? 0);
    const sectionLength = (((buf[table + 1] ?? 0) & 0x0f) << 8) | (buf[table + 2] ?? 0);
    const last = Math.min(end, table + 3 + sectionLength - 4);
    for (let entry = table + 8; entry + 4 <= last; entry += 4) {
      const program = ((buf[entry] ?? 0) << 8) | (buf[entry + 1] ?? 0);
      if (program === 0) continue; // network PID
      this.pmtPid = (((buf[entry + 2] ?? 0) & 0x1f) << 8) | (buf[entry + 3] ?? 0);
      return;
    }
  }

  private readPmt(buf: Buffer, payload: number, end: number): void {
    const table = payload + 1 + (buf[payload] ?? 0);
    const sectionLength = (((buf[table + 1] ?? 0) & 0x0f) << 8) | (buf[table + 2] ?? 0);
    const last = Math.min(end, table + 3 + sectionLength - 4);
    const programInfo = (((buf[table + 10] ?? 0) & 0x0f) << 8) | (buf[table + 11] ?? 0);
    let entry = table + 12 + programInfo;
    while (entry + 5 <= last) {
      const type = buf[entry] ?? 0;
      const pid = (((buf[entry + 1] ?? 0) & 0x1f) << 8) | (buf[entry + 2] ?? 0);
      const info = (((buf[entry + 3] ?? 0) & 0x0f) << 8) | (buf[entry + 4] ?? 0);
      const codec = codecOf(type);
      if (codec) {
        if (pid !== this.videoPid) this.drop();
        this.videoPid = pid;
        this.codec = codec;
        return;
      }
      entry += 5 + info;
    }
  }

  private readVideo(
    buf: Buffer,
    offset: number,
    payload: number,
    end: number,
    start: boolean,
    afLength: number,
    out: AccessUnit[],
  ): void {
    if (start) {
      // An unbounded PES in progress ends where the next one begins.
      this.finish(out);
      if (payload + 9 > end || buf[payload] !== 0 || buf[payload + 1] !== 0 || buf[payload + 2] !== 1) return;
      const length = ((buf[payload + 4] ?? 0) << 8) | (buf[payload + 5] ?? 0);
      const headerLength = buf[payload + 8] ?? 0;
      const randomAccess = afLength > 0 && ((buf[offset + 5] ?? 0) & 0x40) !== 0;
      this.current = { keyframe: randomAccess, pts: videoPts(buf, offset) };
      this.expected = length > 0 ? length - 3 - headerLength : null;
      this.append(buf, payload + 9 + headerLength, end);
    } else if (this.current) {
      this.append(buf, payload, end);
    } else {
      return; // joined mid-picture: wait for the next PES start
    }
    if (
      this.expected !== null ? this.collected >= this.expected : !start && hasStuffing(buf, offset, afLength)
    )
      this.finish(out);
  }

  /** Copies `buf[start, end)` onto the picture, never past the size its PES announced. */
  private append(buf: Buffer, start: number, end: number): void {
    const room = this.expected !== null ? this.expected - this.collected : Number.POSITIVE_INFINITY;
    const length = Math.min(end - start, room);
    if (length <= 0) return;
    this.unit ??= new AppendBuffer(this.expected ?? UNBOUNDED_START);
    this.unit.append(buf, start, start + length);
  }

  /** Payload bytes of the current picture so far. */
  private get collected(): number {
    return this.unit?.length ?? 0;
  }

  private finish(out: AccessUnit[]): void {
    const current = this.current;
    if (current && this.unit && this.collected > 0) {
      // The picture owns its buffer: the next one is assembled in a new one (the GOP cache and
      // the socket queues keep this one).
      out.push({ data: this.unit.view(), keyframe: current.keyframe, pts: current.pts });
    }
    this.drop();
  }

  private drop(): void {
    this.unit = null;
    this.expected = null;
    this.current = null;
  }
}

function codecOf(streamType: number): SourceCodec | null {
  if (streamType === STREAM_TYPE_H264) return 'h264';
  if (streamType === STREAM_TYPE_HEVC) return 'hevc';
  // MPEG-1/2 video, MPEG-4 part 2, and the rest a camera might send: not passed through.
  if (streamType === 0x01 || streamType === 0x02 || streamType === 0x10) return 'other';
  return null;
}

/**
 * Whether a packet's adaptation field holds stuffing (more bytes than its flags need). ffmpeg
 * stuffs only the last packet of a PES, so this packet ends the picture.
 */
function hasStuffing(buf: Buffer, offset: number, afLength: number): boolean {
  if (afLength <= 0) return false;
  const flags = buf[offset + 5] ?? 0;
  const needed = 1 + (flags & 0x10 ? 6 : 0) + (flags & 0x08 ? 6 : 0);
  return afLength > needed;
}
