import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchFigure, BenchSuite } from './bench-types';

/** Suites by name; each module exports `suite`. Loaded lazily so one suite's deps never slow another. */
const SUITES: Record<string, () => Promise<{ suite: BenchSuite }>> = {};

/** Registers a suite module; kept in one place so `npm run bench -- --list` shows them all. */
export function registerSuites(entries: Record<string, () => Promise<{ suite: BenchSuite }>>): void {
  Object.assign(SUITES, entries);
}

registerSuites({
  relay: () => import('./suites/relay'),
  logbook: () => import('./suites/logbook'),
  wall: () => import('./suites/wall'),
  'wall-overload': () => import('./suites/wall-overload'),
  hardening: () => import('./suites/hardening'),
  liveness: () => import('./suites/liveness'),
  replay: () => import('./suites/replay'),
  room: () => import('./suites/room'),
  health: () => import('./suites/health'),
  draw: () => import('./suites/draw'),
});

function table(suite: string, figures: BenchFigure[]): string {
  const width = Math.max(...figures.map((f) => f.name.length), 10);
  const lines = figures.map(
    (f) => `  ${f.name.padEnd(width)}  ${String(Number(f.value.toFixed(3))).padStart(10)} ${f.unit}`,
  );
  return [`${suite}`, ...lines].join('\n');
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  if (process.argv.includes('--list')) {
    process.stdout.write(`${Object.keys(SUITES).join('\n')}\n`);
    return;
  }
  const names = requested.length ? requested : Object.keys(SUITES);
  const outDir = path.resolve(import.meta.dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  for (const name of names) {
    const load = SUITES[name];
    if (!load) throw new Error(`unknown suite "${name}" (known: ${Object.keys(SUITES).join(', ')})`);
    const { suite } = await load();
    const figures = await suite.run();
    writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(`${table(name, figures)}\n\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
