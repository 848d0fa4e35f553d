import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import {
  AUDIT_EXPORT_MAX,
  type ApiMethodName,
  type AuditAction,
  type AuditIntegrity,
  type ComplianceApiMethods,
} from '../../../src-shared/contract';
import type { ChainVerification } from '../integrity/hash-chain';
import { log } from '../log/logger';
import { AuditSpill } from './audit-spill';
import { describeCall, MUST_AUDIT, type AuditFields } from './audit-describe';

export type { AuditFields };
import { ServiceError, outcomeOf } from '../api/service-result';
import type { GuardObserver, Refusal, SessionActor, WorkstationSession } from '../api/guard-types';
import { auditCsv, auditPdf, describeAuditFilter, type CameraLabel } from './audit-export';
import { AuditStore, type NewAuditEvent } from './audit-store';
import { ViewTracker } from './view-tracker';
import { writeFileAtomic } from '../files/atomic-write';

type Methods = typeof ComplianceApiMethods;
type AuditMethod = 'audit.query' | 'audit.export' | 'audit.verify';

/** A handler per audit method; params arrive validated, results are outcomes. */
export type AuditApiHandlers = {
  [M in AuditMethod]: (params: z.infer<Methods[M]['params']>) => Promise<z.infer<Methods[M]['result']>>;
};

/** Where the audit trail keeps its files under the data dir. */
export function auditPaths(dataDir: string): {
  dir: string;
  database: string;
  exports: string;
  register: string;
  /** Events that could not be written at stop, replayed at the next start (audit-spill.ts). */
  spill: string;
} {
  const dir = path.join(dataDir, 'audit');
  return {
    dir,
    database: path.join(dir, 'audit.sqlite'),
    exports: path.join(dir, 'exports'),
    register: path.join(dir, 'register'),
    spill: path.join(dir, 'pending-at-stop.bin'),
  };
}

export interface AuditServiceOptions {
  dataDir: string;
  workstation: string;
  siteName: string;
  /** Names a camera in exports ("n° 12 Place de la Mairie"). */
  camera?: CameraLabel;
  now?: () => Date;
  /** better_sqlite3.node for the running runtime (Electron passes its own build). */
  nativeBinding?: string;
  /** Verify the whole chain at start, in the background (default true). */
  verifyOnStart?: boolean;
  /** Events are written in batches this often (one fsync per batch, not per tile change). */
  flushDelayMs?: number;
}

/** What one event needs besides its action; `operator` defaults to the one on duty. */

/** At most this many events wait in memory when the disk refuses writes; older ones are logged. */
const MAX_QUEUE = 50_000;
const STOP_FLUSH_ATTEMPTS = 5;
const STOP_FLUSH_PAUSE_MS = 200;

/**
 * The access audit trail: who logged in and out, which camera each operator displayed and for
 * how long, snapshots, exports, changes of masks, settings and taxonomy, and every refused call.
 * It is the permission guard's observer (so every API call passes by it), and the socket
 * sessions report tile starts and stops to its view tracker.
 *
 * Events are queued and written in small batches, each batch one transaction with its chain
 * links: a 64-tile wall changing layout costs one fsync, not sixty-four. `flush()` writes at
 * once (queries, exports and stop call it). The trail never takes the core down: a database that
 * cannot be opened leaves the wall running, logs every event it could not write, and answers
 * `unavailable`.
 */
export class AuditService implements GuardObserver {
  readonly views: ViewTracker;
  readonly paths: ReturnType<typeof auditPaths>;
  private store: AuditStore | null = null;
  private unavailableReason: string | null = 'not started';
  private queue: NewAuditEvent[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private verification: Promise<ChainVerification | null> | null = null;
  private lastVerification: ChainVerification | null = null;
  private readonly now: () => Date;
  private stopped = false;
  /** The last write's error while it keeps failing (null once a write succeeds). */
  private writeError: string | null = null;
  private readonly spill: AuditSpill;

  constructor(private readonly options: AuditServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.paths = auditPaths(options.dataDir);
    this.spill = new AuditSpill(this.paths.spill);
    this.views = new ViewTracker(
      (event) =>
        this.record(event.action, {
          operator: event.operator,
          cameraId: event.cameraId,
          durationMs: event.durationMs,
          details: event.details,
        }),
      () => this.now().getTime(),
    );
  }

  /** The open store (tests and the compliance service reach the register through it). */
  get auditStore(): AuditStore | null {
    return this.store;
  }

  /** Opens the database, records the start and verifies the chain in the background. */
  start(): void {
    try {
      mkdirSync(this.paths.dir, { recursive: true });
      this.store = AuditStore.open(this.paths.database, { nativeBinding: this.options.nativeBinding });
      this.unavailableReason = null;
    } catch (error) {
      this.unavailableReason = (error as Error).message;
      log.error(`audit trail unavailable: ${this.unavailableReason}`);
      return;
    }
    this.replaySpill();
    const head = this.store.chain.head();
    this.record('core.start', { operator: null, details: { chainHead: head } });
    this.flush();
    if (this.options.verifyOnStart ?? true) this.verification = this.runVerification();
    log.info(`audit trail open: ${this.paths.database}, ${head?.seq ?? 0} chain records`);
  }

  /** Writes the events the last stop could not, first; then makes sure the reserve exists. */
  private replaySpill(): void {
    try {
      const pending = this.spill.take();
      if (pending.length) {
        this.store?.appendEvents(pending);
        log.warn(`audit trail: ${pending.length} event(s) kept from the last stop written now`);
      }
    } catch (error) {
      log.error(`audit trail: events kept from the last stop not written yet: ${(error as Error).message}`);
    }
    try {
      this.spill.prepare();
    } catch (error) {
      log.error(`audit trail: no room to reserve ${this.paths.spill}: ${(error as Error).message}`);
    }
  }

  /**
   * Closes open views, records the stop and writes everything before closing the file. A disk
   * that stays full keeps the events for the next start in the reserved spill file.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.views.closeAll('core-stop');
    this.record('core.stop', { operator: null });
    this.stopped = true;
    await this.verification?.catch(() => null);
    for (let attempt = 0; attempt < STOP_FLUSH_ATTEMPTS; attempt += 1) {
      this.flush();
      if (this.queue.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, STOP_FLUSH_PAUSE_MS));
    }
    if (this.queue.length) {
      const kept = this.store ? this.safeSpill(this.queue) : 0;
      for (const event of this.queue.slice(kept))
        log.error(`AUDIT EVENT LOST AT STOP, logged only: ${JSON.stringify(event)}`);
      if (kept) log.warn(`audit trail: ${kept} event(s) kept in ${this.paths.spill} for the next start`);
      this.queue = [];
    }
    this.store?.close();
    this.store = null;
  }

  private safeSpill(events: readonly NewAuditEvent[]): number {
    try {
      return this.spill.write(events);
    } catch (error) {
      log.error(`audit trail: spill failed: ${(error as Error).message}`);
      return 0;
    }
  }

  /**
   * Why `method` must be refused now, or null: an action whose audit record is mandatory is
   * not done while the trail cannot write (closed, or its last write failed: a full disk).
   * Queued events are flushed first, so a disk that has room again is noticed at once.
   */
  refusal(method: ApiMethodName): string | null {
    if (!MUST_AUDIT.has(method)) return null;
    if (!this.store) return `the audit trail is unavailable: ${this.unavailableReason ?? 'closed'}`;
    this.flush();
    return this.writeError ? `the audit trail cannot write: ${this.writeError}` : null;
  }

  /** The operator events are attributed to (the one on duty at the workstation, or nobody). */
  currentOperator(): SessionActor | null {
    return this.views.currentOperator;
  }

  /** Queues one event, stamped now; written within `flushDelayMs`. */
  record(action: AuditAction, fields: AuditFields = {}): void {
    const event: NewAuditEvent = {
      at: this.now().toISOString(),
      workstation: this.options.workstation,
      operator: fields.operator === undefined ? this.currentOperator() : fields.operator,
      action,
      cameraId: fields.cameraId ?? null,
      durationMs: fields.durationMs ?? null,
      details: fields.details ?? {},
    };
    if (this.stopped) {
      log.warn(`audit event after stop, not recorded: ${JSON.stringify(event)}`);
      return;
    }
    if (this.queue.length >= MAX_QUEUE) {
      const dropped = this.queue.shift();
      log.error(`AUDIT QUEUE FULL, event logged only: ${JSON.stringify(dropped)}`);
    }
    this.queue.push(event);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, this.options.flushDelayMs ?? 100);
    this.flushTimer.unref();
  }

  /** Writes queued events now, in one transaction. On failure they stay queued and are retried. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.queue.length === 0) return;
    const store = this.store;
    if (!store) {
      for (const event of this.queue)
        log.warn(`audit trail unavailable, event logged only: ${JSON.stringify(event)}`);
      this.queue = [];
      return;
    }
    const batch = this.queue;
    this.queue = [];
    try {
      store.appendEvents(batch);
      this.writeError = null;
    } catch (error) {
      this.writeError = (error as Error).message;
      this.queue = [...batch, ...this.queue];
      log.error(`audit trail: ${batch.length} event(s) not written yet: ${(error as Error).message}`);
      if (!this.stopped) {
        this.flushTimer = setTimeout(() => {
          this.flushTimer = null;
          this.flush();
        }, 2000);
        this.flushTimer.unref();
      }
    }
  }

  // ----------------------------------------------------------------------------------------------
  // Guard observer

  sessionSeen(session: WorkstationSession): void {
    this.views.setOperator(session.state === 'none' ? null : session.actor);
  }

  denied(method: ApiMethodName, refusal: Refusal, session: WorkstationSession): void {
    this.record('permission.denied', {
      operator: session.actor,
      details: {
        method,
        code: refusal.code,
        by: refusal.by,
        allowed: refusal.allowed,
        role: session.actor?.role ?? null,
        session: session.state,
      },
    });
  }

  completed(method: ApiMethodName, params: unknown, result: unknown, before: WorkstationSession): void {
    try {
      describeCall(
        {
          record: (action, fields) => this.record(action, fields),
          setOperator: (actor) => this.views.setOperator(actor),
        },
        method,
        params,
        result,
        before,
      );
    } catch (error) {
      log.error(`audit of ${method} failed: ${(error as Error).stack ?? String(error)}`);
    }
    // On disk before the caller hears it was done (still queued and retried if that fails).
    if (MUST_AUDIT.has(method)) this.flush();
  }

  // ----------------------------------------------------------------------------------------------
  // Integrity

  private async runVerification(): Promise<ChainVerification | null> {
    const store = this.store;
    if (!store) return null;
    try {
      const result = await store.chain.verifyAsync(() => this.stopped);
      this.lastVerification = result;
      if (result.ok) log.info(`audit chain verified: ${result.records} records`);
      else log.error(`AUDIT CHAIN BROKEN: ${result.broken.message}`);
      return result;
    } catch (error) {
      if (!this.stopped) log.error(`audit verification failed: ${(error as Error).message}`);
      return null;
    }
  }

  /** The last verification (start-up or on demand); null while none finished. */
  get verificationResult(): ChainVerification | null {
    return this.lastVerification;
  }

  private integrityOf(result: ChainVerification): AuditIntegrity {
    return {
      ok: result.ok,
      records: result.records,
      head: result.head,
      broken: result.ok ? null : result.broken,
      databasePath: this.paths.database,
    };
  }

  // ----------------------------------------------------------------------------------------------
  // Handlers

  private requireStore(): AuditStore {
    if (!this.store) {
      throw new ServiceError(
        'unavailable',
        `the audit trail is unavailable: ${this.unavailableReason ?? 'closed'}`,
      );
    }
    return this.store;
  }

  /** The operator a restricted handler acts for (the guard checked their role just before). */
  requireActor(): SessionActor {
    const actor = this.currentOperator();
    if (!actor) throw new ServiceError('not-logged-in', 'log in first');
    return actor;
  }

  handlers(): AuditApiHandlers {
    return {
      'audit.query': (query) =>
        outcomeOf('audit.query', () => {
          const store = this.requireStore();
          this.flush();
          const { limit, before, ...filter } = query;
          return store.query({ ...filter, before }, limit);
        }),
      'audit.verify': () =>
        outcomeOf('audit.verify', async () => {
          this.requireStore();
          this.flush();
          await this.verification?.catch(() => null);
          this.verification = this.runVerification();
          const result = await this.verification;
          if (!result) throw new ServiceError('unavailable', 'the audit trail could not be verified');
          return this.integrityOf(result);
        }),
      'audit.export': ({ filter, format }) =>
        outcomeOf('audit.export', async () => {
          const store = this.requireStore();
          const actor = this.requireActor();
          this.flush();
          const max = AUDIT_EXPORT_MAX[format];
          const snapshot = store.db
            .transaction(() => ({ rows: store.exportRows(filter, max + 1), head: store.chain.head() }))
            .deferred();
          if (snapshot.rows.length > max) {
            throw new ServiceError('too-large', `more than ${max} records: narrow the period or the filter`);
          }
          const exportedAt = this.now();
          const camera = this.options.camera ?? ((id: string) => id);
          const context = {
            siteName: this.options.siteName,
            workstation: this.options.workstation,
            exportedAt,
            exportedBy: `${actor.name} (${actor.badge})`,
            filter,
            chainHead: snapshot.head,
            camera,
          };
          const bytes =
            format === 'csv'
              ? Buffer.from(auditCsv(snapshot.rows, context), 'utf8')
              : await auditPdf(snapshot.rows, context);
          const sha256 = createHash('sha256').update(bytes).digest('hex');
          const stamp = exportedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
          const fileName = `audit-${stamp}-${sha256.slice(0, 8)}.${format}`;
          const file = path.join(this.paths.exports, fileName);
          writeFileAtomic(file, bytes, { suffix: '.partial' });
          this.record('audit.export', {
            operator: actor,
            details: {
              format,
              file,
              fileName,
              sha256,
              bytes: bytes.length,
              count: snapshot.rows.length,
              filter: describeAuditFilter(filter, camera),
              chainHead: snapshot.head,
            },
          });
          log.info(`audit: ${actor.badge} exported ${snapshot.rows.length} records to ${file}`);
          return {
            fileName,
            path: file,
            sha256,
            bytes: bytes.length,
            mime: format === 'csv' ? ('text/csv' as const) : ('application/pdf' as const),
            base64: bytes.toString('base64'),
            count: snapshot.rows.length,
            chainHead: snapshot.head,
          };
        }),
    };
  }
}
