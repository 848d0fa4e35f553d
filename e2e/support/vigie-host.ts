import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';
import { WebSocket } from 'ws';

const root = path.resolve(import.meta.dirname, '..', '..');

/** `vigie serve` started exactly as IT would, parsed from its one stdout line. */
export interface VigieHost {
  url: URL;
  origin: string;
  token: string;
  dataDir: string;
  wallUrl(display: number): string;
  api<T>(route: string): Promise<T>;
  /** One API request over a window socket, as the renderer sends it; resolves with its result. */
  call<T>(method: string, params: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** Options for tests that restart the host on the same data (e.g. the wall state surviving a restart). */
export interface VigieHostOptions {
  /** Use this data dir; it is left in place on stop() (the caller removes it). */
  dataDir?: string;
  /** The host's environment (e.g. a GStreamer that lacks a plugin); defaults to this process's. */
  env?: NodeJS.ProcessEnv;
}

export async function startVigieHost(
  args: string[],
  config?: unknown,
  options: VigieHostOptions = {},
): Promise<VigieHost> {
  const work = mkdtempSync(path.join(tmpdir(), 'vigie-e2e-'));
  const dataDir = options.dataDir ?? path.join(work, 'data');
  const extra: string[] = [];
  // The `chromium-h264` project runs the same wall suite with the cameras' H.264 passed through.
  const transport = videoTransport();
  if (transport) extra.push('--video-transport', transport);
  if (config !== undefined) {
    const file = path.join(work, 'config.json');
    writeFileSync(file, JSON.stringify(config));
    extra.push('--config', file);
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'src-main/host/vigie-cli.ts'),
      'serve',
      '--data-dir',
      dataDir,
      ...extra,
      ...args,
    ],
    {
      cwd: root,
      env: { ...(options.env ?? process.env), VIGIE_CONFIG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 90_000;
  while (!stdout.includes('\n')) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`vigie serve did not start: ${stdout}\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const match = /^Vigie listening on (\S+)\n$/.exec(stdout);
  if (!match?.[1]) throw new Error(`unexpected stdout: ${stdout}`);
  const url = new URL(match[1]);
  const token = url.searchParams.get('token') ?? '';
  return {
    url,
    origin: url.origin,
    token,
    dataDir,
    wallUrl: (display) => {
      const u = new URL(url);
      u.searchParams.set('display', String(display));
      return u.toString();
    },
    api: async <T>(route: string) => {
      const response = await fetch(`${url.origin}${route}?token=${token}`);
      return (await response.json()) as T;
    },
    call: <T>(method: string, params: unknown) =>
      new Promise<T>((resolve, reject) => {
        const socket = new WebSocket(`${url.origin.replace('http', 'ws')}/ws?token=${token}`, {
          origin: url.origin,
        });
        const timer = setTimeout(() => {
          socket.close();
          reject(new Error(`${method}: no answer`));
        }, 15_000);
        socket.on('open', () => socket.send(JSON.stringify({ type: 'request', id: 1, method, params })));
        socket.on('message', (data: Buffer, binary: boolean) => {
          if (binary) return;
          const message = JSON.parse(data.toString('utf8')) as { type: string; id?: number; result?: T };
          if (message.type !== 'response' || message.id !== 1) return;
          clearTimeout(timer);
          socket.close();
          resolve(message.result as T);
        });
        socket.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      }),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * The transport the running Playwright project asks for (`metadata.videoTransport`), or null for
 * the site's default (MPEG-1). Outside a test (a global setup) there is no project: null.
 */
export function videoTransport(): 'h264' | 'mpeg1' | null {
  try {
    const wanted = test.info().project.metadata.videoTransport as unknown;
    return wanted === 'h264' || wanted === 'mpeg1' ? wanted : null;
  } catch {
    return null;
  }
}
