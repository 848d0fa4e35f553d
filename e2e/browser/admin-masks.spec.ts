import { spawnSync } from 'node:child_process';
import { VIDEO_HEADER_BYTES } from '../../src-shared/contract';
import { expect, test, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { launchChromium } from '../support/chromium';
import { startVigieHost, type VigieHost } from '../support/vigie-host';

/** The grey the core burns over masked areas (src-main/core/relay/privacy-mask.ts). */
const MASK_RGB = [0x50, 0x50, 0x50];

/** Watches one camera's grid stream over the core's socket, as a wall tile does, for `ms`. */
async function relayed(host: VigieHost, cameraId: string, ms: number): Promise<Buffer> {
  const socket = new WebSocket(`${host.origin.replace('http', 'ws')}/ws?token=${host.token}`, {
    origin: host.origin,
  });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary && data.readUInt16BE(1) === 1) chunks.push(Buffer.from(data.subarray(VIDEO_HEADER_BYTES)));
  });
  socket.send(JSON.stringify({ type: 'watch', slot: 1, cameraId, profile: 'grid' }));
  await new Promise((resolve) => setTimeout(resolve, ms));
  socket.close();
  return Buffer.concat(chunks);
}

/** RGB of the last decoded frame at (fx, fy), decoded by ffmpeg exactly as the window receives it. */
function pixelOfLastFrame(ts: Buffer, fx: number, fy: number): number[] {
  const width = 640;
  const height = 360;
  const decoded = spawnSync(
    'ffmpeg',
    ['-loglevel', 'error', '-f', 'mpegts', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { input: ts, maxBuffer: 256 << 20 },
  );
  const size = width * height * 3;
  const frames = Math.floor(decoded.stdout.length / size);
  if (frames < 1) return [-1, -1, -1];
  const offset = (frames - 1) * size + (Math.floor(fy * height) * width + Math.floor(fx * width)) * 3;
  return [decoded.stdout[offset] ?? -1, decoded.stdout[offset + 1] ?? -1, decoded.stdout[offset + 2] ?? -1];
}

const isMask = (rgb: number[]) => rgb.every((value, i) => Math.abs(value - (MASK_RGB[i] ?? 0)) <= 12);

async function clickAt(page: Page, fx: number, fy: number): Promise<void> {
  const box = await page.getByTestId('mask-canvas').boundingBox();
  if (!box) throw new Error('no mask canvas');
  await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
}

test.describe('the admin window in Chromium', () => {
  let host: VigieHost;
  test.beforeAll(async () => {
    host = await startVigieHost(['--demo', '1']);
  });
  test.afterAll(async () => {
    await host?.stop();
  });

  test('an admin draws a privacy mask on the camera still, saves it, and the relayed stream is masked', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${host.origin}/?token=${host.token}&view=admin`);

      // A fresh workstation: the first admin is created through the API, and logged in.
      await expect(page.getByTestId('admin-login')).toContainText('Premier administrateur');
      await page.getByLabel('Nom et prénom').fill('Alice Admin');
      await page.getByTestId('admin-badge').fill('A1');
      await page.getByTestId('admin-pin').fill('1234');
      await page.getByTestId('admin-login-submit').click();
      await expect(page.getByTestId('admin-who')).toContainText('Alice Admin (A1) — Administrateur');

      // Before: the left of the picture shows the scene.
      expect(isMask(pixelOfLastFrame(await relayed(host, 'demo-1', 2500), 0.15, 0.5))).toBe(false);

      await page.getByTestId('mask-camera').selectOption('demo-1');
      await expect(page.locator('.adm-still')).toBeVisible();
      await page.getByTestId('mask-new').click();
      await page.getByTestId('mask-canvas').scrollIntoViewIfNeeded();
      for (const [x, y] of [
        [0.01, 0.01],
        [0.45, 0.01],
        [0.45, 0.99],
        [0.01, 0.99],
      ] as const)
        await clickAt(page, x, y);
      await page.getByTestId('mask-finish').click();
      await expect(page.locator('.adm-mask')).toHaveCount(1);
      await page.getByTestId('mask-save').click();
      await expect(page.getByTestId('mask-status')).toContainText('Masques appliqués');

      // After: what leaves the core is grey there, and the rest is still the scene.
      await expect
        .poll(
          async () => {
            const ts = await relayed(host, 'demo-1', 2500);
            return [isMask(pixelOfLastFrame(ts, 0.15, 0.5)), isMask(pixelOfLastFrame(ts, 0.8, 0.5))];
          },
          { timeout: 20_000, intervals: [500] },
        )
        .toEqual([true, false]);

      // The change is in the audit trail, shown in the same window.
      await page.getByTestId('admin-tab-audit').click();
      await page.getByTestId('audit-action').selectOption('masks.set');
      await page.getByTestId('audit-search').click();
      await expect(page.locator('[data-testid="audit-table"] tr[data-action="masks.set"]')).toContainText(
        'Alice Admin (A1)',
      );
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
