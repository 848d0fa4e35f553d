import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomStatus } from '../../../src-shared/contract';
import { closeRoom, connectRoom } from '../../../src-main/core/room/room-connection';
import { initRoom, seatPasswordFile } from '../../../src-main/core/room/room-init';
import { startCore, waitFor, type Harness } from '../../support/core-harness';
import { PostgresCluster } from '../../support/postgres-cluster';
import { testRoomSection } from '../../support/room-config';
import { runVigie, writeConfigFile } from '../../support/vigie-cli';
import { ctx, draft, quietLogs } from '../logbook/logbook-support';

/**
 * The room as the core composes it: a seat with a `room` section replicates what its operators
 * write, through the real core, to a real PostgreSQL; a seat whose room cannot be used still
 * starts and logs locally; `vigie logbook verify --room` checks both sides.
 */

let cluster: PostgresCluster;
let dir: string;
const harnesses: Harness[] = [];

beforeAll(async () => {
  quietLogs();
  cluster = await PostgresCluster.start();
  await cluster.createDatabase('room');
  dir = mkdtempSync(path.join(tmpdir(), 'vigie-room-core-'));
  await initRoom({ admin: cluster.superuser('room'), seats: ['poste-1', 'poste-2'], credentialsDir: dir });
});

afterAll(async () => {
  for (const harness of harnesses) await harness.close();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function roomSection(seat: string, passwordFile = seatPasswordFile(dir, seat)) {
  return testRoomSection(cluster.port, dir, seat, passwordFile);
}

async function seatCore(seat: string, passwordFile?: string): Promise<Harness> {
  const harness = await startCore(
    { version: 1, room: roomSection(seat, passwordFile) },
    { workstation: seat, roomReplication: { retry: { initialMs: 100, maxMs: 500 } } },
  );
  harnesses.push(harness);
  return harness;
}

function writeEntries(harness: Harness, seat: string, count: number): void {
  const store = harness.core.logbookService!.logbookStore!;
  const created = store.addOperator(
    { badge: `${seat}-op`, name: `Opérateur ${seat}`, role: 'operator', pinHash: 'scrypt$test' },
    null,
    new Date(),
  );
  const actor = { id: created.id, badge: `${seat}-op`, name: `Opérateur ${seat}`, role: 'operator' as const };
  store.openShift(ctx(actor, new Date(), seat));
  for (let i = 0; i < count; i++)
    store.createEntry(ctx(actor, new Date(), seat), draft({ description: `Entrée ${i} du ${seat}` }), {
      requireShift: true,
    });
}

async function roomStatus(harness: Harness): Promise<RoomStatus> {
  const response = await fetch(`${harness.endpoint.origin}/api/room`, {
    headers: { authorization: `Bearer ${harness.endpoint.token}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as RoomStatus;
}

async function replicaCount(seat: string): Promise<number> {
  const client = await connectRoom(cluster.superuser('room'));
  try {
    const result = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM chain_records WHERE workstation = $1',
      [seat],
    );
    return Number(result.rows[0]!.n);
  } finally {
    await closeRoom(client);
  }
}

describe('a seat with a room section', () => {
  it('replicates what its operators write, through the core, and says so', async () => {
    const harness = await seatCore('poste-1');
    writeEntries(harness, 'poste-1', 5);
    const local = harness.core.logbookService!.logbookStore!.chain.head()!.seq;
    await waitFor(
      'the room to hold every local record',
      async () => (await replicaCount('poste-1')) === local,
    );
    const status = await waitFor('an idle status', async () => {
      const s = await roomStatus(harness);
      return s.state === 'idle' && s.pending === 0 ? s : undefined;
    });
    expect(status).toMatchObject({ configured: true, seat: 'poste-1', connected: true, errorCode: null });
    expect(status.lastReplicatedSeq).toBe(local);
    // One operator list for the room: the account made at this seat reaches the room's table.
    await waitFor('the operator in the room', async () => {
      const client = await connectRoom(cluster.superuser('room'));
      try {
        const r = await client.query('SELECT 1 FROM operators WHERE badge = $1', ['poste-1-op']);
        return r.rowCount === 1;
      } finally {
        await closeRoom(client);
      }
    });
    // The status is for everyone's screen: it never carries the password.
    const password = readFileSync(seatPasswordFile(dir, 'poste-1'), 'utf8').trim();
    expect(JSON.stringify(await roomStatus(harness))).not.toContain(password);
  });

  it('starts and logs locally when its password file is missing, with a clear refusal', async () => {
    const harness = await seatCore('poste-2', path.join(dir, 'nowhere.room-password'));
    const status = await roomStatus(harness);
    expect(status).toMatchObject({ configured: true, state: 'refused', errorCode: 'room-password' });
    expect(() => writeEntries(harness, 'poste-2', 1)).not.toThrow();
    expect(harness.core.logbookService!.logbookStore!.chain.head()!.seq).toBeGreaterThan(0);
    expect(await replicaCount('poste-2')).toBe(0);
  });

  it('a seat without a room section reports local only', async () => {
    const harness = await startCore({ version: 1 });
    harnesses.push(harness);
    expect(await roomStatus(harness)).toMatchObject({ configured: false, seat: null });
  });
});

describe('vigie logbook verify --room', () => {
  it('checks the local chain, every replica, and this seat against its replica', async () => {
    const harness = harnesses[0]!;
    const config = writeConfigFile(dir, 'poste-1.json', { version: 1, room: roomSection('poste-1') });
    const env = { ...process.env, VIGIE_CONFIG: '' };
    const ok = await runVigie(
      ['logbook', 'verify', '--room', '--config', config, '--data-dir', harness.dataDir],
      { env },
    );
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/^OK \d+ records/m);
    expect(ok.stdout).toMatch(/^ROOM OK poste-1 \d+ records/m);
    expect(ok.stdout).toMatch(/^SEAT OK poste-1: \d+ records match the room/m);
    expect(ok.code).toBe(0);

    // Another seat's data dir against poste-1's replica: the local chain differs, and it says so.
    const other = harnesses[1]!;
    const diverged = await runVigie(
      ['logbook', 'verify', '--room', '--config', config, '--data-dir', other.dataDir],
      { env },
    );
    expect(diverged.stdout).toMatch(/^SEAT DIVERGED seat "poste-1"/m);
    expect(diverged.code).toBe(1);
  });

  it('refuses a config without a room section with exit 2', async () => {
    const config = writeConfigFile(dir, 'local.json', { version: 1 });
    const result = await runVigie(
      ['logbook', 'verify', '--room', '--config', config, '--data-dir', harnesses[0]!.dataDir],
      { env: { ...process.env, VIGIE_CONFIG: '' } },
    );
    expect(result.stderr).toContain('has no "room" section');
    expect(result.code).toBe(2);
  });
});
