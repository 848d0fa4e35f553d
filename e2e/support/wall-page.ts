import { expect, type Locator, type Page } from '@playwright/test';
import type { StreamStatus } from '../../src-shared/contract';
import { tileFingerprints } from './chromium';
import type { VigieHost } from './vigie-host';

/** Every tile of the page on screen. */
export const tiles = (page: Page): Locator => page.locator('[data-testid="tile"]');
/** The tile at an index of the page on screen. */
export const tileAt = (page: Page, index: number): Locator =>
  page.locator(`[data-testid="tile"][data-index="${index}"]`);
/** The tile showing a camera. */
export const tileOf = (page: Page, cameraId: string): Locator =>
  page.locator(`[data-testid="tile"][data-camera-id="${cameraId}"]`);

/** Camera ids of the page's tiles, in tile order ('' for empty tiles). */
export async function cameraIds(page: Page): Promise<string[]> {
  return tiles(page).evaluateAll((elements) =>
    elements.map((e) => (e as HTMLElement).dataset.cameraId ?? ''),
  );
}

/** Waits until every listed tile's picture changed between two looks (and is not black). */
export async function expectMoving(page: Page, ids: string[], timeout = 20_000): Promise<void> {
  const first = await tileFingerprints(page);
  await expect
    .poll(
      async () => {
        const now = await tileFingerprints(page);
        return ids.filter((id) => now[id] !== undefined && now[id] !== first[id] && !now[id]?.endsWith(':0'));
      },
      { timeout, intervals: [500] },
    )
    .toEqual(ids);
}

/** Types a camera number and Enter, as on a CCTV keyboard. */
export async function typeCamera(page: Page, number: number): Promise<void> {
  await page.keyboard.type(String(number));
  await page.keyboard.press('Enter');
}

/** The core's stream list (token-protected JSON route). */
export function streams(host: VigieHost): Promise<StreamStatus[]> {
  return host.api<StreamStatus[]>('/api/streams');
}

/** Viewers of one camera's stream in one profile (0 when the stream is gone). */
export async function viewers(host: VigieHost, cameraId: string, profile: 'grid' | 'full'): Promise<number> {
  const list = await streams(host);
  return list.find((s) => s.cameraId === cameraId && s.profile === profile)?.viewers ?? 0;
}

/** Small, slow demo pictures: keeps a many-camera test cheap on a 2-core machine. */
export function smallDemoConfig(count: number, displays?: unknown[]): Record<string, unknown> {
  return {
    version: 1,
    site: { name: 'CSU e2e' },
    demo: { count, firstNumber: 1, width: 320, height: 180, fps: 10 },
    ...(displays ? { workstations: { default: { displays } } } : {}),
  };
}
