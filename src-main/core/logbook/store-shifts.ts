import type { Consigne, Handover, Shift, ShiftCurrent, ShiftReport } from '../../../src-shared/contract';
import { ServiceError } from '../api/service-result';
import { toStoredInstant } from './logbook-values';
import type { EntryReads } from './store-entry-reads';
import {
  author,
  authorValues,
  consigneOut,
  parseJson,
  shiftOut,
  type AcknowledgementRow,
  type HandoverRow,
  type HandoverTakeoverRow,
} from './store-rows';
import { StoreArea, type StoreParts } from './store-statements';
import type { HandoverTakeover, OtherSeatHandover } from './room-handovers';
import type { WriteContext } from './store-types';

/** Open incidents a handover lists (newest first); more would not be read anyway. */
export const MAX_LISTED_INCIDENTS = 500;
/** Entries a shift report lists. */
const REPORT_MAX_ENTRIES = 5000;

/**
 * A workstation's shifts and their handover: opening a shift, closing it with a note and
 * consignes, the incoming operator's acknowledgement (which opens their shift), and the shift
 * report. The rules that keep one shift per workstation and no gap between shifts (no shift
 * while one is open or a handover waits) are checked inside each write's transaction.
 */
export class ShiftRecords extends StoreArea {
  constructor(
    parts: StoreParts,
    private readonly reads: EntryReads,
  ) {
    super(parts);
  }

  /** What the workstation's shift screen shows. */
  current(workstation: string, now: Date): ShiftCurrent {
    const shift = this.stmts.currentShift.get(workstation);
    const pending = shift ? undefined : this.stmts.lastHandover.get(workstation);
    const pendingHandover = pending && !this.acknowledged(pending.id) ? this.handoverOut(pending) : null;
    return {
      workstation,
      shift: shift ? shiftOut({ ...shift, closed_at: null }) : null,
      pendingHandover,
      consignes: this.activeConsignes(workstation, now),
      openIncidents: this.reads.entryViews(this.reads.openIncidentIds(200)),
    };
  }

  /**
   * Opens a shift for the logged-in operator; refused while one is open or a handover waits,
   * unless `takeover` proves that waiting handover was taken over at another seat: then the
   * proof is chained (`handover_takeover`) and the shift names the handover as its previous
   * one, as a local acknowledgement would. A proof naming another handover, or this seat, is
   * no proof (the usual `handover-pending`).
   */
  openShift(ctx: WriteContext, takeover?: HandoverTakeover): Shift {
    const id = this.db
      .transaction(() => {
        const pending = this.pendingHandoverId(ctx.workstation);
        if (pending !== null && takeover?.handoverId === pending && takeover.seat !== ctx.workstation) {
          const takeoverId = Number(
            this.stmts.insertTakeover.run(
              pending,
              takeover.seat,
              takeover.acknowledgementId,
              takeover.hash,
              takeover.at,
              takeover.operator.id,
              takeover.operator.badge,
              takeover.operator.name,
              ...authorValues(ctx.actor),
              ctx.now.toISOString(),
            ).lastInsertRowid,
          );
          this.chain.append('handover_takeover', takeoverId);
          return this.insertShift(ctx, pending);
        }
        this.assertNoShift(ctx.workstation);
        return this.insertShift(ctx, null);
      })
      .immediate();
    return this.shift(id);
  }

  /**
   * This seat's last handover when no shift is open and nobody acknowledged it here (nor took
   * it over elsewhere, as recorded here): the one a new shift waits for. Null otherwise.
   */
  pendingHandoverId(workstation: string): number | null {
    if (this.stmts.currentShift.get(workstation)) return null;
    const last = this.stmts.lastHandover.get(workstation);
    return last && !this.acknowledged(last.id) ? last.id : null;
  }

  /** Acknowledged here, or recorded here as taken over at another seat. */
  private acknowledged(handoverId: number): boolean {
    return Boolean(this.stmts.ackOf.get(handoverId) ?? this.stmts.takeoverOf.get(handoverId));
  }

  /**
   * Closes the workstation's shift with a handover note and consignes. Open incidents are listed
   * automatically. The handover row is chained last, so its link is the chain head at close.
   */
  handover(
    ctx: WriteContext,
    note: string,
    consignes: readonly { text: string; expiresAt: string | null }[],
    mayCloseOthers: boolean,
  ): Handover {
    const id = this.db
      .transaction(() => {
        const shift = this.stmts.currentShift.get(ctx.workstation);
        if (!shift)
          throw new ServiceError('no-shift', `no shift is open on ${ctx.workstation}`, undefined, {
            params: { workstation: ctx.workstation },
          });
        if (shift.operator_id !== ctx.actor.id && !mayCloseOthers) {
          throw new ServiceError(
            'forbidden',
            `the shift is ${shift.operator_name}'s: they or a chef de salle hand it over`,
          );
        }
        const expiries = consignes.map((consigne, index) => {
          if (consigne.expiresAt === null) return null;
          const at = toStoredInstant(consigne.expiresAt);
          if (!at || Date.parse(at) <= ctx.now.getTime()) {
            throw new ServiceError('invalid', 'a consigne expires in the past', [
              { field: `consignes[${index}].expiresAt`, message: 'in the past' },
            ]);
          }
          return at;
        });
        const incidents = this.reads.openIncidentIds(MAX_LISTED_INCIDENTS);
        const entryCount = this.stmts.shiftEntryCount.get(shift.id)?.n ?? 0;
        const handoverId = Number(
          this.stmts.insertHandover.run(
            shift.id,
            ...authorValues(ctx.actor),
            ctx.now.toISOString(),
            note,
            JSON.stringify(incidents),
            entryCount,
          ).lastInsertRowid,
        );
        consignes.forEach((consigne, index) => {
          const consigneId = Number(
            this.stmts.insertConsigne.run(handoverId, index + 1, consigne.text, expiries[index] ?? null)
              .lastInsertRowid,
          );
          this.chain.append('consigne', consigneId);
        });
        this.chain.append('handover', handoverId);
        return handoverId;
      })
      .immediate();
    return this.handoverById(id);
  }

  /** The incoming operator acknowledges a handover; their shift opens in the same transaction. */
  acknowledge(ctx: WriteContext, handoverId: number, remark: string): { handover: Handover; shift: Shift } {
    const shiftId = this.db
      .transaction(() => {
        const handover = this.stmts.handover.get(handoverId);
        if (!handover) throw new ServiceError('not-found', `no handover ${handoverId}`);
        if (this.acknowledged(handoverId)) {
          throw new ServiceError('conflict', 'this handover was already acknowledged', undefined, {
            reason: 'handover-acknowledged',
          });
        }
        const shift = this.stmts.shiftById.get(handover.shift_id);
        if (shift?.workstation !== ctx.workstation) {
          throw new ServiceError(
            'conflict',
            `this handover belongs to workstation ${shift?.workstation ?? '?'}`,
            undefined,
            { reason: 'handover-elsewhere', params: { workstation: shift?.workstation ?? '?' } },
          );
        }
        if (handover.operator_id === ctx.actor.id) {
          throw new ServiceError(
            'self-acknowledge',
            'the incoming operator acknowledges, not the one who handed over',
          );
        }
        this.assertNoShift(ctx.workstation, handoverId);
        const ackId = Number(
          this.stmts.insertAck.run(handoverId, ...authorValues(ctx.actor), ctx.now.toISOString(), remark)
            .lastInsertRowid,
        );
        this.chain.append('acknowledgement', ackId);
        return this.insertShift(ctx, handoverId);
      })
      .immediate();
    return { handover: this.handoverById(handoverId), shift: this.shift(shiftId) };
  }

  /**
   * The incoming operator at this seat takes over another seat's handover, as the room showed
   * it: an acknowledgement naming that seat's handover (and its record's hash) and this seat's
   * new shift, chained in one transaction. The room counts it for the other seat's handover
   * (room-shift-queries.ts); here it only has to keep this seat's own rules: one shift at a
   * time, no gap after this seat's own pending handover, nobody acknowledges their own
   * handover, and a handover is acknowledged at most once from this seat (a retry is refused,
   * never written twice). Whether another seat already took it is the caller's check, on the
   * room, before this runs.
   */
  acknowledgeRoomHandover(
    ctx: WriteContext,
    handover: OtherSeatHandover,
    remark: string,
  ): { acknowledgementId: number; acknowledgedAt: string; shift: Shift } {
    const at = ctx.now.toISOString();
    const result = this.db
      .transaction(() => {
        if (this.stmts.roomAckOf.get(handover.seat, handover.id)) {
          throw new ServiceError('conflict', 'this handover was already acknowledged', undefined, {
            reason: 'handover-acknowledged',
          });
        }
        if (handover.operatorBadge.toLowerCase() === ctx.actor.badge.toLowerCase()) {
          throw new ServiceError(
            'self-acknowledge',
            'the incoming operator acknowledges, not the one who handed over',
          );
        }
        this.assertNoShift(ctx.workstation);
        const ackId = Number(
          this.stmts.insertRoomAck.run(
            handover.seat,
            handover.id,
            handover.hash,
            ...authorValues(ctx.actor),
            at,
            remark,
          ).lastInsertRowid,
        );
        this.chain.append('room_acknowledgement', ackId);
        return { ackId, shiftId: this.insertShift(ctx, null) };
      })
      .immediate();
    return { acknowledgementId: result.ackId, acknowledgedAt: at, shift: this.shift(result.shiftId) };
  }

  private assertNoShift(workstation: string, acknowledging?: number): void {
    if (this.stmts.currentShift.get(workstation)) {
      throw new ServiceError('shift-open', `a shift is already open on ${workstation}`, undefined, {
        params: { workstation },
      });
    }
    const last = this.stmts.lastHandover.get(workstation);
    if (last && last.id !== acknowledging && !this.acknowledged(last.id)) {
      throw new ServiceError(
        'handover-pending',
        'a handover waits to be acknowledged by the incoming operator',
      );
    }
  }

  private insertShift(ctx: WriteContext, previousHandoverId: number | null): number {
    const id = Number(
      this.stmts.insertShift.run(
        ctx.workstation,
        ...authorValues(ctx.actor),
        ctx.now.toISOString(),
        previousHandoverId,
      ).lastInsertRowid,
    );
    this.chain.append('shift', id);
    return id;
  }

  shift(id: number): Shift {
    const row = this.stmts.shiftById.get(id);
    if (!row) throw new ServiceError('not-found', `no shift ${id}`);
    return shiftOut(row);
  }

  listShifts(workstation: string | null, limit: number): Shift[] {
    const rows = workstation ? this.stmts.shiftsOf.all(workstation, limit) : this.stmts.shifts.all(limit);
    return rows.map(shiftOut);
  }

  handoverById(id: number): Handover {
    const row = this.stmts.handover.get(id);
    if (!row) throw new ServiceError('not-found', `no handover ${id}`);
    return this.handoverOut(row);
  }

  private handoverOut(row: HandoverRow): Handover {
    const ack = this.stmts.ackOf.get(row.id) ?? takeoverAck(this.stmts.takeoverOf.get(row.id));
    const next = ack ? this.stmts.shiftAfter.get(row.id) : undefined;
    return {
      id: row.id,
      shiftId: row.shift_id,
      writtenAt: row.written_at,
      operator: author(row),
      note: row.note,
      consignes: this.stmts.consignesOf.all(row.id).map(consigneOut),
      openIncidents: this.reads.entryViews(parseJson<number[]>(row.open_incidents, [])),
      entryCount: row.entry_count,
      chainHead: this.chainRef('handover', row.id),
      acknowledgement: ack
        ? {
            id: ack.id,
            at: ack.acknowledged_at,
            operator: author(ack),
            remark: ack.remark,
            newShiftId: next?.id ?? null,
          }
        : null,
    };
  }

  /** Consignes of the workstation's last handover that have not expired. */
  activeConsignes(workstation: string, now: Date): Consigne[] {
    const last = this.stmts.lastHandover.get(workstation);
    if (!last) return [];
    const at = now.toISOString();
    return this.stmts.consignesOf
      .all(last.id)
      .filter((row) => row.expires_at === null || row.expires_at > at)
      .map(consigneOut);
  }

  /** Everything a shift report shows (the PDF renders this). */
  shiftReport(id: number, siteName: string, now: Date): ShiftReport {
    const shift = this.shift(id);
    const handoverRow = this.stmts.handoverOfShift.get(id);
    const handover = handoverRow ? this.handoverOut(handoverRow) : null;
    const entryIds = this.stmts.shiftEntries.all(id, REPORT_MAX_ENTRIES).map((row) => row.id);
    return {
      siteName,
      shift,
      entries: this.reads.entryViews(entryIds),
      followUps: this.stmts.shiftFollowUps.all(id).map((row) => this.reads.followUpOut(row)),
      amendments: this.stmts.shiftAmendments.all(id).map((row) => this.reads.amendmentOut(row)),
      handover,
      openIncidents: handover
        ? handover.openIncidents
        : this.reads.entryViews(this.reads.openIncidentIds(200)),
      consignes: handover ? handover.consignes : this.activeConsignes(shift.workstation, now),
      chainHead: handover ? handover.chainHead : this.chain.head(),
    };
  }
}

/**
 * A takeover recorded here, in an acknowledgement's shape: who took the handover over at the
 * other seat and when, as the room showed it (the local shift report then reads "acknowledged").
 */
function takeoverAck(row: HandoverTakeoverRow | undefined): AcknowledgementRow | undefined {
  if (!row) return undefined;
  return {
    id: row.id,
    operator_id: row.taken_by_id,
    operator_badge: row.taken_by_badge,
    operator_name: row.taken_by_name,
    acknowledged_at: row.taken_at,
    remark: '',
  };
}
