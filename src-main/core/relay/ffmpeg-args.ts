import type { StreamProfile } from '../../../src-shared/contract';

/**
 * Encoding settings per profile. `grid` is small and cheap for tiles; `full` keeps the source
 * size (capped at 1080p) for a maximised tile. A one-second GOP keeps a new viewer's first
 * picture close (the relay caches the bytes since the last keyframe).
 */
export const PROFILES: Record<
  StreamProfile,
  { scale: string; bitrate: string; maxrate: string; gop: number }
> = {
  grid: {
    scale: 'scale=w=640:h=360:force_original_aspect_ratio=decrease:force_divisible_by=2',
    bitrate: '700k',
    maxrate: '1000k',
    gop: 25,
  },
  full: {
    scale:
      "scale=w='min(1920,iw)':h='min(1080,ih)':force_original_aspect_ratio=decrease:force_divisible_by=2",
    bitrate: '3000k',
    maxrate: '4500k',
    gop: 25,
  },
};

/**
 * First pipeline stage: ffmpeg reads the camera's RTSP (over TCP, no audio) and writes MPEG-1 in
 * MPEG-TS to stdout, flushed per packet. The low-latency input flags cut start-up from ~3 s to
 * ~1.3 s here; `-threads 1` is cheaper per stream than ffmpeg's default thread pool.
 */
export function transcodeArgs(url: string, profile: StreamProfile): string[] {
  const settings = PROFILES[profile];
  return [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'warning',
    '-rtsp_transport',
    'tcp',
    '-timeout',
    '5000000',
    '-probesize',
    '32',
    '-analyzeduration',
    '0',
    '-fflags',
    'nobuffer',
    '-flags',
    'low_delay',
    '-i',
    url,
    '-an',
    '-sn',
    '-dn',
    '-vf',
    settings.scale,
    '-c:v',
    'mpeg1video',
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
    '-threads',
    '1',
    '-f',
    'mpegts',
    '-muxdelay',
    '0',
    '-muxpreload',
    '0',
    '-flush_packets',
    '1',
    'pipe:1',
  ];
}
