import type {
  ApiMethodName,
  ApiParams,
  ApiResult,
  AuditAction,
  Outcome,
  SessionStatus,
} from '../../../src-shared/contract';
import type { SessionActor, WorkstationSession } from '../api/guard-types';

/*
 * Which API calls the audit trail keeps, and what it records of each: the one place to look when
 * asking "is X audited, and with what?". The service passes its `record` and its view tracker's
 * operator in as a sink, so this stays a pure description of calls.
 */

/** What an event carries besides its action; the operator defaults to the one on duty. */
export interface AuditFields {
  operator?: SessionActor | null;
  cameraId?: string | null;
  durationMs?: number | null;
  details?: Record<string, unknown>;
}

/** Where a described call goes: the trail's queue, and who is on duty now. */
export interface AuditSink {
  record(action: AuditAction, fields: AuditFields): void;
  setOperator(actor: SessionActor | null): void;
}

/**
 * Actions that are never done unaudited: files leaving the workstation, evidence, masks and who
 * may do what. Logins and views are not refused when the trail cannot write (the wall and the
 * logbook must keep running); their events stay queued, retried and kept at stop.
 */
export const MUST_AUDIT: ReadonlySet<ApiMethodName> = new Set<ApiMethodName>([
  'snapshot.save',
  'logbook.export',
  'shifts.reportPdf',
  'audit.export',
  'masks.set',
  'masks.still',
  'register.create',
  'register.addItems',
  'register.export',
  'retention.set',
  'retention.purge',
  'operators.add',
  'operators.setActive',
  'operators.setPin',
  'logbook.taxonomyAdd',
  'logbook.taxonomySetActive',
]);

function actorOf(status: SessionStatus): SessionActor | null {
  if (status.state === 'none' || !status.operator) return null;
  const { id, badge, name, role } = status.operator;
  return { id, badge, name, role };
}

/** The operator on duty a session status names (the workstation's, whatever the window's). */
function onDutyOf(status: SessionStatus): SessionActor | null {
  if (!status.onDuty) return null;
  const { id, badge, name, role } = status.onDuty;
  return { id, badge, name, role };
}

function isOutcome(value: unknown): value is Outcome<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/** Turns a completed call into its audit record(s), when it is one the trail keeps. */
export function describeCall(
  sink: AuditSink,
  method: ApiMethodName,
  params: unknown,
  result: unknown,
  before: WorkstationSession,
): void {
  const value = isOutcome(result) ? (result.ok ? result.value : undefined) : result;
  const failed = isOutcome(result) && !result.ok ? result.error : null;
  switch (method) {
    case 'session.status':
    case 'session.lock':
    case 'session.login':
    case 'session.logout':
    case 'operators.bootstrapAdmin': {
      if (failed) {
        if (method === 'session.login' && ['bad-credentials', 'too-many-attempts'].includes(failed.code)) {
          const { badge } = params as ApiParams<'session.login'>;
          sink.record('session.login-failed', {
            operator: before.actor,
            details: { badge, code: failed.code },
          });
        }
        return;
      }
      const after = actorOf(value as SessionStatus);
      if (method === 'session.login' && after) {
        const unlock = before.state === 'locked' && before.actor?.id === after.id;
        // For one window (the administration window): nobody on duty was replaced.
        const windowOnly = (value as SessionStatus).scope === 'window';
        sink.record(unlock ? 'session.unlock' : 'session.login', {
          operator: after,
          details: windowOnly
            ? { scope: 'window' }
            : before.actor && before.actor.id !== after.id
              ? { replaced: before.actor.badge }
              : {},
        });
      } else if (method === 'operators.bootstrapAdmin' && after) {
        sink.record('operators.bootstrap', { operator: after, details: { badge: after.badge } });
        sink.record('session.login', { operator: after });
      } else if (method === 'session.logout' && before.actor) {
        sink.record('session.logout', { operator: before.actor });
      } else if (method === 'session.lock' && before.actor && before.state === 'active') {
        sink.record('session.lock', { operator: before.actor });
      }
      // Who views the wall follows the operator on duty, never a window's own session.
      const status = value as SessionStatus | undefined;
      if (status?.scope === 'window') sink.setOperator(onDutyOf(status));
      else sink.setOperator(after);
      return;
    }
    case 'operators.add': {
      if (failed) return;
      const { badge, role, name } = params as ApiParams<'operators.add'>;
      sink.record('operators.add', { operator: before.actor, details: { badge, role, name } });
      return;
    }
    case 'operators.setActive': {
      if (failed) return;
      const { badge, active } = params as ApiParams<'operators.setActive'>;
      sink.record('operators.set-active', { operator: before.actor, details: { badge, active } });
      return;
    }
    case 'operators.setPin': {
      if (failed) return;
      const { badge } = params as ApiParams<'operators.setPin'>;
      sink.record('operators.set-pin', { operator: before.actor, details: { badge } });
      return;
    }
    case 'logbook.taxonomyAdd': {
      if (failed) return;
      const { kind, label } = params as ApiParams<'logbook.taxonomyAdd'>;
      sink.record('taxonomy.add', { operator: before.actor, details: { kind, label } });
      return;
    }
    case 'logbook.taxonomySetActive': {
      if (failed) return;
      const { id, active } = params as ApiParams<'logbook.taxonomySetActive'>;
      sink.record('taxonomy.set-active', { operator: before.actor, details: { id, active } });
      return;
    }
    case 'logbook.export': {
      if (failed || !value) return;
      const exported = value as Extract<ApiResult<'logbook.export'>, { ok: true }>['value'];
      const { format, requester, reason, filter } = params as ApiParams<'logbook.export'>;
      sink.record('logbook.export', {
        operator: before.actor,
        details: {
          kind: 'main-courante',
          format,
          exportId: exported.exportId,
          file: exported.path,
          fileName: exported.fileName,
          sha256: exported.sha256,
          entryCount: exported.entryCount,
          requester,
          reason,
          filter,
        },
      });
      return;
    }
    case 'shifts.reportPdf': {
      if (failed || !value) return;
      const pdf = value as Extract<ApiResult<'shifts.reportPdf'>, { ok: true }>['value'];
      const { shiftId } = params as ApiParams<'shifts.reportPdf'>;
      sink.record('logbook.export', {
        operator: before.actor,
        details: {
          kind: 'shift-report',
          format: 'pdf',
          shiftId,
          fileName: pdf.fileName,
          sha256: pdf.sha256,
        },
      });
      return;
    }
    case 'spot.send': {
      const { display, cameraId } = params as ApiParams<'spot.send'>;
      const sent = value as Extract<ApiResult<'spot.send'>, { ok: true }>['value'] | undefined;
      sink.record('spot.send', { cameraId, details: { display, delivered: sent?.delivered ?? 0 } });
      return;
    }
    case 'snapshot.save': {
      if (failed || !value) return;
      const { cameraId } = params as ApiParams<'snapshot.save'>;
      const saved = value as Extract<ApiResult<'snapshot.save'>, { ok: true }>['value'];
      sink.record('snapshot.save', {
        operator: before.actor,
        cameraId,
        details: {
          file: saved.file,
          sha256: saved.sha256,
          bytes: saved.bytes,
          takenAt: saved.takenAt,
          caption: saved.caption,
        },
      });
      return;
    }
    default:
      return;
  }
}
