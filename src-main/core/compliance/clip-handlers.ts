import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Clip, ClipResult } from '../../../src-shared/contract';
import type { ApiHandlers } from '../api/api-handlers';
import { ServiceError, outcomeOf, storageError } from '../api/service-result';
import type { AuditStore } from '../audit/audit-store';
import { writeFileAtomic } from '../files/atomic-write';
import { log } from '../log/logger';
import type { ClipSource } from './clip-source';
import type { ComplianceContext } from './compliance-context';
import { fileRegisterItems, requireAuditStore } from './register-items';

type ClipMethod = 'replay.clip' | 'replay.clips';

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium' });
const time = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'medium' });

/**
 * Evidence clips: a permitted operator (the chefs by default) cuts a span of a camera's replay
 * buffer; the core encodes it with the masks and a caption it decides (camera, span, operator:
 * a window can neither backdate a clip nor sign it with another name), writes it under the
 * snapshot folder (so the image retention applies to it, unless the register holds it), and
 * records it in the audit chain (`replay.clip`, which is the clip register: hash, reason, entry),
 * and in a requisition when one is named.
 *
 * One clip at a time per workstation: an encode costs a core for seconds, and a burst of calls
 * must not start a burst of encoders beside the live wall.
 */
export function clipHandlers(ctx: ComplianceContext): Pick<ApiHandlers, ClipMethod> {
  const { options, audit } = ctx;
  let busy = false;

  const auditStore = (): AuditStore => requireAuditStore(audit);

  const make = async (request: Parameters<ApiHandlers['replay.clip']>[0]): Promise<ClipResult> => {
    const store = auditStore();
    const actor = audit.requireActor();
    const camera = options.cameras.summaries().find((c) => c.id === request.cameraId);
    if (!camera) throw new ServiceError('invalid', `unknown camera ${request.cameraId}`);
    if (request.entryId !== null && options.entrySummary?.(request.entryId) === null)
      throw new ServiceError('invalid', `no main courante entry ${request.entryId}`);
    if (request.requisitionId !== null && !store.requisition(request.requisitionId))
      throw new ServiceError('not-found', `no requisition ${request.requisitionId}`);
    const source = options.clips;
    if (!source)
      throw new ServiceError('not-found', 'instant replay is off on this workstation', undefined, {
        reason: 'not-buffered',
      });
    const madeAt = ctx.now();
    const label = `Caméra n° ${camera.number} · ${camera.name}${camera.commune ? ` · ${camera.commune}` : ''}`;
    let made: Awaited<ReturnType<ClipSource['clip']>>;
    try {
      made = await source.clip(request.cameraId, request.from, request.to, (span) => [
        `${label} — du ${dateTime.format(span.from)} au ${time.format(span.to)}`,
        `Extrait par ${actor.name} (${actor.badge}) le ${dateTime.format(madeAt)}`,
      ]);
    } catch (error) {
      log.error(`clip of ${request.cameraId}: the encoder failed: ${String(error)}`);
      throw new ServiceError('unsupported', `the clip could not be encoded: ${String(error)}`, undefined, {
        reason: 'encoder-failed',
      });
    }
    if (!made)
      throw new ServiceError(
        'not-found',
        `nothing of camera ${request.cameraId} is buffered then`,
        undefined,
        {
          reason: 'not-buffered',
        },
      );
    const sha256 = createHash('sha256').update(made.mp4).digest('hex');
    const stamp = new Date(made.cut.from).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const fileName = `clip-camera-${camera.number}-${stamp}-${sha256.slice(0, 8)}.mp4`;
    const file = path.join(options.snapshotsDir, 'clips', madeAt.toISOString().slice(0, 10), fileName);
    try {
      writeFileAtomic(file, made.mp4, { durable: true, suffix: '.partial' });
    } catch (error) {
      const known = storageError(error);
      if (known) throw new ServiceError(known.code, `clip not saved: ${known.message}`);
      throw error;
    }
    const details = {
      workstation: options.workstation,
      by: { id: actor.id, badge: actor.badge, name: actor.name },
      cameraId: camera.id,
      cameraName: label,
      from: new Date(made.cut.from).toISOString(),
      to: new Date(made.cut.to).toISOString(),
      reason: request.reason,
      entryId: request.entryId,
      requisitionId: request.requisitionId,
      fileName,
      path: file,
      sha256,
      bytes: made.mp4.length,
      masked: made.masked,
    } satisfies Omit<Clip, 'id' | 'createdAt'>;
    audit.record('replay.clip', { operator: actor, cameraId: camera.id, details });
    audit.flush();
    if (request.requisitionId !== null) {
      const item = {
        kind: 'clip' as const,
        file,
        sha256,
        bytes: made.mp4.length,
        cameraId: camera.id,
        description: request.reason,
        verified: true,
      };
      fileRegisterItems(audit, actor, madeAt, request.requisitionId, [item]);
      audit.flush();
    }
    const clip = store.clips({ sha256, limit: 1 })[0];
    if (!clip) throw new Error(`clip ${fileName} is not in the register`);
    log.info(
      `clip: ${actor.badge} extracted ${fileName} (camera ${camera.id}, ${Math.round((made.cut.to - made.cut.from) / 1000)} s, ${made.mp4.length} bytes)`,
    );
    return { clip, mime: 'video/mp4', base64: made.mp4.toString('base64') };
  };

  return {
    'replay.clip': (request) =>
      outcomeOf('replay.clip', async () => {
        if (busy)
          throw new ServiceError('conflict', 'a clip is already being made here', undefined, {
            reason: 'clip-busy',
          });
        busy = true;
        try {
          return await make(request);
        } finally {
          busy = false;
        }
      }),
    'replay.clips': ({ entryId, limit }) =>
      outcomeOf('replay.clips', () => {
        audit.flush();
        return auditStore().clips({ entryId, limit });
      }),
  };
}
