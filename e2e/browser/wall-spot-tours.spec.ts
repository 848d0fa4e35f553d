import { expect, test, type Page } from '@playwright/test';
import { launchChromium } from '../support/chromium';
import { startVigieHost, type VigieHost } from '../support/vigie-host';
import { smallDemoConfig, tileAt, tileOf } from '../support/wall-page';

/*
 * What crosses windows and time: the spot monitor (display 1 sends, display 2's page receives,
 * through the core) and tours (cameras follow one another in a tile, and pause while the
 * operator has that tile selected).
 */

let host: VigieHost;
let browser: Awaited<ReturnType<typeof launchChromium>>;

test.beforeAll(async () => {
  host = await startVigieHost([], smallDemoConfig(8));
  browser = await launchChromium();
});

test.afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

async function open(display: number): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(host.wallUrl(display));
  await expect(page.getByTestId('wall')).toHaveAttribute('data-preset', '2x2');
  return page;
}

test('the spot monitor sends the selected camera to display 2’s spot tile, on whatever page it shows', async () => {
  const one = await open(1);
  const two = await open(2);
  await expect(tileAt(two, 0)).toHaveAttribute('data-spot-tile', 'true');
  await expect(tileAt(two, 0)).toHaveAttribute('data-camera-id', 'demo-5');

  // "2 S": camera of the selected tile to display 2.
  await tileOf(one, 'demo-3').click();
  await one.keyboard.type('2');
  await one.keyboard.press('s');
  await expect(one.locator('[data-testid="notice"][data-key="spotSent"]')).toContainText('écran 2');
  await expect(tileAt(two, 0)).toHaveAttribute('data-camera-id', 'demo-3');
  await expect(tileAt(two, 0)).toHaveAttribute('data-state', 'live', { timeout: 30_000 });

  // Display 2 turns to an empty page: the spot lands on the page it shows.
  await two.bringToFront();
  await two.keyboard.press('PageDown');
  await expect(two.getByTestId('page-indicator')).toHaveText('Page 2/2');
  await one.bringToFront();
  await tileOf(one, 'demo-4').click();
  await one.keyboard.press('s'); // display 2 is display 1's default spot target
  await expect(tileAt(two, 0)).toHaveAttribute('data-camera-id', 'demo-4');
  await expect(tileAt(two, 0)).toHaveAttribute('data-state', 'live', { timeout: 30_000 });

  // Display 2 makes its last tile the spot tile (Shift+S on the selected tile).
  await two.bringToFront();
  await tileAt(two, 3).click();
  await two.keyboard.press('Shift+S');
  await expect(tileAt(two, 3)).toHaveAttribute('data-spot-tile', 'true');
  await one.bringToFront();
  await tileOf(one, 'demo-1').click();
  await one.keyboard.press('s');
  await expect(tileAt(two, 3)).toHaveAttribute('data-camera-id', 'demo-1');
  await expect(tileAt(two, 0)).toHaveAttribute('data-camera-id', 'demo-4');
  await one.close();
  await two.close();
});

test('a tour advances through its cameras, pauses while its tile is selected, and stops on T', async () => {
  const page = await open(1);
  await tileAt(page, 3).click();
  await page.keyboard.press('Shift+T');
  const editor = page.getByTestId('tour-editor');
  await editor.getByTestId('tour-name').fill('Centre-ville');
  const steps = [5, 6, 7];
  for (const [i, number] of steps.entries()) {
    if (i > 0) await editor.getByTestId('tour-add-step').click();
    await editor.getByTestId('tour-step-camera').nth(i).fill(String(number));
    await editor.getByTestId('tour-step-dwell').nth(i).fill('2');
  }
  await editor.getByTestId('tour-start').click();
  await expect(editor).toBeHidden();

  const tourTile = page.locator('[data-testid="tile"][data-index="3"]');
  await expect(tourTile).toHaveAttribute('data-camera-id', 'demo-5');
  // Selected: the tour waits for the operator.
  await expect(tourTile).toHaveAttribute('data-tour-state', 'paused');

  await page.keyboard.press('Escape');
  await expect(tourTile).toHaveAttribute('data-tour-state', 'running');
  const seen: string[] = [];
  const deadline = Date.now() + 9_000;
  while (Date.now() < deadline && seen.length < 4) {
    const id = (await tourTile.getAttribute('data-camera-id')) ?? '';
    if (seen.at(-1) !== id) seen.push(id);
    await page.waitForTimeout(200);
  }
  expect(seen).toEqual(['demo-5', 'demo-6', 'demo-7', 'demo-5']);
  await expect(tourTile).toHaveAttribute('data-state', 'live', { timeout: 30_000 });

  // Selecting the tile holds the current camera well past its dwell time.
  await tourTile.click();
  await expect(tourTile).toHaveAttribute('data-tour-state', 'paused');
  const held = await tourTile.getAttribute('data-camera-id');
  await page.waitForTimeout(3_000);
  await expect(tourTile).toHaveAttribute('data-camera-id', held!);

  // T stops the tour: the tile shows its own camera again.
  await page.keyboard.press('t');
  await expect(tourTile).toHaveAttribute('data-camera-id', 'demo-4');
  await expect(tourTile).toHaveAttribute('data-tour-state', '');
  // "1 T" starts the first saved tour again.
  await page.keyboard.type('1');
  await page.keyboard.press('t');
  await expect(tourTile).toHaveAttribute('data-tour', /.+/);
  await page.close();
});
