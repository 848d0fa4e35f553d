/**
 * The two <style> blocks @cycjimmy/jsmpeg-player 6.1.2 injects when loaded (for its VideoElement,
 * which Vigie does not use). Allowed by hash rather than 'unsafe-inline'; a package upgrade that
 * changes them shows up as CSP errors in the e2e suite.
 */
const JSMPEG_STYLE_HASHES = [
  "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
  "'sha256-lRyplcblLyRa4o+ZUBNzXETDGwKXzgKgrWbiYOwfTLg='",
];

/**
 * The Content-Security-Policy of every page the core serves (browser mode, and Electron through
 * the shell's vigie:// proxy). Scripts only from the bundle, WASM compilation for JSMpeg's
 * decoder, sockets only to this core: a page that got injected markup still cannot load or send
 * anything elsewhere.
 */
export function contentSecurityPolicy(coreOrigin: string): string {
  const ws = coreOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    `style-src 'self' ${JSMPEG_STYLE_HASHES.join(' ')}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${coreOrigin} ${ws}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
