import { defineConfig } from 'vitest/config';

// Unit and integration tests run under plain Node against the real ffmpeg and RTSP server;
// two workers match the two cores, so spawned encoders do not starve each other.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
