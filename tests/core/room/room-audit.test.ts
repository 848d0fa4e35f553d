import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initRoom, seatPasswordFile } from '../../../src-main/core/room/room-init';
import { seatRoleName } from '../../../src-main/core/room/room-schema';
import { RoomService } from '../../../src-main/core/room/room-service';
import { PostgresCluster } from '../../support/postgres-cluster';
import { ctx, draft, quietLogs, scratchStore } from '../logbook/logbook-support';
import { waitFor } from './room-seats';

/**
 * The room service's low-rate audit: a row of this seat's replica changed on the server by a
 * superuser (triggers switched off), behind the replica's head where the replicator does not
 * look, turns room.status to `diverged`, naming the seat and the record.
 */

let cluster: PostgresCluster;
let dir: string;
let local: ReturnType<typeof scratchStore>;
let service: RoomService;

beforeAll(async () => {
  quietLogs();
  cluster = await PostgresCluster.start();
  await cluster.createDatabase('room');
  dir = mkdtempSync(path.join(tmpdir(), 'vigie-room-audit-'));
  await initRoom({ admin: cluster.superuser('room'), seats: ['poste-1'], credentialsDir: dir });
  local = scratchStore();
  service = new RoomService({
    room: {
      seat: 'poste-1',
      postgres: {
        host: '127.0.0.1',
        port: cluster.port,
        database: 'room',
        user: seatRoleName('poste-1'),
        passwordFile: seatPasswordFile(dir, 'poste-1'),
      },
    },
    dataDir: dir,
    workstation: 'poste-1',
    logbookFile: local.file,
    configDir: null,
    cipher: null,
    replication: { pollIntervalMs: 50, retry: { initialMs: 100, maxMs: 500 } },
    audit: { firstDelayMs: 100, intervalMs: 300 },
  });
  service.start();
});

afterAll(async () => {
  await service?.stop();
  local?.cleanup();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('room audit', () => {
  it('reports a replica row tampered on the server as a divergence of that seat and record', async () => {
    for (let i = 0; i < 4; i++) {
      local.store.createEntry(ctx(local.alice), draft({ description: `Ronde ${i} rue Victor Hugo` }), {
        requireShift: false,
      });
    }
    service.kick();
    const head = local.store.chain.head()!.seq;
    await waitFor('replicated', () => service.status().lastReplicatedSeq === head);
    // Several audits pass over identical copies without a word.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(service.status().state).not.toBe('diverged');
    expect(service.status().divergence).toBeNull();

    const admin = new pg.Client(cluster.superuser('room'));
    await admin.connect();
    let target: number;
    try {
      const row = (
        await admin.query<{ seq: string }>(
          `SELECT seq FROM chain_records WHERE workstation = 'poste-1' AND kind = 'entry' ORDER BY seq LIMIT 1`,
        )
      ).rows[0]!;
      target = Number(row.seq);
      expect(target).toBeLessThan(head);
      await admin.query('SET session_replication_role = replica');
      await admin.query(
        `UPDATE chain_records SET row_json = replace(row_json, 'Ronde 0', 'Ronde 9')
          WHERE workstation = 'poste-1' AND seq = $1`,
        [target],
      );
    } finally {
      await admin.end();
    }

    await waitFor('diverged', () => service.status().state === 'diverged', 15_000);
    const status = service.status();
    expect(status.errorCode).toBe('room-divergence');
    expect(status.divergence).toMatchObject({ seat: 'poste-1', seq: target, reason: 'hash-mismatch' });
    expect(status.divergence!.localHash).toMatch(/^[0-9a-f]{64}$/);
    expect(status.divergence!.message).toContain(`record #${target}`);
  });
});
