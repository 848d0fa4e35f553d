import { expect, type Page } from '@playwright/test';
import type { VigieHost } from './vigie-host';

/** The host's page for one window: the wall (no view), `main-courante` or `admin`. */
export function windowUrl(host: VigieHost, view?: 'main-courante' | 'admin'): string {
  const url = new URL(host.url);
  if (view) url.searchParams.set('view', view);
  return url.toString();
}

/** On a fresh workstation, creates the first administrator from the main courante window. */
export async function createFirstAdmin(
  page: Page,
  admin: { name: string; badge: string; pin: string } = { name: 'Ada Admin', badge: 'ADM1', pin: '2468' },
): Promise<void> {
  await page.getByTestId('bootstrap-name').fill(admin.name);
  await page.getByTestId('bootstrap-badge').fill(admin.badge);
  await page.getByTestId('bootstrap-pin').fill(admin.pin);
  await page.getByTestId('bootstrap-pin-again').fill(admin.pin);
  await page.getByTestId('bootstrap-submit').click();
  await expect(page.getByTestId('lb-operator')).toHaveAttribute('data-badge', admin.badge);
}

/** An admin creates an operator account in the main courante's operators section. */
export async function addOperator(
  page: Page,
  operator: { name: string; badge: string; pin: string },
): Promise<void> {
  await page.getByTestId('nav-operators').click();
  await page.getByTestId('operator-name').fill(operator.name);
  await page.getByTestId('operator-badge').fill(operator.badge);
  await page.getByTestId('operator-pin').fill(operator.pin);
  await page.getByTestId('operator-submit').click();
  await expect(page.locator(`[data-testid="operator-row"][data-badge="${operator.badge}"]`)).toBeVisible();
}

/** Logs `badge` in on the window's login form, then waits until the header names them. */
export async function logIn(page: Page, badge: string, pin: string, timeout?: number): Promise<void> {
  await page.getByTestId('login-badge').fill(badge);
  await page.getByTestId('login-pin').fill(pin);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('lb-operator')).toHaveAttribute('data-badge', badge, { timeout });
}

/**
 * The workstation's session outlives a window: whoever an earlier test left on duty may still be
 * logged in. Logs `badge` in only when the window shows the login form, then checks it is them.
 */
export async function logInUnlessOnDuty(page: Page, badge: string, pin: string): Promise<void> {
  await expect(page.getByTestId('lb-operator').or(page.getByTestId('login-form'))).toBeVisible();
  if (await page.getByTestId('login-form').isVisible()) await logIn(page, badge, pin);
  else await expect(page.getByTestId('lb-operator')).toHaveAttribute('data-badge', badge);
}
