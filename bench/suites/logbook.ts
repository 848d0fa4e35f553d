import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SearchParams } from '../../src-shared/contract';
import { searchEntries } from '../../src-main/core/logbook/logbook-search';
import { LogbookStore, type Actor, type ImportedEntry } from '../../src-main/core/logbook/logbook-store';
import type { BenchFigure, BenchSuite } from '../bench-types';

/**
 * The main courante's figures:
 *
 * - insert latency through the real write path (entry + chain link + search indexes, one
 *   BEGIN IMMEDIATE transaction each) with synchronous=FULL, p50 and p99 in ms (target p99 ≤ 5 ms),
 *   and as a ratio to the same writes with synchronous=OFF measured in the same run, which
 *   isolates what durability costs on this disk from this machine's CPU speed;
 * - search latency on 1 M entries (target ≤ 50 ms) for the screens operators use: MC du jour,
 *   suivis en cours, each filter, full text alone and combined, and a deep page.
 *
 * The million entries are generated through the store's own import path (chained, indexed) in
 * one transaction with synchronous=OFF, then the database is reopened as the core opens it.
 * LOGBOOK_BENCH_ENTRIES overrides the size for a quick run; LOGBOOK_BENCH_DB=FILE keeps the
 * generated database there and reuses it on the next run (when tuning queries);
 * LOGBOOK_BENCH_VERIFY=1 adds the time of a full chain verification (what every start runs in
 * the background; ~25 s for a million records on a quiet machine, so it is left out by default).
 */

const TOTAL = Number(process.env.LOGBOOK_BENCH_ENTRIES ?? 1_000_000);
const INSERTS = Number(process.env.LOGBOOK_BENCH_INSERTS ?? 1500);
const SEARCH_RUNS = 40;
const YEARS = 3;

/** Deterministic PRNG (mulberry32), so every run searches the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ba',
  'co',
  'di',
  'fe',
  'ga',
  'lo',
  'mi',
  'nu',
  'pa',
  're',
  'si',
  'to',
  'vu',
  'ze',
  'ri',
  'an',
  'on',
];
const COMMON = [
  'individu',
  'individus',
  'véhicule',
  'scooter',
  'rouge',
  'noir',
  'blanc',
  'groupe',
  'jeunes',
  'fuite',
  'direction',
  'gare',
  'place',
  'parking',
  'police',
  'signalement',
  'caméra',
  'suivi',
  'bagarre',
  'vol',
];

/** ~3000 words with a Zipf-like frequency: a few very common, a long tail of rare ones. */
function vocabulary(random: () => number): string[] {
  const words = new Set(COMMON);
  while (words.size < 3000) {
    const length = 2 + Math.floor(random() * 3);
    words.add(Array.from({ length }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join(''));
  }
  return [...words];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function time<T>(work: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = work();
  return { ms: performance.now() - start, value };
}

function addOperators(store: LogbookStore, count: number): Actor[] {
  const now = new Date();
  return Array.from({ length: count }, (_, i) => {
    const created = store.addOperator(
      { name: `Opérateur ${i + 1}`, badge: `B${1000 + i}`, role: 'operator', pinHash: 'scrypt$bench' },
      null,
      now,
    );
    return { id: created.id, badge: created.badge, name: created.name, role: created.role };
  });
}

/**
 * Insert latencies through the real write path, one transaction per entry, configured as the
 * service runs it (automatic checkpoints off, the service checkpoints between writes; the time
 * of that checkpoint is returned apart).
 */
function insertLatencies(
  dir: string,
  synchronous: 'FULL' | 'OFF',
): { samples: number[]; checkpointMs: number } {
  const file = path.join(dir, `insert-${synchronous}.sqlite`);
  const store = LogbookStore.open(file, { walAutoCheckpoint: 0 });
  store.db.pragma(`synchronous = ${synchronous}`);
  const [actor] = addOperators(store, 1);
  if (!actor) throw new Error('no operator');
  store.openShift({ actor, workstation: 'bench', now: new Date() });
  const samples: number[] = [];
  for (let i = 0; i < INSERTS; i += 1) {
    const ctx = { actor, workstation: 'bench', now: new Date() };
    const { ms } = time(() =>
      store.createEntry(
        ctx,
        {
          observedAt: new Date(Date.now() - 60_000).toISOString(),
          category: 'rixe',
          commune: 'Vigieville',
          street: 'rue de la Gare',
          place: 'Parvis',
          cameras: [i % 40, (i + 7) % 40],
          description: `Deux individus se battent devant la gare, entrée ${i}. Police municipale prévenue.`,
          actions: ['police municipale'],
          status: 'en cours',
        },
        { requireShift: true },
      ),
    );
    samples.push(ms);
  }
  const checkpointMs = time(() => store.db.pragma('wal_checkpoint(PASSIVE)')).ms;
  if (!store.chain.verify().ok) throw new Error('chain broken after the insert run');
  store.close();
  return { samples: samples.sort((a, b) => a - b), checkpointMs };
}

const CATEGORY_WEIGHTS: [string, number][] = [
  ['stationnement gênant', 22],
  ['troubles à l’ordre public'.replace('’', "'"), 14],
  ['dégradation', 12],
  ['trafic de stupéfiants', 10],
  ['accident', 9],
  ['technique — caméra en panne', 9],
  ['rixe', 8],
  ['autre', 8],
  ['recherche de personne / enfant', 4],
  ['réquisition', 3],
  ['incendie', 1],
];

/** Generates `total` entries through the import path, in one transaction. */
function generate(store: LogbookStore, total: number, now: Date): { actors: Actor[]; words: string[] } {
  const random = prng(20250301);
  const words = vocabulary(random);
  const actors = addOperators(store, 40);
  const communes = Array.from({ length: 30 }, (_, i) => (i === 0 ? 'Vigieville' : `Commune ${i + 1}`));
  const weightTotal = CATEGORY_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  const pickCategory = (): string => {
    let r = random() * weightTotal;
    for (const [label, weight] of CATEGORY_WEIGHTS) {
      r -= weight;
      if (r <= 0) return label;
    }
    return 'autre';
  };
  const zipfWord = (): string => words[Math.floor(words.length * random() ** 3)] ?? 'x';
  const span = YEARS * 365 * 24 * 3600_000;
  const start = now.getTime() - span;
  // Small import batches, each by a random operator, so the operator filter has realistic spread.
  const BATCH = 500;
  store.db.pragma('synchronous = OFF');
  store.db.pragma('cache_size = -262144');
  store.db
    .transaction(() => {
      for (let done = 0; done < total; done += BATCH) {
        const rows: ImportedEntry[] = [];
        for (let i = done; i < Math.min(total, done + BATCH); i += 1) {
          const observed = start + ((i + random()) / total) * span;
          const cameraCount = 1 + Math.floor(random() * 3);
          const statusRoll = random();
          rows.push({
            line: i + 2,
            observedAt: new Date(Math.min(observed, now.getTime() - 1000)).toISOString(),
            category: pickCategory(),
            commune: communes[Math.floor(communes.length * random() ** 2)] ?? 'Vigieville',
            street: `rue ${zipfWord()}`,
            place: `place ${zipfWord()}`,
            cameras: Array.from({ length: cameraCount }, () => 1 + Math.floor(random() * 300)),
            description: Array.from({ length: 8 + Math.floor(random() * 18) }, zipfWord).join(' '),
            actions: random() < 0.3 ? ['police municipale'] : [],
            status: statusRoll < 0.005 ? 'en cours' : statusRoll < 0.2 ? 'sans suite' : 'clos',
          });
        }
        const actor = actors[Math.floor(random() * actors.length)] ?? actors[0];
        if (!actor) throw new Error('no operator');
        store.importEntries(
          { actor, workstation: 'bench', now },
          { name: 'bench.csv', sha256: 'bench' },
          rows,
        );
      }
    })
    .immediate();
  store.db.exec('ANALYZE');
  return { actors, words };
}

export const suite: BenchSuite = {
  name: 'logbook',
  run(): Promise<BenchFigure[]> {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-logbook-'));
    const figures: BenchFigure[] = [];
    try {
      const { samples: full, checkpointMs } = insertLatencies(dir, 'FULL');
      const { samples: off } = insertLatencies(dir, 'OFF');
      const fullP50 = percentile(full, 50);
      const fullP99 = percentile(full, 99);
      figures.push(
        { name: 'insert p50 (synchronous=FULL)', value: fullP50, unit: 'ms' },
        { name: 'insert p99 (synchronous=FULL)', value: fullP99, unit: 'ms' },
        { name: 'insert max (synchronous=FULL)', value: full.at(-1) ?? 0, unit: 'ms' },
        { name: 'insert p50 FULL / OFF', value: fullP50 / percentile(off, 50), unit: 'ratio' },
        { name: 'insert p99 FULL / OFF', value: fullP99 / percentile(off, 99), unit: 'ratio' },
        { name: 'insert p99 vs 5 ms target', value: fullP99 / 5, unit: 'ratio' },
        { name: `checkpoint after ${INSERTS} inserts (off the write path)`, value: checkpointMs, unit: 'ms' },
      );

      const kept = process.env.LOGBOOK_BENCH_DB;
      const file = kept ? path.resolve(kept) : path.join(dir, 'million.sqlite');
      const reuse = kept !== undefined && existsSync(file);
      const now = new Date();
      const generating = LogbookStore.open(file);
      const generated = reuse
        ? { ms: 0, value: { actors: generating.listOperators(), words: vocabulary(prng(20250301)) } }
        : time(() => generate(generating, TOTAL, now));
      generating.close();
      if (!reuse) {
        figures.push({
          name: `generate ${TOTAL} entries (one transaction)`,
          value: generated.ms / 1000,
          unit: 's',
        });
      }
      figures.push({ name: 'database size', value: statSync(file).size / 1024 / 1024, unit: 'MiB' });

      // Reopened the way the core opens it (WAL, synchronous=FULL, default cache).
      const store = LogbookStore.open(file);
      const { actors, words } = generated.value;
      const rare = words[2500] ?? 'x';
      const daysAgo = (days: number): string => new Date(now.getTime() - days * 24 * 3600_000).toISOString();
      const monthAgo = daysAgo(30);
      const yearAgo = daysAgo(365);
      const queries: [string, SearchParams & { limit: number }][] = [
        ['MC du jour', { preset: 'today', limit: 50 }],
        ['suivis en cours', { preset: 'open', limit: 50 }],
        ['everything, newest first', { limit: 50 }],
        ['category', { categories: ['rixe'], limit: 50 }],
        ['commune', { commune: 'Vigieville', limit: 50 }],
        ['camera', { camera: 42, limit: 50 }],
        ['operator', { operatorBadge: actors[7]?.badge ?? 'B1007', limit: 50 }],
        ['status sans suite', { statuses: ['sans suite'], limit: 50 }],
        ['period (last month)', { from: monthAgo, to: now.toISOString(), limit: 50 }],
        ['period (a month, two years ago)', { from: daysAgo(730), to: daysAgo(700), limit: 50 }],
        ['period (a year, two years ago)', { from: daysAgo(900), to: daysAgo(535), limit: 50 }],
        ['full text, common word', { text: 'scooter', limit: 50 }],
        ['full text, two words', { text: 'scooter rouge', limit: 50 }],
        ['full text, rare word', { text: rare, limit: 50 }],
        ['full text + category + year', { text: 'individu', categories: ['rixe'], from: yearAgo, limit: 50 }],
        ['full text common + rare category', { text: 'individu', categories: ['incendie'], limit: 50 }],
        ['full text + camera', { text: 'scooter', camera: 42, limit: 50 }],
        ['camera + commune + year', { camera: 42, commune: 'Vigieville', from: yearAgo, limit: 50 }],
      ];
      const worst: number[] = [];
      for (const [name, params] of queries) {
        searchEntries(store, params, now);
        const samples: number[] = [];
        for (let i = 0; i < SEARCH_RUNS; i += 1)
          samples.push(time(() => searchEntries(store, params, now)).ms);
        samples.sort((a, b) => a - b);
        const p99 = percentile(samples, 99);
        worst.push(p99);
        figures.push(
          { name: `search ${name} p50`, value: percentile(samples, 50), unit: 'ms' },
          { name: `search ${name} p99`, value: p99, unit: 'ms' },
        );
      }
      // A deep page: the 50th page of everything, reached by cursor.
      let cursor: string | undefined;
      for (let page = 0; page < 49; page += 1) {
        cursor = searchEntries(store, { limit: 50, cursor }, now).nextCursor ?? undefined;
      }
      const deep = time(() => searchEntries(store, { limit: 50, cursor }, now)).ms;
      figures.push({ name: 'search page 50 by cursor', value: deep, unit: 'ms' });
      figures.push({
        name: 'search worst p99 vs 50 ms target',
        value: Math.max(...worst, deep) / 50,
        unit: 'ratio',
      });
      if (process.env.LOGBOOK_BENCH_VERIFY) {
        const verify = time(() => store.chain.verify());
        if (!verify.value.ok) throw new Error(`chain broken: ${verify.value.broken.message}`);
        figures.push({
          name: `verify chain (${verify.value.records} records)`,
          value: verify.ms / 1000,
          unit: 's',
        });
      }
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return Promise.resolve(figures);
  },
};
