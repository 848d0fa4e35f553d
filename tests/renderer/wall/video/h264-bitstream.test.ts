import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NAL_AUD,
  NAL_IDR,
  NAL_PPS,
  NAL_SPS,
  codecString,
  isKeyAccessUnit,
  nalTypes,
  nalUnits,
} from '../../../../src-renderer/wall/video/h264-bitstream';

/** x264 encodings of a test pattern, as the core relays a camera's: Annex B, one AUD per picture. */
interface Encoding {
  file: string;
  stream: Uint8Array;
}

let dir = '';

/** One second of 320×180 at 10 fps, an IDR every `gop` pictures, with the given x264 options. */
function encode(name: string, codecArgs: string[], gop = 4): Encoding {
  const file = path.join(dir, `${name}.h264`);
  execFileSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=10'],
      ...['-t', '1', '-c:v', 'libx264', ...codecArgs, '-g', String(gop), '-sc_threshold', '0'],
      ...['-bsf:v', 'h264_mp4toannexb,h264_metadata=aud=insert', '-f', 'h264', '-y', file],
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const stream = new Uint8Array(readFileSync(file));
  return { file, stream };
}

/** The stream cut into access units at its AUD NAL units (how the core frames them). */
function accessUnits(stream: Uint8Array): Uint8Array[] {
  const starts = nalUnits(stream)
    .filter((unit) => unit.type === NAL_AUD)
    .map((unit) => unit.start);
  return starts.map((start, i) => stream.subarray(start, starts[i + 1] ?? stream.length));
}

/** What ffprobe says of the stream: profile name, level_idc, and which packets are keyframes. */
function probe(file: string): { profile: string; level: number; keys: boolean[] } {
  const streams = JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=profile,level', '-of', 'json', file], {
      encoding: 'utf8',
    }),
  ) as { streams: { profile: string; level: number }[] };
  const packets = execFileSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'packet=flags', '-of', 'csv', file],
    {
      encoding: 'utf8',
    },
  )
    .trim()
    .split('\n');
  const first = streams.streams[0];
  if (!first) throw new Error('ffprobe found no stream');
  return { profile: first.profile, level: first.level, keys: packets.map((line) => line.includes('K')) };
}

/**
 * The SPS fields behind the codec string, as ffmpeg's own bitstream tracer reads them: an oracle
 * independent of the parser under test.
 */
function traceSps(file: string): { profileIdc: number; constraints: number; levelIdc: number } {
  const run = spawnSync(
    'ffmpeg',
    ['-hide_banner', '-i', file, '-c', 'copy', '-bsf:v', 'trace_headers', '-f', 'null', '-'],
    {
      encoding: 'utf8',
    },
  );
  const field = (name: string): number => {
    const match = new RegExp(`\\s${name}\\s+[01]+ = (\\d+)`).exec(run.stderr);
    if (!match?.[1]) throw new Error(`trace_headers printed no ${name}`);
    return Number(match[1]);
  };
  let constraints = 0;
  for (let flag = 0; flag < 6; flag += 1) constraints |= field(`constraint_set${flag}_flag`) << (7 - flag);
  return { profileIdc: field('profile_idc'), constraints, levelIdc: field('level_idc') };
}

const PROFILE_IDC: Record<string, number> = { High: 100, Main: 77, Baseline: 66, 'Constrained Baseline': 66 };

const hex = (byte: number) => byte.toString(16).padStart(2, '0');

let high: Encoding;
let baseline: Encoding;
let main: Encoding;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigie-h264-'));
  high = encode('high', ['-profile:v', 'high', '-bf', '2']);
  baseline = encode('baseline', ['-profile:v', 'baseline']);
  main = encode('main', ['-profile:v', 'main', '-level:v', '4.0'], 5);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('codecString', () => {
  it.each([
    ['high', () => high, 'avc1.64'],
    ['baseline', () => baseline, 'avc1.42'],
    ['main at level 4.0', () => main, 'avc1.4d'],
  ])('names the %s stream as its SPS and ffprobe say', (_name, encoding, prefix) => {
    const { file, stream } = encoding();
    const [first] = accessUnits(stream);
    if (!first) throw new Error('no access unit');
    const sps = traceSps(file);
    const probed = probe(file);
    const codec = codecString(first);
    expect(codec).toBe(`avc1.${hex(sps.profileIdc)}${hex(sps.constraints)}${hex(sps.levelIdc)}`);
    expect(codec?.startsWith(prefix)).toBe(true);
    expect(Number.parseInt(codec?.slice(5, 7) ?? '', 16)).toBe(PROFILE_IDC[probed.profile]);
    expect(Number.parseInt(codec?.slice(9, 11) ?? '', 16)).toBe(probed.level);
  });

  it('sees the constraint flags of a constrained baseline stream', () => {
    const [first] = accessUnits(baseline.stream);
    if (!first) throw new Error('no access unit');
    expect(probe(baseline.file).profile).toBe('Constrained Baseline');
    // constraint_set0 and constraint_set1: what makes baseline "constrained".
    expect(codecString(first)?.slice(7, 9)).toBe('c0');
  });

  it('is null for a delta access unit, which carries no SPS', () => {
    const units = accessUnits(high.stream);
    expect(units[1]).toBeDefined();
    expect(codecString(units[1] ?? new Uint8Array())).toBeNull();
  });

  it('reads through emulation prevention bytes and three-byte start codes', () => {
    // profile_idc 0, constraints 0, then 03 escaped: the level is the byte after the escape.
    const escaped = new Uint8Array([0, 0, 1, 0x67, 0x00, 0x00, 0x03, 0x1f, 0xac]);
    expect(codecString(escaped)).toBe('avc1.00001f');
    expect(codecString(new Uint8Array([0, 0, 0, 1, 0x67, 0x64]))).toBeNull();
  });
});

describe('access units', () => {
  it.each([
    ['high (B-frames)', () => high],
    ['baseline', () => baseline],
    ['main', () => main],
  ])('finds the keyframes ffprobe finds in the %s stream', (_name, encoding) => {
    const { file, stream } = encoding();
    const units = accessUnits(stream);
    const { keys } = probe(file);
    expect(units.length).toBe(keys.length);
    expect(units.map((unit) => isKeyAccessUnit(unit))).toEqual(keys);
    expect(keys.filter(Boolean).length).toBeGreaterThan(1);
  });

  it('puts SPS and PPS in front of every IDR, after the AUD', () => {
    for (const unit of accessUnits(high.stream)) {
      const types = nalTypes(unit);
      expect(types[0]).toBe(NAL_AUD);
      if (isKeyAccessUnit(unit)) {
        expect(types.indexOf(NAL_SPS)).toBeGreaterThan(0);
        expect(types.indexOf(NAL_PPS)).toBeGreaterThan(types.indexOf(NAL_SPS));
        expect(types.indexOf(NAL_IDR)).toBeGreaterThan(types.indexOf(NAL_PPS));
      } else {
        expect(types).not.toContain(NAL_IDR);
        expect(types.some((type) => type === 1)).toBe(true);
      }
    }
  });

  it('splits NAL units exactly, start codes and trailing zeros excluded', () => {
    const buffer = new Uint8Array([
      ...[0xff, 0, 0, 0, 1, 0x09, 0xf0, 0],
      ...[0, 0, 1, 0x65, 0x88, 0x00, 0x00, 0x03, 0x01],
      ...[0, 0, 0, 1, 0x41, 0x9a, 0, 0],
    ]);
    const units = nalUnits(buffer);
    expect(units.map((unit) => unit.type)).toEqual([NAL_AUD, NAL_IDR, 1]);
    expect(units.map((unit) => unit.start)).toEqual([1, 7, 17]);
    expect(units.map((unit) => Array.from(unit.data))).toEqual([
      [0x09, 0xf0],
      [0x65, 0x88, 0x00, 0x00, 0x03, 0x01],
      [0x41, 0x9a],
    ]);
    expect(isKeyAccessUnit(buffer)).toBe(true);
    expect(nalTypes(new Uint8Array([1, 2, 3, 4]))).toEqual([]);
  });

  it('finds no keyframe in a damaged access unit whose IDR header was overwritten', () => {
    const key = accessUnits(baseline.stream)[0];
    if (!key) throw new Error('no access unit');
    const damaged = key.slice();
    const idr = nalUnits(damaged).find((unit) => unit.type === NAL_IDR);
    if (!idr) throw new Error('no IDR');
    damaged[idr.start + (damaged[idr.start + 2] === 1 ? 3 : 4)] = 0x41;
    expect(isKeyAccessUnit(damaged)).toBe(false);
  });
});
