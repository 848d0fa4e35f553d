import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { RoomSeatShift, RoomShiftState } from '../../../src-shared/contract';
import { closeRoom, connectRoom } from '../../../src-main/core/room/room-connection';
import { initRoom } from '../../../src-main/core/room/room-init';
import { verifyRoomChains } from '../../../src-main/core/room/room-verify';
import { apiValue } from '../../support/api-calls';
import { startCore, TestClient, waitFor, type Harness } from '../../support/core-harness';
import { PostgresCluster } from '../../support/postgres-cluster';
import { testRoomSection } from '../../support/room-config';
import { runVigie } from '../../support/vigie-cli';

/** Every test account's PIN. */
export const PIN = '2468';

/** The seats `vigie room init` creates for the handover tests. */
export const SEATS = ['poste-1', 'poste-2', 'poste-3'] as const;

/**
 * A real PostgreSQL with the room schema and three seats, and the cores started on it: what the
 * handover tests (across seats, and the takeover seen from the seat that handed over) share.
 */
export class HandoverRoom {
  private readonly harnesses: Harness[] = [];
  private readonly clients: TestClient[] = [];

  private constructor(
    readonly cluster: PostgresCluster,
    readonly dir: string,
  ) {}

  static async start(prefix: string): Promise<HandoverRoom> {
    const cluster = await PostgresCluster.start();
    await cluster.createDatabase('room');
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    await initRoom({ admin: cluster.superuser('room'), seats: [...SEATS], credentialsDir: dir });
    return new HandoverRoom(cluster, dir);
  }

  /** A seat's core (its own data dir and SQLite logbook) on the room; `port` may name no server. */
  seat(seat: string, port = this.cluster.port): Promise<{ harness: Harness; client: TestClient }> {
    return this.core(
      { version: 1, room: testRoomSection(port, this.dir, seat) },
      { workstation: seat, roomReplication: { retry: { initialMs: 100, maxMs: 500 } } },
    );
  }

  /** Any core, stopped with the room (a seat without a room section, for instance). */
  async core(...args: Parameters<typeof startCore>): Promise<{ harness: Harness; client: TestClient }> {
    const harness = await startCore(...args);
    this.harnesses.push(harness);
    const client = await TestClient.connect(harness.endpoint);
    this.clients.push(client);
    return { harness, client };
  }

  async stop(): Promise<void> {
    for (const client of this.clients) await client.close();
    for (const harness of this.harnesses) await harness.close();
    await this.cluster.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * The seat's local chain verifies in memory and with `vigie logbook verify`, all of it reached
   * the room, and the server re-verifies every seat's chain.
   */
  async expectVerified(harness: Harness, seat: string): Promise<void> {
    const local = harness.core.logbookService!.logbookStore!;
    expect(local.chain.verify()).toMatchObject({ ok: true });
    const head = local.chain.head()!.seq;
    await waitFor(`${seat} replicated`, async () => {
      const client = await connectRoom(this.cluster.superuser('room'));
      try {
        const r = await client.query<{ n: string }>(
          'SELECT count(*) AS n FROM chain_records WHERE workstation = $1',
          [seat],
        );
        return Number(r.rows[0]!.n) === head;
      } finally {
        await closeRoom(client);
      }
    });
    const client = await connectRoom(this.cluster.superuser('room'));
    try {
      const reports = await verifyRoomChains(client);
      expect(reports.map((r) => [r.seat, r.ok])).toEqual(SEATS.map((name) => [name, true]));
    } finally {
      await closeRoom(client);
    }
    const cli = await runVigie(['logbook', 'verify', '--data-dir', harness.dataDir], {
      env: { ...process.env, VIGIE_CONFIG: '' },
    });
    expect(cli.stdout).toMatch(/^OK \d+ records/m);
    expect(cli.code).toBe(0);
  }
}

export async function login(client: TestClient, badge: string): Promise<void> {
  await apiValue(client, 'session.login', { badge, pin: PIN });
}

/** Waits until the room's operator list reached this seat (every account was made before). */
export async function synced(client: TestClient): Promise<void> {
  await waitFor('the room’s operators at this seat', async () => {
    const status = await apiValue<{ needsBootstrap: boolean }>(client, 'session.status', {});
    return !status.needsBootstrap;
  });
}

export const seatOf = (state: RoomShiftState, seat: string): RoomSeatShift =>
  state.seats.find((s) => s.seat === seat)!;
