import { z } from 'zod';
import type {
  RoomAcknowledgement,
  RoomConsigne,
  RoomHandover,
  RoomSeatShift,
  RoomShiftState,
  Shift,
} from '../../../src-shared/contract';
import type { HandoverTakeover } from '../logbook/room-handovers';
import { ServiceError } from '../api/service-result';
import { roomPreset } from './room-queries';
import {
  author,
  childRecords,
  covered,
  linkOf,
  parseJson,
  RECORD_COLUMNS,
  roomEntryViews,
  type RecordRow,
} from './room-records';
import type { RoomClient } from './room-schema';

/**
 * The handover state of the whole room, from the replicated shift, handover, consigne and
 * acknowledgement records: for each seat its open shift, the handover waiting for the incoming
 * operator, and the consignes still in force; and the room's suivis en cours.
 *
 * Why from the records, as the local `ShiftRecords.current` does from its tables: consignes and
 * open entries are the room's once the room exists, so an operator starting at another seat (or
 * the chef de salle) reads every seat's handover where they are. The rules are the local ones: a
 * seat's shift is open while no handover names it; its last handover waits while no
 * acknowledgement names it; a consigne is in force until its `expires_at`. An acknowledgement
 * names a handover from the handover's own seat (`acknowledgement`, its next operator there) or
 * from another seat (`room_acknowledgement`, written by `room.acknowledge` with the seat, id and
 * record hash of the handover it took over): both count, the earliest first.
 */

const Authored = z.object({
  operator_id: z.number().int(),
  operator_badge: z.string(),
  operator_name: z.string(),
});
const ShiftRow = Authored.extend({
  id: z.number().int().positive(),
  workstation: z.string(),
  opened_at: z.string(),
  previous_handover_id: z.number().int().nullable(),
});
const HandoverRow = Authored.extend({
  id: z.number().int().positive(),
  shift_id: z.number().int().positive(),
  written_at: z.string(),
  note: z.string(),
  open_incidents: z.string(),
  entry_count: z.number().int().nonnegative(),
});
const ConsigneRow = z.object({
  id: z.number().int().positive(),
  handover_id: z.number().int().positive(),
  position: z.number().int(),
  text: z.string(),
  expires_at: z.string().nullable(),
});
const AckRow = Authored.extend({
  id: z.number().int().positive(),
  acknowledged_at: z.string(),
  remark: z.string(),
});

const RoomAckRow = AckRow.extend({
  handover_seat: z.string(),
  handover_id: z.number().int().positive(),
  handover_hash: z.string(),
});

/** Each seat's last record of `kind`, by seat. */
async function lastOfKind(client: RoomClient, kind: string): Promise<Map<string, RecordRow>> {
  const rows = (
    await client.query<RecordRow>(
      `SELECT c.* FROM seats s CROSS JOIN LATERAL (
         SELECT ${RECORD_COLUMNS} FROM chain_records c WHERE c.kind = $1 AND c.workstation = s.name
          ORDER BY c.ref_id DESC LIMIT 1) c`,
      [kind],
    )
  ).rows;
  return new Map(rows.map((row) => [row.workstation, row]));
}

function shiftOut(row: RecordRow, closedAt: string | null): Shift {
  const shift = covered(row, ShiftRow);
  return {
    id: shift.id,
    workstation: shift.workstation,
    openedAt: shift.opened_at,
    operator: author(shift),
    previousHandoverId: shift.previous_handover_id,
    closedAt,
  };
}

const consigneOut = (row: RecordRow): RoomConsigne => {
  const consigne = covered(row, ConsigneRow);
  return {
    seat: row.workstation,
    id: consigne.id,
    handoverId: consigne.handover_id,
    text: consigne.text,
    expiresAt: consigne.expires_at,
  };
};

/** A seat's handover in the contract's shape, with its consignes, listed incidents and acknowledgement. */
export async function roomHandover(client: RoomClient, row: RecordRow): Promise<RoomHandover> {
  const handover = covered(row, HandoverRow);
  const seat = row.workstation;
  const children = await childRecords(
    client,
    ['consigne', 'acknowledgement', 'shift'],
    [{ seat, id: handover.id }],
  );
  const consignes = children
    .filter((child) => child.kind === 'consigne')
    .map((child) => ({ row: child, position: covered(child, ConsigneRow).position }))
    .sort((a, b) => a.position - b.position)
    .map(({ row: child }) => consigneOut(child));
  const ackRow = children.find((child) => child.kind === 'acknowledgement');
  const next = children.find((child) => child.kind === 'shift');
  const acks: RoomAcknowledgement[] = [];
  if (ackRow) acks.push(ackOut(seat, covered(ackRow, AckRow), next ? Number(next.ref_id) : null));
  acks.push(...(await otherSeatAcks(client, seat, handover.id, row.hash)));
  acks.sort((a, b) => a.at.localeCompare(b.at) || a.seat.localeCompare(b.seat));
  const incidentIds = parseJson<unknown[]>(handover.open_incidents, []).filter(
    (id): id is number => Number.isSafeInteger(id) && (id as number) > 0,
  );
  return {
    seat,
    id: handover.id,
    shiftId: handover.shift_id,
    writtenAt: handover.written_at,
    operator: author(handover),
    note: handover.note,
    consignes: consignes.map(({ seat: _seat, ...consigne }) => consigne),
    openIncidents: await roomEntryViews(
      client,
      incidentIds.map((id) => ({ seat, id })),
    ),
    entryCount: handover.entry_count,
    chainHead: linkOf(row),
    acknowledgement: acks[0] ?? null,
  };
}

function ackOut(seat: string, ack: z.infer<typeof AckRow>, newShiftId: number | null): RoomAcknowledgement {
  return {
    seat,
    id: ack.id,
    at: ack.acknowledged_at,
    operator: author(ack),
    remark: ack.remark,
    newShiftId,
  };
}

/**
 * Acknowledgements other seats wrote of the handover (seat, id) whose record hash is `hash`: one
 * that names another hash took over some other record (a diverged copy) and does not count.
 * Each one's new shift is the first shift its seat chained after it (same transaction).
 */
async function otherSeatAcks(
  client: RoomClient,
  seat: string,
  id: number,
  hash: string,
): Promise<RoomAcknowledgement[]> {
  return (await otherSeatAckRecords(client, seat, id, hash)).map(({ ack }) => ack);
}

/** The same, each with its own record's hash in the room (what a takeover proof names). */
async function otherSeatAckRecords(
  client: RoomClient,
  seat: string,
  id: number,
  hash: string,
): Promise<{ ack: RoomAcknowledgement; hash: string }[]> {
  const rows = (
    await client.query<RecordRow & { next_shift: string | null }>(
      `SELECT ${RECORD_COLUMNS}, (SELECT n.ref_id FROM chain_records n
                 WHERE n.workstation = c.workstation AND n.kind = 'shift' AND n.seq > c.seq
                 ORDER BY n.seq LIMIT 1) AS next_shift
         FROM chain_records c
        WHERE c.kind = 'room_acknowledgement'
          AND (c.row_json::jsonb ->> 'handover_seat') = $1
          AND (c.row_json::jsonb ->> 'handover_id') = $2::text
        ORDER BY c.seq`,
      [seat, String(id)],
    )
  ).rows;
  return rows
    .map((row) => ({ row, ack: covered(row, RoomAckRow) }))
    .filter(({ ack }) => ack.handover_hash === hash)
    .map(({ row, ack }) => ({
      ack: ackOut(row.workstation, ack, row.next_shift === null ? null : Number(row.next_shift)),
      hash: row.hash,
    }));
}

/** Seat `seat`'s handover taken over at another seat, as the room counts it (its earliest such acknowledgement). */
export type RoomTakeover = HandoverTakeover;

/**
 * Whether the room counts seat `seat`'s handover `id` as taken over at another seat: the
 * earliest other seat's `room_acknowledgement` naming it with the hash the room holds for it,
 * or null (unknown handover, none, or the earliest acknowledgement is its own seat's). The
 * seat that wrote the handover asks it before opening its next shift (`shifts.open`).
 */
export async function handoverTakeover(
  client: RoomClient,
  seat: string,
  id: number,
): Promise<RoomTakeover | null> {
  const row = (
    await client.query<RecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM chain_records WHERE workstation = $1 AND kind = 'handover' AND ref_id = $2`,
      [seat, id],
    )
  ).rows[0];
  if (!row) return null;
  const counted = (await roomHandover(client, row)).acknowledgement;
  if (!counted || counted.seat === seat) return null;
  const records = await otherSeatAckRecords(client, seat, id, row.hash);
  const taken = records.find(({ ack }) => ack.seat === counted.seat && ack.id === counted.id);
  if (!taken) return null;
  return {
    handoverId: id,
    seat: taken.ack.seat,
    acknowledgementId: taken.ack.id,
    hash: taken.hash,
    at: taken.ack.at,
    operator: taken.ack.operator,
  };
}

/**
 * Seat `seat`'s handover `id` as the room holds it, when an operator at another seat may still
 * take it over: refused (a ServiceError) for an unknown seat or handover, and for one already
 * acknowledged, by any seat, or superseded (its seat has chained a shift since).
 */
export async function handoverToTakeOver(
  client: RoomClient,
  seat: string,
  id: number,
): Promise<{ handover: RoomHandover; hash: string }> {
  const known = await client.query('SELECT 1 FROM seats WHERE name = $1', [seat]);
  if (known.rowCount === 0) {
    throw new ServiceError('not-found', `the room has no seat "${seat}"`, undefined, {
      reason: 'room-seat-unknown',
      params: { seat },
    });
  }
  const row = (
    await client.query<RecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM chain_records WHERE workstation = $1 AND kind = 'handover' AND ref_id = $2`,
      [seat, id],
    )
  ).rows[0];
  if (!row) {
    throw new ServiceError('not-found', `seat "${seat}" has no handover ${id} in the room`, undefined, {
      reason: 'handover-unknown',
      params: { seat },
    });
  }
  const handover = await roomHandover(client, row);
  const later = await client.query(
    `SELECT 1 FROM chain_records WHERE workstation = $1 AND kind = 'shift' AND seq > $2 LIMIT 1`,
    [seat, row.seq],
  );
  if (handover.acknowledgement || (later.rowCount ?? 0) > 0) {
    throw new ServiceError('conflict', 'this handover was already acknowledged', undefined, {
      reason: 'handover-acknowledged',
    });
  }
  return { handover, hash: row.hash };
}

/** Every seat's shift, pending handover and consignes in force, and the room's suivis en cours. */
export async function roomShiftState(client: RoomClient, now: Date): Promise<RoomShiftState> {
  const seats = (await client.query<{ name: string }>('SELECT name FROM seats ORDER BY name')).rows;
  const shifts = await lastOfKind(client, 'shift');
  const handovers = await lastOfKind(client, 'handover');
  const at = now.toISOString();
  const out: RoomSeatShift[] = [];
  const writtenAt = new Map<string, string>();
  for (const { name: seat } of seats) {
    const shiftRow = shifts.get(seat);
    const handoverRow = handovers.get(seat);
    const lastHandover = handoverRow ? await roomHandover(client, handoverRow) : null;
    if (lastHandover) writtenAt.set(seat, lastHandover.writtenAt);
    const shiftId = shiftRow ? Number(shiftRow.ref_id) : null;
    const open = shiftRow !== undefined && lastHandover?.shiftId !== shiftId;
    out.push({
      seat,
      shift: open && shiftRow ? shiftOut(shiftRow, null) : null,
      pendingHandover: !open && lastHandover && !lastHandover.acknowledgement ? lastHandover : null,
      lastHandover,
      consignes: (lastHandover?.consignes ?? [])
        .filter((consigne) => consigne.expiresAt === null || consigne.expiresAt > at)
        .map((consigne) => ({ ...consigne, seat })),
    });
  }
  const consignes = out
    .flatMap((seat) => seat.consignes)
    .sort((a, b) => (writtenAt.get(b.seat) ?? '').localeCompare(writtenAt.get(a.seat) ?? ''));
  const open = await roomPreset(client, 'open', now, { limit: 200 });
  return { seats: out, consignes, openIncidents: open.entries };
}
