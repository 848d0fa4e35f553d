import {
  codecString,
  isKeyAccessUnit,
  nalUnits,
  NAL_AUD,
} from '../../src-renderer/wall/video/h264-bitstream';
import { allocateI420 } from '../../src-renderer/wall/video/i420-layout';
import { outputSize } from '../../src-renderer/wall/video/yuv-convert';
import { YuvPainter } from '../../src-renderer/wall/video/yuv-painter';
import type { DrawMethod } from '../support/draw-methods';

// The draw bench's page: decodes a clip with WebCodecs and draws it onto tiles one way or another.

interface DrawRun {
  pictures: number;
  ms: number;
}

/** Cuts the clip (Annex B, an access unit delimiter in front of each picture) into access units. */
function accessUnits(stream: Uint8Array): { data: Uint8Array; key: boolean }[] {
  const starts = nalUnits(stream)
    .filter((unit) => unit.type === NAL_AUD)
    .map((unit) => unit.start);
  return starts.map((start, index) => {
    const data = stream.subarray(start, starts[index + 1] ?? stream.length);
    return { data, key: isKeyAccessUnit(data) };
  });
}

/** Decodes `count` pictures of the clip, each drawn by `method` onto the next of `tiles` canvases. */
async function run(
  method: DrawMethod,
  tiles: number,
  count: number,
  tile: { width: number; height: number },
): Promise<DrawRun> {
  const units = accessUnits(new Uint8Array(await (await fetch('clip.h264')).arrayBuffer()));
  const wall = document.getElementById('wall');
  const codec = units[0] ? codecString(units[0].data) : null;
  if (!wall || !codec) throw new Error('no wall, or no clip starting with its SPS');
  wall.replaceChildren();
  const canvases = Array.from({ length: tiles }, () => {
    const canvas = document.createElement('canvas');
    canvas.style.width = `${tile.width}px`;
    canvas.style.height = `${tile.height}px`;
    wall.appendChild(canvas);
    return canvas;
  });
  const painters = canvases.map((canvas) =>
    method === 'bitmap-renderer'
      ? null
      : new YuvPainter(canvas, canvas.getContext('2d') as CanvasRenderingContext2D),
  );
  const contexts2d = canvases.map((canvas) =>
    method === 'bitmap-renderer' ? null : canvas.getContext('2d'),
  );
  const bitmapContexts = canvases.map((canvas) =>
    method === 'bitmap-renderer' ? canvas.getContext('bitmaprenderer') : null,
  );
  let planes: ReturnType<typeof allocateI420> | null = null;
  let next = 0;
  let done = 0;
  let inFlight = 0;
  let failure: Error | null = null;

  const draw = async (frame: VideoFrame): Promise<void> => {
    const index = next % tiles;
    next += 1;
    const size = outputSize({ width: frame.displayWidth, height: frame.displayHeight }, tile);
    const canvas = canvases[index] as HTMLCanvasElement;
    if (method === 'decode-only') return;
    if (method === 'convert') {
      const width = frame.visibleRect?.width ?? frame.codedWidth;
      const height = frame.visibleRect?.height ?? frame.codedHeight;
      if (!planes || planes.layout.width !== width || planes.layout.height !== height)
        planes = allocateI420(width, height);
      await frame.copyTo(planes.buffer, { layout: planes.layout.planes });
      painters[index]?.paint(planes, width, height, size);
      return;
    }
    if (canvas.width !== size.width) canvas.width = size.width;
    if (canvas.height !== size.height) canvas.height = size.height;
    if (method === 'drawimage') {
      contexts2d[index]?.drawImage(frame, 0, 0, size.width, size.height);
      return;
    }
    const bitmap = await createImageBitmap(frame, {
      resizeWidth: size.width,
      resizeHeight: size.height,
      resizeQuality: 'low',
    });
    if (method === 'bitmap-renderer') bitmapContexts[index]?.transferFromImageBitmap(bitmap);
    else {
      contexts2d[index]?.drawImage(bitmap, 0, 0);
      bitmap.close();
    }
  };

  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const decoder = new VideoDecoder({
      output: (frame) => {
        inFlight += 1;
        draw(frame)
          .catch((error: unknown) => (failure = error instanceof Error ? error : new Error('drawing failed')))
          .finally(() => {
            frame.close();
            inFlight -= 1;
            done += 1;
            if (failure) reject(failure);
            else if (done >= count) resolve();
          });
      },
      error: (error) => reject(error),
    });
    decoder.configure({ codec, optimizeForLatency: true });
    let fed = 0;
    // As fast as the decoder and the drawing go, a few pictures ahead: CPU per picture is the figure.
    const feed = (): void => {
      while (fed < count && decoder.decodeQueueSize < 4 && inFlight < 4) {
        const unit = units[fed % units.length];
        if (!unit) break;
        decoder.decode(
          new EncodedVideoChunk({
            type: fed === 0 || unit.key ? 'key' : 'delta',
            timestamp: fed * 40_000,
            data: unit.data,
          }),
        );
        fed += 1;
      }
      if (fed < count) setTimeout(feed, 0);
      else void decoder.flush().then(() => decoder.close());
    };
    feed();
  });
  return { pictures: done, ms: performance.now() - started };
}

declare global {
  interface Window {
    vigieDrawBench: typeof run;
  }
}
window.vigieDrawBench = run;
