import { createHash } from 'node:crypto';
import type { CameraMasks } from '../../../src-shared/contract';
import { ServiceError, outcomeOf } from '../api/service-result';
import type { AreaHandlers, ComplianceContext } from './compliance-context';
import { grabStill } from './still-frame';

/**
 * The privacy masks' handlers: list each camera's masks (overlay or config), save an admin's
 * edit, and take a still to draw them on. An edit is saved in the data dir's overlay (the
 * machine-wide config is read-only), applied to running streams at once (their transcoders
 * restart with it) and recorded in the audit trail with the polygons before and after.
 */
export function maskHandlers(
  ctx: ComplianceContext,
): AreaHandlers<'masks.list' | 'masks.set' | 'masks.still'> {
  const { cameras, relay } = ctx.options;

  const cameraMasks = (cameraId: string): CameraMasks => {
    const override = ctx.masks.get(cameraId);
    return {
      cameraId,
      masks: cameras.masks(cameraId).map((mask) => ({ points: mask.points.map(([x, y]) => [x, y]) })),
      source: override ? 'override' : 'config',
      updatedAt: override?.updatedAt ?? null,
      updatedBy: override?.updatedBy ?? null,
    };
  };

  const requireCamera = (cameraId: string): void => {
    if (!cameras.has(cameraId)) throw new ServiceError('not-found', `no camera ${cameraId}`);
  };

  return {
    'masks.list': () =>
      outcomeOf('masks.list', () => cameras.summaries().map((camera) => cameraMasks(camera.id))),
    'masks.set': ({ cameraId, masks }) =>
      outcomeOf('masks.set', () => {
        requireCamera(cameraId);
        const actor = ctx.audit.requireActor();
        const before = cameraMasks(cameraId);
        ctx.masks.set(cameraId, masks, `${actor.name} (${actor.badge})`, ctx.now());
        const restarted = relay.updateMasks(cameraId, masks);
        ctx.audit.record('masks.set', {
          operator: actor,
          cameraId,
          details: { before: before.masks, after: masks, restarted, file: ctx.masks.file },
        });
        ctx.audit.flush();
        return { ...cameraMasks(cameraId), restarted };
      }),
    'masks.still': ({ cameraId }) =>
      outcomeOf('masks.still', async () => {
        requireCamera(cameraId);
        const actor = ctx.audit.requireActor();
        let frame;
        try {
          frame = await grabStill(relay, cameraId, { timeoutMs: ctx.options.stillTimeoutMs });
        } catch (error) {
          throw new ServiceError('unavailable', `no still from ${cameraId}: ${(error as Error).message}`);
        }
        const takenAt = ctx.now().toISOString();
        ctx.audit.record('masks.still', {
          operator: actor,
          cameraId,
          details: {
            width: frame.width,
            height: frame.height,
            sha256: createHash('sha256').update(frame.jpeg).digest('hex'),
          },
        });
        return {
          cameraId,
          mime: 'image/jpeg' as const,
          base64: frame.jpeg.toString('base64'),
          width: frame.width,
          height: frame.height,
          takenAt,
        };
      }),
  };
}
