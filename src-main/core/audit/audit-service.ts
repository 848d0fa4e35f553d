import { mkdirSync } from 'node:fs';
import { currentSession } from '../api/request-scope';
import type { ApiMethodName, AuditAction } from '../../../src-shared/contract';
import type { ChainVerification } from '../integrity/hash-chain';
import { log } from '../log/logger';
import { AuditSpill } from './audit-spill';
import { describeCall, MUST_AUDIT, type AuditFields } from './audit-describe';
import { ServiceError } from '../api/service-result';
import type { GuardObserver, Refusal, SessionActor, WorkstationSession } from '../api/guard-types';
import { auditHandlers, type AuditApiHandlers } from './audit-handlers';
import { auditPaths, type AuditPaths, type AuditServiceOptions } from './audit-options';
import { AuditStore, type NewAuditEvent } from './audit-store';
import { ViewTracker } from './view-tracker';

// Callers (compliance/, vigie-core.ts, the CLI) have always imported these from here.
export type { AuditFields };
export type { AuditApiHandlers } from './audit-handlers';
export { auditPaths, type AuditServiceOptions } from './audit-options';

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
 * `unavailable`. The `audit.*` handlers are an area of their own (audit-handlers.ts); the options
 * and the trail's paths are in audit-options.ts.
 */
export class AuditService implements GuardObserver {
  readonly views: ViewTracker;
  readonly paths: AuditPaths;
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
    // A request from a window with its own session (the administration window) acts as them.
    const session = currentSession();
    if (session?.scope === 'window') return session.state === 'none' ? null : session.actor;
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
    // A window's own session (an admin in the administration window) acts for that window's
    // requests only (currentOperator reads it from the request); who views the wall stays the
    // operator on duty.
    if (session.scope === 'window') return;
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

  /** Verifies the whole chain again, once the verification under way (if any) has ended. */
  private async reverify(): Promise<ChainVerification | null> {
    await this.verification?.catch(() => null);
    this.verification = this.runVerification();
    return this.verification;
  }

  /** The `audit.*` handlers (audit-handlers.ts), given what they use of the service. */
  handlers(): AuditApiHandlers {
    return auditHandlers({
      options: this.options,
      paths: this.paths,
      now: () => this.now(),
      requireStore: () => this.requireStore(),
      requireActor: () => this.requireActor(),
      flush: () => this.flush(),
      record: (action, fields) => this.record(action, fields),
      reverify: () => this.reverify(),
    });
  }
}
