import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { redact } from '../log/redact';
import type { ProcessLedger } from './process-ledger';

/** How an ffmpeg process ended. */
export interface FfmpegExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface FfmpegProcessEvents {
  data: [Buffer];
  stderr: [string];
  exit: [FfmpegExit];
}

/** Path of the ffmpeg binary: VIGIE_FFMPEG, else the one on PATH. */
export function ffmpegPath(): string {
  return process.env.VIGIE_FFMPEG ?? 'ffmpeg';
}

const isWindows = process.platform === 'win32';

/**
 * One ffmpeg child, in its own process group so a stop reaches anything it spawned.
 *
 * Stop is graded: "q" on stdin lets ffmpeg send RTSP TEARDOWN (cameras with one or two session
 * slots free them at once), then SIGTERM, then SIGKILL. If the core dies, ffmpeg's stdout pipe
 * closes and its next write kills it (SIGPIPE), so no relay outlives the core for long.
 */
export class FfmpegProcess extends EventEmitter<FfmpegProcessEvents> {
  private child: ChildProcessWithoutNullStreams | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stderrRest = '';
  readonly stderrTail: string[] = [];

  constructor(
    private readonly args: readonly string[],
    private readonly ledger: ProcessLedger | null = null,
    private readonly binary: string = ffmpegPath(),
  ) {
    super();
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.child) throw new Error('ffmpeg already started');
    const child = spawn(this.binary, this.args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: !isWindows,
      env: this.ledger?.env() ?? process.env,
    });
    this.child = child;
    if (child.pid !== undefined) this.ledger?.record(child.pid);
    this.exited = new Promise((resolve) => {
      let done = false;
      const finish = (exit: FfmpegExit): void => {
        if (done) return;
        done = true;
        this.flushStderr();
        this.emit('exit', exit);
        resolve();
      };
      child.once('exit', (code, signal) => finish({ code, signal }));
      child.once('error', (error) => {
        this.pushStderr(`spawn failed: ${error.message}`);
        finish({ code: -1, signal: null });
      });
    });
    child.stdout.on('data', (chunk: Buffer) => this.emit('data', chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      const lines = (this.stderrRest + text).split(/\r?\n|\r/);
      this.stderrRest = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) this.pushStderr(line);
    });
    child.stdin.on('error', () => undefined);
  }

  private flushStderr(): void {
    if (this.stderrRest.trim()) this.pushStderr(this.stderrRest);
    this.stderrRest = '';
  }

  private pushStderr(raw: string): void {
    const line = redact(raw.trim());
    this.stderrTail.push(line);
    if (this.stderrTail.length > 30) this.stderrTail.shift();
    this.emit('stderr', line);
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined || !this.running) return;
    try {
      if (isWindows) this.child?.kill(signal);
      else process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  }

  /** Graded stop; resolves once the process has exited. */
  async stop(graceMs = 1500): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (this.running) {
      child.stdin.end('q');
      if (!(await this.waitExit(graceMs))) {
        this.signal('SIGTERM');
        if (!(await this.waitExit(graceMs))) {
          this.signal('SIGKILL');
        }
      }
    }
    await this.exited;
  }

  /** Bytes written to stdin that ffmpeg has not read yet. */
  stdinBacklog(): number {
    return this.child?.stdin.writableLength ?? 0;
  }

  write(data: Buffer): void {
    if (this.running) this.child?.stdin.write(data);
  }

  /** Immediate kill (stall): there is no point asking a frozen process politely. */
  kill(): void {
    this.signal('SIGKILL');
  }

  private async waitExit(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const result = await Promise.race([this.exited.then(() => true), timeout]);
    clearTimeout(timer);
    return result;
  }
}

/** What a one-shot ffmpeg run gave back: its exit, everything it wrote, and its last words. */
export interface FfmpegRun extends FfmpegExit {
  stdout: Buffer;
  /** The last 2,000 characters of stderr: enough for the line that says why. */
  stderr: string;
}

/**
 * Runs ffmpeg once over an in-memory input (stdin) and collects its output, for the short jobs
 * that turn one buffer into another (a snapshot's caption, an evidence clip), as opposed to the
 * supervised relay processes above. Killed after `timeoutMs`; resolves however ffmpeg ended, so
 * each caller judges its own output, and rejects only when ffmpeg could not start.
 */
export function runFfmpeg(args: readonly string[], input: Buffer, timeoutMs: number): Promise<FfmpegRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    // ffmpeg may stop reading early (an error, one frame taken): its closed stdin is not ours to report.
    child.stdin.on('error', () => undefined);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr });
    });
    child.stdin.end(input);
  });
}
