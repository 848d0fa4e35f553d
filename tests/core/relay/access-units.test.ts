import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { AccessUnitDemuxer, type AccessUnit } from '../../../src-main/core/relay/access-units';
import { TS_OUTPUT } from '../../../src-main/core/relay/ffmpeg-args';
import { TS_PACKET } from '../../../src-main/core/relay/ts-chunker';

/** MPEG-TS muxed exactly as the camera source muxes a copied stream (see ffmpeg-args.ts). */
function sourceTs(encoder: string[], size: string, seconds: number): Buffer {
  return execFileSync(
    'ffmpeg',
    [
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${size}:rate=25`,
      '-t',
      String(seconds),
      ...encoder,
      '-g',
      '25',
      '-bsf:v',
      'dump_extra=freq=keyframe',
      ...TS_OUTPUT,
    ],
    { maxBuffer: 256 << 20 },
  );
}

/** What ffprobe reads in the same bytes: one row per packet, its size and whether it is a keyframe. */
function probePackets(ts: Buffer): { size: number; key: boolean }[] {
  const out = execFileSync(
    'ffprobe',
    [
      '-loglevel',
      'error',
      '-select_streams',
      'v',
      '-show_entries',
      'packet=size,flags',
      '-of',
      'csv=p=0',
      '-',
    ],
    { input: ts, maxBuffer: 64 << 20 },
  ).toString();
  return out
    .split('\n')
    .filter((line) => /^\d+,/.test(line))
    .map((line) => {
      const [size, flags] = line.split(',');
      return { size: Number(size), key: (flags ?? '').startsWith('K') };
    });
}

/** Feeds the demuxer in pieces of `packets` TS packets, as the source's pipe would. */
function demux(ts: Buffer, packets: number): { units: AccessUnit[]; demuxer: AccessUnitDemuxer } {
  const demuxer = new AccessUnitDemuxer();
  const units: AccessUnit[] = [];
  const step = packets * TS_PACKET;
  for (let offset = 0; offset < ts.length; offset += step)
    units.push(...demuxer.push(ts.subarray(offset, Math.min(ts.length, offset + step))));
  return { units, demuxer };
}

const X264 = ['-c:v', 'libx264', '-preset', 'ultrafast'];

describe('the passthrough demuxer gives back the camera’s own access units', () => {
  it('one unit per picture, byte for byte what ffprobe reads, keyframes where ffmpeg put them', () => {
    const ts = sourceTs(X264, '640x360', 2);
    const expected = probePackets(ts);
    expect(expected.length).toBe(50);
    for (const pieces of [1, 7, 300]) {
      const { units, demuxer } = demux(ts, pieces);
      expect(demuxer.codec).toBe('h264');
      expect(units.map((unit) => unit.data.length)).toEqual(expected.map((packet) => packet.size));
      expect(units.map((unit) => unit.keyframe)).toEqual(expected.map((packet) => packet.key));
      // Annex B with ffmpeg's access unit delimiter first; timestamps rise by one 25 fps frame.
      expect(units[0]!.data.subarray(0, 5).toString('hex')).toBe('0000000109');
      expect(units[1]!.pts! - units[0]!.pts!).toBe(3600);
    }
  });

  it('pictures too big for a PES length (main-stream keyframes) are still cut exactly', () => {
    const ts = sourceTs([...X264, '-crf', '4'], '1920x1080', 1);
    const expected = probePackets(ts);
    expect(expected.filter((packet) => packet.size > 0xffff).length).toBeGreaterThan(10);
    const { units } = demux(ts, 5);
    expect(units.map((unit) => unit.data.length)).toEqual(expected.map((packet) => packet.size));
  });

  it('tells an HEVC camera apart, and joins a stream mid-picture without a torn unit', () => {
    const hevc = sourceTs(
      ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error'],
      '320x180',
      1,
    );
    expect(demux(hevc, 10).demuxer.codec).toBe('hevc');

    const ts = sourceTs(X264, '320x180', 2);
    const expected = probePackets(ts);
    const demuxer = new AccessUnitDemuxer();
    // Program tables first, then a cut in the middle of the first picture.
    const units = [
      ...demuxer.push(ts.subarray(0, 2 * TS_PACKET)),
      ...demuxer.push(ts.subarray(6 * TS_PACKET)),
    ];
    expect(demuxer.codec).toBe('h264');
    // Whatever picture the cut fell in is skipped whole; every later one comes out exact.
    expect(units.length).toBeGreaterThan(expected.length - 6);
    expect(units.length).toBeLessThan(expected.length);
    const tail = expected.slice(expected.length - units.length);
    expect(units.map((unit) => unit.data.length)).toEqual(tail.map((packet) => packet.size));
  });
});
