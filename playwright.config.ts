import { defineConfig } from '@playwright/test';

// Browser e2e drive Debian's Chromium (never a downloaded browser); the Electron suite runs only
// where the Electron binary exists and says so when it is skipped.
export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  reporter: [['list']],
  projects: [
    { name: 'chromium', testMatch: /browser\/.*\.spec\.ts/ },
    // The same wall suite with the cameras' own H.264 decoded by WebCodecs (issue 15): every
    // camera without a privacy mask is passed through (see e2e/support/vigie-host.ts).
    {
      name: 'chromium-h264',
      testMatch: /browser\/wall.*\.spec\.ts/,
      metadata: { videoTransport: 'h264' },
    },
    { name: 'electron', testMatch: /electron\/.*\.spec\.ts/ },
  ],
});
