import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { launchChromium } from '../support/chromium';
import { addOperator, createFirstAdmin, logIn, windowUrl } from '../support/logbook-page';
import { startVigieHost } from '../support/vigie-host';
import { smallDemoConfig, tileOf } from '../support/wall-page';

/*
 * The evidence clip (issue 14), from the wall to the main courante: an operator replays a tile
 * and is refused the clip (the chef de salle's, by the permission table); the chef takes the
 * seat, extracts it, the browser downloads an MP4 whose SHA-256 is the one the dialog shows, and
 * the entry it documents lists it with that hash.
 */

/** Hands the seat to `badge`: whoever is logged in logs out first. */
async function takeSeat(page: Page, badge: string, pin: string): Promise<void> {
  await page.getByTestId('lb-logout').click();
  await logIn(page, badge, pin);
}

test('a replay becomes an evidence clip: refused to an operator, made by the chef, hashed, linked to its entry', async () => {
  const config = smallDemoConfig(1, [{ display: 1, layout: { columns: 1, rows: 1, tiles: ['demo-1'] } }]);
  const browser = await launchChromium();
  const host = await startVigieHost([], config);
  try {
    const logbook = await browser.context.newPage();
    await logbook.goto(windowUrl(host, 'main-courante'));
    await createFirstAdmin(logbook);
    await addOperator(logbook, { name: 'Olga Op', badge: 'OP1', pin: '1357' });
    await takeSeat(logbook, 'OP1', '1357');
    await logbook.getByTestId('nav-shift').click();
    await logbook.getByTestId('shift-open').click();
    await expect(logbook.getByTestId('shift-current')).toBeVisible();
    await logbook.getByTestId('nav-today').click();
    await logbook.getByTestId('entry-category').selectOption('rixe');
    await logbook.getByTestId('entry-description').fill('Rixe devant la caméra 1, deux individus');
    await logbook.getByTestId('entry-submit').click();
    const row = logbook.getByTestId('entry-row').first();
    await expect(row).toBeVisible();
    const entryId = await row.getAttribute('data-entry-id');
    expect(entryId).toMatch(/^\d+$/);

    const wall = await browser.context.newPage();
    await wall.goto(windowUrl(host));
    const tile = tileOf(wall, 'demo-1');
    await expect(tile).toHaveAttribute('data-state', 'live', { timeout: 45_000 });
    // Enough live in the buffer for a clip of several seconds.
    await wall.waitForTimeout(12_000);
    await tile.click();
    await wall.keyboard.press('r');
    await expect(tile).toHaveAttribute('data-replay-state', 'playing', { timeout: 15_000 });
    await tile.getByTestId('replay-clip').click();
    const dialog = wall.getByTestId('clip-dialog');
    await expect(dialog).toContainText('Extrait vidéo — caméra 1');
    // The form checks itself before asking the core.
    await dialog.getByTestId('clip-submit').click();
    await expect(dialog.getByTestId('clip-error')).toHaveText('Indiquez le motif (3 caractères au moins)');
    await dialog.getByTestId('clip-reason').fill('Réquisition OPJ n° 2026-118, rixe');
    await dialog.getByTestId('clip-entry').fill(entryId!);
    await expect(dialog.getByTestId('clip-duration')).toHaveText(/Durée : \d+ s/);

    // An operator may replay, not extract.
    await dialog.getByTestId('clip-submit').click();
    await expect(dialog.getByTestId('clip-error')).toHaveText('Réservé au chef de salle', {
      timeout: 30_000,
    });

    // The chef de salle (here the administrator) takes the seat and extracts it.
    await takeSeat(logbook, 'ADM1', '2468');
    const downloading = wall.waitForEvent('download', { timeout: 120_000 });
    await dialog.getByTestId('clip-submit').click();
    const download = await downloading;
    await expect(dialog.getByTestId('clip-done')).toContainText('.mp4', { timeout: 120_000 });
    const shown = /SHA-256 : ([0-9a-f]{64})/.exec((await dialog.getByTestId('clip-sha').textContent()) ?? '');
    const sha = shown?.[1] ?? '';
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(download.suggestedFilename()).toMatch(/^clip-.*\.mp4$/);
    const file = await download.path();
    const bytes = await readFile(file);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
    // A real H.264 MP4 of a few seconds.
    const probe = spawnSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', file],
      { encoding: 'utf8' },
    );
    const described = JSON.parse(probe.stdout) as {
      streams: { codec_name: string }[];
      format: { duration: string };
    };
    expect(described.streams.map((stream) => stream.codec_name)).toContain('h264');
    expect(Number(described.format.duration)).toBeGreaterThan(1);

    // The entry lists the clip with the same hash.
    await logbook.getByTestId('nav-today').click();
    await logbook.locator(`[data-testid="entry-row"][data-entry-id="${entryId}"]`).click();
    const listed = logbook.getByTestId('entry-detail').getByTestId('entry-clip');
    await expect(listed).toHaveCount(1);
    await expect(listed).toHaveAttribute('data-sha256', sha);
    await expect(listed).toContainText('Réquisition OPJ n° 2026-118, rixe');
  } finally {
    await host.stop();
    await browser.close();
  }
});
