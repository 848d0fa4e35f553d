import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { log } from '../log/logger';
import type { DemoCameraSpec } from './demo-cameras';

/** Ports the demo RTSP server listens on (authPort only when a camera demands credentials). */
export interface DemoPorts {
  port: number;
  authPort?: number;
}

/** A GStreamer element (or binding) the demo server needs and did not find, with where it comes from. */
export interface MissingElement {
  element: string;
  /** GStreamer plugin name, as Windows and macOS installers list them. */
  plugin: string;
  /** Debian package that ships it. */
  package: string;
}

const MissingLineSchema = z.array(
  z.object({ element: z.string().max(64), plugin: z.string().max(64), package: z.string().max(64) }),
);

/**
 * The demo fleet could not start; the message says what to install. `missing` lists the
 * elements the server checked for and did not find (empty when it failed for another reason), so
 * the UI can name them without parsing a sentence.
 */
export class DemoFleetError extends Error {
  override name = 'DemoFleetError';
  constructor(
    message: string,
    readonly missing: readonly MissingElement[] = [],
  ) {
    super(message);
  }
}

/** "textoverlay, clockoverlay (GStreamer plugin pango, Debian package gstreamer1.0-x)", one group per package. */
export function describeMissing(missing: readonly MissingElement[]): string {
  const byPackage = new Map<string, MissingElement[]>();
  for (const entry of missing) byPackage.set(entry.package, [...(byPackage.get(entry.package) ?? []), entry]);
  return [...byPackage.entries()]
    .map(([pkg, entries]) => {
      const plugins = [...new Set(entries.map((entry) => entry.plugin))].join(', ');
      return `${entries.map((entry) => entry.element).join(', ')} (GStreamer plugin ${plugins}, Debian package ${pkg})`;
    })
    .join('; ');
}

function defaultScript(): string {
  const candidates = [
    process.env.VIGIE_DEMO_SERVER,
    path.join(path.dirname(fileURLToPath(import.meta.url)), 'rtsp-demo-server.py'),
    path.join(process.cwd(), 'src-main', 'core', 'demo', 'rtsp-demo-server.py'),
    (process as { resourcesPath?: string }).resourcesPath
      ? path.join((process as { resourcesPath?: string }).resourcesPath ?? '', 'demo', 'rtsp-demo-server.py')
      : undefined,
  ];
  return candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate)) ?? '';
}

/** How the demo server is run; everything has a default. */
export interface DemoFleetOptions {
  script?: string;
  python?: string;
  host?: string;
  port?: number;
  /** The server's environment (tests point GST_PLUGIN_SYSTEM_PATH at a folder lacking a plugin). */
  env?: NodeJS.ProcessEnv;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * A real RTSP server (GStreamer's, in a Python child) simulating IP cameras on 127.0.0.1.
 *
 * It is a service with an explicit lifecycle: start() resolves once the server listens, stop()
 * ends it by PID. Its stdin doubles as a control channel so tests can stall, drop or remove a
 * camera on purpose, and as a lifeline: if the core dies, stdin closes and the server exits.
 */
export class DemoFleet {
  private child: ChildProcessWithoutNullStreams | null = null;
  private ports: DemoPorts | null = null;
  private readonly pending: ((line: string) => void)[] = [];

  constructor(
    private readonly specs: readonly DemoCameraSpec[],
    private readonly options: DemoFleetOptions = {},
  ) {}

  /** The open server's port once started (cameras without credentials). */
  get port(): number | null {
    return this.ports?.port ?? null;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async start(): Promise<DemoPorts> {
    if (this.ports) return this.ports;
    const script = this.options.script ?? defaultScript();
    if (!script) throw new DemoFleetError('demo RTSP server script not found (rtsp-demo-server.py)');
    const python = this.options.python ?? process.env.VIGIE_PYTHON ?? '/usr/bin/python3';
    const child = spawn(
      python,
      [
        script,
        '--host',
        this.options.host ?? '127.0.0.1',
        '--port',
        String(this.options.port ?? 0),
        '--spec',
        JSON.stringify(this.specs),
      ],
      { stdio: ['pipe', 'pipe', 'pipe'], env: this.options.env ?? process.env },
    );
    this.child = child;
    const stderrTail: string[] = [];
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        stderrTail.push(line);
        if (stderrTail.length > 20) stderrTail.shift();
        log.warn(`[demo-rtsp] ${line}`);
      }
    });
    const lines = createInterface({ input: child.stdout });
    this.ports = await new Promise<DemoPorts>((resolve, reject) => {
      const timer = setTimeout(() => fail('did not start within 20 s'), 20_000);
      let missing: MissingElement[] | null = null;
      const fail = (why: string): void => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        if (missing) {
          const packages = [...new Set(missing.map((entry) => entry.package))].join(' ');
          reject(
            new DemoFleetError(
              `demo RTSP server cannot build its cameras: missing GStreamer ${describeMissing(missing)}. ` +
                `Install it (Debian: apt-get install ${packages}) and restart Vigie.`,
              missing,
            ),
          );
          return;
        }
        reject(
          new DemoFleetError(
            `demo RTSP server ${why}. It needs /usr/bin/python3 with GStreamer's RTSP server ` +
              '(Debian: gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-x gstreamer1.0-plugins-{base,good,bad,ugly}).' +
              (stderrTail.length ? `\n${stderrTail.join('\n')}` : ''),
          ),
        );
      };
      child.once('error', (error) => fail(`could not be spawned (${error.message})`));
      // 'close', not 'exit': it comes after stdout is drained, so a MISSING line is never lost.
      child.once('close', (code, signal) => fail(`exited early (${signal ?? code})`));
      lines.on('line', (line) => {
        if (line.startsWith('MISSING ') && !missing) {
          const parsed = MissingLineSchema.safeParse(safeJson(line.slice(8)));
          missing = parsed.success ? parsed.data : [{ element: '?', plugin: '?', package: '?' }];
          return;
        }
        if (line.startsWith('READY ')) {
          clearTimeout(timer);
          child.removeAllListeners('close');
          child.removeAllListeners('error');
          child.on('exit', (code, signal) => {
            if (this.child === child) log.error(`demo RTSP server exited (${signal ?? code})`);
          });
          resolve(JSON.parse(line.slice(6)) as DemoPorts);
          return;
        }
        this.pending.shift()?.(line);
      });
    });
    log.info(
      `demo RTSP server (pid ${child.pid}) serving ${this.specs.length} cameras on port ${this.ports.port}`,
    );
    return this.ports;
  }

  /** Sends a control command (stall, resume, drop, disable, enable) for one camera path. */
  command(verb: 'stall' | 'resume' | 'drop' | 'disable' | 'enable', cameraPath: string): Promise<string> {
    const child = this.child;
    if (!child) return Promise.reject(new DemoFleetError('demo fleet not started'));
    return new Promise((resolve) => {
      this.pending.push(resolve);
      child.stdin.write(`${verb} ${cameraPath}\n`);
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    this.ports = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin.end();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}
