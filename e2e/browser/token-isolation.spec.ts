import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { launchChromium } from '../support/chromium';
import { startVigieHost, type VigieHost } from '../support/vigie-host';

/**
 * The per-launch token must never reach another server on the same machine. Browsers scope
 * cookies by host, not port: a token cookie set by 127.0.0.1:PORT is sent to every 127.0.0.1
 * server, so any local account able to open a port could read it. This drives a real Chromium
 * through the wall page, then to a plain server on another loopback port, and checks what that
 * server received.
 */
test.describe('the token and other local servers', () => {
  let host: VigieHost;
  let other: Server;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

  test.beforeAll(async () => {
    host = await startVigieHost(['--demo', '1']);
    other = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<p>another local server</p>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  });
  test.afterAll(async () => {
    await new Promise<void>((resolve) => other?.close(() => resolve()));
    await host?.stop();
  });

  test('the wall loads and connects, and the other server never sees the token', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('requestfailed', (request) => errors.push(`failed: ${request.url()}`));
      page.on('response', (response) => {
        if (response.status() >= 400) errors.push(`${response.status()}: ${response.url()}`);
      });
      await page.goto(host.url.toString());
      // Its scripts and styles loaded, and its socket is open (the welcome named the camera).
      await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
      await expect(page.locator('[data-testid="tile"][data-camera-id="demo-1"]')).toBeVisible();
      expect(errors).toEqual([]);

      // A tab on the other local server, and a link followed from the wall page itself.
      const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const tab = await browser.context.newPage();
      await tab.goto(`${otherUrl}/tab`);
      await page.evaluate((url) => {
        const link = document.createElement('a');
        link.href = url;
        document.body.append(link);
        link.click();
      }, `${otherUrl}/link`);
      await expect.poll(() => seen.map((request) => request.url)).toContain('/link');
      expect(seen.map((request) => request.url)).toContain('/tab');
      expect(JSON.stringify(seen)).not.toContain(host.token);
      // Nor anything the browser keeps that it would send to another port later.
      const cookies = await browser.context.cookies();
      expect(cookies.filter((cookie) => cookie.value.includes(host.token))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
