import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { TS_PACKET, TsChunker } from '../../../src-main/core/relay/ts-chunker';
import { lavfiInput } from '../../support/video-frames';

/** A real MPEG-1 TS made by ffmpeg exactly as the relay asks for it: 30 frames, a keyframe every 10. */
const sample = execFileSync(
  'ffmpeg',
  [
    ...lavfiInput('testsrc=size=320x180:rate=25'),
    '-frames:v',
    '30',
    '-c:v',
    'mpeg1video',
    '-bf',
    '0',
    '-g',
    '10',
    '-f',
    'mpegts',
    '-muxdelay',
    '0',
    '-muxpreload',
    '0',
    'pipe:1',
  ],
  { maxBuffer: 64 << 20 },
);

describe('TsChunker', () => {
  it('counts frames and finds each keyframe in a real ffmpeg stream', () => {
    const chunker = new TsChunker();
    const chunks = chunker.push(sample);
    expect(chunker.frames).toBe(30);
    expect(chunks.filter((chunk) => chunk.keyframe)).toHaveLength(3);
    expect(chunker.bytes).toBe(sample.length);
    expect(Buffer.concat(chunks.map((c) => c.data)).equals(sample)).toBe(true);
    for (const chunk of chunks) expect(chunk.data.length % TS_PACKET).toBe(0);
  });

  it('gives the same result whatever the read sizes of the pipe', () => {
    const chunker = new TsChunker();
    const out: Buffer[] = [];
    let keyframes = 0;
    for (
      let offset = 0, step = 1;
      offset < sample.length;
      offset += step, step = (step * 7 + 13) % 5000 || 1
    ) {
      for (const chunk of chunker.push(sample.subarray(offset, offset + step))) {
        out.push(chunk.data);
        if (chunk.keyframe) keyframes += 1;
      }
    }
    expect(chunker.frames).toBe(30);
    expect(keyframes).toBe(3);
    expect(Buffer.concat(out).equals(sample)).toBe(true);
  });

  it('reads the presentation timestamp of the latest picture, as ffprobe does', () => {
    const probe = execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'packet=pts', '-of', 'csv=p=0', '-i', 'pipe:0'],
      { input: sample },
    )
      .toString()
      .split('\n')
      .map((line) => line.replace(/,$/, '').trim())
      .filter((line) => line !== '')
      .map(Number);
    const chunker = new TsChunker();
    expect(chunker.lastPts).toBeNull();
    chunker.push(sample.subarray(0, TS_PACKET * 4));
    expect(chunker.lastPts).toBe(probe[0]);
    chunker.push(sample.subarray(TS_PACKET * 4));
    expect(chunker.lastPts).toBe(probe.at(-1));
    expect(probe.at(-1)! - probe[0]!).toBe(29 * 3600);
  });

  it('resynchronises after garbage instead of emitting misaligned packets', () => {
    const chunker = new TsChunker();
    const chunks = chunker.push(Buffer.concat([Buffer.from('garbage!'), sample]));
    expect(chunker.skipped).toBe(8);
    expect(chunker.frames).toBe(30);
    expect(chunks[0]?.data[0]).toBe(0x47);
  });
});
