import { expect, test, type Page } from '@playwright/test';
import { launchChromium, tileFingerprints } from '../support/chromium';
import { startVigieHost, videoTransport } from '../support/vigie-host';
import { smallDemoConfig, tileOf } from '../support/wall-page';

/*
 * Instant replay on the wall (issue 14): R rewinds the selected tile in place; it says
 * « Relecture » with the picture's own time, in its own colour, never the live clock; its
 * pictures play; the other tiles stay live; pause stops the picture's time; L goes back to live.
 * Run in both projects: on `chromium-h264` the tile leaves WebCodecs for JSMpeg (replayed
 * pictures are always MPEG-1) and comes back to H.264.
 */

const pictureAt = async (page: Page, id: string): Promise<number> =>
  Number(await tileOf(page, id).getAttribute('data-replay-picture-at'));

test('R rewinds the selected tile in place, which can never pass for live, and L brings it back', async () => {
  const config = smallDemoConfig(2, [
    { display: 1, layout: { columns: 2, rows: 1, tiles: ['demo-1', 'demo-2'] } },
  ]);
  const browser = await launchChromium();
  const host = await startVigieHost([], config);
  const h264 = videoTransport() === 'h264';
  try {
    const page = await browser.context.newPage();
    await page.goto(host.wallUrl(1));
    for (const id of ['demo-1', 'demo-2'])
      await expect(tileOf(page, id)).toHaveAttribute('data-state', 'live', { timeout: 45_000 });
    if (h264) await expect(tileOf(page, 'demo-1')).toHaveAttribute('data-transport', 'h264');
    // Enough live for the buffer to hold more than the rewind.
    await page.waitForTimeout(15_000);

    await tileOf(page, 'demo-1').click();
    await page.keyboard.press('r');
    const replaying = tileOf(page, 'demo-1');
    await expect(replaying).toHaveAttribute('data-state', 'replay');
    await expect(replaying.getByTestId('tile-badge')).toContainText('Relecture');
    await expect(replaying).toHaveAttribute('data-replay-state', 'playing', { timeout: 15_000 });
    // The picture's own time, about 10 s before the wall's clock (the page's, same machine).
    const [at, now] = [await pictureAt(page, 'demo-1'), await page.evaluate(() => Date.now())];
    expect(now - at).toBeGreaterThan(5_000);
    expect(now - at).toBeLessThan(20_000);
    await expect(replaying.getByTestId('tile-replay-time')).toHaveText(/\d{2}:\d{2}:\d{2}/);
    // No live-ness indicator on it: no wall clock, no « En direct ».
    await expect(replaying.getByTestId('tile-clock')).toHaveCount(0);
    await expect(replaying.getByTestId('tile-badge')).not.toContainText('En direct');
    await expect(replaying.getByTestId('replay-bar')).toBeVisible();
    // Its own colour: no live tile's badge has it.
    const replayColour = await replaying
      .getByTestId('tile-badge')
      .evaluate((element) => getComputedStyle(element).backgroundColor);
    const liveColour = await tileOf(page, 'demo-2')
      .getByTestId('tile-badge')
      .evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(replayColour).not.toBe(liveColour);
    // Replayed pictures are MPEG-1, decoded by JSMpeg whatever the live path was.
    await expect(replaying).toHaveAttribute('data-decoder', /^jsmpeg\//);
    // Its pictures play, and the picture's time advances.
    const first = (await tileFingerprints(page))['demo-1'];
    await expect
      .poll(async () => (await tileFingerprints(page))['demo-1'], { timeout: 15_000 })
      .not.toBe(first);
    await expect.poll(() => pictureAt(page, 'demo-1'), { timeout: 10_000 }).toBeGreaterThan(at);
    // The other tile stays live.
    await expect(tileOf(page, 'demo-2')).toHaveAttribute('data-state', 'live');
    await expect(tileOf(page, 'demo-2').getByTestId('tile-badge')).not.toContainText('Relecture');
    await expect(tileOf(page, 'demo-2').getByTestId('tile-clock')).toHaveCount(1);

    // Pause: the picture's time stops advancing.
    await replaying.getByTestId('replay-pause').click();
    await expect(replaying).toHaveAttribute('data-replay-state', 'paused', { timeout: 10_000 });
    await expect(replaying.getByTestId('tile-badge')).toContainText('en pause');
    const pausedAt = await pictureAt(page, 'demo-1');
    await page.waitForTimeout(2_000);
    expect(await pictureAt(page, 'demo-1')).toBe(pausedAt);
    await expect(replaying).toHaveAttribute('data-state', 'replay');

    // Space plays it again, and pauses it once more.
    await page.keyboard.press(' ');
    await expect(replaying).toHaveAttribute('data-replay-state', 'playing', { timeout: 10_000 });
    await expect.poll(() => pictureAt(page, 'demo-1'), { timeout: 10_000 }).toBeGreaterThan(pausedAt);
    await page.keyboard.press(' ');
    await expect(replaying).toHaveAttribute('data-replay-state', 'paused', { timeout: 10_000 });

    // L: back to live, the badge goes, the live clock is back, pictures move again.
    await page.keyboard.press('l');
    await expect(replaying).toHaveAttribute('data-replay', 'false', { timeout: 15_000 });
    await expect(replaying).toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    await expect(replaying.getByTestId('tile-badge')).not.toContainText('Relecture');
    await expect(replaying.getByTestId('tile-clock')).toHaveCount(1);
    await expect(replaying.getByTestId('replay-bar')).toHaveCount(0);
    await expect(replaying).toHaveAttribute('data-transport', h264 ? 'h264' : 'mpeg1', { timeout: 15_000 });
    const back = (await tileFingerprints(page))['demo-1'];
    await expect
      .poll(async () => (await tileFingerprints(page))['demo-1'], { timeout: 15_000 })
      .not.toBe(back);
    await expect(page.locator('[data-testid="notice"][data-key="replayLive"]')).toHaveCount(1);

    // The tile's own button does the same; ×2 says so.
    await replaying.getByTestId('tile-rewind-10').click();
    await expect(replaying).toHaveAttribute('data-replay-state', 'playing', { timeout: 15_000 });
    await replaying.getByTestId('replay-speed').click();
    await expect(replaying).toHaveAttribute('data-replay-speed', '2', { timeout: 10_000 });
    await expect(replaying.getByTestId('tile-badge')).toContainText('×2');
    await replaying.getByTestId('replay-live').click();
    await expect(replaying).toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    await page.close();
  } finally {
    await host.stop();
    await browser.close();
  }
});
