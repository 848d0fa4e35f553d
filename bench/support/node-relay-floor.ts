import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { sourceArgs } from '../../src-main/core/relay/ffmpeg-args';
import { ffmpegPath } from '../../src-main/core/relay/ffmpeg-process';
import { cpuShare } from './proc-cpu';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The least a Node process can spend relaying one camera over a WebSocket: the same source
 * ffmpeg as Vigie's (RTSP → MPEG-TS, `-c:v copy`, flushed per picture), each read sent as is from
 * a bare `ws` server to a `ws` client in this process. No demux, no header, no flow control, no
 * replay buffer: no Vigie code at all.
 *
 * Why: passthrough's core figure holds this process's own socket client and Node's per-read and
 * per-send cost, which no demuxer can remove. Measured in the same run as Vigie's core, it says
 * how much of the core's CPU is Vigie's and how much is the floor under it.
 *
 * Returns this process's CPU share (1.0 = a core) above `idle`, the same process measured with
 * no stream.
 */
export async function nodeRelayFloor(
  url: string,
  warmMs: number,
  measureMs: number,
  idle: number,
): Promise<{ share: number; messages: number }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  let messages = 0;
  client.on('message', () => (messages += 1));
  const sender = await accepted;
  const child = spawn(ffmpegPath(), sourceArgs(url), { stdio: ['ignore', 'pipe', 'ignore'] });
  child.stdout.on('data', (data: Buffer) => sender.send(data, { binary: true }));
  try {
    await sleep(warmMs);
    const before = messages;
    const share = await cpuShare(() => [], measureMs, true);
    if (messages === before) throw new Error('the floor relay received nothing');
    return { share: Math.max(0, share - idle), messages: messages - before };
  } finally {
    child.kill('SIGKILL');
    client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
