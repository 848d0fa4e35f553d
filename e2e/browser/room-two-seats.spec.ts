import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { PostgresCluster } from '../../tests/support/postgres-cluster';
import { roomAdminArgs, testRoomSection } from '../../tests/support/room-config';
import { launchChromium } from '../support/chromium';
import { createFirstAdmin, windowUrl } from '../support/logbook-page';
import { startVigieHost, type VigieHost } from '../support/vigie-host';

/**
 * Two seats of one room (issue 13), as IT sets them up: one private PostgreSQL, the room created
 * by the real `vigie room init`, two `vigie serve` hosts each with its own data dir and a config
 * naming its seat, and two Chromium pages on their main courante windows. What seat A writes
 * reaches seat B's window live, saying it is seat A's, and opens there read-only.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const SEATS = ['poste-1', 'poste-2'] as const;

/** Runs the real CLI (`vigie …`) and resolves with its exit code and output. */
function vigie(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'src-main/host/vigie-cli.ts'), ...args],
      {
        cwd: root,
        env: { ...process.env, VIGIE_CONFIG: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

async function openShift(page: Page): Promise<void> {
  await page.getByTestId('nav-shift').click();
  await page.getByTestId('shift-open').click();
  await expect(page.getByTestId('shift-current')).toBeVisible();
  await page.getByTestId('nav-today').click();
}

async function writeEntry(page: Page, description: string): Promise<void> {
  await page.getByTestId('entry-category').selectOption('rixe');
  await page.getByTestId('entry-description').fill(description);
  await page.getByTestId('entry-submit').click();
  await expect(page.locator('[data-testid="lb-notice"][data-key="form.saved"]').first()).toBeVisible();
}

test.describe('a room of two seats in Chromium', () => {
  let cluster: PostgresCluster;
  let work: string;
  const hosts: VigieHost[] = [];

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    cluster = await PostgresCluster.start();
    await cluster.createDatabase('room');
    work = mkdtempSync(path.join(tmpdir(), 'vigie-e2e-room-'));
    const adminPassword = path.join(work, 'admin.pw');
    writeFileSync(adminPassword, `${cluster.superuserPassword}\n`, { mode: 0o600 });
    const credentials = path.join(work, 'seat-credentials');
    const init = await vigie([
      'room',
      'init',
      ...roomAdminArgs(cluster.port),
      '--password-file',
      adminPassword,
      ...SEATS.flatMap((seat) => ['--seat', seat]),
      '--out',
      credentials,
    ]);
    expect(init.code, init.out).toBe(0);
    for (const seat of SEATS) {
      const config = { version: 1, room: testRoomSection(cluster.port, credentials, seat) };
      hosts.push(await startVigieHost(['--workstation', seat], config));
    }
  });

  test.afterAll(async () => {
    for (const host of hosts) await host.stop();
    await cluster?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('an entry written at seat A appears in seat B’s window, with seat A’s name, without reload', async () => {
    const browser = await launchChromium();
    try {
      const [hostA, hostB] = hosts as [VigieHost, VigieHost];
      const pageA = await browser.context.newPage();
      const pageB = await browser.context.newPage();
      const errors: string[] = [];
      for (const page of [pageA, pageB]) page.on('pageerror', (error) => errors.push(error.message));

      // Seat A: the room's first administrator, a shift, a first entry.
      await pageA.goto(windowUrl(hostA, 'main-courante'));
      await createFirstAdmin(pageA);
      await openShift(pageA);
      await expect(pageA.getByTestId('room-scope')).toBeVisible();
      await writeEntry(pageA, 'Rixe devant la gare');

      // Seat B: one operator list for the room, so ADM1 logs in here too.
      await pageB.goto(windowUrl(hostB, 'main-courante'));
      await expect(pageB.getByTestId('login-form')).toBeVisible({ timeout: 60_000 });
      await pageB.getByTestId('login-badge').fill('ADM1');
      await pageB.getByTestId('login-pin').fill('2468');
      await pageB.getByTestId('login-submit').click();
      await expect(pageB.getByTestId('lb-operator')).toHaveAttribute('data-badge', 'ADM1');
      await openShift(pageB);
      await expect(pageB.locator('[data-testid="entry-row"][data-seat="poste-1"]')).toHaveCount(1);
      const loads: string[] = [];
      pageB.on('load', () => loads.push(pageB.url()));

      // Seat A writes: seat B's MC du jour shows it, with seat A's name, with no reload.
      await writeEntry(pageA, 'Échauffourée place du Marché');
      const row = pageB
        .locator('[data-testid="entry-row"][data-seat="poste-1"]')
        .filter({ hasText: 'Échauffourée place du Marché' });
      await expect(row).toHaveCount(1);
      await expect(row.getByTestId('entry-seat')).toHaveText('poste-1');
      expect(loads).toEqual([]);

      // Seat B's own entry is listed with its seat; seat A sees it too.
      await writeEntry(pageB, 'Accident rue Pasteur');
      await expect(
        pageA
          .locator('[data-testid="entry-row"][data-seat="poste-2"]')
          .filter({ hasText: 'Accident rue Pasteur' }),
      ).toHaveCount(1);

      // Another seat's entry opens read-only; a search is room-wide, accents ignored.
      await row.click();
      await expect(pageB.getByTestId('entry-detail')).toHaveAttribute('data-seat', 'poste-1');
      await expect(pageB.getByTestId('detail-read-only')).toBeVisible();
      await expect(pageB.getByTestId('detail-follow-up')).toBeHidden();
      await pageB.getByTestId('detail-close').click();
      await pageB.getByTestId('nav-search').click();
      await pageB.getByTestId('filter-text').fill('echauffouree');
      await pageB.getByTestId('filter-apply').click();
      await expect(pageB.getByTestId('entry-row')).toHaveCount(1);
      await expect(pageB.getByTestId('entry-row')).toHaveAttribute('data-seat', 'poste-1');

      // « Toute la salle »: one CSV of every seat's MC du jour, its poste column naming the seat.
      await pageB.getByTestId('nav-today').click();
      await pageB.getByTestId('list-export').click();
      await pageB.getByTestId('export-scope-room').check();
      await expect(pageB.getByTestId('export-format-pdf')).toBeDisabled();
      await pageB.getByTestId('export-requester').fill('OPJ Martin');
      const [file] = await Promise.all([
        pageB.waitForEvent('download'),
        pageB.getByTestId('export-submit').click(),
      ]);
      const saved = path.join(work, file.suggestedFilename());
      await file.saveAs(saved);
      const rows = parse<Record<string, string>>(readFileSync(saved, 'utf8').replace(/^\uFEFF/, ''), {
        delimiter: ';',
        columns: true,
      });
      expect(rows.map((row) => [row.poste, row.description]).sort()).toEqual([
        ['poste-1', 'Rixe devant la gare'],
        ['poste-1', 'Échauffourée place du Marché'],
        ['poste-2', 'Accident rue Pasteur'],
      ]);
      await expect(pageB.getByTestId('export-result')).toBeVisible();
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
