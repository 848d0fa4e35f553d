/**
 * How Vigie's tests and benchmarks start Debian's Chromium: no sandbox (root in CI), no GPU, and
 * no background traffic, which this machine's closed network refuses. One list, so the bench
 * measures the same browser the e2e suite drives.
 */
export const CHROMIUM_ARGS: string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
