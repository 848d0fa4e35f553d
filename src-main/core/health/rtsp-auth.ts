import { createHash, randomBytes } from 'node:crypto';

/**
 * RTSP authentication for the health probe: Digest (RFC 2617, the `qop=auth` form and the older
 * one without it) and Basic, answering a camera's `WWW-Authenticate` challenge the way ffmpeg
 * does for the relay. Digest is preferred when a camera offers both, because Basic sends the
 * password in clear on every request.
 */

export interface ProbeCredentials {
  username: string;
  password: string;
}

/** One challenge from a `WWW-Authenticate` header. */
export interface AuthChallenge {
  scheme: 'digest' | 'basic';
  params: Record<string, string>;
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** Splits `realm="a, b", nonce="x", qop="auth,auth-int"` into its parameters. */
function parseParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  const pattern = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (const match of text.matchAll(pattern)) {
    const name = match[1]?.toLowerCase();
    if (name) params[name] = (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return params;
}

/** The challenges a camera sent (one per `WWW-Authenticate` header), Digest first. */
export function parseChallenges(headers: readonly string[]): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  for (const header of headers) {
    const match = /^\s*(digest|basic)\b(.*)$/i.exec(header);
    if (!match) continue;
    const scheme = (match[1] ?? '').toLowerCase() === 'digest' ? 'digest' : 'basic';
    challenges.push({ scheme, params: parseParams(match[2] ?? '') });
  }
  return challenges.sort((a, b) => (a.scheme === b.scheme ? 0 : a.scheme === 'digest' ? -1 : 1));
}

/**
 * The `Authorization` header answering `challenge` for one request, or null when the challenge
 * cannot be answered (a Digest without nonce, an algorithm other than MD5).
 */
export function authorizationFor(
  challenge: AuthChallenge,
  credentials: ProbeCredentials,
  method: string,
  uri: string,
  nonceCount: number,
  /** The client nonce; random unless a test pins it. */
  cnonce: string = randomBytes(8).toString('hex'),
): string | null {
  if (challenge.scheme === 'basic') {
    const token = Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64');
    return `Basic ${token}`;
  }
  const { realm = '', nonce, opaque, algorithm } = challenge.params;
  if (!nonce) return null;
  if (algorithm && algorithm.toUpperCase() !== 'MD5') return null;
  const ha1 = md5(`${credentials.username}:${realm}:${credentials.password}`);
  const ha2 = md5(`${method}:${uri}`);
  const qops = (challenge.params.qop ?? '').split(',').map((qop) => qop.trim().toLowerCase());
  const fields = [
    `username="${credentials.username}"`,
    `realm="${realm}"`,
    `nonce="${nonce}"`,
    `uri="${uri}"`,
  ];
  if (qops.includes('auth')) {
    const nc = nonceCount.toString(16).padStart(8, '0');
    fields.push(
      `response="${md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`)}"`,
      'qop=auth',
      `nc=${nc}`,
      `cnonce="${cnonce}"`,
    );
  } else {
    fields.push(`response="${md5(`${ha1}:${nonce}:${ha2}`)}"`);
  }
  if (opaque !== undefined) fields.push(`opaque="${opaque}"`);
  if (algorithm) fields.push(`algorithm=${algorithm}`);
  return `Digest ${fields.join(', ')}`;
}
