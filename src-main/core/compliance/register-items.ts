import type { SessionActor } from '../api/guard-types';
import { ServiceError } from '../api/service-result';
import type { AuditService } from '../audit/audit-service';
import type { AuditStore, NewHandoverItem } from '../audit/audit-store';

/**
 * The audit database, where the extraction register lives, or the refusal every register and
 * clip method gives while it is down.
 */
export function requireAuditStore(audit: AuditService): AuditStore {
  const store = audit.auditStore;
  if (!store) throw new ServiceError('unavailable', 'the audit trail is unavailable');
  return store;
}

/**
 * Files handed over under requisition `requisitionId`: added to the register and named, file by
 * file with its hash, in one `register.add-items` audit event. The one way items join a
 * requisition, whether picked by the agent (`register.addItems`) or filed with a clip.
 */
export function fileRegisterItems(
  audit: AuditService,
  actor: SessionActor,
  at: Date,
  requisitionId: number,
  items: readonly NewHandoverItem[],
): void {
  requireAuditStore(audit).addItems(actor, at.toISOString(), requisitionId, items);
  audit.record('register.add-items', {
    operator: actor,
    details: { requisition: requisitionId, items: items.map(({ file, sha256 }) => ({ file, sha256 })) },
  });
}
