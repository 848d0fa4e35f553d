/** MPEG-TS packet size (ffmpeg's muxer writes plain 188-byte packets). */
export const TS_PACKET_BYTES = 188;
const SYNC_BYTE = 0x47;

/**
 * Counts the video pictures that start in a chunk of MPEG-TS: each video PES start (payload unit
 * start, stream id 0xE0–0xEF) carries one MPEG-1 picture in ffmpeg's output.
 *
 * Why: the delay governor must know how many pictures wait in JSMpeg's buffer, which JSMpeg
 * does not expose. Counting pictures in and decoded pictures out gives the backlog without
 * touching the decoder. Chunks from the core are whole packets; a chunk that is not (or loses
 * sync) simply counts fewer pictures, which the governor tolerates.
 */
export function countVideoPictures(chunk: Uint8Array): number {
  let count = 0;
  for (let offset = 0; offset + TS_PACKET_BYTES <= chunk.length; offset += TS_PACKET_BYTES) {
    if (chunk[offset] !== SYNC_BYTE) continue;
    const flags = chunk[offset + 1] ?? 0;
    if ((flags & 0x40) === 0) continue; // payload_unit_start_indicator
    const control = ((chunk[offset + 3] ?? 0) >> 4) & 0x3;
    if ((control & 0x1) === 0) continue; // no payload
    let payload = offset + 4;
    if (control & 0x2) payload += 1 + (chunk[offset + 4] ?? 0);
    if (payload + 4 > offset + TS_PACKET_BYTES) continue;
    if (chunk[payload] !== 0 || chunk[payload + 1] !== 0 || chunk[payload + 2] !== 1) continue;
    const streamId = chunk[payload + 3] ?? 0;
    if (streamId >= 0xe0 && streamId <= 0xef) count += 1;
  }
  return count;
}
