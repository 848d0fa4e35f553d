import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { OperatorRole } from '../../../src-shared/contract';
import { writeFileAtomic } from '../files/atomic-write';
import { log } from '../log/logger';
import type { RoomClient } from './room-schema';

/**
 * One operator list for the room: the room's `operators` table is the list, each seat's local
 * `operators` table its cache, so an operator created at any seat logs in at every seat, and still
 * logs in when the server is down (the cache has the PIN hash).
 *
 * Why a three-way merge and not "the room wins": a seat that was cut off may have changed an
 * account meanwhile (an admin deactivated a badge, an operator changed their PIN), and that change
 * must reach the room when the link returns, not be undone by it. Each seat keeps, per badge, the
 * values both sides last agreed on (the *base*, `<data dir>/room-operators.json`, 0600: it holds
 * PIN hashes like the local database does). For each field: the side that moved from the base
 * wins; when both moved, the room wins (one answer for every seat) and the log says so. Accounts
 * are never deleted on either side: an account missing from one side is created there.
 */

/** What the sync needs of the local logbook store (LogbookStore has exactly these). */
export interface OperatorCache {
  listOperators(): { id: number; badge: string }[];
  operatorById(
    id: number,
  ): { badge: string; name: string; role: OperatorRole; pinHash: string; active: boolean } | null;
  addOperator(
    input: { name: string; badge: string; role: OperatorRole; pinHash: string },
    createdBy: number | null,
    now: Date,
  ): { id: number };
  setPinHash(id: number, pinHash: string): void;
  setOperatorActive(id: number, active: boolean): void;
  setOperatorProfile(id: number, name: string, role: OperatorRole): void;
}

const AccountSchema = z.object({
  badge: z.string(),
  name: z.string(),
  role: z.enum(['operator', 'chef de salle', 'admin']),
  pinHash: z.string(),
  active: z.boolean(),
});
type Account = z.infer<typeof AccountSchema>;

const BaseFileSchema = z.object({ version: z.literal(1), accounts: z.record(z.string(), AccountSchema) });

const FIELDS = ['name', 'role', 'pinHash', 'active'] as const;

/** What one pass did, for the status and the tests; never a PIN hash. */
export interface OperatorSyncResult {
  pulled: number;
  pushed: number;
  created: { local: number; room: number };
  /** Badges both sides changed since they last agreed: the room's values were kept. */
  conflicts: string[];
}

interface RoomOperatorRow {
  badge: string;
  name: string;
  role: OperatorRole;
  pin_hash: string;
  active: boolean;
}

const key = (badge: string) => badge.toLowerCase();

export class RoomOperatorSync {
  private readonly baseFile: string;

  constructor(
    private readonly cache: OperatorCache,
    private readonly seat: string,
    dataDir: string,
  ) {
    this.baseFile = path.join(dataDir, 'room-operators.json');
  }

  /** One merge of the room's list and the local cache, over `client` (a seat connection). */
  async pass(client: RoomClient, now = new Date()): Promise<OperatorSyncResult> {
    const room = new Map<string, Account>();
    const rows = await client.query<RoomOperatorRow>(
      'SELECT badge, name, role, pin_hash, active FROM operators ORDER BY id',
    );
    for (const row of rows.rows) {
      room.set(key(row.badge), {
        badge: row.badge,
        name: row.name,
        role: row.role,
        pinHash: row.pin_hash,
        active: row.active,
      });
    }
    const local = new Map<string, Account & { id: number }>();
    for (const { id } of this.cache.listOperators()) {
      const record = this.cache.operatorById(id);
      if (record) local.set(key(record.badge), { id, ...record });
    }
    const base = this.readBase();
    const result: OperatorSyncResult = {
      pulled: 0,
      pushed: 0,
      created: { local: 0, room: 0 },
      conflicts: [],
    };
    const agreed: Record<string, Account> = {};

    for (const [badge, theirs] of room) {
      const mine = local.get(badge);
      if (!mine) {
        this.cache.addOperator(theirs, null, now);
        result.created.local += 1;
        agreed[badge] = theirs;
        continue;
      }
      const was = base[badge];
      const merged: Account = { ...theirs };
      const push: Partial<Account> = {};
      for (const field of FIELDS) {
        if (mine[field] === theirs[field]) continue;
        const localMoved = was === undefined || mine[field] !== was[field];
        const roomMoved = was !== undefined && theirs[field] !== was[field];
        if (localMoved && !roomMoved && was !== undefined) {
          Object.assign(push, { [field]: mine[field] });
          Object.assign(merged, { [field]: mine[field] });
        } else if (localMoved && roomMoved && !result.conflicts.includes(theirs.badge)) {
          result.conflicts.push(theirs.badge);
        }
      }
      if (Object.keys(push).length > 0) {
        await this.pushChange(client, theirs.badge, merged);
        result.pushed += 1;
      }
      if (this.applyLocally(mine, merged)) result.pulled += 1;
      agreed[badge] = merged;
    }
    for (const [badge, mine] of local) {
      if (room.has(badge)) continue;
      await client.query(
        `INSERT INTO operators (badge, name, role, pin_hash, active, created_by_seat)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (lower(badge)) DO NOTHING`,
        [mine.badge, mine.name, mine.role, mine.pinHash, mine.active, this.seat],
      );
      result.created.room += 1;
      agreed[badge] = {
        badge: mine.badge,
        name: mine.name,
        role: mine.role,
        pinHash: mine.pinHash,
        active: mine.active,
      };
    }
    this.writeBase(agreed);
    if (result.conflicts.length)
      log.warn(
        `room operators: ${result.conflicts.join(', ')} changed both here and in the room since the last sync: the room's values were kept`,
      );
    if (result.pulled || result.pushed || result.created.local || result.created.room)
      log.info(
        `room operators: ${result.created.local} new here, ${result.created.room} new in the room, ` +
          `${result.pulled} updated here, ${result.pushed} updated in the room`,
      );
    return result;
  }

  private async pushChange(client: RoomClient, badge: string, account: Account): Promise<void> {
    await client.query(
      `UPDATE operators SET name = $2, role = $3, pin_hash = $4, active = $5, updated_at = now()
       WHERE lower(badge) = lower($1)`,
      [badge, account.name, account.role, account.pinHash, account.active],
    );
  }

  /** Brings the cached account to `target`; true when something changed. */
  private applyLocally(mine: Account & { id: number }, target: Account): boolean {
    let changed = false;
    if (mine.name !== target.name || mine.role !== target.role) {
      this.cache.setOperatorProfile(mine.id, target.name, target.role);
      changed = true;
    }
    if (mine.pinHash !== target.pinHash) {
      this.cache.setPinHash(mine.id, target.pinHash);
      changed = true;
    }
    if (mine.active !== target.active) {
      this.cache.setOperatorActive(mine.id, target.active);
      changed = true;
    }
    return changed;
  }

  private readBase(): Record<string, Account> {
    if (!existsSync(this.baseFile)) return {};
    try {
      return BaseFileSchema.parse(JSON.parse(readFileSync(this.baseFile, 'utf8'))).accounts;
    } catch (error) {
      // A damaged base only loses the "who moved" memory: the next pass lets the room's values
      // win, as on a seat's first sync, then agrees again. Nothing is deleted either way.
      log.warn(`room operators: ${this.baseFile} unreadable (${(error as Error).message}); starting afresh`);
      return {};
    }
  }

  private writeBase(accounts: Record<string, Account>): void {
    writeFileAtomic(this.baseFile, `${JSON.stringify({ version: 1, accounts })}\n`, {
      mode: 0o600,
      durable: true,
    });
  }
}
