import { expect, test } from '@playwright/test';
import { launchChromium } from '../support/chromium';
import { addOperator, createFirstAdmin, logIn, windowUrl } from '../support/logbook-page';
import { startVigieHost } from '../support/vigie-host';

test('every window shows who is on duty; a takeover is said on the wall; an admin in their window takes no seat', async () => {
  const host = await startVigieHost(['--demo', '1']);
  const browser = await launchChromium();
  try {
    const logbook = await browser.context.newPage();
    await logbook.goto(windowUrl(host, 'main-courante'));
    await createFirstAdmin(logbook);
    await addOperator(logbook, { name: 'Olga Op', badge: 'OP1', pin: '1357' });

    const wall = await browser.context.newPage();
    await wall.goto(windowUrl(host));
    await expect(wall.getByTestId('on-duty')).toHaveText('De service : Ada Admin (ADM1)');

    // Olga takes the seat with her own PIN; the wall says so, for Ada to see.
    await logbook.getByTestId('lb-logout').click();
    await logIn(logbook, 'OP1', '1357');
    await expect(wall.getByTestId('on-duty')).toHaveAttribute('data-badge', 'OP1', { timeout: 10_000 });
    await expect(wall.locator('[data-testid="notice"][data-key="onDutyChanged"]')).toContainText(
      'Olga Op (OP1) a pris le poste',
    );

    // Ada administers from the admin window: for that window only.
    const admin = await browser.context.newPage();
    await admin.goto(windowUrl(host, 'admin'));
    await expect(admin.getByTestId('admin-on-duty')).toContainText('Olga Op (OP1');
    await admin.getByTestId('admin-badge').fill('ADM1');
    await admin.getByTestId('admin-pin').fill('2468');
    await admin.getByTestId('admin-login-submit').click();
    await expect(admin.getByTestId('admin-who')).toContainText('Ada Admin');
    await expect(admin.getByTestId('admin-on-duty')).toContainText('Olga Op (OP1');
    // Still Olga on the wall and in the main courante, after the next polls.
    await wall.waitForTimeout(6_000);
    await expect(wall.getByTestId('on-duty')).toHaveAttribute('data-badge', 'OP1');
    await expect(logbook.getByTestId('lb-operator')).toHaveAttribute('data-badge', 'OP1');
  } finally {
    await browser.close();
    await host.stop();
  }
});
