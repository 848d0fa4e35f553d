/** The smallest valid WebAssembly module: magic number and version, no sections. */
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

let cached: boolean | null = null;

/**
 * Whether this page may compile WebAssembly. JSMpeg's WASM decoder is faster, but when a Content
 * Security Policy lacks 'wasm-unsafe-eval' its compile promise rejects silently and every tile
 * stays black; probing once lets the player fall back to the JavaScript decoder instead.
 */
export function canCompileWasm(): boolean {
  if (cached !== null) return cached;
  try {
    cached =
      typeof WebAssembly === 'object' && new WebAssembly.Module(EMPTY_MODULE) instanceof WebAssembly.Module;
  } catch {
    cached = false;
  }
  return cached;
}
