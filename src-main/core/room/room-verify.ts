import { canonicalJson } from '../integrity/canonical-json';
import { GENESIS_HASH, recordHash, type ChainHead } from '../integrity/hash-chain';
import { LOGBOOK_CHAIN_NAME, LOGBOOK_CHAIN_SOURCES } from '../logbook/logbook-chain';
import type { LocalChainReader } from './local-chain-reader';
import type { RoomDivergence } from './room-batch';
import type { RoomClient } from './room-schema';

/**
 * Checks the room's replicas on the server, and a seat's local chain against its replica.
 *
 * Why re-verify on the server: the replica is what a chef de salle reads and what a judicial
 * requisition over the room is drawn from, so it must prove itself without the seats. Each
 * seat's records must run from #1 without a gap, each must name its predecessor's hash, and each
 * hash must be recomputed from the stored canonical JSON with the very formula of
 * `integrity/hash-chain.ts`. A row changed on the server (by a superuser who switched the
 * triggers off) fails at that record. Comparing with the seat's local chain then catches what a
 * consistent rewrite of a whole replica tail would hide: the local chain is the other copy.
 */

export type RoomChainBreakReason =
  'sequence-gap' | 'prev-hash-mismatch' | 'hash-mismatch' | 'not-canonical' | 'unknown-kind';

export interface RoomChainBreak {
  seq: number;
  reason: RoomChainBreakReason;
  /** One line, e.g. `seat "poste-1" record #42 (entry id 17): row content does not match its hash`. */
  message: string;
}

export interface SeatChainReport {
  seat: string;
  ok: boolean;
  records: number;
  head: ChainHead | null;
  broken: RoomChainBreak | null;
}

interface ReplicaRow {
  seq: string;
  kind: string;
  ref_id: string;
  prev_hash: string;
  hash: string;
  row_json: string;
}

const CHUNK = 2000;
const KINDS = new Set(LOGBOOK_CHAIN_SOURCES.map((source) => source.kind));

/** Verifies every seat's replica (or only `seats`), chunk by chunk. */
export async function verifyRoomChains(
  client: RoomClient,
  options: { seats?: string[] } = {},
): Promise<SeatChainReport[]> {
  const seats =
    options.seats ??
    (await client.query<{ name: string }>('SELECT name FROM seats ORDER BY name')).rows.map(
      (row) => row.name,
    );
  const reports: SeatChainReport[] = [];
  for (const seat of seats) reports.push(await verifySeat(client, seat));
  return reports;
}

async function verifySeat(client: RoomClient, seat: string): Promise<SeatChainReport> {
  let expected = 1;
  let prevHash = GENESIS_HASH;
  let head: ChainHead | null = null;
  const fail = (seq: number, reason: RoomChainBreakReason, what: string): SeatChainReport => ({
    seat,
    ok: false,
    records: expected - 1,
    head,
    broken: { seq, reason, message: `seat "${seat}" record #${seq}${what}` },
  });
  for (;;) {
    const rows = (
      await client.query<ReplicaRow>(
        `SELECT seq, kind, ref_id, prev_hash, hash, row_json FROM chain_records
          WHERE workstation = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
        [seat, expected, CHUNK],
      )
    ).rows;
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      const refId = Number(row.ref_id);
      const where = ` (${row.kind} id ${refId})`;
      if (seq !== expected)
        return fail(expected, 'sequence-gap', `: missing from the room (next is #${seq})`);
      if (row.prev_hash !== prevHash)
        return fail(seq, 'prev-hash-mismatch', `${where}: does not follow the previous record`);
      if (!KINDS.has(row.kind)) return fail(seq, 'unknown-kind', `${where}: unknown record kind`);
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(row.row_json) as Record<string, unknown>;
        if (canonicalJson(parsed) !== row.row_json) throw new Error('not canonical');
      } catch {
        return fail(
          seq,
          'not-canonical',
          `${where}: the stored row is not the canonical JSON that was hashed`,
        );
      }
      const hash = recordHash(LOGBOOK_CHAIN_NAME, prevHash, seq, row.kind, refId, parsed);
      if (hash !== row.hash) {
        return fail(
          seq,
          'hash-mismatch',
          `${where}: row content does not match its hash (the row was modified)`,
        );
      }
      prevHash = row.hash;
      head = { seq, hash: row.hash };
      expected += 1;
    }
  }
  return { seat, ok: true, records: expected - 1, head, broken: null };
}

/** A seat's local chain against its replica. */
export interface SeatComparison {
  seat: string;
  ok: boolean;
  localRecords: number;
  replicaRecords: number;
  /** Records compared (the shorter of the two). */
  compared: number;
  /** Local records not replicated yet: normal while the server is down, not a divergence. */
  pending: number;
  divergence: RoomDivergence | null;
}

/**
 * Compares the seat's local chain (read through `reader`) with its replica record by record.
 * A hash that differs, or a replica longer than the local chain, is a divergence.
 */
export async function compareSeatWithReplica(
  client: RoomClient,
  reader: Pick<LocalChainReader, 'head' | 'hashAt'>,
  seat: string,
): Promise<SeatComparison> {
  const localRecords = reader.head()?.seq ?? 0;
  const count = await client.query<{ n: string }>(
    'SELECT count(*) AS n FROM chain_records WHERE workstation = $1',
    [seat],
  );
  const replicaRecords = Number(count.rows[0]?.n ?? 0);
  const base = {
    seat,
    localRecords,
    replicaRecords,
    compared: Math.min(localRecords, replicaRecords),
    pending: Math.max(0, localRecords - replicaRecords),
  };
  let seq = 0;
  for (;;) {
    const rows = (
      await client.query<{ seq: string; hash: string }>(
        'SELECT seq, hash FROM chain_records WHERE workstation = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [seat, seq, CHUNK],
      )
    ).rows;
    if (rows.length === 0) break;
    for (const row of rows) {
      seq = Number(row.seq);
      const localHash = reader.hashAt(seq);
      if (localHash === row.hash) continue;
      const divergence: RoomDivergence =
        localHash === null
          ? {
              seat,
              seq,
              reason: 'replica-ahead',
              localHash: null,
              replicaHash: row.hash,
              message: `seat "${seat}": the room holds record #${seq}, which the local chain (${localRecords} records) lacks`,
            }
          : {
              seat,
              seq,
              reason: 'hash-mismatch',
              localHash,
              replicaHash: row.hash,
              message: `seat "${seat}": record #${seq} differs between the local chain and the room`,
            };
      return { ...base, ok: false, divergence };
    }
  }
  return { ...base, ok: true, divergence: null };
}
