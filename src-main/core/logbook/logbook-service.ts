import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type {
  ApiMethodName,
  BackupInfo,
  ExportResult,
  IntegrityStatus,
  OperatorSummary,
  Outcome,
  SessionStatus,
} from '../../../src-shared/contract';
import type { ChainVerification } from '../integrity/hash-chain';
import { log } from '../log/logger';
import { backupDatabase, listBackups, pruneBackups, type BackupReason } from './logbook-backup';
import { outcomeOf, ServiceError, storageError } from '../api/service-result';
import { entryHandlers } from './entry-handlers';
import { exportHandlers, recordExternalExport, type ExportDocument } from './export-handlers';
import type { HandlerContext, LogbookApiHandlers } from './handler-context';
import { integrityHandlers } from './integrity-handlers';
import { LogbookStore } from './logbook-store';
import { ChainAnchors } from '../integrity/chain-anchors';
import { LoginThrottle } from './login-throttle';
import { OperatorAccess, publicOperator } from './operator-access';
import { operatorHandlers } from './operator-handlers';
import { DEFAULT_IDLE_TIMEOUT_MS } from './operator-session';
import { ScopedSessions } from './scoped-sessions';
import { logbookPaths, type LogbookServiceOptions } from './service-options';
import { sessionHandlers } from './session-handlers';
import { acknowledgeRoomHandover, shiftHandlers, type TakeoverFinder } from './shift-handlers';
import type { OtherSeatHandover } from './room-handovers';

// Everything callers have always imported from here stays importable from here.
export type { LogbookApiHandlers } from './handler-context';
export { logbookPaths, type CameraInfo, type LogbookServiceOptions } from './service-options';

const DAY_MS = 24 * 3600_000;
const CHECKPOINT_EVERY_MS = 5000;

/**
 * The main courante inside the core: the one writer of the logbook database, the workstation's
 * operator session, chain verification at start, and automatic backups.
 *
 * It never takes the core down: a database it cannot open (newer schema, unreadable disk)
 * leaves the video wall running and every logbook method answering `unavailable`, with the
 * reason in logbook.integrity for the UI's blocking alert. Every handler answers an outcome:
 * storage failures become typed errors, and since each write is a single transaction, nothing
 * is ever half-written.
 *
 * The handlers live in one file per area (session-, operator-, shift-, entry-, export- and
 * integrity-handlers.ts) and get a HandlerContext from here; who may act is answered by
 * OperatorAccess (operator-access.ts). This class keeps the lifecycle: opening and closing the
 * database, verification and anchors, checkpoints and backups.
 */
export class LogbookService {
  private store: LogbookStore | null = null;
  private unavailableReason: string | null = null;
  private readonly session: ScopedSessions;
  private readonly access: OperatorAccess;
  private readonly now: () => Date;
  private readonly paths: ReturnType<typeof logbookPaths>;
  private integrityState: IntegrityStatus;
  private verification: Promise<void> | null = null;
  private backupRunning: Promise<BackupInfo> | null = null;
  private maintenanceTimer: NodeJS.Timeout | null = null;
  /** The room's answer to "was this seat's waiting handover taken over elsewhere?" (setTakeoverFinder). */
  private takeoverFinder: TakeoverFinder | null = null;
  private checkpointTimer: NodeJS.Timeout | null = null;
  private lastBackup: BackupInfo | null = null;
  private lastBackupAt = 0;
  private stopped = false;

  constructor(private readonly options: LogbookServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.session = new ScopedSessions(options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, () =>
      this.now().getTime(),
    );
    const throttle = new LoginThrottle(
      () => this.now().getTime(),
      path.join(options.dataDir, 'login-throttle.json'),
      options.throttle,
    );
    this.access = new OperatorAccess(
      this.session,
      throttle,
      options.workstation,
      () => this.store,
      () => this.unavailableReason,
    );
    this.paths = logbookPaths(options.dataDir);
    this.integrityState = {
      state: 'unavailable',
      reason: 'not started',
      records: 0,
      head: null,
      broken: null,
      checkedAt: null,
      lastBackup: null,
      databasePath: this.paths.database,
    };
  }

  /** A window's socket closed: a session it opened for itself ends with it. */
  windowClosed(window: number): void {
    this.session.windowClosed(window);
  }

  /** Who is on duty, as `session.status` answers it (the permission guard asks). */
  sessionStatus(): Promise<Outcome<SessionStatus>> {
    return this.run('session.status', () => this.access.status());
  }

  /** An operator as stored now (role, active flag), or null when unknown or unavailable. */
  operatorById(id: number): OperatorSummary | null {
    const operator = this.store?.operatorById(id);
    return operator ? publicOperator(operator) : null;
  }

  /** One line describing an entry (the extraction register links entries with it). */
  entrySummary(id: number): string | null {
    const store = this.store;
    if (!store) return '(main courante indisponible)';
    try {
      const { entry } = store.entryDetail(id);
      const where = [entry.place, entry.commune].filter(Boolean).join(', ');
      return `${new Date(entry.observedAt).toLocaleString('fr-FR')} — ${entry.category}${where ? ` — ${where}` : ''}`;
    } catch {
      return null;
    }
  }

  /** The open store (tests and the bench reach the database through it). */
  get logbookStore(): LogbookStore | null {
    return this.store;
  }

  get databasePath(): string {
    return this.paths.database;
  }

  /**
   * Opens the database and starts verifying the chain in the background. Resolves once the
   * database is open (or known unavailable); `whenVerified()` waits for the verification.
   */
  start(): Promise<void> {
    try {
      mkdirSync(this.paths.dir, { recursive: true });
      this.store = LogbookStore.open(this.paths.database, {
        nativeBinding: this.options.nativeBinding,
        walAutoCheckpoint: 0,
      });
      // Fresh planner statistics (bounded work), so searches keep their plans as the logbook grows.
      this.store.db.pragma('analysis_limit = 1000');
      this.store.db.pragma('optimize = 0x10002');
    } catch (error) {
      this.unavailableReason = (error as Error).message;
      this.integrityState = { ...this.integrityState, state: 'unavailable', reason: this.unavailableReason };
      log.error(`logbook unavailable: ${this.unavailableReason}`);
      return Promise.resolve();
    }
    const store = this.store;
    const head = store.chain.head();
    this.integrityState = {
      ...this.integrityState,
      state: 'verifying',
      reason: null,
      head,
      records: head?.seq ?? 0,
    };
    if (this.options.verifyOnStart ?? true) this.verification = this.runVerification();
    else this.integrityState = { ...this.integrityState, state: 'ok' };
    this.checkpointTimer = setInterval(() => this.checkpoint(), CHECKPOINT_EVERY_MS);
    this.checkpointTimer.unref();
    const latest = listBackups(this.paths.backups).at(-1);
    this.lastBackupAt = latest?.mtimeMs ?? 0;
    if (latest) {
      const reason = /-(shift-close|daily|manual)\.sqlite$/.exec(latest.file)?.[1] as
        BackupReason | undefined;
      this.lastBackup = {
        path: latest.file,
        at: new Date(latest.mtimeMs).toISOString(),
        reason: reason ?? 'daily',
        ok: true,
        message: 'ok (checked when it was made)',
      };
    }
    const backups = this.options.backup?.enabled ?? true;
    this.maintenanceTimer = setInterval(() => {
      this.optimize();
      if (backups) this.dailyBackup();
    }, this.options.backup?.checkEveryMs ?? 3600_000);
    this.maintenanceTimer.unref();
    if (backups) void this.verification?.then(() => this.dailyBackup());
    log.info(`logbook open: ${this.paths.database}, ${head?.seq ?? 0} chain records`);
    return Promise.resolve();
  }

  /** Resolves once the start-up verification finished. */
  async whenVerified(): Promise<IntegrityStatus> {
    await this.verification;
    return this.integrityState;
  }

  /** Waits for a running backup, then closes the database. Safe to call twice. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.maintenanceTimer) clearInterval(this.maintenanceTimer);
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    this.maintenanceTimer = null;
    this.checkpointTimer = null;
    await this.verification?.catch(() => undefined);
    await this.backupRunning?.catch(() => undefined);
    if (this.store) {
      this.optimize();
      this.store.close();
      this.store = null;
    }
  }

  integrity(): IntegrityStatus {
    return { ...this.integrityState, lastBackup: this.lastBackup };
  }

  private async runVerification(): Promise<void> {
    const store = this.store;
    if (!store) return;
    let result: ChainVerification;
    try {
      result = await store.chain.verifyAsync(() => this.stopped);
    } catch (error) {
      if (this.stopped) return;
      const mapped = storageError(error);
      this.integrityState = {
        ...this.integrityState,
        state: 'broken',
        broken: null,
        reason: `verification failed: ${mapped?.message ?? (error as Error).message}`,
        checkedAt: this.now().toISOString(),
      };
      log.error(`logbook verification failed: ${(error as Error).message}`);
      return;
    }
    this.integrityState = {
      ...this.integrityState,
      state: result.ok ? 'ok' : 'broken',
      records: result.records,
      head: result.head,
      broken: result.ok ? null : result.broken,
      reason: null,
      checkedAt: this.now().toISOString(),
    };
    if (!result.ok) {
      log.error(`LOGBOOK CHAIN BROKEN: ${result.broken.message}`);
      return;
    }
    log.info(`logbook chain verified: ${result.records} records`);
    const anchors = new ChainAnchors(this.paths.anchors).check((seq) => store.chain.hashAt(seq));
    const first = anchors.mismatches[0];
    if (first) {
      const reason = `chain head #${first.anchor.seq} published at ${first.anchor.at} (${first.anchor.event}) is not in this database: it was replaced or rewritten`;
      this.integrityState = { ...this.integrityState, state: 'broken', reason };
      log.error(`LOGBOOK CHAIN BROKEN: ${reason}`);
      return;
    }
    this.anchor('start');
  }

  /** Publishes the chain head in the anchor file; a failure is logged, never fatal. */
  private anchor(event: string): void {
    const head = this.store?.chain.head();
    if (!head) return;
    try {
      new ChainAnchors(this.paths.anchors).append({ at: this.now().toISOString(), ...head, event });
    } catch (error) {
      log.error(`logbook: chain head #${head.seq} not anchored: ${(error as Error).message}`);
    }
  }

  /** Runs an online backup now (one at a time), keeps the result for logbook.integrity. */
  backup(reason: BackupReason): Promise<BackupInfo> {
    const store = this.store;
    if (!store)
      return Promise.reject(new ServiceError('unavailable', this.unavailableReason ?? 'logbook closed'));
    if (this.backupRunning) return this.backupRunning.then(() => this.backup(reason));
    const run = (async (): Promise<BackupInfo> => {
      const info = await backupDatabase(
        store.db,
        this.paths.backups,
        reason,
        this.now(),
        this.options.nativeBinding,
      );
      this.lastBackup = info;
      if (info.ok) {
        this.lastBackupAt = this.now().getTime();
        pruneBackups(this.paths.backups, this.options.backup?.keep ?? 60);
        log.info(`logbook backup (${reason}): ${info.path}, ${info.message}`);
      } else {
        log.error(`logbook backup (${reason}) FAILED: ${info.message} (${info.path})`);
      }
      return info;
    })();
    this.backupRunning = run;
    void run.finally(() => {
      if (this.backupRunning === run) this.backupRunning = null;
    });
    return run;
  }

  /**
   * Copies the WAL back into the database between writes rather than inside one (automatic
   * checkpoints are off): the p99 of an operator's write stays the cost of one commit.
   */
  private checkpoint(): void {
    if (this.stopped || !this.store) return;
    try {
      this.store.db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      log.warn(`logbook checkpoint: ${(error as Error).message}`);
    }
  }

  /** Refreshes planner statistics where they drifted (cheap when nothing changed). */
  private optimize(): void {
    try {
      this.store?.db.pragma('optimize');
    } catch {
      // Read-only or full disk: statistics can wait.
    }
  }

  private dailyBackup(): void {
    // An empty logbook (first start, tests) has nothing worth a copy yet.
    if (this.stopped || !this.store || !this.store.chain.head()) return;
    if (this.now().getTime() - this.lastBackupAt < DAY_MS) return;
    this.backup('daily').catch((error: unknown) => log.error(`daily backup: ${String(error)}`));
  }

  /** Verifies the whole chain again (logbook.verify), or waits for the verification running. */
  private async reverify(): Promise<IntegrityStatus> {
    if (!this.verification || this.integrityState.state !== 'verifying') {
      this.integrityState = { ...this.integrityState, state: 'verifying' };
      this.verification = this.runVerification();
    }
    await this.verification;
    return this.integrity();
  }

  // ----------------------------------------------------------------------------------------------
  // Handlers (one file per area; each gets the context below, not the service)

  private run<T>(method: string, work: () => T | Promise<T>): Promise<Outcome<T>> {
    return outcomeOf(`logbook ${method}`, work);
  }

  private handlerContext(): HandlerContext {
    return {
      options: this.options,
      session: this.session,
      access: this.access,
      exportsDir: this.paths.exports,
      now: () => this.now(),
      run: (method, work) => this.run(method, work),
      writeContext: (actor) => ({ actor, workstation: this.options.workstation, now: this.now() }),
      openStore: () => this.store,
      anchor: (event) => this.anchor(event),
      backup: (reason) => this.backup(reason),
      integrity: () => this.integrity(),
      reverify: () => this.reverify(),
    };
  }

  /**
   * Records a document drawn outside the local logbook (the room's CSV, `room.export`) in this
   * seat's chain, like a local export; throws a ServiceError (not logged in, forbidden…).
   */
  recordExternalExport(
    method: ApiMethodName,
    draw: (now: Date) => Promise<Omit<ExportDocument, 'head'>>,
  ): Promise<ExportResult> {
    return recordExternalExport(this.handlerContext(), method, draw);
  }

  /** Another seat's handover taken over here (`room.acknowledge`): written in this seat's chain. */
  acknowledgeRoomHandover(
    handover: OtherSeatHandover,
    remark: string,
  ): Promise<ReturnType<typeof acknowledgeRoomHandover>> {
    return Promise.resolve().then(() => acknowledgeRoomHandover(this.handlerContext(), handover, remark));
  }

  /**
   * How `shifts.open` asks the room whether this seat's waiting handover was taken over at
   * another seat (the core sets it when the config has a room; null: never asked).
   */
  setTakeoverFinder(finder: TakeoverFinder | null): void {
    this.takeoverFinder = finder;
  }

  /** The handlers the core spreads into its API object. */
  handlers(): LogbookApiHandlers {
    const ctx = this.handlerContext();
    return {
      ...sessionHandlers(ctx),
      ...operatorHandlers(ctx),
      ...shiftHandlers(ctx, () => this.takeoverFinder),
      ...entryHandlers(ctx),
      ...exportHandlers(ctx),
      ...integrityHandlers(ctx),
    };
  }
}
