import { createHash } from 'node:crypto';
import type { PurgeReport, RetentionStatus } from '../../../src-shared/contract';
import type { AuditService } from '../audit/audit-service';
import { log } from '../log/logger';
import { outcomeOf } from '../api/service-result';
import type {
  ComplianceApiHandlers,
  ComplianceContext,
  ComplianceServiceOptions,
} from './compliance-context';
import { clipHandlers } from './clip-handlers';
import { maskHandlers } from './mask-handlers';
import { MaskOverrides } from './mask-overrides';
import { registerHandlers } from './register-handlers';
import { RetentionSettingsFile, purgeExpired } from './retention';

// Callers have always imported these from here.
export type { ComplianceApiHandlers, ComplianceServiceOptions, MaskRelay } from './compliance-context';

const DAY_MS = 24 * 3600_000;

/**
 * Privacy mask editing, the extraction register and retention, behind the permission table.
 * The service keeps the lifecycle (the mask overlay applied at start, the daily purge) and the
 * retention handlers; the masks' and the register's handlers are areas of their own
 * (mask-handlers.ts, register-handlers.ts), given a `ComplianceContext` (compliance-context.ts).
 *
 * - Masks: an admin's edit is saved in the data dir's overlay (the machine-wide config is
 *   read-only), applied to running streams at once (their transcoders restart with it) and
 *   recorded in the audit trail with the polygons before and after.
 * - Register: requisitions and what was handed over live in the audit database, in its chain.
 * - Retention: settings, and a purge on demand and daily that hashes each file before deleting
 *   it and records the lot in the audit chain.
 */
export class ComplianceService {
  readonly masks: MaskOverrides;
  readonly retention: RetentionSettingsFile;
  private readonly now: () => Date;
  private purgeTimer: NodeJS.Timeout | null = null;
  private firstPurgeTimer: NodeJS.Timeout | null = null;
  private purging: Promise<PurgeReport> | null = null;
  private stopped = false;

  constructor(private readonly options: ComplianceServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.masks = new MaskOverrides(options.dataDir);
    this.retention = new RetentionSettingsFile(options.dataDir);
  }

  /**
   * Loads the mask overlay over the config's masks (before any stream starts, so no picture ever
   * leaves with the older masks) and the retention settings, and schedules the daily purge.
   */
  start(): void {
    this.masks.load();
    for (const [cameraId, override] of this.masks.entries()) {
      if (this.options.cameras.has(cameraId)) this.options.cameras.setMasks(cameraId, override.masks);
      else log.warn(`privacy masks saved for unknown camera ${cameraId} (no longer in the config): ignored`);
    }
    this.retention.load();
    const purge = this.options.purge ?? {};
    if (purge.enabled ?? true) {
      const check = (): void => {
        if (!this.purgeDue()) return;
        this.purge('daily').catch((error: unknown) => log.error(`daily purge: ${String(error)}`));
      };
      this.firstPurgeTimer = setTimeout(check, purge.firstCheckMs ?? 60_000);
      this.firstPurgeTimer.unref();
      this.purgeTimer = setInterval(check, purge.checkEveryMs ?? 3600_000);
      this.purgeTimer.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    if (this.firstPurgeTimer) clearTimeout(this.firstPurgeTimer);
    this.purgeTimer = null;
    this.firstPurgeTimer = null;
    await this.purging?.catch(() => undefined);
  }

  private purgeDue(): boolean {
    if (this.stopped) return false;
    const last = this.retention.lastPurge;
    return !last || this.now().getTime() - Date.parse(last.at) >= DAY_MS;
  }

  private get audit(): AuditService {
    return this.options.audit;
  }

  /** "n° 12 Place de la Mairie", or the id of a camera no longer configured. */
  cameraLabel(cameraId: string): string {
    const camera = this.options.cameras.summaries().find((c) => c.id === cameraId);
    return camera ? `n° ${camera.number} ${camera.name}` : cameraId;
  }

  /** Runs a purge now (one at a time) and records it in the audit chain. */
  purge(trigger: PurgeReport['trigger']): Promise<PurgeReport> {
    if (this.purging) return this.purging;
    const run = (async (): Promise<PurgeReport> => {
      const held = this.audit.auditStore?.heldHashes() ?? new Set<string>();
      const settings = this.retention.settings;
      const report = await purgeExpired({
        snapshotsDir: this.options.snapshotsDir,
        auditExportsDir: this.audit.paths.exports,
        settings,
        now: this.now(),
        trigger,
        held,
      });
      this.retention.setLastPurge(report);
      const manifest = createHash('sha256')
        .update(report.files.map((file) => `${file.sha256}  ${file.file}`).join('\n'))
        .digest('hex');
      this.audit.record('retention.purge', {
        operator: trigger === 'manual' ? this.audit.currentOperator() : null,
        details: {
          trigger,
          settings,
          snapshots: report.snapshots,
          auditExports: report.auditExports,
          manifestSha256: manifest,
          files: report.files,
          failures: report.failures,
        },
      });
      this.audit.flush();
      log.info(
        `retention purge (${trigger}): ${report.snapshots.deleted} snapshot(s), ${report.auditExports.deleted} audit export(s) deleted, ${report.snapshots.held} held, ${report.failures.length} failure(s)`,
      );
      return report;
    })();
    this.purging = run;
    void run.then(
      () => (this.purging = null),
      () => (this.purging = null),
    );
    return run;
  }

  private retentionStatus(): RetentionStatus {
    return {
      settings: this.retention.settings,
      snapshotsDir: this.options.snapshotsDir,
      auditExportsDir: this.audit.paths.exports,
      lastPurge: this.retention.lastPurge,
    };
  }

  /** Evidence clips' handlers (clip-handlers.ts): outside the compliance contract's methods. */
  clipHandlers(): ReturnType<typeof clipHandlers> {
    return clipHandlers(this.context());
  }

  private context(): ComplianceContext {
    return {
      options: this.options,
      audit: this.audit,
      masks: this.masks,
      now: () => this.now(),
      cameraLabel: (cameraId) => this.cameraLabel(cameraId),
    };
  }

  /** The compliance methods' handlers: masks and register by area, retention here. */
  handlers(): ComplianceApiHandlers {
    const ctx = this.context();
    return {
      ...maskHandlers(ctx),
      ...registerHandlers(ctx),
      'retention.get': () => outcomeOf('retention.get', () => this.retentionStatus()),
      'retention.set': (settings) =>
        outcomeOf('retention.set', () => {
          const actor = this.audit.requireActor();
          const before = this.retention.settings;
          this.retention.setSettings(settings);
          this.audit.record('config.retention', { operator: actor, details: { before, after: settings } });
          this.audit.flush();
          return this.retentionStatus();
        }),
      'retention.purge': () =>
        outcomeOf('retention.purge', () => {
          this.audit.requireActor();
          return this.purge('manual');
        }),
    };
  }
}
