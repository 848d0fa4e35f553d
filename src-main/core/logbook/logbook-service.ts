import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import {
  EXPORT_MAX_ENTRIES,
  type BackupInfo,
  type ExportResult,
  type IntegrityStatus,
  type LogbookApiMethods,
  type LogbookDraft,
  type ApiMethodName,
  type OperatorSummary,
  type Outcome,
  type SessionStatus,
} from '../../../src-shared/contract';
import type { ChainVerification } from '../integrity/hash-chain';
import { log } from '../log/logger';
import { CHEFS, PERMISSIONS } from '../permissions/permission-table';
import { backupDatabase, listBackups, pruneBackups, type BackupReason } from './logbook-backup';
import { outcomeOf, ServiceError, storageError } from '../api/service-result';
import { exportCsv } from './logbook-export';
import { renderRequisitionPdf, renderShiftReportPdf } from './logbook-pdf';
import { searchEntries, selectEntryIds } from './logbook-search';
import { LogbookStore, type Actor, type OperatorRecord, type WriteContext } from './logbook-store';
import { localMidnight } from './logbook-values';
import { ChainAnchors } from '../integrity/chain-anchors';
import { LoginThrottle, type ThrottleLimits } from './login-throttle';
import { DEFAULT_IDLE_TIMEOUT_MS, OperatorSession } from './operator-session';
import { DEFAULT_SCRYPT, DUMMY_PIN_HASH, hashPin, verifyPin, type ScryptParams } from './pin-hash';

type Methods = typeof LogbookApiMethods;

/** A handler per logbook method; params arrive validated, results are outcomes, never throws. */
export type LogbookApiHandlers = {
  [M in keyof Methods]: (params: z.infer<Methods[M]['params']>) => Promise<z.infer<Methods[M]['result']>>;
};

/** Where the logbook keeps its files under the data dir. */
export function logbookPaths(dataDir: string): {
  dir: string;
  database: string;
  backups: string;
  exports: string;
  /** Chain heads, append-only, out of the log's rotation (chain-anchors.ts). */
  anchors: string;
} {
  const dir = path.join(dataDir, 'logbook');
  return {
    dir,
    database: path.join(dir, 'logbook.sqlite'),
    backups: path.join(dir, 'backups'),
    exports: path.join(dir, 'exports'),
    anchors: path.join(dir, 'chain-anchors.jsonl'),
  };
}

/** A camera as "log this" needs it. */
export interface CameraInfo {
  number: number;
  commune: string;
  name: string;
}

export interface LogbookServiceOptions {
  dataDir: string;
  workstation: string;
  siteName?: string;
  /** better_sqlite3.node for the running runtime (Electron passes its own build). */
  nativeBinding?: string;
  idleTimeoutMs?: number;
  /** PIN guessing limits (tests shorten the delays). */
  throttle?: Partial<ThrottleLimits>;
  /** The clock; tests move it. */
  now?: () => Date;
  /** Resolves a tile's camera for logbook.prefill. */
  cameraLookup?: (cameraId: string) => CameraInfo | null;
  /**
   * Receives each "log this" draft (logbook.prefill); the core pushes it to every window so the
   * main courante window opens the pre-filled entry, whichever window asked.
   */
  onDraft?: (draft: LogbookDraft) => void;
  /** Automatic backups: how many to keep, how often to check the daily one, or off (tests). */
  backup?: { keep?: number; checkEveryMs?: number; enabled?: boolean };
  /** Cost of PIN hashing; tests lower it. */
  scrypt?: ScryptParams;
  /** Verify the whole chain at start (default true). */
  verifyOnStart?: boolean;
}

const DAY_MS = 24 * 3600_000;
const CHECKPOINT_EVERY_MS = 5000;

/** An operator without the PIN hash, which never leaves the core. */
function publicOperator(operator: OperatorRecord): OperatorSummary {
  return {
    id: operator.id,
    name: operator.name,
    badge: operator.badge,
    role: operator.role,
    active: operator.active,
  };
}

/**
 * The main courante inside the core: the one writer of the logbook database, the workstation's
 * operator session, chain verification at start, and automatic backups.
 *
 * It never takes the core down: a database it cannot open (newer schema, unreadable disk)
 * leaves the video wall running and every logbook method answering `unavailable`, with the
 * reason in logbook.integrity for the UI's blocking alert. Every handler answers an outcome:
 * storage failures become typed errors, and since each write is a single transaction, nothing
 * is ever half-written.
 */
export class LogbookService {
  private store: LogbookStore | null = null;
  private unavailableReason: string | null = null;
  private readonly session: OperatorSession;
  private readonly throttle: LoginThrottle;
  private readonly now: () => Date;
  private readonly paths: ReturnType<typeof logbookPaths>;
  private integrityState: IntegrityStatus;
  private verification: Promise<void> | null = null;
  private backupRunning: Promise<BackupInfo> | null = null;
  private maintenanceTimer: NodeJS.Timeout | null = null;
  private checkpointTimer: NodeJS.Timeout | null = null;
  private lastBackup: BackupInfo | null = null;
  private lastBackupAt = 0;
  private stopped = false;

  constructor(private readonly options: LogbookServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.session = new OperatorSession(options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, () =>
      this.now().getTime(),
    );
    this.throttle = new LoginThrottle(
      () => this.now().getTime(),
      path.join(options.dataDir, 'login-throttle.json'),
      options.throttle,
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

  /** Who is on duty, as `session.status` answers it (the permission guard asks). */
  sessionStatus(): Promise<Outcome<SessionStatus>> {
    return this.run('session.status', () => this.status());
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

  // ----------------------------------------------------------------------------------------------
  // Handlers

  private run<T>(method: string, work: () => T | Promise<T>): Promise<Outcome<T>> {
    return outcomeOf(`logbook ${method}`, work);
  }

  private requireStore(): LogbookStore {
    if (!this.store) {
      throw new ServiceError(
        'unavailable',
        `the logbook is unavailable: ${this.unavailableReason ?? 'closed'}`,
      );
    }
    return this.store;
  }

  /**
   * The active operator, refreshed from the database, allowed to call `method` by the core's one
   * permission table. The core checks that table before any handler; checking it again here,
   * against the role just re-read from the database, refuses an operator demoted mid-session and
   * keeps the service safe when called without the guard (tools, tests), with no second list of
   * roles to drift from the first.
   */
  private requireOperator(method?: ApiMethodName): { store: LogbookStore; actor: Actor } {
    const store = this.requireStore();
    const state = this.session.state();
    if (state === 'none') throw new ServiceError('not-logged-in', 'log in first');
    if (state === 'locked') throw new ServiceError('session-locked', 'the session is locked: enter your PIN');
    const who = this.session.who();
    const record = who ? store.operatorById(who.id) : null;
    if (!record?.active) {
      this.session.logout();
      throw new ServiceError('not-logged-in', 'this operator account is disabled');
    }
    const actor: Actor = { id: record.id, badge: record.badge, name: record.name, role: record.role };
    this.session.refresh(actor);
    const access = method ? PERMISSIONS[method] : 'public';
    if (access !== 'public' && !access.includes(actor.role)) {
      throw new ServiceError('forbidden', `reserved to: ${access.join(', ')}`);
    }
    this.session.touch();
    return { store, actor };
  }

  private context(actor: Actor): WriteContext {
    return { actor, workstation: this.options.workstation, now: this.now() };
  }

  private status(): SessionStatus {
    const who = this.session.who();
    return {
      state: this.session.state(),
      operator: who ? { id: who.id, name: who.name, badge: who.badge, role: who.role, active: true } : null,
      locksAt: this.session.locksAt(),
      idleTimeoutMs: this.session.idleTimeoutMs,
      needsBootstrap: this.store ? this.store.operatorCount() === 0 : false,
      workstation: this.options.workstation,
    };
  }

  private async login(badge: string, pin: string): Promise<SessionStatus> {
    const store = this.requireStore();
    const operator = store.operatorByBadge(badge);
    const good = await this.checkPin(
      badge,
      pin,
      operator?.pinHash ?? DUMMY_PIN_HASH,
      () => !!operator?.active,
    );
    if (!operator || !good) {
      log.warn(`logbook: failed login for badge ${badge} on ${this.options.workstation}`);
      throw new ServiceError('bad-credentials', 'unknown badge or wrong PIN');
    }
    const previous = this.session.who();
    this.session.login({ id: operator.id, badge: operator.badge, name: operator.name, role: operator.role });
    log.info(
      previous?.id === operator.id
        ? `logbook: ${operator.badge} unlocked the session on ${this.options.workstation}`
        : `logbook: ${operator.badge} logged in on ${this.options.workstation}`,
    );
    return this.status();
  }

  /**
   * Compares a PIN under the throttle: the attempt is reserved before scrypt runs, so a burst of
   * simultaneous calls gets no more checks than calls made one by one.
   */
  private async checkPin(
    badge: string,
    pin: string,
    pinHash: string,
    eligible: () => boolean = () => true,
  ): Promise<boolean> {
    const reservation = this.throttle.reserve(badge);
    if (!reservation.ok) {
      throw new ServiceError(
        'too-many-attempts',
        `too many wrong PINs: try again in ${Math.ceil(reservation.waitMs / 1000)} s`,
      );
    }
    let good: boolean;
    try {
      good = (await verifyPin(pin, pinHash)) && eligible();
    } catch (error) {
      reservation.ticket.cancel();
      throw error;
    }
    if (good) reservation.ticket.succeeded();
    else reservation.ticket.failed();
    return good;
  }

  /** The handlers the core spreads into its API object. */
  handlers(): LogbookApiHandlers {
    const scrypt = this.options.scrypt ?? DEFAULT_SCRYPT;
    return {
      'session.status': () => this.run('session.status', () => this.status()),
      'session.login': ({ badge, pin }) => this.run('session.login', () => this.login(badge, pin)),
      'session.logout': () =>
        this.run('session.logout', () => {
          const who = this.session.who();
          if (who) log.info(`logbook: ${who.badge} logged out on ${this.options.workstation}`);
          this.session.logout();
          return this.status();
        }),
      'session.lock': () =>
        this.run('session.lock', () => {
          this.session.lock();
          return this.status();
        }),
      'session.touch': () =>
        this.run('session.touch', () => {
          this.session.touch();
          return this.status();
        }),

      'operators.bootstrapAdmin': ({ name, badge, pin }) =>
        this.run('operators.bootstrapAdmin', async () => {
          const store = this.requireStore();
          if (store.operatorCount() > 0) {
            throw new ServiceError(
              'already-initialized',
              'operators already exist: ask an admin for an account',
            );
          }
          const pinHash = await hashPin(pin, scrypt);
          const admin = store.addOperator({ name, badge, role: 'admin', pinHash }, null, this.now(), true);
          log.info(`logbook: first admin ${admin.badge} created on ${this.options.workstation}`);
          this.session.login({ id: admin.id, badge: admin.badge, name: admin.name, role: admin.role });
          return this.status();
        }),
      'operators.list': () => this.run('operators.list', () => this.requireOperator().store.listOperators()),
      'operators.add': (input) =>
        this.run('operators.add', async () => {
          const { store, actor } = this.requireOperator('operators.add');
          const pinHash = await hashPin(input.pin, scrypt);
          const created = store.addOperator({ ...input, pinHash }, actor.id, this.now());
          log.info(`logbook: ${actor.badge} added operator ${created.badge} (${created.role})`);
          return created;
        }),
      'operators.setPin': ({ badge, currentPin, newPin }) =>
        this.run('operators.setPin', async () => {
          const { store, actor } = this.requireOperator();
          const target = store.operatorByBadge(badge);
          if (!target) throw new ServiceError('not-found', `no operator with badge ${badge}`);
          if (target.id === actor.id) {
            if (!currentPin || !(await this.checkPin(target.badge, currentPin, target.pinHash))) {
              throw new ServiceError('bad-credentials', 'the current PIN is wrong', [
                { field: 'currentPin', message: 'wrong PIN' },
              ]);
            }
          } else if (actor.role !== 'admin') {
            throw new ServiceError('forbidden', "only an admin sets another operator's PIN");
          }
          store.setPinHash(target.id, await hashPin(newPin, scrypt));
          log.info(`logbook: ${actor.badge} changed the PIN of ${target.badge}`);
          return publicOperator(target);
        }),
      'operators.setActive': ({ badge, active }) =>
        this.run('operators.setActive', () => {
          const { store, actor } = this.requireOperator('operators.setActive');
          const target = store.operatorByBadge(badge);
          if (!target) throw new ServiceError('not-found', `no operator with badge ${badge}`);
          if (target.id === actor.id && !active)
            throw new ServiceError('conflict', 'you cannot disable yourself');
          store.setOperatorActive(target.id, active);
          log.info(`logbook: ${actor.badge} ${active ? 'enabled' : 'disabled'} operator ${target.badge}`);
          return { ...publicOperator(target), active };
        }),

      'shifts.current': () =>
        this.run('shifts.current', () =>
          this.requireOperator().store.current(this.options.workstation, this.now()),
        ),
      'shifts.open': () =>
        this.run('shifts.open', () => {
          const { store, actor } = this.requireOperator();
          const shift = store.openShift(this.context(actor));
          log.info(`logbook: shift ${shift.id} opened by ${actor.badge} on ${this.options.workstation}`);
          return shift;
        }),
      'shifts.handover': ({ note, consignes }) =>
        this.run('shifts.handover', () => {
          const { store, actor } = this.requireOperator();
          const handover = store.handover(this.context(actor), note, consignes, CHEFS.includes(actor.role));
          log.info(
            `logbook: shift ${handover.shiftId} handed over by ${actor.badge}, chain head #${handover.chainHead?.seq} ${handover.chainHead?.hash}`,
          );
          this.anchor('handover');
          this.backup('shift-close').catch((error: unknown) =>
            log.error(`shift-close backup: ${String(error)}`),
          );
          return handover;
        }),
      'shifts.acknowledge': ({ handoverId, remark }) =>
        this.run('shifts.acknowledge', () => {
          const { store, actor } = this.requireOperator();
          const result = store.acknowledge(this.context(actor), handoverId, remark);
          log.info(
            `logbook: handover ${handoverId} acknowledged by ${actor.badge}, shift ${result.shift.id} opened`,
          );
          return result;
        }),
      'shifts.list': ({ limit }) =>
        this.run('shifts.list', () =>
          this.requireOperator().store.listShifts(this.options.workstation, limit),
        ),
      'shifts.report': ({ shiftId }) =>
        this.run('shifts.report', () =>
          this.requireOperator().store.shiftReport(shiftId, this.options.siteName ?? '', this.now()),
        ),
      'shifts.reportPdf': ({ shiftId }) =>
        this.run('shifts.reportPdf', async () => {
          const { store, actor } = this.requireOperator();
          const now = this.now();
          const report = store.shiftReport(shiftId, this.options.siteName ?? '', now);
          const bytes = await renderShiftReportPdf(report, { generatedAt: now, generatedBy: actor });
          return {
            fileName: `rapport-vacation-${shiftId}-${fileStamp(now)}.pdf`,
            mimeType: 'application/pdf' as const,
            content: bytes.toString('base64'),
            sha256: createHash('sha256').update(bytes).digest('hex'),
            chainHead: report.chainHead,
          };
        }),

      'logbook.taxonomy': () => this.run('logbook.taxonomy', () => this.requireOperator().store.taxonomy()),
      'logbook.taxonomyAdd': ({ kind, label }) =>
        this.run('logbook.taxonomyAdd', () =>
          this.requireOperator('logbook.taxonomyAdd').store.addTaxonomy(kind, label),
        ),
      'logbook.taxonomySetActive': ({ id, active }) =>
        this.run('logbook.taxonomySetActive', () =>
          this.requireOperator('logbook.taxonomySetActive').store.setTaxonomyActive(id, active),
        ),
      'logbook.prefill': ({ cameraId }) =>
        this.run('logbook.prefill', () => {
          // Writes nothing: a locked or empty session still gets its draft, kept in the main
          // courante window until the operator is in.
          this.requireStore();
          const camera = this.options.cameraLookup?.(cameraId) ?? null;
          if (!camera) throw new ServiceError('not-found', `no camera ${cameraId}`);
          const prefill = {
            observedAt: this.now().toISOString(),
            cameras: [camera.number],
            commune: camera.commune,
            place: camera.name,
          };
          this.options.onDraft?.({ ...prefill, cameraId, draftId: randomUUID() });
          return prefill;
        }),
      'logbook.create': (draft) =>
        this.run('logbook.create', () => {
          const { store, actor } = this.requireOperator();
          return store.createEntry(this.context(actor), draft, { requireShift: true });
        }),
      'logbook.amend': ({ entryId, reason, changes }) =>
        this.run('logbook.amend', () => {
          const { store, actor } = this.requireOperator();
          return store.amend(this.context(actor), entryId, reason, changes, CHEFS.includes(actor.role));
        }),
      'logbook.followUp': ({ entryId, note, status, actions }) =>
        this.run('logbook.followUp', () => {
          const { store, actor } = this.requireOperator();
          return store.followUp(this.context(actor), entryId, note, status, actions);
        }),
      'logbook.get': ({ id }) => this.run('logbook.get', () => this.requireOperator().store.entryDetail(id)),
      'logbook.search': (params) =>
        this.run('logbook.search', () => searchEntries(this.requireOperator().store, params, this.now())),
      'logbook.export': (params) =>
        this.run('logbook.export', () => {
          const { store, actor } = this.requireOperator('logbook.export');
          return this.exportSelection(store, actor, params);
        }),
      'logbook.integrity': () =>
        this.run('logbook.integrity', () => {
          // The chain as it stands now, not as verified at start: the UI shows what was written since.
          const status = this.integrity();
          const head = this.store?.chain.head() ?? null;
          return head ? { ...status, head, records: head.seq } : status;
        }),
      'logbook.verify': () =>
        this.run('logbook.verify', async () => {
          this.requireOperator('logbook.verify');
          if (!this.verification || this.integrityState.state !== 'verifying') {
            this.integrityState = { ...this.integrityState, state: 'verifying' };
            this.verification = this.runVerification();
          }
          await this.verification;
          return this.integrity();
        }),
      'logbook.backup': () =>
        this.run('logbook.backup', () => {
          this.requireOperator('logbook.backup');
          return this.backup('manual');
        }),
    };
  }

  /**
   * Exports a selection to CSV or PDF. The selection, its content and the chain head are read in
   * one read transaction (one snapshot); the PDF is drawn from that snapshot afterwards, then
   * the file is written beside a `.partial`, recorded in the chain with its SHA-256, and only
   * then renamed: a file under its final name is always one the chain knows.
   */
  private async exportSelection(
    store: LogbookStore,
    actor: Actor,
    params: z.infer<Methods['logbook.export']['params']>,
  ): Promise<ExportResult> {
    const now = this.now();
    const pdf = params.format === 'pdf';
    const snapshot = store.db
      .transaction(() => {
        const ids = selectEntryIds(store, params.filter, now, EXPORT_MAX_ENTRIES);
        const entries = store.entryViews(ids);
        return {
          csv: pdf ? null : exportCsv(store, entries),
          items: pdf ? entries.map((entry) => ({ entry, ...store.history(entry.id) })) : [],
          count: ids.length,
          head: store.chain.head(),
        };
      })
      .deferred();
    const bytes =
      snapshot.csv !== null
        ? Buffer.from(snapshot.csv, 'utf8')
        : await renderRequisitionPdf({
            siteName: this.options.siteName ?? '',
            workstation: this.options.workstation,
            exportedAt: now,
            exportedBy: actor,
            requester: params.requester,
            reason: params.reason,
            filter: params.filter,
            todayFrom: new Date(localMidnight(now)),
            entries: snapshot.items,
            chainHead: snapshot.head,
          });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const fileName = `main-courante-${fileStamp(now)}-${sha256.slice(0, 8)}.${params.format}`;
    mkdirSync(this.paths.exports, { recursive: true });
    const file = path.join(this.paths.exports, fileName);
    const partial = `${file}.partial`;
    writeFileSync(partial, bytes, { mode: 0o600 });
    let recorded: { id: number; link: { seq: number; hash: string } };
    try {
      recorded = store.recordExport(this.context(actor), {
        format: params.format,
        requester: params.requester,
        reason: params.reason,
        filter: JSON.stringify(params.filter),
        entryCount: snapshot.count,
        fileName,
        fileSha256: sha256,
        chainHead: snapshot.head,
      });
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    }
    renameSync(partial, file);
    log.info(
      `logbook: ${actor.badge} exported ${snapshot.count} entries to ${file} (export #${recorded.id})`,
    );
    return {
      exportId: recorded.id,
      fileName,
      path: file,
      content: snapshot.csv ?? bytes.toString('base64'),
      encoding: pdf ? 'base64' : 'utf8',
      mimeType: pdf ? 'application/pdf' : 'text/csv; charset=utf-8',
      sha256,
      entryCount: snapshot.count,
      chainHead: snapshot.head,
      chain: recorded.link,
    };
  }
}

/** A UTC time stamp for file names (`20250301T130500`). */
function fileStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
}
