/**
 * Credential scrubbing for every line that leaves the core (log files, diagnostics, the stream
 * status sent to renderers). Camera passwords must never reach the logs or the renderer, and
 * ffmpeg echoes its input URL in many error messages, so redaction happens at the source.
 */
const secrets = new Set<string>();

/** Registers a secret (a camera password) that must be masked wherever it appears. */
export function registerSecret(secret: string): void {
  if (secret.length >= 3) secrets.add(secret);
}

/** Forgets every registered secret; used when the config is reloaded and by tests. */
export function clearSecrets(): void {
  secrets.clear();
}

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*(?::[^\s/@]*)?@/gi;
const TOKEN_PARAM = /([?&](?:token|password|pass|pwd)=)[^&\s"']+/gi;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;

/** Returns `text` with URL credentials, token parameters and registered secrets masked. */
export function redact(text: string): string {
  let out = text.replace(URL_USERINFO, '$1***@').replace(TOKEN_PARAM, '$1***').replace(BEARER, '$1***');
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('***');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join('***');
  }
  return out;
}
