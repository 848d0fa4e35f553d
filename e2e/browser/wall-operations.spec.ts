import { existsSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { launchChromium, tileFingerprints } from '../support/chromium';
import { startVigieHost, type VigieHost } from '../support/vigie-host';
import {
  cameraIds,
  expectMoving,
  smallDemoConfig,
  tileAt,
  tileOf,
  tiles,
  typeCamera,
  viewers,
} from '../support/wall-page';

/*
 * The operator's wall in Chromium on real demo cameras (small pictures, so the 2-core machine
 * keeps up): layouts, the CCTV keyboard, drag and drop, pages, maximise with its stream profile,
 * snapshots. Tests share one `vigie serve`; each starts from IT's layout again.
 */

let host: VigieHost;
let browser: Awaited<ReturnType<typeof launchChromium>>;

test.beforeAll(async () => {
  host = await startVigieHost([], smallDemoConfig(10));
  browser = await launchChromium();
});

test.afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

/** Console errors and uncaught exceptions per page (CSP violations show up here too). */
const pageErrors = new WeakMap<Page, string[]>();

/** Closes a page after checking it logged no error. */
async function closeClean(page: Page): Promise<void> {
  expect(pageErrors.get(page) ?? []).toEqual([]);
  await page.close();
}

/** Opens display 1 and brings it back to IT's layout (2×2 of demo-1…4). */
async function openFresh(display = 1): Promise<Page> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(host.wallUrl(display));
  await expect(page.getByTestId('wall')).toHaveAttribute('data-preset', /.+/);
  await page.getByTestId('reset-layout').click();
  await page.getByTestId('reset-confirm').click();
  await expect(page.getByTestId('wall')).toHaveAttribute('data-preset', '2x2');
  await expect(tiles(page)).toHaveCount(4);
  return page;
}

test('switches between every preset layout and a merged custom one, keeping the cameras in order', async () => {
  const page = await openFresh();
  const wall = page.getByTestId('wall');
  await expect(tileOf(page, 'demo-1')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });

  await page.keyboard.press('Alt+3');
  await expect(wall).toHaveAttribute('data-preset', '3x3');
  await expect(tiles(page)).toHaveCount(9);
  expect((await cameraIds(page)).slice(0, 5)).toEqual(['demo-1', 'demo-2', 'demo-3', 'demo-4', '']);

  await page.getByTestId('layout-1+5').click();
  await expect(tiles(page)).toHaveCount(6);
  const big = await tileAt(page, 0).boundingBox();
  const small = await tileAt(page, 1).boundingBox();
  expect(big!.width).toBeGreaterThan(small!.width * 1.8);

  for (const [key, preset, count] of [
    ['Alt+6', '1+7', 8],
    ['Alt+7', '1+12', 13],
    ['Alt+1', '1', 1],
    ['Alt+4', '4x4', 16],
    ['Alt+2', '2x2', 4],
  ] as const) {
    await page.keyboard.press(key);
    await expect(wall).toHaveAttribute('data-preset', preset);
    await expect(tiles(page)).toHaveCount(count);
  }

  // Custom: a 3×2 grid whose top-left 2×2 is merged into one tile.
  await page.keyboard.press('Alt+8');
  const editor = page.getByTestId('layout-editor');
  await editor.getByTestId('layout-editor-columns').selectOption('3');
  await editor.getByTestId('layout-editor-rows').selectOption('2');
  await editor.locator('[data-testid="layout-editor-cell"][data-x="0"][data-y="0"]').click();
  await editor.locator('[data-testid="layout-editor-cell"][data-x="1"][data-y="1"]').click();
  await editor.getByTestId('layout-editor-merge').click();
  await expect(editor.getByTestId('layout-editor-cell')).toHaveCount(3);
  await editor.getByTestId('layout-editor-apply').click();
  await expect(editor).toBeHidden();
  await expect(wall).toHaveAttribute('data-preset', 'custom');
  await expect(tiles(page)).toHaveCount(3);
  await expect(tileAt(page, 0)).toHaveAttribute('data-camera-id', 'demo-1');
  await expect(tileAt(page, 0)).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await closeClean(page);
});

test('camera number + Enter fills the selected tile; arrows, clear and pages work from the keyboard', async () => {
  const page = await openFresh();
  await tileAt(page, 0).click();
  await expect(tileAt(page, 0)).toHaveAttribute('data-selected', 'true');

  await page.keyboard.type('7');
  await expect(page.getByTestId('entry-digits')).toHaveText('7');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('entry')).toBeHidden();
  await expect(tileAt(page, 0)).toHaveAttribute('data-camera-id', 'demo-7');
  await expect(tileAt(page, 0)).toHaveAttribute('data-state', 'live', { timeout: 30_000 });

  await page.keyboard.press('ArrowRight');
  await expect(tileAt(page, 1)).toHaveAttribute('data-selected', 'true');
  await typeCamera(page, 9);
  await expect(tileAt(page, 1)).toHaveAttribute('data-camera-id', 'demo-9');

  await typeCamera(page, 99);
  await expect(page.locator('[data-testid="notice"][data-key="unknownCamera"]')).toContainText('99');
  await expect(tileAt(page, 1)).toHaveAttribute('data-camera-id', 'demo-9');

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Delete');
  await expect(tileAt(page, 3)).toHaveAttribute('data-state', 'empty');

  // A second page for more cameras than tiles.
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('page-indicator')).toHaveText('Page 2/2');
  expect(await cameraIds(page)).toEqual(['', '', '', '']);
  await page.keyboard.press('ArrowLeft');
  await typeCamera(page, 10);
  await expect(tileOf(page, 'demo-10')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await expect.poll(() => viewers(host, 'demo-10', 'grid')).toBe(1);
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('page-indicator')).toHaveText('Page 1/2');
  expect(await cameraIds(page)).toEqual(['demo-7', 'demo-9', 'demo-3', '']);
  // Off-page tiles cost nothing: their stream has no viewer any more.
  await expect.poll(() => viewers(host, 'demo-10', 'grid')).toBe(0);
  await expectMoving(page, ['demo-7', 'demo-9', 'demo-3']);
  await closeClean(page);
});

test('drags a camera from the tree onto a tile, swaps two tiles, and searches the tree', async () => {
  const page = await openFresh();
  const tree = page.getByTestId('camera-tree');
  await expect(tree.getByTestId('tree-commune').first()).toBeVisible();
  await tree.locator('[data-testid="tree-camera"][data-camera-id="demo-8"]').dragTo(tileAt(page, 2));
  await expect(tileAt(page, 2)).toHaveAttribute('data-camera-id', 'demo-8');
  await expect(tileAt(page, 2)).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  // The tree's status dot follows the stream.
  await expect(tree.locator('[data-testid="tree-camera"][data-camera-id="demo-8"]')).toHaveAttribute(
    'data-status',
    'live',
  );

  await tileAt(page, 0).dragTo(tileAt(page, 3));
  expect(await cameraIds(page)).toEqual(['demo-4', 'demo-2', 'demo-8', 'demo-1']);
  await expect(tileAt(page, 3)).toHaveAttribute('data-state', 'live', { timeout: 30_000 });

  await page.getByTestId('camera-search').fill('gare');
  await expect(tree.getByTestId('tree-camera')).toHaveCount(1);
  await expect(tree.getByTestId('tree-camera')).toHaveAttribute('data-camera-id', 'demo-2');
  await page.getByTestId('camera-search').fill('1');
  await expect(tree.getByTestId('tree-camera')).toHaveCount(2); // 1 and 10
  await closeClean(page);
});

test('maximising switches the stream to full without a black gap, and restoring goes back to grid', async () => {
  const page = await openFresh();
  await expect(tileOf(page, 'demo-2')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await expect(tileOf(page, 'demo-2')).toHaveAttribute('data-profile', 'grid');
  await tileOf(page, 'demo-2').click();
  await page.keyboard.press('Enter');
  const maximised = tileOf(page, 'demo-2');
  await expect(maximised).toHaveAttribute('data-maximised', 'true');
  await expect(maximised).toHaveAttribute('data-profile', 'full');

  // Sample the picture while the full stream starts: never black, never missing.
  const samples: string[] = [];
  for (let i = 0; i < 20; i += 1) {
    samples.push((await tileFingerprints(page))['demo-2'] ?? 'none');
    await page.waitForTimeout(50);
  }
  expect(samples.filter((s) => s === 'none' || s.endsWith(':0'))).toEqual([]);

  await expect.poll(() => viewers(host, 'demo-2', 'full'), { timeout: 20_000 }).toBe(1);
  await expect.poll(() => viewers(host, 'demo-2', 'grid')).toBe(0);
  // Tiles behind the maximised one stop their streams.
  await expect(tileOf(page, 'demo-1')).toHaveAttribute('data-covered', 'true');
  await expect.poll(() => viewers(host, 'demo-1', 'grid')).toBe(0);
  await expect(maximised).toHaveAttribute('data-state', 'live');
  await expectMoving(page, ['demo-2']);

  await page.keyboard.press('Escape');
  await expect(maximised).toHaveAttribute('data-maximised', 'false');
  await expect(maximised).toHaveAttribute('data-profile', 'grid');
  await expect.poll(() => viewers(host, 'demo-2', 'grid'), { timeout: 20_000 }).toBe(1);
  await expect.poll(() => viewers(host, 'demo-2', 'full')).toBe(0);
  await expect.poll(() => viewers(host, 'demo-1', 'grid')).toBe(1);

  // Double-click does the same.
  await tileOf(page, 'demo-4').dblclick();
  await expect(tileOf(page, 'demo-4')).toHaveAttribute('data-profile', 'full');
  await tileOf(page, 'demo-4').dblclick();
  await expect(tileOf(page, 'demo-4')).toHaveAttribute('data-profile', 'grid');
  await closeClean(page);
});

test('saves a captioned snapshot through the core, shows fps and kbit/s, and lists the shortcuts', async () => {
  // Snapshots are signed by the operator on duty: refused until someone is logged in.
  const refusedPage = await openFresh();
  await expect(tileOf(refusedPage, 'demo-3')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await tileOf(refusedPage, 'demo-3').click();
  await refusedPage.keyboard.press('p');
  await expect(refusedPage.locator('[data-testid="notice"][data-key="snapshotFailed"]')).toContainText(
    'connectez-vous',
  );
  await closeClean(refusedPage);
  await host.call('operators.bootstrapAdmin', { name: 'Ada Admin', badge: 'ADM1', pin: '2468' });
  const page = await openFresh();
  await expect(tileOf(page, 'demo-3')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await tileOf(page, 'demo-3').click();
  await page.keyboard.press('p');
  const notice = page.locator('[data-testid="notice"][data-key="snapshotSaved"]');
  await expect(notice).toContainText('Capture enregistrée');
  const file = /Capture enregistrée : (.+\.png)/.exec((await notice.textContent()) ?? '')?.[1];
  expect(file).toContain('camera-3_');
  expect(existsSync(file!)).toBe(true);
  const png = readFileSync(file!);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  // At least 640 px wide (small pictures are scaled up so the caption stays legible).
  expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(640);
  // The picture itself is there: opaque and not blank, above the caption band.
  const viewer = await browser.context.newPage();
  await viewer.setContent(`<img id="shot" src="data:image/png;base64,${png.toString('base64')}">`);
  const picture = await viewer.evaluate(async () => {
    const img = document.getElementById('shot') as HTMLImageElement;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    // The core's caption band under the picture is round(max(12, round(width / 48)) * 2.8) px
    // high (src-main/core/wall/snapshot-writer.ts): look at the picture only, all of it (the demo
    // scene is mostly flat; its label and clock are at the bottom).
    const band = Math.round(Math.max(12, Math.round(canvas.width / 48)) * 2.8);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height - band);
    let opaque = 0;
    let total = 0;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 13) {
      total += 1;
      if (data[i + 3] === 255) opaque += 1;
      colours.add(((data[i]! >> 4) << 8) | ((data[i + 1]! >> 4) << 4) | (data[i + 2]! >> 4));
    }
    return { opaqueShare: opaque / total, colours: colours.size };
  });
  await viewer.close();
  expect(picture.opaqueShare).toBe(1);
  expect(picture.colours).toBeGreaterThan(3);

  await page.keyboard.press('i');
  await expect(tileOf(page, 'demo-3').getByTestId('tile-info')).toContainText('kbit/s');
  await expect(tileOf(page, 'demo-3').getByTestId('tile-clock')).toHaveText(/\d\d:\d\d:\d\d/);

  await page.keyboard.press('F1');
  await expect(page.getByTestId('shortcut-sheet')).toContainText('Raccourcis clavier');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-sheet')).toBeHidden();
  await closeClean(page);
});
