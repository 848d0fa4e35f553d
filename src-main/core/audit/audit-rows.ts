import { AUDIT_LEDGER } from './audit-schema';
import type {
  AuditAction,
  AuditEvent,
  AuditFilter,
  Author,
  ChainHeadInfo,
  HandoverItem,
  OperatorRole,
  Requisition,
} from '../../../src-shared/contract';

/*
 * The audit database's rows and their conversion to the contract's types, apart from the store's
 * statements and transactions (audit-store.ts), so each file stays one thing.
 */

export interface EventRow {
  id: number;
  at: string;
  workstation: string;
  operator_id: number | null;
  operator_badge: string | null;
  operator_name: string | null;
  operator_role: string | null;
  action: string;
  camera_id: string | null;
  duration_ms: number | null;
  details: string;
  seq: number | null;
  hash: string | null;
}

export interface RequisitionRow extends AuthorColumns {
  id: number;
  created_at: string;
  workstation: string;
  requested_at: string;
  officer_name: string;
  officer_quality: string;
  officer_service: string;
  procedure_ref: string;
  camera_ids: string;
  period_from: string;
  period_to: string;
  entry_ids: string;
  note: string;
  seq: number | null;
  hash: string | null;
}

export interface ItemRow extends AuthorColumns {
  id: number;
  requisition_id: number;
  added_at: string;
  kind: 'snapshot' | 'export' | 'file';
  file: string;
  sha256: string;
  bytes: number | null;
  camera_id: string | null;
  description: string;
  verified: number;
}

/** Stored instants are UTC ISO with milliseconds, so text order is time order. */
export function storedInstant(value: string | Date): string {
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}

export function parseDetails(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { value };
  } catch {
    return { raw: text };
  }
}

/** The author columns a requisition and a handed-over item carry (copied at the time of writing). */
interface AuthorColumns {
  operator_id: number;
  operator_badge: string;
  operator_name: string;
}

function authorOf(row: AuthorColumns): Author {
  return { id: row.operator_id, badge: row.operator_badge, name: row.operator_name };
}

/** The row's link in the chain (joined from the ledger), or null when it has none. */
function chainOf(row: { seq: number | null; hash: string | null }): ChainHeadInfo | null {
  return row.seq === null || row.hash === null ? null : { seq: row.seq, hash: row.hash };
}

export function toEvent(row: EventRow): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    workstation: row.workstation,
    operator:
      row.operator_id === null
        ? null
        : {
            id: row.operator_id,
            badge: row.operator_badge ?? '',
            name: row.operator_name ?? '',
            role: (row.operator_role ?? 'operator') as OperatorRole,
          },
    action: row.action as AuditAction,
    cameraId: row.camera_id,
    durationMs: row.duration_ms,
    details: parseDetails(row.details),
    chain: chainOf(row),
  };
}

export function toItem(row: ItemRow): HandoverItem {
  return {
    id: row.id,
    requisitionId: row.requisition_id,
    addedAt: row.added_at,
    addedBy: authorOf(row),
    kind: row.kind,
    file: row.file,
    sha256: row.sha256,
    bytes: row.bytes,
    cameraId: row.camera_id,
    description: row.description,
    verified: row.verified === 1,
  };
}

export function toRequisition(row: RequisitionRow, items: HandoverItem[]): Requisition {
  return {
    id: row.id,
    createdAt: row.created_at,
    workstation: row.workstation,
    recordedBy: authorOf(row),
    requestedAt: row.requested_at,
    officerName: row.officer_name,
    officerQuality: row.officer_quality,
    officerService: row.officer_service,
    procedureRef: row.procedure_ref,
    cameraIds: JSON.parse(row.camera_ids) as string[],
    periodFrom: row.period_from,
    periodTo: row.period_to,
    entryIds: JSON.parse(row.entry_ids) as number[],
    note: row.note,
    items,
    chain: chainOf(row),
  };
}

/** SQL and parameters selecting events by filter (newest first when paging). */
export function whereOf(filter: AuditFilter & { before?: number | undefined }): {
  sql: string;
  params: unknown[];
} {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.from) {
    clauses.push('e.at >= ?');
    params.push(storedInstant(filter.from));
  }
  if (filter.to) {
    clauses.push('e.at <= ?');
    params.push(storedInstant(filter.to));
  }
  if (filter.operatorBadge) {
    clauses.push('e.operator_badge = ? COLLATE NOCASE');
    params.push(filter.operatorBadge);
  }
  if (filter.unattributed) clauses.push('e.operator_id IS NULL');
  if (filter.actions?.length) {
    clauses.push(`e.action IN (${filter.actions.map(() => '?').join(', ')})`);
    params.push(...filter.actions);
  }
  if (filter.cameraId) {
    clauses.push('e.camera_id = ?');
    params.push(filter.cameraId);
  }
  if (filter.before !== undefined) {
    clauses.push('e.id < ?');
    params.push(filter.before);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export const EVENT_SELECT = `SELECT e.*, c.seq AS seq, c.hash AS hash FROM audit_events e
  LEFT JOIN ${AUDIT_LEDGER} c ON c.kind = 'event' AND c.ref_id = e.id`;
