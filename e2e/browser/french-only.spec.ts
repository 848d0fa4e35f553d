import { expect, test, type Page } from '@playwright/test';
import { englishWords } from '../../tests/support/english-words';
import { launchChromium } from '../support/chromium';
import { createFirstAdmin, windowUrl } from '../support/logbook-page';
import { startVigieHost } from '../support/vigie-host';

/** What the operator reads: the page's text, less what is marked as the core's own words for IT. */
async function screenText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    for (const technical of body.querySelectorAll('[lang="en"]')) technical.remove();
    return body.innerText;
  });
}

async function expectFrench(page: Page, step: string): Promise<void> {
  expect(englishWords(await screenText(page)), step).toEqual([]);
}

test('the refusals an operator and an admin meet are French, with their figures', async () => {
  const host = await startVigieHost(['--demo', '1']);
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(windowUrl(host, 'main-courante'));
    await createFirstAdmin(page);
    await expectFrench(page, 'logged in');

    // A badge that is taken: the core says so in English for its log; the window in French.
    await page.getByTestId('nav-operators').click();
    for (let i = 0; i < 2; i += 1) {
      await page.getByTestId('operator-name').fill('Bruno Petit');
      await page.getByTestId('operator-badge').fill('OP02');
      await page.getByTestId('operator-pin').fill('1357');
      await page.getByTestId('operator-submit').click();
      await expect(page.locator('[data-testid="operator-row"][data-badge="OP02"]')).toBeVisible();
    }
    await expect(page.getByTestId('operator-error')).toContainText(
      'Le matricule OP02 est déjà attribué à un autre opérateur.',
    );
    await expectFrench(page, 'badge taken');

    // Wrong PINs until the lock-out: the countdown is said, in French.
    await page.getByTestId('lb-logout').click();
    for (let attempt = 0; attempt < 8; attempt += 1) {
      await page.getByTestId('login-badge').fill('OP02');
      await page.getByTestId('login-pin').fill('0000');
      await page.getByTestId('login-submit').click();
      await expect(page.getByTestId('login-error')).toBeVisible();
      if ((await page.getByTestId('login-error').getAttribute('data-code')) === 'too-many-attempts') break;
    }
    await expect(page.getByTestId('login-error')).toHaveAttribute('data-code', 'too-many-attempts');
    await expect(page.getByTestId('login-error')).toContainText(/réessayez dans \d+ s/);
    await expectFrench(page, 'locked out');

    // The admin reads the audit trail: details in French words.
    const admin = await browser.context.newPage();
    await admin.goto(windowUrl(host, 'admin'));
    await admin.getByTestId('admin-badge').fill('ADM1');
    await admin.getByTestId('admin-pin').fill('2468');
    await admin.getByTestId('admin-login-submit').click();
    await expect(admin.getByTestId('admin-who')).toContainText('Ada Admin');
    await admin.getByTestId('admin-tab-audit').click();
    await expect(admin.locator('.adm-details', { hasText: 'matricule : OP02' }).first()).toBeVisible();
    await expect(admin.locator('.adm-details', { hasText: 'identifiants erronés' }).first()).toBeVisible();
    await expectFrench(admin, 'audit trail');
  } finally {
    await browser.close();
    await host.stop();
  }
});

test('dates read and are typed JJ/MM/AAAA HH:MM in an en-US browser too, and search finds word starts', async () => {
  const host = await startVigieHost(['--demo', '1']);
  const browser = await launchChromium({ locale: 'en-US' });
  try {
    const page = await browser.context.newPage();
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    await page.goto(windowUrl(host, 'main-courante'));
    await createFirstAdmin(page);
    await page.getByTestId('nav-shift').click();
    await page.getByTestId('shift-open').click();
    await page.getByTestId('nav-today').click();
    // The form opens on now, written the French way, not the browser's 12/03/2026, 09:50 AM.
    await expect(page.getByTestId('entry-observed-at')).toHaveValue(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    const now = new Date();
    const pad = (value: number) => String(value).padStart(2, '0');
    // An hour ago, or half of today so far just after midnight: the entry must stay in MC du jour.
    const sinceMidnight = now.getTime() - new Date(now).setHours(0, 0, 0, 0);
    const earlier = new Date(now.getTime() - Math.min(3_600_000, sinceMidnight / 2));
    const typed = `${pad(earlier.getDate())}/${pad(earlier.getMonth() + 1)}/${earlier.getFullYear()} ${pad(earlier.getHours())}:${pad(earlier.getMinutes())}`;
    await page.getByTestId('entry-observed-at').fill(typed);
    await page.getByTestId('entry-category').selectOption('rixe');
    await page.getByTestId('entry-description').fill('Individu en blouson rouge, fuite vers la gare');
    await page.getByTestId('entry-submit').click();
    await expect(page.getByTestId('entry-row')).toHaveCount(1);
    // Shown back the French way (the list's fr-FR dates), whatever the browser's locale.
    await expect(page.getByTestId('entry-row').first()).toContainText(typed.slice(0, 10));
    // Full text finds the start of a word.
    await page.getByTestId('nav-search').click();
    await page.getByTestId('filter-text').fill('blous');
    await page.getByTestId('filter-apply').click();
    await expect(page.getByTestId('entry-row')).toHaveCount(1);
    await expectFrench(page, 'search');
  } finally {
    await browser.close();
    await host.stop();
  }
});
