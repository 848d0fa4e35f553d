import { DecodeLoop, type FrameScheduler } from './decode-loop';

/**
 * The browser's scheduling for the decode loop: animation frames, a timer fallback, and page
 * visibility. Kept apart from decode-loop.ts so the loop itself type-checks and unit-tests
 * without DOM globals.
 */
const browserScheduler: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
  now: () => performance.now(),
  setTimer: (callback, ms) => window.setTimeout(callback, ms),
  clearTimer: (handle) => window.clearTimeout(handle),
  visible: () => document.visibilityState === 'visible',
};

let shared: DecodeLoop | null = null;

/** The window's loop, created on first use (one per window, shared by every tile). */
export function sharedDecodeLoop(): DecodeLoop {
  shared ??= new DecodeLoop(browserScheduler);
  return shared;
}

/**
 * `?decode=stock` in the page address: each JSMpeg player runs its own animation loop and never
 * drops, as stock JSMpeg does. Only for measuring the shared loop and the delay bound against
 * the baseline (benchmarks, diagnostics); delays are still measured and shown.
 */
export function stockDecoding(): boolean {
  return new URLSearchParams(window.location.search).get('decode') === 'stock';
}

/**
 * `?decode=stock&render=webgl`: the stock baseline with JSMpeg's WebGL renderer, one context per
 * tile, to measure it against Canvas2D. Only with `decode=stock`: a WebGL player keeps its context
 * until garbage-collected, so Vigie's decoder replacements would soon pass Chromium's limit of
 * about 16 live contexts and turn tiles black.
 */
export function stockWebGl(): boolean {
  return stockDecoding() && new URLSearchParams(window.location.search).get('render') === 'webgl';
}
