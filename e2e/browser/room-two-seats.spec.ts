import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { PostgresCluster } from '../../tests/support/postgres-cluster';
import { roomAdminArgs, testRoomSection } from '../../tests/support/room-config';
import { launchChromium } from '../support/chromium';
import { addOperator, createFirstAdmin, logIn, logInUnlessOnDuty, windowUrl } from '../support/logbook-page';
import { startVigieHost, type VigieHost } from '../support/vigie-host';

/**
 * Two seats of one room (issue 13), as IT sets them up: one private PostgreSQL, the room created
 * by the real `vigie room init`, two `vigie serve` hosts each with its own data dir and a config
 * naming its seat, and two Chromium pages on their main courante windows. What seat A writes
 * reaches seat B's window live, saying it is seat A's, and opens there read-only. Then a seat
 * whose operator has no shift yet (poste-3, its own host) takes over seat A's handover, and
 * seat A's next operator is told so and opens a shift without acknowledging it again.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const SEATS = ['poste-1', 'poste-2'] as const;
/** Created by `room init` with the others; its host starts for the handover across seats. */
const FREE_SEAT = 'poste-3';

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
  let credentials: string;
  const hosts: VigieHost[] = [];

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    cluster = await PostgresCluster.start();
    await cluster.createDatabase('room');
    work = mkdtempSync(path.join(tmpdir(), 'vigie-e2e-room-'));
    const adminPassword = path.join(work, 'admin.pw');
    writeFileSync(adminPassword, `${cluster.superuserPassword}\n`, { mode: 0o600 });
    credentials = path.join(work, 'seat-credentials');
    const init = await vigie([
      'room',
      'init',
      ...roomAdminArgs(cluster.port),
      '--password-file',
      adminPassword,
      ...[...SEATS, FREE_SEAT].flatMap((seat) => ['--seat', seat]),
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
      await logIn(pageB, 'ADM1', '2468');
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

  test('a free seat’s window takes over seat A’s handover: « Prendre la relève »', async () => {
    test.setTimeout(120_000);
    const hostA = hosts[0]!;
    const hostC = await startVigieHost(['--workstation', FREE_SEAT], {
      version: 1,
      room: testRoomSection(cluster.port, credentials, FREE_SEAT),
    });
    hosts.push(hostC);
    const browser = await launchChromium();
    try {
      const pageA = await browser.context.newPage();
      const pageC = await browser.context.newPage();
      const errors: string[] = [];
      for (const page of [pageA, pageC]) page.on('pageerror', (error) => errors.push(error.message));

      // Seat A: an account for the incoming operator, then the handover with a consigne.
      // The workstation's session outlives the first test's window: ADM1 may still be on duty.
      await pageA.goto(windowUrl(hostA, 'main-courante'));
      await logInUnlessOnDuty(pageA, 'ADM1', '2468');
      await addOperator(pageA, { name: 'Bruno Petit', badge: 'OP2', pin: '1357' });
      await addOperator(pageA, { name: 'Chloé Costa', badge: 'OP4', pin: '1357' });
      await pageA.getByTestId('nav-shift').click();
      await pageA.getByTestId('handover-start').click();
      await pageA.getByTestId('handover-note').fill('Relève à prendre depuis un autre poste.');
      await pageA.getByTestId('consigne-add').click();
      await pageA.getByTestId('consigne-text').fill('Rappeler la police municipale à 6 h');
      await pageA.getByTestId('handover-submit').click();
      await expect(pageA.getByTestId('handover-written')).toBeVisible();

      // The free seat: OP2 (one operator list for the room) sees seat A's handover and takes it.
      await pageC.goto(windowUrl(hostC, 'main-courante'));
      await expect(pageC.getByTestId('login-form')).toBeVisible({ timeout: 60_000 });
      await logIn(pageC, 'OP2', '1357', 30_000);
      await pageC.getByTestId('nav-shift').click();
      const pending = pageC.locator('[data-testid="room-handover-pending"][data-seat="poste-1"]');
      await expect(pending).toContainText('Relève à prendre depuis un autre poste.', { timeout: 30_000 });
      await expect(pending).toContainText('Relève en attente au poste poste-1');
      await expect(pending.getByTestId('consigne')).toContainText('Rappeler la police municipale');
      await expect(pending.getByTestId('open-incident')).toHaveCount(2);
      await expect(pageC.locator('[data-testid="room-consignes"] [data-seat="poste-1"]')).toContainText(
        'Rappeler la police municipale',
      );
      await expect(pageC.getByTestId('room-open-incidents').getByTestId('open-incident')).toHaveCount(3);
      await pageC.getByTestId('room-handover-remark').fill('Bien reçu au poste 3');
      await pageC.getByTestId('room-handover-take').click();
      const ack = pageC.getByTestId('handover-ack');
      await expect(ack).toContainText('Relève du poste poste-1 prise le');
      await expect(ack).toContainText('Bruno Petit (matricule OP2) depuis le poste poste-3');
      await expect(pageC.getByTestId('shift-current')).toContainText('Bruno Petit');
      await expect(pageC.getByTestId('room-handover-pending')).toHaveCount(0);
      // The room's consignes stay in force at the seat that took over.
      await expect(pageC.getByTestId('room-consignes').getByTestId('consigne')).toContainText(
        'Rappeler la police municipale',
      );

      // Seat A's next operator: told the handover was taken over at poste-3, nothing to acknowledge.
      await pageA.getByTestId('handover-logout').click();
      await expect(pageA.getByTestId('login-form')).toBeVisible();
      await logIn(pageA, 'OP4', '1357');
      const takenElsewhere = pageA.getByTestId('handover-taken-elsewhere');
      await expect(async () => {
        await pageA.getByTestId('nav-today').click();
        await pageA.getByTestId('nav-shift').click();
        await expect(takenElsewhere).toContainText('Relève prise au poste poste-3 par Bruno Petit (OP2) le', {
          timeout: 2_000,
        });
      }).toPass({ timeout: 30_000 });
      await expect(pageA.getByTestId('handover-acknowledge')).toHaveCount(0);
      await pageA.getByTestId('shift-open').click();
      await expect(pageA.getByTestId('shift-current')).toContainText('Chloé Costa');
      await expect(takenElsewhere).toHaveCount(0);
      await expect(pageA.getByTestId('shift-error')).toHaveCount(0);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
  test('the chef de salle’s window says when the room’s copy of the seat’s chain no longer matches it', async () => {
    test.setTimeout(120_000);
    const hostB = hosts[1]!;
    const browser = await launchChromium();
    try {
      const pageB = await browser.context.newPage();
      const errors: string[] = [];
      pageB.on('pageerror', (error) => errors.push(error.message));
      await pageB.goto(windowUrl(hostB, 'main-courante'));
      await logInUnlessOnDuty(pageB, 'ADM1', '2468');
      await expect(pageB.getByTestId('room-divergence-banner')).toHaveCount(0);

      // A superuser switches the triggers off and rewrites the hash of seat B's last record in the room.
      const [last] = await cluster.query<{ head: string }>(
        `SELECT max(seq)::text AS head FROM chain_records WHERE workstation = 'poste-2'`,
        [],
        'room',
      );
      const head = Number(last?.head);
      expect(head).toBeGreaterThan(0);
      await cluster.query(
        `SET session_replication_role = replica;
         UPDATE chain_records SET hash = repeat('a', 64) WHERE workstation = 'poste-2' AND seq = ${head};`,
        [],
        'room',
      );

      // Seat B writes on: its replicator finds the room's copy differs, stops, and the chef is told.
      await pageB.getByTestId('nav-today').click();
      await writeEntry(pageB, 'Tapage nocturne rue Victor Hugo');
      const banner = pageB.getByTestId('room-divergence-banner');
      await expect(async () => {
        await pageB.reload();
        await expect(banner).toBeVisible({ timeout: 3_000 });
      }).toPass({ timeout: 60_000 });
      await expect(banner).toContainText('Copie de la salle divergente.');
      await expect(banner).toContainText(`L’enregistrement n° ${head} du poste poste-2`);
      await expect(banner).toContainText('le poste continue d’écrire localement');
      // The seat keeps its main courante: the next entry is still saved, locally.
      await writeEntry(pageB, 'Véhicule stationné sur le trottoir');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
