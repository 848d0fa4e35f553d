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
    { name: 'electron', testMatch: /electron\/.*\.spec\.ts/ },
  ],
});
