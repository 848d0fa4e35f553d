import { existsSync } from 'node:fs';
import {
  ClipSchema,
  type AuditAction,
  type AuditEvent,
  type AuditFilter,
  type AuditPage,
  type Clip,
  type HandoverCandidate,
  type Requisition,
} from '../../../src-shared/contract';
import { HashChain, type ChainVerification } from '../integrity/hash-chain';
import { openSqlite, type SqliteDatabase, type SqliteStatement } from '../sqlite/sqlite-driver';
import type { SessionActor } from '../api/guard-types';
import {
  AUDIT_CHAIN_NAME,
  AUDIT_CHAIN_SOURCES,
  AUDIT_LEDGER,
  AUDIT_SCHEMA_SQL,
  AUDIT_SCHEMA_VERSION,
} from './audit-schema';
import {
  EVENT_SELECT,
  storedInstant,
  toEvent,
  toItem,
  toRequisition,
  whereOf,
  type EventRow,
  type ItemRow,
  type RequisitionRow,
} from './audit-rows';

export { storedInstant };

/** One event to record; `at` is stamped by the caller (the service's clock). */
export interface NewAuditEvent {
  at: string;
  workstation: string;
  operator: SessionActor | null;
  action: AuditAction;
  cameraId?: string | null;
  durationMs?: number | null;
  details?: Record<string, unknown>;
}

/** A requisition as the store writes it (validated by the contract, defaults applied). */
export interface NewRequisition {
  requestedAt: string;
  officerName: string;
  officerQuality: string;
  officerService: string;
  procedureRef: string;
  cameraIds: string[];
  periodFrom: string;
  periodTo: string;
  entryIds: number[];
  note: string;
}

/** A handed-over item, checked by the service (bytes and `verified` come from the file). */
export interface NewHandoverItem {
  kind: 'snapshot' | 'export' | 'file' | 'clip';
  file: string;
  sha256: string;
  bytes: number | null;
  cameraId: string | null;
  description: string;
  verified: boolean;
}

export interface AuditStoreOptions {
  readonly?: boolean;
  nativeBinding?: string;
}

/**
 * The audit database: one SQLite file per workstation (`<dataDir>/audit/audit.sqlite`), WAL with
 * synchronous=FULL like the logbook, written only by the core. Every row joins the chain in the
 * transaction that writes it.
 */
export class AuditStore {
  readonly chain: HashChain;
  private readonly insertEvent: SqliteStatement;
  private readonly insertRequisition: SqliteStatement;
  private readonly insertItem: SqliteStatement;

  private constructor(readonly db: SqliteDatabase) {
    this.chain = new HashChain(db, {
      ledger: AUDIT_LEDGER,
      name: AUDIT_CHAIN_NAME,
      sources: AUDIT_CHAIN_SOURCES,
    });
    this.insertEvent = db.prepare(
      `INSERT INTO audit_events (at, workstation, operator_id, operator_badge, operator_name, operator_role, action, camera_id, duration_ms, details)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertRequisition = db.prepare(
      `INSERT INTO requisitions (created_at, workstation, operator_id, operator_badge, operator_name, requested_at, officer_name, officer_quality, officer_service, procedure_ref, camera_ids, period_from, period_to, entry_ids, note)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertItem = db.prepare(
      `INSERT INTO requisition_items (requisition_id, added_at, operator_id, operator_badge, operator_name, kind, file, sha256, bytes, camera_id, description, verified)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /**
   * Opens (and creates or migrates) the audit database. Read-only opens (the CLI, verifying a
   * copy) never migrate and refuse a missing file; a file from a newer Vigie is refused.
   */
  static open(file: string, options: AuditStoreOptions = {}): AuditStore {
    if (options.readonly && !existsSync(file)) throw new Error(`no audit database at ${file}`);
    const db = openSqlite(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      timeout: 2000,
      nativeBinding: options.nativeBinding,
    });
    try {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > AUDIT_SCHEMA_VERSION) {
        throw new Error(
          `the audit database ${file} has schema version ${version}, newer than this Vigie (${AUDIT_SCHEMA_VERSION})`,
        );
      }
      if (!options.readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
        db.pragma('foreign_keys = ON');
        if (version < 1) {
          db.transaction(() => {
            if ((db.pragma('user_version', { simple: true }) as number) >= 1) return;
            db.exec(AUDIT_SCHEMA_SQL);
            db.pragma(`user_version = ${AUDIT_SCHEMA_VERSION}`);
          }).immediate();
        }
      }
      return new AuditStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Writes events and their links in one transaction: all of them or none. */
  appendEvents(events: readonly NewAuditEvent[]): void {
    if (events.length === 0) return;
    this.db
      .transaction(() => {
        for (const event of events) {
          const { lastInsertRowid } = this.insertEvent.run(
            event.at,
            event.workstation,
            event.operator?.id ?? null,
            event.operator?.badge ?? null,
            event.operator?.name ?? null,
            event.operator?.role ?? null,
            event.action,
            event.cameraId ?? null,
            event.durationMs === null || event.durationMs === undefined ? null : Math.round(event.durationMs),
            JSON.stringify(event.details ?? {}),
          );
          this.chain.append('event', Number(lastInsertRowid));
        }
      })
      .immediate();
  }

  /** One page of events, newest first. */
  query(filter: AuditFilter & { before?: number | undefined }, limit: number): AuditPage {
    const where = whereOf(filter);
    const rows = this.db
      .prepare<EventRow>(`${EVENT_SELECT} ${where.sql} ORDER BY e.id DESC LIMIT ?`)
      .all(...where.params, limit + 1);
    const page = rows.slice(0, limit).map(toEvent);
    return { events: page, nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
  }

  /** Events matching the filter in recording order, at most `max` (exports). */
  exportRows(filter: AuditFilter, max: number): AuditEvent[] {
    const where = whereOf(filter);
    return this.db
      .prepare<EventRow>(`${EVENT_SELECT} ${where.sql} ORDER BY e.id LIMIT ?`)
      .all(...where.params, max)
      .map(toEvent);
  }

  /** Records a requisition with what was handed over, chained, in one transaction. */
  createRequisition(
    actor: SessionActor,
    workstation: string,
    at: string,
    input: NewRequisition,
    items: readonly NewHandoverItem[],
  ): number {
    return this.db
      .transaction(() => {
        const { lastInsertRowid } = this.insertRequisition.run(
          at,
          workstation,
          actor.id,
          actor.badge,
          actor.name,
          storedInstant(input.requestedAt),
          input.officerName,
          input.officerQuality,
          input.officerService,
          input.procedureRef,
          JSON.stringify(input.cameraIds),
          storedInstant(input.periodFrom),
          storedInstant(input.periodTo),
          JSON.stringify(input.entryIds),
          input.note,
        );
        const id = Number(lastInsertRowid);
        this.chain.append('requisition', id);
        this.writeItems(actor, at, id, items);
        return id;
      })
      .immediate();
  }

  /** Adds handed-over items to an existing requisition. */
  addItems(actor: SessionActor, at: string, requisitionId: number, items: readonly NewHandoverItem[]): void {
    this.db
      .transaction(() => {
        if (!this.db.prepare('SELECT 1 FROM requisitions WHERE id = ?').get(requisitionId)) {
          throw Object.assign(new Error(`no requisition ${requisitionId}`), { code: 'VIGIE_NOT_FOUND' });
        }
        this.writeItems(actor, at, requisitionId, items);
      })
      .immediate();
  }

  private writeItems(
    actor: SessionActor,
    at: string,
    requisitionId: number,
    items: readonly NewHandoverItem[],
  ): void {
    for (const item of items) {
      const { lastInsertRowid } = this.insertItem.run(
        requisitionId,
        at,
        actor.id,
        actor.badge,
        actor.name,
        item.kind,
        item.file,
        item.sha256,
        item.bytes,
        item.cameraId,
        item.description,
        item.verified ? 1 : 0,
      );
      this.chain.append('requisition_item', Number(lastInsertRowid));
    }
  }

  requisition(id: number): Requisition | null {
    const row = this.db
      .prepare<RequisitionRow>(
        `SELECT r.*, c.seq AS seq, c.hash AS hash FROM requisitions r
         LEFT JOIN ${AUDIT_LEDGER} c ON c.kind = 'requisition' AND c.ref_id = r.id WHERE r.id = ?`,
      )
      .get(id);
    return row ? this.readRequisition(row) : null;
  }

  /** Newest first. */
  listRequisitions(limit: number): Requisition[] {
    return this.db
      .prepare<RequisitionRow>(
        `SELECT r.*, c.seq AS seq, c.hash AS hash FROM requisitions r
         LEFT JOIN ${AUDIT_LEDGER} c ON c.kind = 'requisition' AND c.ref_id = r.id ORDER BY r.id DESC LIMIT ?`,
      )
      .all(limit)
      .map((row) => this.readRequisition(row));
  }

  /** A requisition with its handed-over items. */
  private readRequisition(row: RequisitionRow): Requisition {
    const items = this.db
      .prepare<ItemRow>('SELECT * FROM requisition_items WHERE requisition_id = ? ORDER BY id')
      .all(row.id)
      .map(toItem);
    return toRequisition(row, items);
  }

  /** SHA-256 of every file listed in the register: retention keeps them (evidence handed over). */
  heldHashes(): Set<string> {
    const rows = this.db.prepare<{ sha256: string }>('SELECT DISTINCT sha256 FROM requisition_items').all();
    return new Set(rows.map((row) => row.sha256));
  }

  /** Snapshots and exports the trail saw written, newest first (the register's picking list). */
  candidates(from: string | undefined, to: string | undefined, limit = 500): HandoverCandidate[] {
    const actions: AuditAction[] = ['snapshot.save', 'logbook.export', 'audit.export', 'replay.clip'];
    const rows = this.db
      .prepare<EventRow>(`${EVENT_SELECT} ${whereOf({ from, to, actions }).sql} ORDER BY e.id DESC LIMIT ?`)
      .all(...whereOf({ from, to, actions }).params, limit);
    const out: HandoverCandidate[] = [];
    for (const event of rows.map(toEvent)) {
      const file = event.details.file ?? event.details.path;
      const sha = event.details.sha256;
      if (typeof file !== 'string' || typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha)) continue;
      out.push({
        kind:
          event.action === 'snapshot.save' ? 'snapshot' : event.action === 'replay.clip' ? 'clip' : 'export',
        file,
        sha256: sha,
        cameraId: event.cameraId,
        at: event.at,
        by: event.operator ? `${event.operator.name} (${event.operator.badge})` : '',
      });
    }
    return out;
  }

  /**
   * The clip register: every `replay.clip` event, newest first, as the events recorded them (the
   * event's chain covers them); `entryId` narrows it to the clips documenting one entry, `sha256`
   * to one file.
   */
  clips(filter: { entryId?: number; sha256?: string; limit?: number } = {}): Clip[] {
    const clauses = [`e.action = 'replay.clip'`];
    const params: unknown[] = [];
    if (filter.entryId !== undefined) {
      clauses.push(`json_extract(e.details, '$.entryId') = ?`);
      params.push(filter.entryId);
    }
    if (filter.sha256 !== undefined) {
      clauses.push(`json_extract(e.details, '$.sha256') = ?`);
      params.push(filter.sha256);
    }
    const rows = this.db
      .prepare<EventRow>(`${EVENT_SELECT} WHERE ${clauses.join(' AND ')} ORDER BY e.id DESC LIMIT ?`)
      .all(...params, filter.limit ?? 100);
    return rows.flatMap((row) => {
      const parsed = ClipSchema.safeParse({ ...toEvent(row).details, id: row.id, createdAt: row.at });
      return parsed.success ? [parsed.data] : [];
    });
  }

  verify(): ChainVerification {
    return this.chain.verify();
  }
}
