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

/**
 * Query parameter names that carry an account or a secret in camera and NVR URLs (Foscam's
 * `usr`/`pwd`, many cheap cameras' `user`/`passwd`, `loginuse`/`loginpas`, API `token`s, the
 * core's own `token`). Compared lower-case with `-` and `_` removed, so `api_key`, `API-Key` and
 * `apikey` are one name. The config schema refuses these names in a camera URL and redaction
 * masks their values, from the same list, so what one lets through the other still catches.
 */
const SECRET_PARAM_NAMES: ReadonlySet<string> = new Set([
  'user',
  'username',
  'usr',
  'uname',
  'login',
  'loginuse',
  'loginpas',
  'pass',
  'passwd',
  'password',
  'passphrase',
  'passw',
  'pwd',
  'psw',
  'pw',
  'token',
  'accesstoken',
  'authtoken',
  'auth',
  'authkey',
  'authorization',
  'key',
  'apikey',
  'secret',
  'secretkey',
  'clientsecret',
  'credential',
  'credentials',
]);

/**
 * Fragments that make any parameter name worth masking in text (`adminpassword`, `x_auth_token`).
 * Broader than the schema's list on purpose: masking a harmless value costs a diagnostic nothing,
 * while refusing a valid URL (an ONVIF `profiletoken`) would stop a camera.
 */
const SECRET_NAME_FRAGMENT = /pass|pwd|secret|token|apikey/;

function normalisedName(name: string): string {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // A malformed escape: compare the name as written.
  }
  return decoded.toLowerCase().replace(/[-_]/g, '');
}

/** Whether a URL query parameter of this name carries credentials (the config schema refuses it). */
export function isSecretQueryParam(name: string): boolean {
  return SECRET_PARAM_NAMES.has(normalisedName(name));
}

function masksParam(name: string): boolean {
  const normalised = normalisedName(name);
  return SECRET_PARAM_NAMES.has(normalised) || SECRET_NAME_FRAGMENT.test(normalised);
}

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*(?::[^\s/@]*)?@/gi;
/**
 * `?name=value` or `&name=value` (`;` too, as some NVRs separate with it). A value ends at `&`,
 * `#`, a quote, whitespace, or a colon followed by whitespace: ffmpeg writes `URL: message`, and
 * the colon belongs to the message.
 */
const QUERY_PARAM = /([?&;])([^=&;?#\s"'<>]+)=((?:[^&;#\s"'<>:]|:(?!\s|$))*)/g;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;

/** Returns `text` with URL credentials, secret query parameters and registered secrets masked. */
export function redact(text: string): string {
  let out = text
    .replace(URL_USERINFO, '$1***@')
    .replace(QUERY_PARAM, (whole, separator: string, name: string, value: string) =>
      value !== '' && masksParam(name) ? `${separator}${name}=***` : whole,
    )
    .replace(BEARER, '$1***');
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('***');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join('***');
  }
  return out;
}
