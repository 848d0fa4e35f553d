import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { launchChromium } from '../support/chromium';
import { logIn } from '../support/logbook-page';
import { startVigieHost, type VigieHost } from '../support/vigie-host';

/** The main courante window of the host (`view=main-courante`). */
function logbookUrl(host: VigieHost): string {
  const url = new URL(host.url);
  url.searchParams.set('view', 'main-courante');
  return url.toString();
}

/** Saves the download a click starts and returns the file's path. */
async function download(page: Page, click: () => Promise<void>, dir: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const target = path.join(dir, file.suggestedFilename());
  await file.saveAs(target);
  return target;
}

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** The descriptions of the rows on screen, in order. */
async function rowDescriptions(page: Page): Promise<{ id: string; description: string }[]> {
  return page.getByTestId('entry-row').evaluateAll((rows) =>
    rows.map((row) => ({
      id: (row as HTMLElement).dataset.entryId ?? '',
      description: row.querySelector('.lb-table__description')?.firstChild?.textContent ?? '',
    })),
  );
}

test.describe('the main courante in Chromium', () => {
  let host: VigieHost;
  let downloads: string;
  test.beforeAll(async () => {
    host = await startVigieHost(['--demo', '2']);
    downloads = mkdtempSync(path.join(tmpdir(), 'vigie-e2e-downloads-'));
  });
  test.afterAll(async () => {
    await host?.stop();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  test('first admin, shift, entries, a refused write that keeps the text, exports, handover and acknowledgement', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(logbookUrl(host));

      // First start: the first administrator is created here, PIN typed twice, no default password.
      await expect(page.getByTestId('bootstrap-form')).toBeVisible();
      await page.getByTestId('bootstrap-name').fill('Ada Admin');
      await page.getByTestId('bootstrap-badge').fill('ADM1');
      await page.getByTestId('bootstrap-pin').fill('2468');
      await page.getByTestId('bootstrap-pin-again').fill('2469');
      await page.getByTestId('bootstrap-submit').click();
      await expect(page.getByTestId('bootstrap-mismatch')).toBeVisible();
      await page.getByTestId('bootstrap-pin-again').fill('2468');
      await page.getByTestId('bootstrap-submit').click();
      await expect(page.getByTestId('lb-operator')).toHaveAttribute('data-badge', 'ADM1');
      const siteName = (await page.getByTestId('lb-site').textContent()) ?? '';

      // The admin creates the incoming operator's account.
      await page.getByTestId('nav-operators').click();
      await page.getByTestId('operator-name').fill('Bruno Petit');
      await page.getByTestId('operator-badge').fill('OP2');
      await page.getByTestId('operator-pin').fill('1357');
      await page.getByTestId('operator-submit').click();
      await expect(page.locator('[data-testid="operator-row"][data-badge="OP2"]')).toBeVisible();

      // Nothing is written without a shift: the form says so, the shift section opens one.
      await expect(page.getByTestId('entry-no-shift')).toBeVisible();
      await page.getByTestId('nav-shift').click();
      await page.getByTestId('shift-open').click();
      await expect(page.getByTestId('shift-current')).toBeVisible();
      await expect(page.getByTestId('entry-no-shift')).toHaveCount(0);

      // An entry: camera picked by number fills the commune.
      await page.getByTestId('nav-today').click();
      await page.getByTestId('entry-category').selectOption('rixe');
      await page.getByTestId('entry-camera-input').fill('1');
      await page.getByTestId('entry-camera-add').click();
      await expect(page.getByTestId('entry-camera-chip')).toHaveAttribute('data-number', '1');
      await expect(page.getByTestId('entry-commune')).toHaveValue('Vigieville');
      await page.getByTestId('entry-place').fill('Parvis de la mairie');
      await page.getByTestId('entry-description').fill('Deux individus se battent, "l\'un armé"; témoins');
      await page.locator('[data-testid="entry-action"][value="police municipale"]').check();
      await page.getByTestId('entry-submit').click();
      await expect(page.locator('[data-testid="lb-notice"][data-key="form.saved"]')).toBeVisible();
      await expect(page.getByTestId('entry-row')).toHaveCount(1);
      await expect(page.getByTestId('entry-description')).toHaveValue('');

      // A real storage failure: another program holds the database's write lock. The core
      // answers `locked` after its busy timeout; the operator reads why, and the text stays.
      const typed = 'Scooter volé, deux jeunes, direction la gare — texte à ne pas perdre';
      await page.getByTestId('entry-category').selectOption('dégradation');
      await page.getByTestId('entry-description').fill(typed);
      const blocker = new Database(path.join(host.dataDir, 'logbook', 'logbook.sqlite'));
      try {
        blocker.exec('BEGIN EXCLUSIVE');
        await page.getByTestId('entry-submit').click();
        await expect(page.getByTestId('entry-error')).toHaveAttribute('data-code', 'locked', {
          timeout: 15_000,
        });
        await expect(page.getByTestId('entry-error')).toContainText('verrouillée par un autre programme');
        await expect(page.getByTestId('entry-error')).toContainText('Votre saisie est conservée');
      } finally {
        blocker.exec('ROLLBACK');
        blocker.close();
      }
      await expect(page.getByTestId('entry-description')).toHaveValue(typed);
      await expect(page.getByTestId('entry-category')).toHaveValue('dégradation');
      await page.getByTestId('entry-submit').click();
      await expect(page.getByTestId('entry-row')).toHaveCount(2);
      await expect(page.getByTestId('entry-error')).toHaveCount(0);
      expect((await rowDescriptions(page)).filter((row) => row.description === typed)).toHaveLength(1);

      // "Log this" from a tile of the wall (another window): the core pushes the draft, the
      // main courante window opens it pre-filled.
      const wall = await browser.context.newPage();
      await wall.goto(host.url.toString());
      const tile = wall.locator('[data-testid="tile"][data-camera-id="demo-2"]');
      await tile.click();
      await tile.getByTestId('tile-log').click();
      await expect(wall.locator('[data-testid="notice"][data-key="logDraftSent"]')).toBeVisible();
      await wall.close();
      await expect(page.getByTestId('entry-from-tile')).toBeVisible();
      await expect(page.getByTestId('entry-camera-chip')).toHaveAttribute('data-number', '2');
      await expect(page.getByTestId('entry-place')).toHaveValue('Gare routière');
      await page.getByTestId('entry-category').selectOption('stationnement gênant');
      await page.getByTestId('entry-description').fill('Bus garé sur le quai');
      await page.getByTestId('entry-status').selectOption('clos');
      await page.getByTestId('entry-submit').click();
      await expect(page.getByTestId('entry-row')).toHaveCount(3);

      // Export the selection on screen ("MC du jour"): CSV, then PDF for a requisition.
      const onScreen = await rowDescriptions(page);
      await page.getByTestId('list-export').click();
      await page.getByTestId('export-requester').fill('OPJ Martin, commissariat central');
      await page.getByTestId('export-reason').fill('Réquisition 2025-117');
      const csvFile = await download(page, () => page.getByTestId('export-submit').click(), downloads);
      await expect(page.getByTestId('export-result')).toBeVisible();
      // `;` by default, as a French spreadsheet splits columns, and local times with their offset.
      const rows = parse<Record<string, string>>(readFileSync(csvFile), {
        bom: true,
        columns: true,
        delimiter: ';',
      });
      expect(rows.map((row) => ({ id: row.numero, description: row.description }))).toEqual(onScreen);
      expect(rows[0]?.observe_le).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
      expect(rows.find((row) => row.description === typed)).toMatchObject({ categorie: 'dégradation' });
      await page.getByTestId('export-format-pdf').check();
      const pdfFile = await download(page, () => page.getByTestId('export-submit').click(), downloads);
      const text = pdfText(pdfFile);
      for (const expected of [
        'Extraction de la main courante',
        siteName,
        'OPJ Martin, commissariat central',
        'Réquisition 2025-117',
        'Main courante du jour',
        typed,
        'Bus garé sur le quai',
        'page 1 / 1',
      ]) {
        expect(text).toContain(expected);
      }
      expect(text).toMatch(/Tête de chaîne à l'extraction : n° \d+/);
      await page.getByTestId('export-close').click();

      // A rectification needs its reason and keeps the original text; a follow-up records what
      // was done. Neither rewrites the entry (both are new records in the chain).
      await page.getByTestId('entry-row').filter({ hasText: 'Bus garé sur le quai' }).click();
      const detail = page.getByTestId('entry-detail');
      await detail.getByTestId('detail-amend').click();
      await detail.getByTestId('amend-description').fill('Bus garé sur le quai, conducteur absent');
      await detail.getByTestId('amend-submit').click();
      await expect(detail.locator('.lb-problem')).toHaveText('Indiquez le motif de la rectification.');
      await expect(detail.getByTestId('amendment')).toHaveCount(0);
      await detail.getByTestId('amend-reason').fill('Précision du chauffeur absent');
      await detail.getByTestId('amend-submit').click();
      await expect(detail.getByTestId('amendment')).toHaveCount(1);
      await expect(detail.getByTestId('amendment')).toContainText('Précision du chauffeur absent');
      await expect(detail.getByTestId('detail-description')).toHaveText(
        'Bus garé sur le quai, conducteur absent',
      );
      await expect(detail.getByTestId('detail-original')).toContainText('Bus garé sur le quai');
      await detail.getByTestId('detail-follow-up').click();
      const followUpForm = detail.getByTestId('follow-up-form');
      await followUpForm.getByTestId('follow-up-note').fill('Fourrière appelée');
      const action = followUpForm.getByRole('checkbox').first();
      const actionLabel = (await action.getAttribute('value')) ?? '';
      await action.check();
      await followUpForm.getByTestId('follow-up-status').selectOption('clos');
      await followUpForm.getByTestId('follow-up-submit').click();
      await expect(detail.getByTestId('follow-up')).toHaveCount(1);
      await expect(detail.getByTestId('follow-up')).toContainText('[Clos] : Fourrière appelée');
      expect(actionLabel).not.toBe('');
      await expect(detail.getByTestId('follow-up')).toContainText(actionLabel);
      await detail.getByTestId('detail-close').click();

      // Handover: a note and a consigne with an expiry; open incidents are listed by themselves.
      await page.getByTestId('nav-shift').click();
      await page.getByTestId('handover-start').click();
      await expect(page.getByTestId('handover-form').getByTestId('open-incident')).toHaveCount(2);
      await page.getByTestId('handover-note').fill('Nuit calme sauf la rixe de la mairie.');
      await page.getByTestId('consigne-add').click();
      await page.getByTestId('consigne-text').fill('Passer la caméra 1 en surveillance renforcée');
      const tomorrow = new Date(Date.now() + 24 * 3600_000);
      const pad = (value: number) => String(value).padStart(2, '0');
      await page
        .getByTestId('consigne-expiry')
        .fill(`${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T08:00`);
      await page.getByTestId('handover-submit').click();
      await expect(page.getByTestId('handover-written')).toBeVisible();
      await page.getByTestId('handover-logout').click();

      // The incoming operator logs in, reads the handover and acknowledges it.
      await logIn(page, 'OP2', '1357');
      await page.getByTestId('nav-shift').click();
      const pending = page.getByTestId('handover-pending');
      await expect(pending).toContainText('Nuit calme sauf la rixe de la mairie.');
      await expect(pending.getByTestId('consigne')).toContainText('surveillance renforcée');
      await expect(pending.getByTestId('open-incident')).toHaveCount(2);
      await page.getByTestId('handover-remark').fill('Bien reçu');
      await page.getByTestId('handover-acknowledge').click();
      const ack = page.getByTestId('handover-ack');
      await expect(ack).toContainText('Bruno Petit');
      await expect(ack).toContainText('OP2');
      await expect(page.getByTestId('shift-current')).toContainText('Bruno Petit');
      await expect(page.getByTestId('consigne')).toContainText('surveillance renforcée');
      // Every status on screen follows: the header and the composer know shift 2 is open.
      await expect(page.getByTestId('lb-shift')).toHaveAttribute('data-shift-id', /^\d+$/);
      await expect(page.getByTestId('lb-shift')).not.toContainText('Aucune vacation');
      await page.getByTestId('nav-today').click();
      await expect(page.getByTestId('entry-no-shift')).toHaveCount(0);
      await expect(page.getByTestId('shift-banner')).toHaveCount(0);
      await page.getByTestId('nav-shift').click();

      // The closed shift's report, and its PDF.
      await page.getByRole('button', { name: 'Rapport de vacation n° 1' }).click();
      await expect(page.getByTestId('report-ack')).toContainText('Bruno Petit');
      const reportFile = await download(page, () => page.getByTestId('report-pdf').click(), downloads);
      const report = pdfText(reportFile);
      expect(report).toContain('Rapport de vacation n° 1');
      expect(report).toContain('Passer la caméra 1 en surveillance renforcée');
      expect(report).toContain('Relève acquittée');
      expect(report).toMatch(/Tête de chaîne à la clôture : n° \d+/);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await browser.close();
    }
  });
});
