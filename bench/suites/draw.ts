import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { ffmpegPath } from '../../src-main/core/relay/ffmpeg-process';
import type { BenchFigure, BenchSuite } from '../bench-types';
import { DRAW_METHODS, type DrawMethod } from '../support/draw-methods';
import { cpuSeconds } from '../support/proc-cpu';
import { FULL_HD, WallBrowser } from '../support/wall-browser';

/** A 1920×1080 monitor of 4×4 tiles, as the wall bench's windows. */
const TILE = { width: 480, height: 270 };
const TILES = 16;
const PICTURES = 600;
const ROUNDS = 3;

/**
 * How a decoded H.264 picture reaches a tile, measured in this machine's Chromium: the CPU of
 * the whole browser per picture for each way of drawing a WebCodecs `VideoFrame` at tile size,
 * against decoding alone in the same run (bench/browser/draw-page.ts). It is what decides the
 * passthrough tile's drawing path (webcodecs-decoder.ts) and what bounds a passthrough wall on a
 * machine without a GPU: no way of drawing can take a picture below the decode-only figure.
 *
 * The clip is 640×360 H.264 (baseline, 25 fps, 1 s GOP), the size of a camera's grid sub-stream,
 * made by ffmpeg; pictures are decoded as fast as they are drawn, a few ahead.
 */
async function measure(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigie-draw-'));
  const server = createServer((request, response) => {
    const name = request.url === '/' ? 'index.html' : (request.url ?? '').slice(1);
    if (!['index.html', 'draw-page.js', 'clip.h264'].includes(name)) {
      response.writeHead(404).end();
      return;
    }
    const type = name.endsWith('.js')
      ? 'text/javascript'
      : name.endsWith('.html')
        ? 'text/html'
        : 'video/h264';
    response.writeHead(200, { 'content-type': type }).end(readFileSync(path.join(dir, name)));
  });
  let browser: WallBrowser | null = null;
  try {
    execFileSync(ffmpegPath(), [
      ...[
        '-hide_banner',
        '-loglevel',
        'error',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=640x360:rate=25',
        '-t',
        '20',
      ],
      ...['-c:v', 'libx264', '-profile:v', 'baseline', '-preset', 'veryfast', '-g', '25'],
      ...['-bsf:v', 'h264_metadata=aud=insert', '-f', 'h264', path.join(dir, 'clip.h264')],
    ]);
    await build({
      entryPoints: [path.join(import.meta.dirname, '..', 'browser', 'draw-page.ts')],
      bundle: true,
      format: 'esm',
      outfile: path.join(dir, 'draw-page.js'),
      logLevel: 'error',
    });
    writeFileSync(
      path.join(dir, 'index.html'),
      `<!doctype html><html><body style="margin:0"><div id="wall" style="display:grid;grid-template-columns:repeat(4,${TILE.width}px)"></div><script type="module" src="draw-page.js"></script></body></html>`,
    );
    server.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    browser = await WallBrowser.launch();
    const [page] = await browser.open(
      [`http://127.0.0.1:${(server.address() as AddressInfo).port}/`],
      FULL_HD,
    );
    if (!page) throw new Error('no page');
    await page.waitForFunction('typeof window.vigieDrawBench === "function"');
    const perPicture = new Map<DrawMethod, number[]>();
    // Rounds interleave the methods, so a busy moment of the machine weighs on all of them alike.
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const method of DRAW_METHODS) {
        const pids = browser.allPids();
        const before = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
        const result = await page.evaluate<{ pictures: number; ms: number }>(
          `window.vigieDrawBench(${JSON.stringify(method)}, ${TILES}, ${PICTURES}, ${JSON.stringify(TILE)})`,
        );
        const after = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
        if (result.pictures < PICTURES) throw new Error(`${method}: ${result.pictures} pictures drawn`);
        // The first round warms the JIT and the decoder's threads: not counted.
        if (round > 0)
          perPicture.set(method, [
            ...(perPicture.get(method) ?? []),
            ((after - before) * 1000) / result.pictures,
          ]);
      }
    }
    const mean = (method: DrawMethod) => {
      const values = perPicture.get(method) ?? [];
      return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    };
    const decode = mean('decode-only');
    const convert = mean('convert');
    const figures: BenchFigure[] = DRAW_METHODS.map((method) => ({
      name: `${method}: Chromium CPU per 640x360 picture at ${TILE.width}x${TILE.height}`,
      value: mean(method),
      unit: 'ms',
    }));
    for (const method of DRAW_METHODS.filter((m) => m !== 'decode-only' && m !== 'convert')) {
      figures.push({
        name: `ratio ${method}/convert (Vigie's path)`,
        value: mean(method) / convert,
        unit: 'x',
      });
    }
    figures.push({ name: 'ratio convert/decode-only', value: convert / decode, unit: 'x' });
    figures.push({ name: "drawing above decoding, Vigie's path", value: convert - decode, unit: 'ms' });
    return figures;
  } finally {
    await browser?.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const suite: BenchSuite = { name: 'draw', run: measure };
