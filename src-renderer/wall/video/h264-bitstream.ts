/**
 * Just enough of H.264's Annex B byte stream for the WebCodecs path: where the NAL units are,
 * whether an access unit is a keyframe, and the codec string a decoder is configured with.
 *
 * Why parse at all: WebCodecs needs the `avc1.PPCCLL` string (profile, constraints, level) at
 * configure time and refuses a delta chunk where a key one is due, while the core relays the
 * camera's access units untouched. Reading the first bytes of the SPS and the NAL types is cheap
 * and needs no demuxer. Pure and DOM-free, so it is unit-tested under Node against real x264
 * output.
 */

/** NAL unit types the player looks for (ITU-T H.264, table 7-1). */
export const NAL_IDR = 5;
export const NAL_SEI = 6;
export const NAL_SPS = 7;
export const NAL_PPS = 8;
export const NAL_AUD = 9;

/** One NAL unit found in a byte stream. */
export interface NalUnit {
  /** nal_unit_type: the low five bits of the header byte. */
  type: number;
  /** Offset of its start code (`00 00 01` or `00 00 00 01`) in the buffer. */
  start: number;
  /** The unit without its start code or trailing zero bytes, header byte first. */
  data: Uint8Array;
}

/**
 * The NAL units of an Annex B buffer, in order. Bytes before the first start code are ignored;
 * zero bytes in front of a start code (a four-byte start code, trailing_zero_8bits) belong to
 * neither unit.
 */
export function nalUnits(buffer: Uint8Array): NalUnit[] {
  const units: NalUnit[] = [];
  let begin = -1;
  let startCode = -1;
  const close = (end: number) => {
    if (begin < 0) return;
    let last = end;
    while (last > begin && buffer[last - 1] === 0) last -= 1;
    if (last > begin) {
      const data = buffer.subarray(begin, last);
      units.push({ type: (data[0] ?? 0) & 0x1f, start: startCode, data });
    }
  };
  let i = 0;
  while (i + 2 < buffer.length) {
    // A start code's third byte is 1 after two zeros; skip ahead fast when it cannot be here.
    const third = buffer[i + 2];
    if (third !== 0 && third !== 1) {
      i += 3;
      continue;
    }
    if (buffer[i] === 0 && buffer[i + 1] === 0 && third === 1) {
      close(i);
      startCode = i > 0 && buffer[i - 1] === 0 ? i - 1 : i;
      begin = i + 3;
      i += 3;
      continue;
    }
    i += 1;
  }
  close(buffer.length);
  return units;
}

/** The NAL unit types of an access unit, in order (e.g. [9, 7, 8, 6, 5] for an x264 keyframe). */
export function nalTypes(accessUnit: Uint8Array): number[] {
  return nalUnits(accessUnit).map((unit) => unit.type);
}

/**
 * Whether decoding can start at this access unit: it holds an IDR picture. Non-IDR I pictures
 * (recovery points) are no start point for WebCodecs, which wants an IDR after configure().
 */
export function isKeyAccessUnit(accessUnit: Uint8Array): boolean {
  return nalUnits(accessUnit).some((unit) => unit.type === NAL_IDR);
}

/** The first `count` bytes of a NAL unit's payload (after its header), emulation prevention removed. */
function rbspPrefix(nal: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(count);
  let written = 0;
  let zeros = 0;
  for (let i = 1; i < nal.length && written < count; i += 1) {
    const byte = nal[i] ?? 0;
    if (zeros >= 2 && byte === 3) {
      // emulation_prevention_three_byte: not part of the payload.
      zeros = 0;
      continue;
    }
    zeros = byte === 0 ? zeros + 1 : 0;
    out[written] = byte;
    written += 1;
  }
  return written === count ? out : out.subarray(0, written);
}

/** Two lowercase hex digits. */
function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/**
 * The RFC 6381 codec string of the stream this access unit starts, from its first SPS:
 * `avc1.` then profile_idc, the constraint flags byte and level_idc in hex (`avc1.64001f` is
 * High, level 3.1). Null when the access unit carries no complete SPS header.
 */
export function codecString(accessUnit: Uint8Array): string | null {
  const sps = nalUnits(accessUnit).find((unit) => unit.type === NAL_SPS);
  if (!sps) return null;
  const head = rbspPrefix(sps.data, 3);
  if (head.length < 3) return null;
  const [profile = 0, constraints = 0, level = 0] = head;
  return `avc1.${hex(profile)}${hex(constraints)}${hex(level)}`;
}
