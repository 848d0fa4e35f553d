import type { ChainRecord } from './local-chain-reader';
import { ROOM_NOTIFY_CHANNEL, type RoomClient } from './room-schema';

/**
 * One replication batch: the insert that makes replication idempotent, and the divergence it
 * reports. Apart from the replicator's loop so the one statement that writes the room can be
 * exercised on its own (the same records sent twice, a forged copy), and so the loop file stays
 * about timing and status.
 */

/** A seat's local chain and its replica disagree: shown to the chef de salle, never repaired. */
export interface RoomDivergence {
  seat: string;
  seq: number;
  reason: 'hash-mismatch' | 'replica-ahead';
  localHash: string | null;
  replicaHash: string | null;
  message: string;
}

/** Thrown when the room holds a record whose hash differs from the local one. */
export class DivergenceError extends Error {
  constructor(readonly divergence: RoomDivergence) {
    super(divergence.message);
  }
}

export function mismatch(
  seat: string,
  seq: number,
  localHash: string | null,
  replicaHash: string | null,
): RoomDivergence {
  return {
    seat,
    seq,
    reason: 'hash-mismatch',
    localHash,
    replicaHash,
    message:
      `seat "${seat}": record #${seq} differs between the local chain and the room ` +
      `(local ${localHash?.slice(0, 12) ?? 'none'}…, room ${replicaHash?.slice(0, 12) ?? 'none'}…): ` +
      'replication stopped, nothing overwritten',
  };
}

/**
 * Inserts `records` (in seq order) for `seat` in one transaction, idempotently: a record the room
 * already holds is skipped, then compared by hash, and a different hash throws
 * {@link DivergenceError} (the transaction is rolled back, nothing is overwritten). NOTIFYs the
 * channel with the batch's last `{ workstation, seq }` on commit.
 */
export async function replicateRecords(
  client: RoomClient,
  seat: string,
  records: readonly ChainRecord[],
): Promise<{ inserted: number; alreadyHeld: number }> {
  if (records.length === 0) return { inserted: 0, alreadyHeld: 0 };
  await client.query('BEGIN');
  try {
    const inserted = await client.query<{ seq: string }>(
      `INSERT INTO chain_records (workstation, seq, kind, ref_id, prev_hash, hash, row_json)
       SELECT $1, r.seq, r.kind, r.ref_id, r.prev_hash, r.hash, r.row_json
         FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[])
              AS r (seq, kind, ref_id, prev_hash, hash, row_json)
       ON CONFLICT (workstation, seq) DO NOTHING
       RETURNING seq`,
      [
        seat,
        records.map((r) => r.seq),
        records.map((r) => r.kind),
        records.map((r) => r.refId),
        records.map((r) => r.prevHash),
        records.map((r) => r.hash),
        records.map((r) => r.rowJson),
      ],
    );
    const fresh = new Set(inserted.rows.map((row) => Number(row.seq)));
    const existing = records.filter((record) => !fresh.has(record.seq));
    if (existing.length > 0) {
      const held = await client.query<{ seq: string; hash: string }>(
        'SELECT seq, hash FROM chain_records WHERE workstation = $1 AND seq = ANY($2::bigint[])',
        [seat, existing.map((record) => record.seq)],
      );
      const hashes = new Map(held.rows.map((row) => [Number(row.seq), row.hash]));
      for (const record of existing) {
        const replica = hashes.get(record.seq) ?? null;
        if (replica !== record.hash)
          throw new DivergenceError(mismatch(seat, record.seq, record.hash, replica));
      }
    }
    const last = records[records.length - 1]!.seq;
    await client.query('SELECT pg_notify($1, $2)', [
      ROOM_NOTIFY_CHANNEL,
      JSON.stringify({ workstation: seat, seq: last }),
    ]);
    await client.query('COMMIT');
    return { inserted: fresh.size, alreadyHeld: existing.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
