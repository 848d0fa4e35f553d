import { VIDEO_FLAG_KEYFRAME, VIDEO_FLAG_RESET } from '../../../src-shared/contract';
import { AppendBuffer } from '../relay/append-buffer';
import { TS_PACKET } from '../relay/ts-chunker';

/** Bytes counted per kept chunk beyond its data (its offset and its time), and per GOP. */
const CHUNK_OVERHEAD = 12;
const GOP_OVERHEAD = 256;
/** First size of an open GOP's buffer: a 1 s GOP of a grid sub-stream fits without growing. */
const OPEN_GOP_START = 64 * 1024;

/**
 * One GOP of a camera stream as the camera source handed it out: the keyframe chunk first, then
 * every chunk up to the next keyframe, each with the wall-clock time (epoch ms) it arrived.
 *
 * While open (the newest GOP, still growing) chunks are copied one after the other into one
 * buffer that doubles when full (a copy per chunk, an allocation every few chunks); once the next
 * keyframe arrives it is trimmed to its exact size, so 120 s of a camera cost a few hundred
 * allocations, not thousands, and memory is what the bound counts.
 */
export class ReplayGop {
  /** The chunks, back to back: a chunk handed to a reader stays intact as later ones come. */
  private readonly data = new AppendBuffer(OPEN_GOP_START);
  private offsets: number[] = [0];
  private readonly times: number[] = [];
  /** Set once an eviction dropped it: a reader moves on to the oldest GOP still kept. */
  evicted = false;
  /** Set when chunks were refused because the camera's bound was reached mid-GOP. */
  truncated = false;
  bytes = GOP_OVERHEAD;

  constructor(
    /** Position in its buffer's sequence (contiguous: the next GOP is seq + 1). */
    readonly seq: number,
    /** The stream restarted here (new RTSP session, new timestamps): a reader restarts its decoder. */
    readonly reset: boolean,
    /** The last PAT and PMT packets seen before this GOP, so a decoder starting here needs no probe. */
    readonly psi: Buffer | null,
  ) {}

  /** Wall-clock time (epoch ms) of the keyframe. */
  get startAt(): number {
    return this.times[0] ?? 0;
  }

  /** Wall-clock time of the last chunk kept. */
  get endAt(): number {
    return this.times.at(-1) ?? 0;
  }

  get count(): number {
    return this.times.length;
  }

  /** Chunk `index` (0 is the keyframe) and when it arrived, or null past the end. */
  chunk(index: number): { data: Buffer; at: number } | null {
    const at = this.times[index];
    if (at === undefined) return null;
    const data = this.data.view(this.offsets[index] ?? 0, this.offsets[index + 1] ?? this.data.length);
    return { data, at };
  }

  /** Adds a chunk (copied: the source's buffers are slices of ffmpeg's larger reads). */
  append(data: Buffer, at: number): number {
    this.data.append(data);
    this.times.push(at);
    this.offsets.push(this.data.length);
    const added = data.length + CHUNK_OVERHEAD;
    this.bytes += added;
    return added;
  }

  /** The GOP is complete: one buffer instead of one per chunk. */
  compact(): void {
    this.data.trim();
  }
}

/** The part of the memory bound every camera's buffer shares. */
export interface ReplayBudget {
  /** Bytes held by every buffer together. */
  bytes: number;
}

/** A buffer's limits: how long it keeps, and how much it may hold. */
export interface ReplayLimits {
  /** Seconds of video kept: a GOP goes once the next one starts earlier than this. */
  seconds: number;
  /** Bytes one camera stream may hold; the oldest GOPs go first. */
  maxBytes: number;
}

/**
 * The last N seconds of one camera stream (main or sub) exactly as its camera source handed them
 * out — the camera's own H.264/H.265 in MPEG-TS, never decoded — in memory only, in whole GOPs so
 * a replay always starts at a keyframe. Nothing here is ever written to disk: a workstation keeps
 * no recording.
 *
 * Bounded in time (`seconds`) and in bytes (`maxBytes` for this stream, and the shared budget the
 * ReplayService enforces across cameras); whichever bound is reached, the oldest GOP goes first.
 */
export class ReplayBuffer {
  private readonly gops: ReplayGop[] = [];
  private nextSeq = 1;
  private pat: Buffer | null = null;
  private pmt: Buffer | null = null;
  private pmtPid: number | null = null;
  private psi: Buffer | null = null;
  /** Bytes this buffer holds, counted in `budget` too. */
  bytes = 0;
  /** GOPs dropped so far (time, own bound or shared bound). */
  evictions = 0;

  constructor(
    readonly key: string,
    readonly cameraId: string,
    readonly variant: 'main' | 'sub',
    private readonly limits: ReplayLimits,
    private readonly budget: ReplayBudget,
  ) {}

  /** GOPs kept, oldest first. */
  get all(): readonly ReplayGop[] {
    return this.gops;
  }

  get oldest(): ReplayGop | null {
    return this.gops[0] ?? null;
  }

  get newest(): ReplayGop | null {
    return this.gops.at(-1) ?? null;
  }

  /** Wall-clock span kept, null when empty. */
  span(): { from: number; to: number } | null {
    const first = this.gops[0];
    const last = this.gops.at(-1);
    return first && last ? { from: first.startAt, to: last.endAt } : null;
  }

  /** Takes one chunk from the camera source (flags as the source gives them), stamped `at`. */
  push(data: Buffer, flags: number, at: number): void {
    this.notePsi(data);
    const keyframe = (flags & VIDEO_FLAG_KEYFRAME) !== 0;
    let gop = this.gops.at(-1);
    if (keyframe) {
      gop?.compact();
      gop = new ReplayGop(this.nextSeq++, (flags & VIDEO_FLAG_RESET) !== 0, this.psi);
      this.gops.push(gop);
      this.add(gop.bytes);
    } else if (!gop || gop.evicted || gop.truncated) {
      return; // nothing decodable to attach it to: wait for the next keyframe
    }
    // One GOP larger than the whole bound (a camera with a huge GOP): keep its start only.
    if (!keyframe && gop.bytes + data.length > this.limits.maxBytes) {
      gop.truncated = true;
      return;
    }
    this.add(gop.append(data, at));
    this.trim(at);
  }

  /** The GOP to start a replay of time `at` from: the last keyframe at or before it (else the oldest). */
  gopAt(at: number): ReplayGop | null {
    let found: ReplayGop | null = this.gops[0] ?? null;
    for (const gop of this.gops) {
      if (gop.startAt > at) break;
      found = gop;
    }
    return found;
  }

  /** The GOP after `gop`, null when `gop` is the newest (or was dropped). */
  after(gop: ReplayGop): ReplayGop | null {
    const first = this.gops[0];
    if (!first) return null;
    return this.gops[gop.seq - first.seq + 1] ?? null;
  }

  /** Drops what is older than the time bound or above this stream's byte bound. */
  trim(now: number): void {
    const horizon = now - this.limits.seconds * 1000;
    while (this.gops.length > 1 && (this.gops[1]?.startAt ?? Infinity) <= horizon) this.evictOldest();
    while (this.gops.length > 1 && this.bytes > this.limits.maxBytes) this.evictOldest();
  }

  /** Drops the oldest GOP (the ReplayService calls it when the shared budget is exceeded). */
  evictOldest(): void {
    const gop = this.gops.shift();
    if (!gop) return;
    gop.evicted = true;
    this.add(-gop.bytes);
    this.evictions += 1;
  }

  /** Forgets everything (the service stops). */
  clear(): void {
    while (this.gops.length) this.evictOldest();
  }

  private add(bytes: number): void {
    this.bytes += bytes;
    this.budget.bytes += bytes;
  }

  /**
   * Keeps the latest PAT and PMT packets: ffmpeg writes them just before each keyframe, i.e. at
   * the end of the previous chunk, so a replay starting at a keyframe would otherwise wait for
   * the next periodic table (~100 ms) before its decoder knows the stream.
   */
  private notePsi(data: Buffer): void {
    let changed = false;
    for (let offset = 0; offset + TS_PACKET <= data.length; offset += TS_PACKET) {
      if (data[offset] !== 0x47 || ((data[offset + 1] ?? 0) & 0x40) === 0) continue;
      const pid = (((data[offset + 1] ?? 0) & 0x1f) << 8) | (data[offset + 2] ?? 0);
      if (pid === 0) {
        this.pat = Buffer.from(data.subarray(offset, offset + TS_PACKET));
        this.pmtPid = patPmtPid(this.pat);
        changed = true;
      } else if (pid === this.pmtPid) {
        this.pmt = Buffer.from(data.subarray(offset, offset + TS_PACKET));
        changed = true;
      }
    }
    if (changed && this.pat && this.pmt) {
      const next = Buffer.concat([this.pat, this.pmt]);
      if (!this.psi?.equals(next)) this.psi = next;
    }
  }
}

/** The PMT PID of the first program a PAT packet lists, null when it lists none. */
function patPmtPid(packet: Buffer): number | null {
  const afc = ((packet[3] ?? 0) >> 4) & 0x3;
  const payload = 4 + (afc & 0x2 ? 1 + (packet[4] ?? 0) : 0);
  const table = payload + 1 + (packet[payload] ?? 0);
  const sectionLength = (((packet[table + 1] ?? 0) & 0x0f) << 8) | (packet[table + 2] ?? 0);
  const last = Math.min(TS_PACKET, table + 3 + sectionLength - 4);
  for (let entry = table + 8; entry + 4 <= last; entry += 4) {
    const program = ((packet[entry] ?? 0) << 8) | (packet[entry + 1] ?? 0);
    if (program !== 0) return (((packet[entry + 2] ?? 0) & 0x1f) << 8) | (packet[entry + 3] ?? 0);
  }
  return null;
}
