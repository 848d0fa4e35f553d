import type { PassthroughCodec } from '../../../src-shared/contract';

/** A widely supported H.264 codec string (Constrained Baseline, level 3.0) for the probe. */
const PROBE_CODEC = 'avc1.42E01E';

let probe: Promise<boolean> | null = null;
let probed: boolean | null = null;

/**
 * Whether this window can decode H.264 with WebCodecs, asked once per window and cached (every
 * tile's watch says what the window accepts, and the answer does not change). Never rejects:
 * a missing API, an insecure context or a refused configuration all mean no.
 */
export function probeH264(): Promise<boolean> {
  probe ??= (async () => {
    try {
      if (typeof VideoDecoder === 'undefined') return false;
      const support = await VideoDecoder.isConfigSupported({ codec: PROBE_CODEC, optimizeForLatency: true });
      return support.supported === true;
    } catch {
      return false;
    }
  })().then((supported) => {
    probed = supported;
    return supported;
  });
  return probe;
}

/**
 * `?video=mpeg1` in the page address: the window accepts no passthrough codec, so every tile
 * stays on the core's MPEG-1 transcode as before. For benchmarks that compare both paths and for
 * diagnosing a WebCodecs problem on a workstation.
 */
export function mpeg1Only(): boolean {
  return (
    typeof window !== 'undefined' && new URLSearchParams(window.location.search).get('video') === 'mpeg1'
  );
}

/** Resolves once acceptedCodecs() gives its final answer (at once with `?video=mpeg1`). */
export function windowCodecsKnown(): Promise<unknown> {
  return mpeg1Only() ? Promise.resolve() : probeH264();
}

/**
 * The codecs a watch may announce now, synchronously: `['h264']` once probeH264() said yes,
 * `[]` before the answer, if it said no, or with `?video=mpeg1`. Starts the probe if nobody did,
 * so a later watch (a re-watch, the next tile) can accept H.264.
 */
export function acceptedCodecs(): PassthroughCodec[] {
  if (mpeg1Only()) return [];
  if (probe === null) void probeH264();
  return probed === true ? ['h264'] : [];
}

/** A decoder configuration known to be supported, and whether it asks for hardware decoding. */
export interface SupportedConfig {
  config: VideoDecoderConfig;
  hardware: boolean;
}

const configs = new Map<string, Promise<SupportedConfig | null>>();

/**
 * The configuration to decode `codec` with: hardware decoding when the browser says it supports
 * it, software otherwise, null if neither. Cached per codec string: every decoder incarnation of
 * every tile (restarts, profile switches) asks again, and each question is a round trip to the
 * GPU or utility process that would delay the restarted tile's first picture.
 */
export function supportedConfig(codec: string): Promise<SupportedConfig | null> {
  let cached = configs.get(codec);
  if (!cached) {
    cached = (async () => {
      for (const hardware of [true, false]) {
        const config: VideoDecoderConfig = {
          codec,
          optimizeForLatency: true,
          hardwareAcceleration: hardware ? 'prefer-hardware' : 'prefer-software',
        };
        try {
          const support = await VideoDecoder.isConfigSupported(config);
          if (support.supported === true) return { config, hardware };
        } catch {
          // A malformed codec string throws (TypeError): no configuration for it.
          return null;
        }
      }
      return null;
    })();
    configs.set(codec, cached);
  }
  return cached;
}
