import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { HealthReason } from '../../../src-shared/contract';
import { authorizationFor, parseChallenges, type AuthChallenge, type ProbeCredentials } from './rtsp-auth';

/**
 * One health probe of one camera stream: RTSP OPTIONS then DESCRIBE over a plain socket, and
 * nothing more. No SETUP and no PLAY, so the camera never starts sending video and no RTSP
 * session is held: a camera that allows one or two sessions keeps them for the relay.
 *
 * Why not ffprobe: a process per probe costs tens of milliseconds of CPU and ~20 MB, and would
 * read video to find the codec; 230 cameras every few seconds would cost a core. The socket
 * costs a connect and two short text exchanges.
 *
 * `rtsps://` goes over TLS without verifying the certificate, as ffmpeg does for the relay
 * (cameras ship self-signed ones): the probe learns whether the camera answers, it sends no
 * secret that Digest does not already protect.
 */

export interface ProbeTimeouts {
  /** Longest wait for the TCP (and TLS) connection. */
  connectMs: number;
  /** Longest the whole probe may take, connection and every request included. */
  deadlineMs: number;
}

export type ProbeOutcome =
  | { ok: true; status: number }
  | { ok: false; reason: Exclude<HealthReason, 'unavailable'>; status: number | null; detail: string };

interface RtspResponse {
  status: number;
  statusText: string;
  headers: Map<string, string[]>;
  body: string;
}

/** Largest response head or body read; a camera's SDP is a few hundred bytes. */
const MAX_RESPONSE_BYTES = 64 * 1024;
const USER_AGENT = 'Vigie health probe';

class ProbeFailure extends Error {
  constructor(
    readonly reason: Exclude<HealthReason, 'unavailable'>,
    detail: string,
    readonly status: number | null = null,
  ) {
    super(detail);
  }
}

/** Maps a socket error to a reason; the detail keeps the code only (never a URL). */
function socketFailure(error: NodeJS.ErrnoException): ProbeFailure {
  const code = error.code ?? 'error';
  if (code === 'ECONNREFUSED') return new ProbeFailure('refused', 'ECONNREFUSED');
  if (code === 'ETIMEDOUT') return new ProbeFailure('timeout', 'ETIMEDOUT');
  if (['EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL'].includes(code))
    return new ProbeFailure('unreachable', code);
  if (code === 'ECONNRESET' || code === 'EPIPE') return new ProbeFailure('closed', code);
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))
    return new ProbeFailure('invalid-response', code);
  return new ProbeFailure('unreachable', code);
}

/** One RTSP connection: requests go one at a time, each answer read whole before the next. */
class RtspConnection {
  private buffer = Buffer.alloc(0);
  private waiting: ((error: ProbeFailure | null) => void) | null = null;
  private failure: ProbeFailure | null = null;
  private cseq = 0;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      if (this.buffer.length > 2 * MAX_RESPONSE_BYTES)
        this.fail(new ProbeFailure('invalid-response', 'too long'));
      else this.wake(null);
    });
    socket.on('error', (error) => this.fail(socketFailure(error)));
    socket.on('close', () => this.fail(new ProbeFailure('closed', 'connection closed by the camera')));
  }

  static open(url: URL, timeouts: ProbeTimeouts): Promise<RtspConnection> {
    const secure = url.protocol === 'rtsps:';
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || (secure ? 322 : 554));
    return new Promise((resolve, reject) => {
      const socket = secure
        ? connectTls({ host, port, rejectUnauthorized: false, servername: host })
        : connectTcp({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ProbeFailure('timeout', `no connection within ${timeouts.connectMs} ms`));
      }, timeouts.connectMs);
      const onError = (error: NodeJS.ErrnoException): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(socketFailure(error));
      };
      socket.once('error', onError);
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        socket.setNoDelay(true);
        resolve(new RtspConnection(socket));
      });
    });
  }

  get closed(): boolean {
    return this.failure !== null;
  }

  async request(method: string, uri: string, headers: Record<string, string>): Promise<RtspResponse> {
    if (this.failure) throw this.failure;
    this.cseq += 1;
    const lines = [`${method} ${uri} RTSP/1.0`, `CSeq: ${this.cseq}`, `User-Agent: ${USER_AGENT}`];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    this.socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    for (;;) {
      const response = this.take();
      if (response) return response;
      await new Promise<void>((resolve, reject) => {
        this.waiting = (error) => (error ? reject(error) : resolve());
      });
    }
  }

  close(): void {
    this.failure ??= new ProbeFailure('closed', 'closed by the probe');
    this.socket.destroy();
  }

  private wake(error: ProbeFailure | null): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.(error);
  }

  private fail(failure: ProbeFailure): void {
    this.failure ??= failure;
    this.socket.destroy();
    this.wake(this.failure);
  }

  /** A whole response from the buffer, or null while it is still arriving. */
  private take(): RtspResponse | null {
    // Interleaved RTP ($, channel, length) never comes without PLAY; skip any all the same.
    while (this.buffer[0] === 0x24 && this.buffer.length >= 4) {
      const length = this.buffer.readUInt16BE(2);
      if (this.buffer.length < 4 + length) return null;
      this.buffer = this.buffer.subarray(4 + length);
    }
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) {
      if (this.buffer.length > MAX_RESPONSE_BYTES)
        throw new ProbeFailure('invalid-response', 'header too long');
      if (this.buffer.length >= 5 && !this.buffer.subarray(0, 5).toString('latin1').startsWith('RTSP/'))
        throw new ProbeFailure('invalid-response', 'not an RTSP answer');
      return null;
    }
    const head = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
    const statusLine = /^RTSP\/\d\.\d (\d{3}) ?(.*)$/.exec(head[0] ?? '');
    if (!statusLine) throw new ProbeFailure('invalid-response', 'not an RTSP answer');
    const headers = new Map<string, string[]>();
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
    }
    const length = Number(headers.get('content-length')?.[0] ?? 0);
    if (!Number.isInteger(length) || length < 0 || length > MAX_RESPONSE_BYTES)
      throw new ProbeFailure('invalid-response', 'bad Content-Length');
    if (this.buffer.length < end + 4 + length) return null;
    const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
    this.buffer = this.buffer.subarray(end + 4 + length);
    return { status: Number(statusLine[1]), statusText: (statusLine[2] ?? '').slice(0, 80), headers, body };
  }
}

/** The URL without its userinfo (what goes on the wire and in any detail), and the credentials. */
export function splitCredentials(url: URL): { bare: string; credentials: ProbeCredentials | null } {
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const bare = new URL(url.toString());
  bare.username = '';
  bare.password = '';
  return { bare: bare.toString(), credentials: username || password ? { username, password } : null };
}

/** Sends requests, answering one authentication challenge per connection like a player would. */
class ProbeSession {
  private connection: RtspConnection | null = null;
  private challenge: AuthChallenge | null = null;
  private nonceCount = 0;

  constructor(
    private readonly url: URL,
    private readonly bare: string,
    private readonly credentials: ProbeCredentials | null,
    private readonly timeouts: ProbeTimeouts,
  ) {}

  async send(method: string, extra: Record<string, string> = {}): Promise<RtspResponse> {
    let response = await this.once(method, extra);
    if (response.status === 401 && this.credentials) {
      const challenge = parseChallenges(response.headers.get('www-authenticate') ?? [])[0];
      const answered = this.challenge !== null;
      // A second 401 to an answer of the same kind: the camera refuses these credentials.
      if (!challenge || (answered && challenge.params.stale?.toLowerCase() !== 'true')) return response;
      this.challenge = challenge;
      this.nonceCount = 0;
      response = await this.once(method, extra);
    }
    return response;
  }

  close(): void {
    this.connection?.close();
  }

  private async once(method: string, extra: Record<string, string>): Promise<RtspResponse> {
    if (!this.connection || this.connection.closed) {
      this.connection?.close();
      this.connection = await RtspConnection.open(this.url, this.timeouts);
    }
    const headers = { ...extra };
    if (this.challenge && this.credentials) {
      this.nonceCount += 1;
      const authorization = authorizationFor(
        this.challenge,
        this.credentials,
        method,
        this.bare,
        this.nonceCount,
      );
      if (authorization) headers.Authorization = authorization;
    }
    return this.connection.request(method, this.bare, headers);
  }
}

function statusFailure(response: RtspResponse, method: string): ProbeFailure {
  const detail = `${method}: ${response.status} ${response.statusText}`.trim();
  if (response.status === 401 || response.status === 403)
    return new ProbeFailure('credentials', detail, response.status);
  if (response.status === 404) return new ProbeFailure('not-found', detail, response.status);
  return new ProbeFailure('server-error', detail, response.status);
}

async function converse(session: ProbeSession): Promise<ProbeOutcome> {
  // OPTIONS first, as players do: some cameras answer DESCRIBE only after it. Its own status
  // matters only when it refuses the credentials; the DESCRIBE says whether the stream exists.
  const options = await session.send('OPTIONS');
  if (options.status === 401 || options.status === 403) throw statusFailure(options, 'OPTIONS');
  const describe = await session.send('DESCRIBE', { Accept: 'application/sdp' });
  if (describe.status !== 200) throw statusFailure(describe, 'DESCRIBE');
  if (!/^v=0/m.test(describe.body)) throw new ProbeFailure('invalid-response', 'DESCRIBE: no SDP', 200);
  return { ok: true, status: 200 };
}

/**
 * Probes one stream URL (credentials in its userinfo, as the registry hands them to the relay).
 * Never throws and never takes longer than `deadlineMs`. The outcome's detail never contains the
 * URL, so it is safe to log and to show.
 */
export async function probeRtsp(rawUrl: string, timeouts: ProbeTimeouts): Promise<ProbeOutcome> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, reason: 'invalid-response', status: null, detail: 'unreadable URL' };
  }
  if (url.protocol !== 'rtsp:' && url.protocol !== 'rtsps:')
    return {
      ok: false,
      reason: 'invalid-response',
      status: null,
      detail: `not an RTSP URL (${url.protocol})`,
    };
  const { bare, credentials } = splitCredentials(url);
  const session = new ProbeSession(url, bare, credentials, timeouts);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ProbeFailure('timeout', `no answer within ${timeouts.deadlineMs} ms`)),
      timeouts.deadlineMs,
    );
  });
  try {
    return await Promise.race([converse(session), deadline]);
  } catch (error) {
    if (error instanceof ProbeFailure)
      return { ok: false, reason: error.reason, status: error.status, detail: error.message };
    return {
      ok: false,
      reason: 'invalid-response',
      status: null,
      detail: (error as Error).message.slice(0, 200),
    };
  } finally {
    clearTimeout(timer);
    session.close();
  }
}
