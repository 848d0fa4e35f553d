import type { StreamProfile } from '../../../src-shared/contract';
import { MASK_HEIGHT, MASK_WIDTH } from './privacy-mask';

/**
 * Encoding settings per profile. `grid` is small and cheap for tiles: at most 640×360 (never
 * scaled up: a smaller camera costs less to decode in the wall too), 12.5 fps
 * (MPEG-1 has no such rate; `-strict unofficial` lets ffmpeg write the nearest code and JSMpeg
 * plays it at the rate frames arrive), a
 * one-second GOP so a new viewer's first picture is close. `full` keeps the source size (capped
 * at 1080p) and frame rate for a maximised tile.
 *
 * GOPs are bounded in time as well as in frames: a tile that falls behind recovers at the next
 * keyframe, and under overload it shows one picture per GOP, so a 5 fps traffic camera must not
 * get a 2.4 s GOP from a frame count meant for 12.5 fps.
 */
export const PROFILES: Record<
  StreamProfile,
  { decode: string[]; filter: string; rate: string[]; bitrate: string; maxrate: string; gop: number }
> = {
  grid: {
    // Decoding the camera's H.264 is most of a grid relay's cost: one decoder thread and no
    // deblocking (invisible once scaled down to a tile) make it cheaper.
    decode: ['-threads', '1', '-skip_loop_filter', 'all'],
    filter:
      "select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,0.075)',scale=w='min(640\\,iw)':h='min(360\\,ih)':force_original_aspect_ratio=decrease:force_divisible_by=2:flags=fast_bilinear",
    // Frames keep their own timestamps (the select above drops every other one at 25 fps); forcing
    // -r 12.5 could give two kept frames the same tick and stop the encoder.
    rate: ['-fps_mode', 'passthrough'],
    bitrate: '450k',
    maxrate: '700k',
    gop: 12,
  },
  full: {
    decode: ['-threads', '1'],
    filter:
      "scale=w='min(1920,iw)':h='min(1080,ih)':force_original_aspect_ratio=decrease:force_divisible_by=2",
    rate: [],
    bitrate: '3000k',
    maxrate: '4500k',
    gop: 25,
  },
};

/** Longest time between two keyframes of any profile, whatever the camera's frame rate. */
export const KEYFRAME_SECONDS = 1;

/** Low-latency input: cut start-up from ~3 s to ~1.3 s here, and no input buffering. */
const LOW_LATENCY_INPUT = [
  '-probesize',
  '32',
  '-analyzeduration',
  '0',
  '-fflags',
  'nobuffer',
  '-flags',
  'low_delay',
];

/** MPEG-TS to stdout, flushed per packet so each frame leaves as soon as it is muxed. */
export const TS_OUTPUT = [
  '-f',
  'mpegts',
  '-omit_video_pes_length',
  '0',
  '-muxdelay',
  '0',
  '-muxpreload',
  '0',
  '-flush_packets',
  '1',
  'pipe:1',
];

/**
 * First stage: the camera source. One RTSP session per camera stream, whatever the number of
 * profiles and tiles: ffmpeg reads the camera over TCP and copies its video, untouched, into
 * MPEG-TS. Parameter sets are repeated on each keyframe so a transcoder can start at any one.
 */
export function sourceArgs(url: string): string[] {
  return [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'warning',
    '-rtsp_transport',
    'tcp',
    '-timeout',
    '5000000',
    ...LOW_LATENCY_INPUT,
    '-i',
    url,
    '-map',
    '0:v:0',
    '-c',
    'copy',
    '-bsf:v',
    'dump_extra=freq=keyframe',
    ...TS_OUTPUT,
  ];
}

/** The mask file as ffmpeg's second input (raw RGBA at the overlay's size), or nothing. */
export function maskInputArgs(mask: string | null): string[] {
  return mask
    ? ['-f', 'rawvideo', '-pix_fmt', 'rgba', '-video_size', `${MASK_WIDTH}x${MASK_HEIGHT}`, '-i', mask]
    : [];
}

/**
 * A filter graph that runs `filter` on the video (input 0) and burns the privacy mask (input 1)
 * over it: the mask frame is scaled to the picture and laid over every frame (overlay repeats
 * it). `after`, if given, runs on the masked picture, so nothing drawn later can uncover a mask.
 * The one place masks are composed: live transcodes and evidence clips share it.
 */
export function maskedFilter(filter: string, after = ''): string {
  return `[0:v]${filter}[v];[1:v][v]scale2ref[m][s];[s][m]overlay=format=auto,format=yuv420p${after ? `,${after}` : ''}`;
}

/**
 * One drawtext filter, escaped at ffmpeg's two levels (the option value, then the filter graph).
 * `expansion=none` unless `expand` is set: a camera or operator name is text, never a function.
 */
export function drawtextFilter(
  text: string,
  place: { x: string; y: string; fontSize: number | string },
  expand = false,
): string {
  const option = text.replace(/[\\':]/g, (c) => `\\${c}`);
  const filter = `drawtext=expansion=${expand ? 'normal' : 'none'}:text=${option}:x=${place.x}:y=${place.y}:fontsize=${place.fontSize}:fontcolor=white`;
  return filter.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/**
 * Second stage: one transcoder per camera × profile, reading the source's TS on stdin and
 * writing MPEG-1 for JSMpeg. `-threads 1` is cheaper per stream than ffmpeg's thread pool.
 */
export function transcodeArgs(profile: StreamProfile, mask: string | null = null): string[] {
  const settings = PROFILES[profile];
  // Privacy masks are burnt in after scaling (cheaper on a small picture) and before encoding:
  // the mask frame is scaled to the picture and laid over every frame (overlay repeats it).
  const maskInput = maskInputArgs(mask);
  const filter = mask ? ['-filter_complex', maskedFilter(settings.filter)] : ['-vf', settings.filter];
  return [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'warning',
    ...LOW_LATENCY_INPUT,
    // The source wrote one frame per PES with its length: no parser needed, and the parser
    // would hold each frame until the next one starts (one frame of latency).
    '-fflags',
    'nobuffer+noparse+nofillin',
    ...settings.decode,
    '-f',
    'mpegts',
    '-i',
    'pipe:0',
    ...maskInput,
    '-an',
    '-sn',
    '-dn',
    ...filter,
    '-c:v',
    'mpeg1video',
    ...settings.rate,
    // MPEG-1 knows only a few frame rates; cameras run at 10, 12.5, 15, 20…: take the nearest code.
    '-strict',
    'unofficial',
    '-b:v',
    settings.bitrate,
    '-maxrate',
    settings.maxrate,
    '-bufsize',
    settings.maxrate,
    '-bf',
    '0',
    '-g',
    String(settings.gop),
    '-force_key_frames',
    `expr:gte(t,n_forced*${KEYFRAME_SECONDS})`,
    '-threads',
    '1',
    ...TS_OUTPUT,
  ];
}

/**
 * The seed stack's transcode (node-rtsp-stream's defaults), kept only as the benchmark baseline.
 */
export function seedArgs(url: string): string[] {
  return ['-rtsp_transport', 'tcp', '-i', url, '-f', 'mpegts', '-codec:v', 'mpeg1video', '-'];
}
