import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { RoomSearchParams } from '../../src-shared/contract';
import { setupLogging } from '../../src-main/core/log/logger';
import { LogbookStore, type Actor } from '../../src-main/core/logbook/logbook-store';
import type { RoomConnectionSettings } from '../../src-main/core/room/room-connection';
import { RoomFeed, touchedEntries, type RoomFeedRecord } from '../../src-main/core/room/room-feed';
import { initRoom, seatPasswordFile } from '../../src-main/core/room/room-init';
import { RoomReplicator } from '../../src-main/core/room/room-replicator';
import { seatRoleName } from '../../src-main/core/room/room-schema';
import { verifyRoomChains } from '../../src-main/core/room/room-verify';
import { RoomViews } from '../../src-main/core/room/room-views';
import { PostgresCluster } from '../../tests/support/postgres-cluster';
import type { BenchFigure, BenchSuite } from '../bench-types';
import { percentile } from '../support/proc-cpu';
import { loadRoomEntries, ROOM_SEARCH_QUERIES } from '../support/room-load';

/**
 * The room store's figures, on one private PostgreSQL 15 cluster (Debian's binaries, as the tests
 * start it) and several seats, each with its own data dir, seat name, real local logbook
 * (LogbookStore), replicator, feed (RoomFeed) and views (RoomViews), all in this process:
 *
 * (a) an entry written on one seat, seen by another seat's feed and read back through its views:
 *     p50/p95 ms from the local write to the view (target p95 ≤ 500 ms);
 * (b) PostgreSQL stopped ROOM_BENCH_OUTAGE_S (default 30 s) while every seat keeps writing, then
 *     restarted: records lost and duplicated on the server and in a feed (must be 0), time from
 *     the restart until every seat and every feed has caught up (replicators and feeds on their
 *     default backoff, 0.5 s doubling to 30 s), and the chains verified on the server;
 * (c) room search over ROOM_BENCH_ENTRIES (default 1 M) entries, p50/p95 ms through RoomViews
 *     (target p95 ≤ 100 ms), against the round trip of `SELECT 1` on the same pool as baseline.
 *     The million entries are bulk-loaded by the superuser as `entry` chain rows into a database
 *     of their own (generate_series, triggers off, then `vigie_room_entries_rebuild()`): realistic
 *     French entries, but their hashes are not a valid chain; only (a) and (b) are real chains.
 */

const SEATS = Number(process.env.ROOM_BENCH_SEATS ?? 3);
const LATENCY_RUNS = Number(process.env.ROOM_BENCH_LATENCY_RUNS ?? 60);
const OUTAGE_S = Number(process.env.ROOM_BENCH_OUTAGE_S ?? 30);
const ENTRIES = Number(process.env.ROOM_BENCH_ENTRIES ?? 1_000_000);
const SEARCH_ROUNDS = Number(process.env.ROOM_BENCH_SEARCH_ROUNDS ?? 10);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`room bench: timed out waiting for ${what}`);
    await sleep(5);
  }
}

interface Seat {
  name: string;
  store: LogbookStore;
  actor: Actor;
  replicator: RoomReplicator;
  feed: RoomFeed;
  views: RoomViews;
  received: RoomFeedRecord[];
  waiters: Set<(records: RoomFeedRecord[]) => void>;
}

function openSeat(name: string, dir: string, connection: RoomConnectionSettings): Seat {
  mkdirSync(path.join(dir, name), { recursive: true });
  const store = LogbookStore.open(path.join(dir, name, 'logbook.sqlite'));
  const created = store.addOperator(
    { badge: `B-${name}`, name: `Opérateur ${name}`, role: 'operator', pinHash: 'scrypt$bench' },
    null,
    new Date(),
  );
  const actor: Actor = { id: created.id, badge: created.badge, name: created.name, role: created.role };
  store.openShift({ actor, workstation: name, now: new Date() });
  const replicator = new RoomReplicator({
    logbookFile: path.join(dir, name, 'logbook.sqlite'),
    seat: name,
    connection,
  });
  const feed = new RoomFeed({ connection, from: {} });
  const seat: Seat = {
    name,
    store,
    actor,
    replicator,
    feed,
    views: new RoomViews(connection),
    received: [],
    waiters: new Set(),
  };
  feed.onRecords((records) => {
    seat.received.push(...records);
    for (const waiter of seat.waiters) waiter(records);
  });
  replicator.start();
  feed.start();
  seat.views.start();
  return seat;
}

function write(seat: Seat, description: string): number {
  const detail = seat.store.createEntry(
    { actor: seat.actor, workstation: seat.name, now: new Date() },
    {
      observedAt: new Date(Date.now() - 30_000).toISOString(),
      category: 'rixe',
      commune: 'Vigieville',
      street: 'rue de la Gare',
      place: 'Parvis',
      cameras: [3],
      description,
      actions: ['police municipale'],
      status: 'en cours',
    },
    { requireShift: true },
  );
  seat.replicator.kick();
  return detail.entry.id;
}

/** (a) write on one seat → another seat's feed → its views, per run. */
async function crossSeatLatency(seats: Seat[]): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < LATENCY_RUNS; run += 1) {
    const writer = seats[run % seats.length]!;
    const reader = seats[(run + 1) % seats.length]!;
    const start = performance.now();
    let id = 0;
    const seen = new Promise<void>((resolve) => {
      const waiter = (records: RoomFeedRecord[]) => {
        if (records.some((r) => r.seat === writer.name && r.kind === 'entry' && r.refId === id)) {
          reader.waiters.delete(waiter);
          resolve();
        }
      };
      reader.waiters.add(waiter);
    });
    id = write(writer, `Bagarre signalée devant le kiosque, essai ${run}`);
    await Promise.race([
      seen,
      sleep(10_000).then(() => Promise.reject(new Error('entry never reached the feed'))),
    ]);
    const views = await reader.views.entries(
      touchedEntries([{ seat: writer.name, seq: 0, kind: 'entry', refId: id, hash: '', rowJson: '' }]),
    );
    if (views[0]?.id !== id) throw new Error('the view does not show the entry');
    samples.push(performance.now() - start);
    await sleep(50);
  }
  return samples;
}

/** (b) a write loop on every seat through a server stop of OUTAGE_S seconds. */
async function outage(
  cluster: PostgresCluster,
  seats: Seat[],
  admin: pg.ClientConfig,
): Promise<BenchFigure[]> {
  let writing = true;
  const loop = (async () => {
    for (let i = 0; writing; i += 1) {
      for (const seat of seats) write(seat, `Ronde de surveillance n° ${i} pendant la coupure`);
      await sleep(50);
    }
  })();
  await sleep(3000);
  await cluster.stopServer();
  await sleep(OUTAGE_S * 1000);
  const restartedAt = performance.now();
  await cluster.startServer();
  await sleep(2000);
  writing = false;
  await loop;
  const heads = new Map(seats.map((seat) => [seat.name, seat.store.chain.head()!.seq]));
  await waitFor(
    'every seat and feed caught up',
    () =>
      seats.every(
        (seat) =>
          seat.replicator.status().lastReplicatedSeq === heads.get(seat.name) &&
          seats.every((other) => seat.feed.status().lastSeen[other.name] === heads.get(other.name)),
      ),
    180_000,
  );
  const caughtUpS = (performance.now() - restartedAt) / 1000;
  const client = new pg.Client(admin);
  await client.connect();
  try {
    const counts = (
      await client.query<{ seat: string; n: string; distinct_seq: string; max: string }>(
        `SELECT workstation AS seat, count(*) AS n, count(DISTINCT seq) AS distinct_seq, max(seq) AS max
           FROM chain_records GROUP BY workstation`,
      )
    ).rows;
    let lost = 0;
    let duplicated = 0;
    for (const seat of seats) {
      const row = counts.find((c) => c.seat === seat.name);
      lost += heads.get(seat.name)! - Number(row?.distinct_seq ?? 0);
      duplicated += Number(row?.n ?? 0) - Number(row?.distinct_seq ?? 0);
      // Each feed: every record of every seat once, from #1.
      for (const other of seats) {
        const seqs = seat.received.filter((r) => r.seat === other.name).map((r) => r.seq);
        duplicated += seqs.length - new Set(seqs).size;
        lost += heads.get(other.name)! - new Set(seqs).size;
      }
    }
    const reports = await verifyRoomChains(client);
    const records = [...heads.values()].reduce((sum, n) => sum + n, 0);
    return [
      { name: 'outage duration', value: OUTAGE_S, unit: 's' },
      { name: 'outage records written', value: records, unit: 'records' },
      { name: 'outage lost (server + feeds)', value: lost, unit: 'records' },
      { name: 'outage duplicated (server + feeds)', value: duplicated, unit: 'records' },
      { name: 'outage catch-up after restart', value: caughtUpS, unit: 's' },
      {
        name: 'outage chains verified on server',
        value: reports.filter((r) => r.ok).length,
        unit: `of ${reports.length} seats`,
      },
    ];
  } finally {
    await client.end();
  }
}

interface Rounds {
  samples: number[];
  perQuery: number[][];
  baseline: number[];
}

/** SEARCH_ROUNDS rounds of every timed search, each followed by a `SELECT 1` round trip. */
async function searchRounds(views: RoomViews, pool: pg.Pool, now: Date): Promise<Rounds> {
  const rounds: Rounds = { samples: [], perQuery: ROOM_SEARCH_QUERIES.map(() => []), baseline: [] };
  for (const params of ROOM_SEARCH_QUERIES) await views.search(params(now), now); // warm-up
  for (let round = 0; round < SEARCH_ROUNDS; round += 1) {
    for (const [index, params] of ROOM_SEARCH_QUERIES.entries()) {
      const start = performance.now();
      const result = await views.search(params(now) satisfies RoomSearchParams, now);
      rounds.samples.push(performance.now() - start);
      rounds.perQuery[index]!.push(performance.now() - start);
      if (round === 0 && result.entries.length === 0 && params(now).text !== 'zzzyx') {
        process.stderr.write(`room bench: no match for ${JSON.stringify(params(now))}\n`);
      }
      const t = performance.now();
      await pool.query('SELECT 1');
      rounds.baseline.push(performance.now() - t);
    }
  }
  return rounds;
}

/**
 * (c) search over ENTRIES bulk-loaded entries, against a `SELECT 1` round trip, then again
 * without schema version 3's index and words (version 2's plan), for a before/after of one run.
 */
async function search(cluster: PostgresCluster): Promise<BenchFigure[]> {
  await cluster.createDatabase('bench');
  const credentials = mkdtempSync(path.join(tmpdir(), 'vigie-room-bench-'));
  try {
    await initRoom({ admin: cluster.superuser('bench'), seats: [], credentialsDir: credentials });
  } finally {
    rmSync(credentials, { recursive: true, force: true });
  }
  const loadStart = performance.now();
  await loadRoomEntries(cluster.superuser('bench'), ENTRIES, SEATS);
  const loadS = (performance.now() - loadStart) / 1000;
  const views = new RoomViews(cluster.superuser('bench'), { poolSize: 1 });
  const now = new Date();
  const pool = new pg.Pool({ ...cluster.superuser('bench'), max: 1 });
  let timed: Rounds;
  let before: Rounds;
  try {
    timed = await searchRounds(views, pool, now);
    // The same rows and queries without schema version 3's index and words: the plan of version 2.
    await pool.query('DROP INDEX room_entries_search_filtered');
    await pool.query('DELETE FROM room_lexemes');
    before = await searchRounds(views, pool, now);
  } finally {
    await views.stop();
    await pool.end();
  }
  const { samples, perQuery, baseline } = timed;
  const p95 = percentile(samples, 95);
  return [
    { name: 'search entries loaded', value: ENTRIES, unit: 'entries' },
    { name: 'search bulk load + index', value: loadS, unit: 's' },
    { name: 'search p50', value: percentile(samples, 50), unit: 'ms' },
    { name: 'search p95', value: p95, unit: 'ms' },
    { name: 'search max', value: Math.max(...samples), unit: 'ms' },
    { name: 'search p95 within 100 ms', value: p95 <= 100 ? 1 : 0, unit: 'bool' },
    ...ROOM_SEARCH_QUERIES.map((params, index) => ({
      name: `search ${JSON.stringify(params(now)).replace(/"(from|to)":"[^"]*"/g, '"$1":…')} p95`,
      value: percentile(perQuery[index]!, 95),
      unit: 'ms',
    })),
    { name: 'search without schema v3 (v2 plan) p50', value: percentile(before.samples, 50), unit: 'ms' },
    { name: 'search without schema v3 (v2 plan) p95', value: percentile(before.samples, 95), unit: 'ms' },
    { name: 'search p95 / v2 plan p95', value: p95 / percentile(before.samples, 95), unit: 'ratio' },
    ...ROOM_SEARCH_QUERIES.map((params, index) => ({
      name: `search v2 plan ${JSON.stringify(params(now)).replace(/"(from|to)":"[^"]*"/g, '"$1":…')} p95`,
      value: percentile(before.perQuery[index]!, 95),
      unit: 'ms',
    })),
    { name: 'baseline SELECT 1 p50', value: percentile(baseline, 50), unit: 'ms' },
    {
      name: 'search p50 / SELECT 1 p50',
      value: percentile(samples, 50) / percentile(baseline, 50),
      unit: 'ratio',
    },
  ];
}

export const suite: BenchSuite = {
  name: 'room',
  async run() {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigie-room-bench-'));
    setupLogging({ dataDir: dir, consoleLevel: false });
    const cluster = await PostgresCluster.start();
    const seats: Seat[] = [];
    const figures: BenchFigure[] = [];
    try {
      await cluster.createDatabase('room');
      const names = Array.from({ length: SEATS }, (_, i) => `poste-${i + 1}`);
      await initRoom({ admin: cluster.superuser('room'), seats: names, credentialsDir: dir });
      for (const name of names) {
        const password = readFileSync(seatPasswordFile(dir, name), 'utf8').trim();
        seats.push(openSeat(name, dir, cluster.connection(seatRoleName(name), password, 'room')));
      }
      await waitFor(
        'feeds listening',
        () => seats.every((s) => s.feed.status().state === 'listening'),
        30_000,
      );
      const latency = await crossSeatLatency(seats);
      const p95 = percentile(latency, 95);
      figures.push(
        { name: 'seats', value: SEATS, unit: 'seats' },
        { name: 'cross-seat entry visible p50', value: percentile(latency, 50), unit: 'ms' },
        { name: 'cross-seat entry visible p95', value: p95, unit: 'ms' },
        { name: 'cross-seat p95 within 500 ms', value: p95 <= 500 ? 1 : 0, unit: 'bool' },
      );
      figures.push(...(await outage(cluster, seats, cluster.superuser('room'))));
      for (const seat of seats) {
        await seat.feed.stop();
        await seat.replicator.stop();
        await seat.views.stop();
        seat.store.close();
      }
      seats.length = 0;
      figures.push(...(await search(cluster)));
      return figures;
    } finally {
      for (const seat of seats) {
        await seat.feed.stop();
        await seat.replicator.stop();
        await seat.views.stop();
        seat.store.close();
      }
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
