import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RoomConnectionSettings } from '../../../src-main/core/room/room-connection';
import { initRoom, seatPasswordFile } from '../../../src-main/core/room/room-init';
import { RoomReplicator } from '../../../src-main/core/room/room-replicator';
import { seatRoleName } from '../../../src-main/core/room/room-schema';
import { PostgresCluster } from '../../support/postgres-cluster';
import { scratchStore } from '../logbook/logbook-support';

/**
 * A room for a test file: a private PostgreSQL cluster with the room schema, and seats that each
 * have their own temp data dir, a real local logbook (LogbookStore) and a real replicator.
 */
export interface TestSeat extends ReturnType<typeof scratchStore> {
  name: string;
  connection: RoomConnectionSettings;
  replicator: RoomReplicator;
  /** Waits until the room holds the seat's whole local chain. */
  replicated(timeoutMs?: number): Promise<void>;
}

export interface TestRoom {
  cluster: PostgresCluster;
  seats: TestSeat[];
  close(): Promise<void>;
}

export async function waitFor(
  what: string,
  predicate: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function startRoom(names: readonly string[]): Promise<TestRoom> {
  const cluster = await PostgresCluster.start();
  const credentialsDir = mkdtempSync(path.join(tmpdir(), 'vigie-room-creds-'));
  const seats: TestSeat[] = [];
  const close = async () => {
    for (const seat of seats) {
      await seat.replicator.stop();
      seat.cleanup();
    }
    await cluster.stop();
    rmSync(credentialsDir, { recursive: true, force: true });
  };
  try {
    await cluster.createDatabase('room');
    await initRoom({ admin: cluster.superuser('room'), seats: names, credentialsDir });
    for (const name of names) {
      const connection: RoomConnectionSettings = {
        ...cluster.connection(
          seatRoleName(name),
          readFileSync(seatPasswordFile(credentialsDir, name), 'utf8').trim(),
          'room',
        ),
        connectTimeoutMs: 2000,
        queryTimeoutMs: 5000,
      };
      const local = scratchStore();
      const replicator = new RoomReplicator({
        logbookFile: local.file,
        seat: name,
        connection,
        pollIntervalMs: 50,
        retry: { initialMs: 100, maxMs: 500 },
      });
      replicator.start();
      seats.push({
        ...local,
        name,
        connection,
        replicator,
        replicated: (timeoutMs = 30_000) =>
          waitFor(
            `seat ${name} replicated`,
            () => replicator.status().lastReplicatedSeq === (local.store.chain.head()?.seq ?? 0),
            timeoutMs,
          ),
      });
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { cluster, seats, close };
}
