import { expect, test, type Page } from '@playwright/test';
import type { StreamStatus } from '../../src-shared/contract';
import { launchChromium, tileFingerprints } from '../support/chromium';
import { startVigieHost, type VigieHost } from '../support/vigie-host';

const tile = (page: Page, cameraId: string) =>
  page.locator(`[data-testid="tile"][data-camera-id="${cameraId}"]`);

/**
 * Fault injection in the real browser's own VideoDecoder: once the test sets
 * `window.__failDecoders`, every decoder fails at its next decode the way a real one does when
 * its GPU or utility process dies or the browser withdraws a session (closed, then its error
 * callback). Everything else (decoding before that, the tile, the socket, the core) is real.
 */
const FAULT_SCRIPT = `
  (() => {
    const Real = window.VideoDecoder;
    if (!Real) return;
    window.__failDecoders = false;
    window.__decodersFailed = 0;
    window.VideoDecoder = class extends Real {
      constructor(init) {
        super(init);
        this.__error = init.error;
      }
      decode(chunk) {
        if (window.__failDecoders) {
          window.__decodersFailed += 1;
          this.close();
          this.__error(new DOMException('injected decoder failure', 'OperationError'));
          return;
        }
        super.decode(chunk);
      }
    };
  })();
`;

test.describe('H.264 passthrough in Chromium: WebCodecs, and the fall back to MPEG-1', () => {
  let host: VigieHost;
  test.beforeAll(async () => {
    host = await startVigieHost(['--demo', '4', '--video-transport', 'h264']);
  });
  test.afterAll(async () => {
    await host?.stop();
  });

  test('tiles decode the camera H.264; a failing decoder moves its tile to MPEG-1 and the tile stays live', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.addInitScript(FAULT_SCRIPT);
      await page.goto(host.url.toString());
      const ids = ['demo-1', 'demo-2', 'demo-3', 'demo-4'];
      for (const id of ids) {
        await expect(tile(page, id)).toHaveAttribute('data-state', 'live', { timeout: 45_000 });
        await expect(tile(page, id)).toHaveAttribute('data-transport', 'h264', { timeout: 15_000 });
      }
      // The core really relays the camera's H.264 to this window (its status says so).
      const h264Streams = async () =>
        (await host.api<StreamStatus[]>('/api/streams'))
          .filter((status) => status.state === 'live' && status.transport === 'h264')
          .map((status) => status.cameraId)
          .sort();
      await expect.poll(h264Streams, { timeout: 15_000 }).toEqual(ids);

      await page.evaluate(() => {
        (window as unknown as { __failDecoders: boolean }).__failDecoders = true;
      });
      for (const id of ids) {
        await expect(tile(page, id)).toHaveAttribute('data-transport', 'mpeg1', { timeout: 20_000 });
        await expect(tile(page, id)).toHaveAttribute('data-decoder', /^jsmpeg\//);
        await expect(tile(page, id)).toHaveAttribute('data-state', 'live');
      }
      expect(
        await page.evaluate(() => (window as unknown as { __decodersFailed: number }).__decodersFailed),
      ).toBeGreaterThan(0);
      // Pictures still move, now decoded by JSMpeg from the core's transcode.
      const before = await tileFingerprints(page);
      await expect
        .poll(
          async () => {
            const now = await tileFingerprints(page);
            return ids.filter((id) => now[id] !== undefined && now[id] !== before[id]);
          },
          { timeout: 20_000, intervals: [500] },
        )
        .toEqual(ids);
      await expect.poll(h264Streams, { timeout: 20_000 }).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
