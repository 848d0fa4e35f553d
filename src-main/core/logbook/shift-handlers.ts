import { createHash } from 'node:crypto';
import { log } from '../log/logger';
import { CHEFS } from '../permissions/permission-table';
import { fileStamp, type AreaHandlers, type HandlerContext } from './handler-context';
import { renderShiftReportPdf } from './logbook-pdf';
import type { HandoverTakeover, OtherSeatHandover } from './room-handovers';

type ShiftMethod =
  | 'shifts.current'
  | 'shifts.open'
  | 'shifts.handover'
  | 'shifts.acknowledge'
  | 'shifts.list'
  | 'shifts.report'
  | 'shifts.reportPdf';

/**
 * The workstation's shifts: opening one, handing it over (which publishes the chain head and
 * starts a shift-close backup), the incoming operator's acknowledgement, and the shift report,
 * on screen or as a PDF with its SHA-256.
 */
export function shiftHandlers(
  ctx: HandlerContext,
  findTakeover: () => TakeoverFinder | null = () => null,
): AreaHandlers<ShiftMethod> {
  return {
    'shifts.current': () =>
      ctx.run('shifts.current', () =>
        ctx.access.requireOperator().store.current(ctx.options.workstation, ctx.now()),
      ),
    'shifts.open': () => ctx.run('shifts.open', () => openShift(ctx, findTakeover())),
    'shifts.handover': ({ note, consignes }) =>
      ctx.run('shifts.handover', () => {
        const { store, actor } = ctx.access.requireOperator();
        const handover = store.handover(ctx.writeContext(actor), note, consignes, CHEFS.includes(actor.role));
        log.info(
          `logbook: shift ${handover.shiftId} handed over by ${actor.badge}, chain head #${handover.chainHead?.seq} ${handover.chainHead?.hash}`,
        );
        ctx.anchor('handover');
        ctx
          .backup('shift-close')
          .catch((error: unknown) => log.error(`shift-close backup: ${String(error)}`));
        return handover;
      }),
    'shifts.acknowledge': ({ handoverId, remark }) =>
      ctx.run('shifts.acknowledge', () => {
        const { store, actor } = ctx.access.requireOperator();
        const result = store.acknowledge(ctx.writeContext(actor), handoverId, remark);
        log.info(
          `logbook: handover ${handoverId} acknowledged by ${actor.badge}, shift ${result.shift.id} opened`,
        );
        return result;
      }),
    'shifts.list': ({ limit }) =>
      ctx.run('shifts.list', () =>
        ctx.access.requireOperator().store.listShifts(ctx.options.workstation, limit),
      ),
    'shifts.report': ({ shiftId }) =>
      ctx.run('shifts.report', () =>
        ctx.access.requireOperator().store.shiftReport(shiftId, ctx.options.siteName ?? '', ctx.now()),
      ),
    'shifts.reportPdf': ({ shiftId }) =>
      ctx.run('shifts.reportPdf', async () => {
        const { store, actor } = ctx.access.requireOperator();
        const now = ctx.now();
        const report = store.shiftReport(shiftId, ctx.options.siteName ?? '', now);
        const bytes = await renderShiftReportPdf(report, { generatedAt: now, generatedBy: actor });
        return {
          fileName: `rapport-vacation-${shiftId}-${fileStamp(now)}.pdf`,
          mimeType: 'application/pdf' as const,
          content: bytes.toString('base64'),
          sha256: createHash('sha256').update(bytes).digest('hex'),
          chainHead: report.chainHead,
        };
      }),
  };
}

/**
 * Another seat's handover, read from the room, taken over by the operator logged in here
 * (`room.acknowledge`, room-view-handlers.ts): the acknowledgement and this seat's new shift in
 * the local chain, under the same rules as a local acknowledgement. Throws a ServiceError.
 */
export function acknowledgeRoomHandover(ctx: HandlerContext, handover: OtherSeatHandover, remark: string) {
  const { store, actor } = ctx.access.requireOperator('room.acknowledge');
  const written = store.acknowledgeRoomHandover(ctx.writeContext(actor), handover, remark);
  log.info(
    `logbook: seat "${handover.seat}" handover ${handover.id} acknowledged by ${actor.badge}, shift ${written.shift.id} opened`,
  );
  return {
    acknowledgement: {
      id: written.acknowledgementId,
      at: written.acknowledgedAt,
      operator: { id: actor.id, badge: actor.badge, name: actor.name },
      remark,
      newShiftId: written.shift.id,
    },
    shift: written.shift,
  };
}

/**
 * Asks the room whether this seat's handover `handoverId` was taken over at another seat: the
 * proof, or null when no other seat took it. Throws when the room cannot say (server away).
 */
export type TakeoverFinder = (handoverId: number) => Promise<HandoverTakeover | null>;

/**
 * `shifts.open`. With a room (`findTakeover`, which the core wires to the room service), a handover of
 * this seat still waiting here is first looked up in the room: taken over at another seat, the
 * shift opens after it with that proof (store-shifts.ts). The room is asked only then, so an
 * ordinary opening never waits on the network; when the room cannot say, the opening is
 * refused exactly as without a room (`handover-pending`: acknowledge it here). Throws a ServiceError.
 */
export async function openShift(ctx: HandlerContext, findTakeover: TakeoverFinder | null) {
  const { store, actor } = ctx.access.requireOperator();
  const pending = findTakeover ? store.pendingHandoverId(ctx.options.workstation) : null;
  let takeover: HandoverTakeover | null = null;
  if (findTakeover && pending !== null) {
    try {
      takeover = await findTakeover(pending);
    } catch (error) {
      log.warn(`logbook: the room cannot say whether handover ${pending} was taken over: ${String(error)}`);
    }
  }
  const shift = store.openShift(ctx.writeContext(actor), takeover ?? undefined);
  log.info(
    takeover
      ? `logbook: shift ${shift.id} opened by ${actor.badge} on ${ctx.options.workstation}, after handover ${pending} taken over at "${takeover.seat}"`
      : `logbook: shift ${shift.id} opened by ${actor.badge} on ${ctx.options.workstation}`,
  );
  return shift;
}
