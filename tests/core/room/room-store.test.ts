import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalChainReader } from '../../../src-main/core/room/local-chain-reader';
import { checkRoomSeat, openRoomSeat } from '../../../src-main/core/room/room-checks';
import {
  closeRoom,
  connectRoom,
  type RoomConnectionSettings,
} from '../../../src-main/core/room/room-connection';
import { RoomError } from '../../../src-main/core/room/room-errors';
import { initRoom, seatPasswordFile } from '../../../src-main/core/room/room-init';
import { runRoomCli } from '../../../src-main/core/room/room-cli';
import {
  DivergenceError,
  replicateRecords,
  RoomReplicator,
  type RoomReplicationStatus,
} from '../../../src-main/core/room/room-replicator';
import { ROOM_SCHEMA_VERSION, seatRoleName } from '../../../src-main/core/room/room-schema';
import { compareSeatWithReplica, verifyRoomChains } from '../../../src-main/core/room/room-verify';
import { PostgresCluster } from '../../support/postgres-cluster';
import { roomAdminArgs } from '../../support/room-config';
import { ctx, draft, quietLogs, scratchStore } from '../logbook/logbook-support';

let cluster: PostgresCluster;
let credentialsDir: string;
const cleanups: (() => void)[] = [];

const seat = (name: string, database = 'room'): RoomConnectionSettings => ({
  ...cluster.connection(
    seatRoleName(name),
    readFileSync(seatPasswordFile(credentialsDir, name), 'utf8').trim(),
    database,
  ),
  connectTimeoutMs: 2000,
  queryTimeoutMs: 5000,
});

async function refusal(promise: Promise<unknown>): Promise<RoomError> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RoomError);
  return error as RoomError;
}

async function waitFor(what: string, predicate: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  quietLogs();
  cluster = await PostgresCluster.start();
  await cluster.createDatabase('room');
  credentialsDir = mkdtempSync(path.join(tmpdir(), 'vigie-room-creds-'));
  await initRoom({
    admin: cluster.superuser('room'),
    seats: ['poste-1', 'poste-2', 'poste-3'],
    credentialsDir,
  });
});

afterAll(async () => {
  for (const cleanup of cleanups) cleanup();
  await cluster?.stop();
  if (credentialsDir) rmSync(credentialsDir, { recursive: true, force: true });
});

function store() {
  const s = scratchStore();
  cleanups.push(s.cleanup);
  s.store.openShift(ctx(s.alice));
  return s;
}

describe('room init', () => {
  it('writes each seat a private password file and a role that logs in', async () => {
    const file = seatPasswordFile(credentialsDir, 'poste-1');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const client = await openRoomSeat(seat('poste-1'), 'poste-1');
    const version = await client.query<{ v: number }>('SELECT max(version) AS v FROM schema_version');
    expect(version.rows[0]?.v).toBe(ROOM_SCHEMA_VERSION);
    await closeRoom(client);
  });

  it('is what `vigie room init` runs, and never prints the password', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      out: (t: string) => out.push(t),
      err: (t: string) => err.push(t),
      readStdin: () => Promise.resolve(''),
    };
    const adminFile = path.join(credentialsDir, 'admin.pw');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(adminFile, `${cluster.superuserPassword}\n`, { mode: 0o600 });
    const args = roomAdminArgs(cluster.port);
    const code = await runRoomCli(
      ['init', ...args, '--password-file', adminFile, '--seat', 'poste-9', '--out', credentialsDir],
      io,
    );
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
    const password = readFileSync(seatPasswordFile(credentialsDir, 'poste-9'), 'utf8').trim();
    expect(out.join('')).toContain('role "vigie_seat_poste-9" created');
    expect(out.join('')).not.toContain(password);
    const client = await openRoomSeat(seat('poste-9'), 'poste-9');
    await closeRoom(client);
    expect(await runRoomCli(['init', ...args, '--seat', 'bad name!'], io)).toBe(2);
  });
});

describe('replication', () => {
  it('loses nothing and duplicates nothing across a PostgreSQL stop and restart during a write loop', async () => {
    const s = store();
    const replicator = new RoomReplicator({
      logbookFile: s.file,
      seat: 'poste-1',
      connection: seat('poste-1'),
      pollIntervalMs: 100,
      batchSize: 50,
      retry: { initialMs: 100, maxMs: 500 },
    });
    const seen: RoomReplicationStatus[] = [];
    replicator.onStatus((status) => seen.push(status));
    replicator.start();
    let written = 0;
    let writing = true;
    const loop = (async () => {
      while (writing) {
        s.store.createEntry(ctx(s.alice), draft({ description: `entrée ${written}` }), {
          requireShift: true,
        });
        written += 1;
        replicator.kick();
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    await waitFor('a first replicated batch', () => (replicator.status().lastReplicatedSeq ?? 0) > 5);
    await cluster.stopServer();
    const writtenAtStop = written;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // The operator kept writing while the server was down, and the status says why nothing goes.
    expect(written).toBeGreaterThan(writtenAtStop + 20);
    expect(replicator.status()).toMatchObject({
      connected: false,
      state: 'retrying',
      lastErrorCode: 'room-unreachable',
    });
    expect(replicator.status().lastError).toMatch(/cannot be reached/);
    await cluster.startServer();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    writing = false;
    await loop;
    const head = s.store.chain.head()!.seq;
    await waitFor(
      'catch-up',
      () => replicator.status().lastReplicatedSeq === head && replicator.status().pending === 0,
    );
    expect(seen.some((status) => status.state === 'retrying')).toBe(true);
    expect(replicator.status()).toMatchObject({ connected: true, lastError: null });
    await replicator.stop();

    const rows = await cluster.query<{ n: string; distinct_seq: string; max: string; min: string }>(
      `SELECT count(*) AS n, count(DISTINCT seq) AS distinct_seq, max(seq) AS max, min(seq) AS min
         FROM chain_records WHERE workstation = 'poste-1'`,
      [],
      'room',
    );
    expect(rows[0]).toEqual({ n: String(head), distinct_seq: String(head), max: String(head), min: '1' });
    const entries = await cluster.query<{ n: string }>(
      `SELECT count(*) AS n FROM chain_records WHERE workstation = 'poste-1' AND kind = 'entry'`,
      [],
      'room',
    );
    expect(Number(entries[0]!.n)).toBe(written);

    const client = await connectRoom(seat('poste-1'));
    const [report] = await verifyRoomChains(client, { seats: ['poste-1'] });
    expect(report).toMatchObject({ ok: true, records: head });
    const reader = LocalChainReader.open(s.file);
    expect(await compareSeatWithReplica(client, reader, 'poste-1')).toMatchObject({ ok: true, pending: 0 });
    reader.close();
    await closeRoom(client);
  });

  it('sends the same records twice without a duplicate, and refuses a different copy of one', async () => {
    const s = store();
    for (let i = 0; i < 5; i += 1) s.store.createEntry(ctx(s.alice), draft(), { requireShift: true });
    const reader = LocalChainReader.open(s.file);
    const records = reader.after(0, 100);
    reader.close();
    const client = await openRoomSeat(seat('poste-3'), 'poste-3');
    expect(await replicateRecords(client, 'poste-3', records)).toEqual({ inserted: 6, alreadyHeld: 0 });
    expect(await replicateRecords(client, 'poste-3', records)).toEqual({ inserted: 0, alreadyHeld: 6 });
    const forged = records.map((r) => (r.seq === 3 ? { ...r, hash: 'f'.repeat(64) } : r));
    await expect(replicateRecords(client, 'poste-3', forged)).rejects.toBeInstanceOf(DivergenceError);
    const count = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM chain_records WHERE workstation = 'poste-3'`,
    );
    expect(count.rows[0]?.n).toBe('6');
    // A seat writes only under its own name (row-level security).
    await expect(replicateRecords(client, 'poste-2', records)).rejects.toThrow(/row-level security/);
    await closeRoom(client);
  });
});

describe('integrity on the server', () => {
  it("refuses a seat role's UPDATE and DELETE, and the triggers refuse even the owner", async () => {
    const client = await openRoomSeat(seat('poste-3'), 'poste-3');
    await expect(
      client.query(`UPDATE chain_records SET row_json = '{}' WHERE workstation = 'poste-3'`),
    ).rejects.toThrow(/permission denied/);
    await expect(client.query(`DELETE FROM chain_records WHERE workstation = 'poste-3'`)).rejects.toThrow(
      /permission denied/,
    );
    await closeRoom(client);
    await expect(
      cluster.query(`UPDATE chain_records SET kind = kind WHERE workstation = 'poste-3'`, [], 'room'),
    ).rejects.toThrow(/append-only: chain_records rows cannot be updated/);
    await expect(cluster.query(`DELETE FROM chain_records`, [], 'room')).rejects.toThrow(/cannot be deleted/);
    await expect(cluster.query(`TRUNCATE chain_records`, [], 'room')).rejects.toThrow(/cannot be truncated/);
  });

  it('refuses at start a seat whose role may update or delete replicated rows', async () => {
    const role = seatRoleName('poste-3');
    await cluster.query(`GRANT UPDATE, DELETE ON chain_records TO "${role}"`, [], 'room');
    try {
      const error = await refusal(openRoomSeat(seat('poste-3'), 'poste-3'));
      expect(error.code).toBe('room-seat-privileges');
      expect(error.message).toMatch(
        /refused to start.*may UPDATE chain_records, may DELETE from chain_records/,
      );
      const replicator = new RoomReplicator({
        logbookFile: '/nonexistent',
        seat: 'poste-3',
        connection: seat('poste-3'),
      });
      replicator.start();
      await waitFor('refusal', () => replicator.status().state === 'refused');
      expect(replicator.status().lastErrorCode).toBe('room-seat-privileges');
      await replicator.stop();
    } finally {
      await cluster.query(`REVOKE UPDATE, DELETE ON chain_records FROM "${role}"`, [], 'room');
    }
    // The superuser's own account, used as a seat, is refused too.
    const admin = { ...cluster.superuser('room'), user: 'postgres' };
    await cluster.query(`SELECT 1`);
    const client = await connectRoom(admin);
    const error = await refusal(checkRoomSeat(client, admin, 'poste-3'));
    expect(error.code).toBe('room-seat-unknown');
    await closeRoom(client);
  });

  it('gives clear errors for a wrong password and an unreachable server', async () => {
    const wrong = await refusal(
      openRoomSeat({ ...seat('poste-1'), password: 'not-the-password' }, 'poste-1'),
    );
    expect(wrong.code).toBe('room-credentials');
    expect(wrong.message).toMatch(/refused the user name or password/);
    expect(wrong.message).not.toContain('not-the-password');
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address() as { port: number };
        server.close(() => resolve(address.port));
      });
    });
    const down = await refusal(openRoomSeat({ ...seat('poste-1'), port }, 'poste-1'));
    expect(down.code).toBe('room-unreachable');
    expect(down.message).toContain(`127.0.0.1:${port}`);
    expect(down.message).toMatch(/ECONNREFUSED/);
  });

  it('refuses a schema of another version, and a database without one', async () => {
    await cluster.createDatabase('room_next');
    await cluster.query(`GRANT CONNECT ON DATABASE room_next TO vigie_seat`);
    const bare = await refusal(openRoomSeat(seat('poste-1', 'room_next'), 'poste-1'));
    expect(bare.code).toBe('room-schema-version');
    expect(bare.message).toMatch(/no Vigie room schema.*vigie room init/);
    await initRoom({ admin: cluster.superuser('room_next'), seats: [], credentialsDir });
    await cluster.query(
      `INSERT INTO schema_version (version) VALUES (${ROOM_SCHEMA_VERSION + 1})`,
      [],
      'room_next',
    );
    const newer = await refusal(openRoomSeat(seat('poste-1', 'room_next'), 'poste-1'));
    expect(newer.code).toBe('room-schema-version');
    expect(newer.message).toContain(
      `schema version ${ROOM_SCHEMA_VERSION + 1}, this Vigie needs version ${ROOM_SCHEMA_VERSION}`,
    );
    // room init does not downgrade it either.
    const init = await refusal(
      initRoom({ admin: cluster.superuser('room_next'), seats: [], credentialsDir }),
    );
    expect(init.code).toBe('room-schema-version');
  });

  it('finds an accent-free French search, and catches a row tampered with on the server', async () => {
    const s = store();
    s.store.createEntry(ctx(s.alice), draft({ description: 'Échauffourée devant la gare routière' }), {
      requireShift: true,
    });
    s.store.createEntry(ctx(s.alice), draft({ description: 'Véhicule en stationnement gênant' }), {
      requireShift: true,
    });
    const replicator = new RoomReplicator({
      logbookFile: s.file,
      seat: 'poste-2',
      connection: seat('poste-2'),
      pollIntervalMs: 50,
    });
    replicator.start();
    const head = s.store.chain.head()!.seq;
    await waitFor('replication', () => replicator.status().lastReplicatedSeq === head);
    await replicator.stop();

    const client = await openRoomSeat(seat('poste-2'), 'poste-2');
    const search = (words: string) =>
      client.query<{ seq: string; row_json: string }>(
        `SELECT seq, row_json FROM chain_records WHERE search @@ plainto_tsquery('french_unaccent', $1) ORDER BY seq`,
        [words],
      );
    const found = await search('echauffouree');
    expect(
      found.rows.map((row) => (JSON.parse(row.row_json) as { description: string }).description),
    ).toEqual(['Échauffourée devant la gare routière']);
    expect((await search('routiere')).rows).toHaveLength(1);
    expect((await search('vehicule genant')).rows).toHaveLength(1);
    expect((await search('incendie')).rows).toHaveLength(0);

    expect(await verifyRoomChains(client, { seats: ['poste-2'] })).toMatchObject([
      { ok: true, records: head },
    ]);
    const target = Number(found.rows[0]!.seq);
    // A superuser switches the triggers off and rewrites one row.
    await cluster.query(
      `SET session_replication_role = replica;
       UPDATE chain_records SET row_json = replace(row_json, 'Échauffourée', 'Rassemblement calme')
        WHERE workstation = 'poste-2' AND seq = ${target};`,
      [],
      'room',
    );
    const [report] = await verifyRoomChains(client, { seats: ['poste-2'] });
    expect(report).toMatchObject({ ok: false, broken: { seq: target, reason: 'hash-mismatch' } });
    expect(report!.broken!.message).toMatch(/row content does not match its hash/);
    const reader = LocalChainReader.open(s.file);
    const comparison = await compareSeatWithReplica(client, reader, 'poste-2');
    reader.close();
    // The hashes were left alone, so only re-verification shows this; a rewritten hash (here the
    // seat's last record) is a divergence from the local chain.
    expect(comparison.ok).toBe(true);
    await cluster.query(
      `SET session_replication_role = replica;
       UPDATE chain_records SET hash = repeat('a', 64) WHERE workstation = 'poste-2' AND seq = ${head};`,
      [],
      'room',
    );
    const reader2 = LocalChainReader.open(s.file);
    expect(await compareSeatWithReplica(client, reader2, 'poste-2')).toMatchObject({
      ok: false,
      divergence: { seq: head, reason: 'hash-mismatch' },
    });
    // ...and the seat's replicator stops on it rather than overwrite.
    const again = new RoomReplicator({ logbookFile: s.file, seat: 'poste-2', connection: seat('poste-2') });
    s.store.createEntry(ctx(s.alice), draft(), { requireShift: true });
    again.start();
    await waitFor('divergence', () => again.status().state === 'diverged');
    expect(again.status().divergence).toMatchObject({ seq: head, reason: 'hash-mismatch' });
    await again.stop();
    reader2.close();
    await closeRoom(client);
  });
});
