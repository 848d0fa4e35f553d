import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import {
  parseServerMessage,
  readVideoHeader,
  VIDEO_HEADER_BYTES,
  type ServerMessage,
  type StreamProfile,
  type StreamStatus,
} from '../../src-shared/contract';
import { validateConfig } from '../../src-main/core/config/load-config';
import { setupLogging } from '../../src-main/core/log/logger';
import type { RelayTuning } from '../../src-main/core/relay/relay-service';
import { VigieCore, type CoreEndpoint, type VigieCoreOptions } from '../../src-main/core/vigie-core';

/** A real core (real demo RTSP server, real ffmpeg) in this test process, on a temp data dir. */
export interface Harness {
  core: VigieCore;
  endpoint: CoreEndpoint;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Short supervision timings (grace, stall, start timeout, credential retry, backoff) so a fault,
 * a refused password or a restart plays out within a test's seconds rather than the defaults'.
 */
export const FAST_RELAY = {
  graceMs: 1000,
  stallMs: 2000,
  startTimeoutMs: 8000,
  credentialsRetryMs: 1500,
  backoff: { baseMs: 300, maxMs: 1500, jitter: 0.1, stableMs: 30_000 },
} satisfies Partial<RelayTuning>;

export async function startCore(
  config: unknown,
  overrides: Partial<VigieCoreOptions> = {},
): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-test-'));
  // A one-line page stands in for the renderer bundle here; the e2e suites serve the real one.
  const rendererDir = path.join(dataDir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Vigie test page</title>');
  const core = new VigieCore({
    config: validateConfig(config, '(test)'),
    configFile: null,
    dataDir,
    rendererDir,
    consoleLevel: false,
    ...overrides,
  });
  const endpoint = await core.start();
  return {
    core,
    endpoint,
    dataDir,
    close: async () => {
      await core.stop();
      // The logger is process-wide: point it away before its folder disappears.
      setupLogging({ dataDir: path.join(tmpdir(), 'vigie-test-logs'), consoleLevel: false });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A renderer stand-in speaking the contract over a real socket. */
export class TestClient {
  readonly messages: ServerMessage[] = [];
  readonly bytesBySlot = new Map<number, number>();
  readonly flagsBySlot = new Map<number, number[]>();
  /** Arrival times (Date.now()) of each slot's frames, in step with `flagsBySlot`. */
  readonly arrivalsBySlot = new Map<number, number[]>();
  private nextId = 1;
  /** Acknowledge frames as the renderer does, this long after they arrive; null: never. */
  private ackDelayMs: number | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        const header = readVideoHeader(data);
        if (!header) return;
        if (this.ackDelayMs !== null) this.ack(header.sentAt, this.ackDelayMs);
        const arrivals = this.arrivalsBySlot.get(header.slot) ?? [];
        arrivals.push(Date.now());
        this.arrivalsBySlot.set(header.slot, arrivals);
        this.bytesBySlot.set(
          header.slot,
          (this.bytesBySlot.get(header.slot) ?? 0) + data.length - VIDEO_HEADER_BYTES,
        );
        const flags = this.flagsBySlot.get(header.slot) ?? [];
        flags.push(header.flags);
        this.flagsBySlot.set(header.slot, flags);
        return;
      }
      const message = parseServerMessage(data.toString('utf8'));
      if (message) this.messages.push(message);
    });
  }

  static connect(endpoint: CoreEndpoint, origin: string = endpoint.origin): Promise<TestClient> {
    const socket = new WebSocket(`${endpoint.origin.replace('http', 'ws')}/ws?token=${endpoint.token}`, {
      origin,
    });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new TestClient(socket)));
      socket.once('error', reject);
    });
  }

  /**
   * Acknowledges every frame `delayMs` after it arrived, as a window that handles its video that
   * late would (0: at once, like a prompt window); null stops acknowledging.
   */
  acknowledge(delayMs: number | null): void {
    this.ackDelayMs = delayMs;
  }

  private ack(sentAt: number, delayMs: number): void {
    const send = () => {
      if (this.socket.readyState === WebSocket.OPEN)
        this.socket.send(JSON.stringify({ type: 'ack', sentAt }));
    };
    if (delayMs === 0) send();
    else setTimeout(send, delayMs);
  }

  /** `accept`: what this stand-in window claims to decode besides MPEG-1 (e.g. `['h264']`). */
  watch(slot: number, cameraId: string, profile: 'grid' | 'full' = 'grid', accept?: string[]): void {
    this.socket.send(JSON.stringify({ type: 'watch', slot, cameraId, profile, accept }));
  }

  unwatch(slot: number): void {
    this.socket.send(JSON.stringify({ type: 'unwatch', slot }));
  }

  request(method: string, params: unknown): number {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ type: 'request', id, method, params }));
    return id;
  }

  bytes(slot: number): number {
    return this.bytesBySlot.get(slot) ?? 0;
  }

  /** The last status the core sent for one stream of a camera (grid by default). */
  lastStatus(cameraId: string, profile: StreamProfile = 'grid'): StreamStatus | undefined {
    return this.statuses(cameraId, profile).at(-1);
  }

  /** Whether the core ever reported that stream in `state` (and with `reason`, if given). */
  sawState(
    cameraId: string,
    state: StreamStatus['state'],
    reason?: string,
    profile: StreamProfile = 'grid',
  ): boolean {
    return this.statuses(cameraId, profile).some(
      (status) => status.state === state && (reason === undefined || status.reason === reason),
    );
  }

  private statuses(cameraId: string, profile: StreamProfile): StreamStatus[] {
    return this.messages.flatMap((m) =>
      m.type === 'stream-status' && m.status.cameraId === cameraId && m.status.profile === profile
        ? [m.status]
        : [],
    );
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes (then throws `what`). */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 20_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** True while a process with this PID exists (and is not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // A zombie still answers kill(0); /proc tells it apart on Linux.
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

/** PIDs of running ffmpeg processes whose command line contains `needle`. */
export function ffmpegPids(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (
        path.basename(cmd[0] ?? '') === 'ffmpeg' &&
        cmd.some((arg) => arg.includes(needle)) &&
        isAlive(Number(entry))
      ) {
        pids.push(Number(entry));
      }
    } catch {
      // Process ended while we looked.
    }
  }
  return pids;
}

/** The TCP socket under a client's WebSocket (ws keeps it private). */
function rawSocketOf(client: TestClient): { pause(): void; resume(): void } {
  return (client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
}

/**
 * Makes a client stop reading its socket, as a hung or hostile window would: what the core sends
 * then piles up in the kernel's buffers and then in the core's. Writing still works.
 */
export function stopReading(client: TestClient): void {
  rawSocketOf(client).pause();
}

/** Lets a client read its socket again (it then sees everything queued, close frame included). */
export function resumeReading(client: TestClient): void {
  rawSocketOf(client).resume();
}

/** Resolves with the close code and reason once the client's socket closes. */
export function whenClosed(client: TestClient): Promise<{ code: number; reason: string }> {
  if (client.socket.readyState === WebSocket.CLOSED)
    return Promise.resolve({ code: -1, reason: 'already closed' });
  return new Promise((resolve) =>
    client.socket.once('close', (code: number, reason: Buffer) =>
      resolve({ code, reason: reason.toString() }),
    ),
  );
}

/** Sends a request and resolves with its response message (the error message included). */
export async function ask(
  client: TestClient,
  method: string,
  params: unknown,
  timeoutMs = 20_000,
): Promise<Extract<ServerMessage, { type: 'response' }>> {
  const id = client.request(method, params);
  return waitFor(
    `response to ${method}`,
    () =>
      client.messages.find(
        (m): m is Extract<ServerMessage, { type: 'response' }> => m.type === 'response' && m.id === id,
      ),
    timeoutMs,
  );
}
