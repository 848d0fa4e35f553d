import { expect, test, type Page } from '@playwright/test';
import type { StreamStatus } from '../../src-shared/contract';
import { launchChromium, tileFingerprints } from '../support/chromium';
import { startVigieHost, videoTransport, type VigieHost } from '../support/vigie-host';

const tiles = (page: Page) => page.locator('[data-testid="tile"]');
const tile = (page: Page, cameraId: string) =>
  page.locator(`[data-testid="tile"][data-camera-id="${cameraId}"]`);

/** Waits until every listed tile's picture changed between two looks. */
async function expectMoving(page: Page, cameraIds: string[]): Promise<void> {
  const first = await tileFingerprints(page);
  await expect
    .poll(
      async () => {
        const now = await tileFingerprints(page);
        return cameraIds.filter(
          (id) => now[id] !== undefined && now[id] !== first[id] && !now[id]?.endsWith(':0'),
        );
      },
      { timeout: 20_000, intervals: [500] },
    )
    .toEqual(cameraIds);
}

test.describe('the wall in Chromium, on the demo fleet', () => {
  let host: VigieHost;
  test.beforeAll(async () => {
    host = await startVigieHost(['--demo', '8']);
  });
  test.afterAll(async () => {
    await host?.stop();
  });

  test('the printed URL shows a live 2×2 wall with names, and pictures move', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(host.url.toString());
      await expect(tiles(page)).toHaveCount(4);
      const ids = ['demo-1', 'demo-2', 'demo-3', 'demo-4'];
      for (const id of ids)
        await expect(tile(page, id)).toHaveAttribute('data-state', 'live', { timeout: 45_000 });
      const welcomeNames = [
        'Place de la Mairie',
        'Gare routière',
        'Avenue de la République',
        'Port — quai nord',
      ];
      for (const [index, id] of ids.entries()) {
        await expect(tile(page, id).getByTestId('tile-name')).toContainText(welcomeNames[index]!);
      }
      await expectMoving(page, ids);
      // The project's path is really the one taken: H.264 decoded by WebCodecs, or MPEG-1 by JSMpeg.
      const h264 = videoTransport() === 'h264';
      for (const id of ids) {
        await expect(tile(page, id)).toHaveAttribute('data-transport', h264 ? 'h264' : 'mpeg1');
        await expect(tile(page, id)).toHaveAttribute('data-decoder', h264 ? /^webcodecs\// : /^jsmpeg\//);
      }
      expect(errors).toEqual([]);

      // Killing a relay's ffmpeg: the core restarts it and the tile resumes on its own.
      const before = (await host.api<StreamStatus[]>('/api/streams')).find((s) => s.cameraId === 'demo-2');
      expect(before?.pid).toBeGreaterThan(0);
      process.kill(before!.pid!, 'SIGKILL');
      await expect
        .poll(
          async () => {
            const s = (await host.api<StreamStatus[]>('/api/streams')).find((x) => x.cameraId === 'demo-2');
            return s && s.state === 'live' && s.pid !== before!.pid ? s.restarts : 0;
          },
          { timeout: 30_000 },
        )
        .toBe(1);
      await expect(tile(page, 'demo-2')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
      await expectMoving(page, ['demo-2']);

      // The header opens the main courante window (a new tab in browser mode).
      const [logbook] = await Promise.all([
        browser.context.waitForEvent('page'),
        page.getByTestId('open-main-courante').click(),
      ]);
      await expect(logbook.getByTestId('logbook-app')).toBeVisible();
      expect(new URL(logbook.url()).searchParams.get('view')).toBe('main-courante');
      await logbook.close();
      await page.close();
    } finally {
      await browser.close();
    }
  });

  test('display=2 opens the second display’s wall', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(host.wallUrl(2));
      const ids = ['demo-5', 'demo-6', 'demo-7', 'demo-8'];
      await expect(tiles(page)).toHaveCount(4);
      for (const id of ids)
        await expect(tile(page, id)).toHaveAttribute('data-state', 'live', { timeout: 45_000 });
      await expect(page.getByText('Écran 2')).toBeVisible();
    } finally {
      await browser.close();
    }
  });
});

test.describe('a camera with a wrong URL', () => {
  let host: VigieHost;
  test.beforeAll(async () => {
    host = await startVigieHost([], {
      version: 1,
      site: { name: 'CSU test' },
      demo: { count: 3, firstNumber: 1 },
      cameras: [
        {
          id: 'cam-broken',
          number: 40,
          name: 'Caméra mal configurée',
          commune: 'Vigieville',
          zone: 'Centre',
          kind: 'security',
          rtsp: { main: 'rtsp://127.0.0.1:1/nothing-here' },
          credentials: { username: 'operator', password: 'never-shown-123' },
        },
      ],
      workstations: {
        default: {
          displays: [
            {
              display: 1,
              layout: { columns: 2, rows: 2, tiles: ['demo-1', 'cam-broken', 'demo-2', 'demo-3'] },
            },
          ],
        },
      },
    });
  });
  test.afterAll(async () => {
    await host?.stop();
  });

  test('shows an error with a human reason while the other tiles stay live', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(host.url.toString());
      const broken = tile(page, 'cam-broken');
      await expect(broken).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
      await expect(broken.getByTestId('tile-reason')).toContainText('Caméra injoignable');
      for (const id of ['demo-1', 'demo-2', 'demo-3']) {
        await expect(tile(page, id)).toHaveAttribute('data-state', 'live', { timeout: 45_000 });
      }
      await expectMoving(page, ['demo-1', 'demo-2', 'demo-3']);
      await expect(broken).toHaveAttribute('data-state', 'error');
      // The password never reaches the page.
      expect(await page.content()).not.toContain('never-shown-123');
    } finally {
      await browser.close();
    }
  });
});
