import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type {
  CameraMasks,
  ComplianceApiMethods,
  ExportedFile,
  HandoverItemInput,
  MaskPolygon,
  PurgeReport,
  RetentionStatus,
} from '../../../src-shared/contract';
import type { AuditService } from '../audit/audit-service';
import type { AuditStore, NewHandoverItem } from '../audit/audit-store';
import type { CameraRegistry } from '../cameras/camera-registry';
import { log } from '../log/logger';
import { ServiceError, outcomeOf } from '../api/service-result';
import { MaskOverrides } from './mask-overrides';
import { registerPdf, type LinkedEntry } from './register-pdf';
import { RetentionSettingsFile, fileSha256, purgeExpired } from './retention';
import { grabStill, type SourceTap } from './still-frame';
import { writeFileAtomic } from '../files/atomic-write';

type Methods = typeof ComplianceApiMethods;
type ServiceMethod = Exclude<keyof Methods, 'audit.query' | 'audit.export' | 'audit.verify'>;

/** A handler per compliance method (masks, register, retention); results are outcomes. */
export type ComplianceApiHandlers = {
  [M in ServiceMethod]: (params: z.infer<Methods[M]['params']>) => Promise<z.infer<Methods[M]['result']>>;
};

/** What the service needs from the relay: apply masks live, and read a source for a still. */
export interface MaskRelay extends SourceTap {
  updateMasks(cameraId: string, masks: MaskPolygon[]): number;
}

export interface ComplianceServiceOptions {
  dataDir: string;
  workstation: string;
  siteName: string;
  /** Where snapshots are written (the config's folder or `<dataDir>/snapshots`). */
  snapshotsDir: string;
  audit: AuditService;
  cameras: CameraRegistry;
  relay: MaskRelay;
  /** A main courante entry in one line, or null when it does not exist (or the logbook is down). */
  entrySummary?: (id: number) => string | null;
  now?: () => Date;
  /** Daily purge: how often to check whether one is due, delay of the first check, or off. */
  purge?: { checkEveryMs?: number; firstCheckMs?: number; enabled?: boolean };
  /** How long to wait for a still (a camera that is down answers after this). */
  stillTimeoutMs?: number;
}

const DAY_MS = 24 * 3600_000;

/** Is `file` inside `dir`? (Only files Vigie wrote are re-read to verify a handed-over hash.) */
function inside(dir: string, file: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Privacy mask editing, the extraction register and retention, behind the permission table.
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

  private auditStore(): AuditStore {
    const store = this.audit.auditStore;
    if (!store) throw new ServiceError('unavailable', 'the audit trail is unavailable');
    return store;
  }

  /** "n° 12 Place de la Mairie", or the id of a camera no longer configured. */
  cameraLabel(cameraId: string): string {
    const camera = this.options.cameras.summaries().find((c) => c.id === cameraId);
    return camera ? `n° ${camera.number} ${camera.name}` : cameraId;
  }

  private cameraMasks(cameraId: string): CameraMasks {
    const override = this.masks.get(cameraId);
    return {
      cameraId,
      masks: this.options.cameras
        .masks(cameraId)
        .map((mask) => ({ points: mask.points.map(([x, y]) => [x, y]) })),
      source: override ? 'override' : 'config',
      updatedAt: override?.updatedAt ?? null,
      updatedBy: override?.updatedBy ?? null,
    };
  }

  private requireCamera(cameraId: string): void {
    if (!this.options.cameras.has(cameraId)) throw new ServiceError('not-found', `no camera ${cameraId}`);
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

  /** Checks each handed-over item: a file Vigie wrote is re-read and must hash as declared. */
  private async checkItems(items: readonly HandoverItemInput[]): Promise<NewHandoverItem[]> {
    const roots = [this.options.snapshotsDir, this.options.dataDir];
    const checked: NewHandoverItem[] = [];
    for (const [index, item] of items.entries()) {
      if (item.cameraId && !this.options.cameras.has(item.cameraId)) {
        throw new ServiceError('invalid', `item ${index + 1}: unknown camera ${item.cameraId}`);
      }
      let verified = false;
      let bytes: number | null = null;
      if (roots.some((root) => inside(root, item.file)) && existsSync(item.file)) {
        const actual = await fileSha256(item.file);
        if (actual !== item.sha256) {
          throw new ServiceError(
            'invalid',
            `item ${index + 1}: ${path.basename(item.file)} hashes to ${actual}, not the declared ${item.sha256}`,
          );
        }
        verified = true;
        bytes = statSync(item.file).size;
      }
      checked.push({
        kind: item.kind,
        file: item.file,
        sha256: item.sha256,
        bytes,
        cameraId: item.cameraId ?? null,
        description: item.description ?? '',
        verified,
      });
    }
    return checked;
  }

  private writeFile(dir: string, fileName: string, bytes: Buffer): string {
    const file = path.join(dir, fileName);
    writeFileAtomic(file, bytes, { suffix: '.partial' });
    return file;
  }

  handlers(): ComplianceApiHandlers {
    return {
      'masks.list': () =>
        outcomeOf('masks.list', () =>
          this.options.cameras.summaries().map((camera) => this.cameraMasks(camera.id)),
        ),
      'masks.set': ({ cameraId, masks }) =>
        outcomeOf('masks.set', () => {
          this.requireCamera(cameraId);
          const actor = this.audit.requireActor();
          const before = this.cameraMasks(cameraId);
          this.masks.set(cameraId, masks, `${actor.name} (${actor.badge})`, this.now());
          const restarted = this.options.relay.updateMasks(cameraId, masks);
          this.audit.record('masks.set', {
            operator: actor,
            cameraId,
            details: { before: before.masks, after: masks, restarted, file: this.masks.file },
          });
          this.audit.flush();
          return { ...this.cameraMasks(cameraId), restarted };
        }),
      'masks.still': ({ cameraId }) =>
        outcomeOf('masks.still', async () => {
          this.requireCamera(cameraId);
          const actor = this.audit.requireActor();
          let frame;
          try {
            frame = await grabStill(this.options.relay, cameraId, { timeoutMs: this.options.stillTimeoutMs });
          } catch (error) {
            throw new ServiceError('unavailable', `no still from ${cameraId}: ${(error as Error).message}`);
          }
          const takenAt = this.now().toISOString();
          this.audit.record('masks.still', {
            operator: actor,
            cameraId,
            details: {
              width: frame.width,
              height: frame.height,
              sha256: createHash('sha256').update(frame.jpeg).digest('hex'),
            },
          });
          return {
            cameraId,
            mime: 'image/jpeg' as const,
            base64: frame.jpeg.toString('base64'),
            width: frame.width,
            height: frame.height,
            takenAt,
          };
        }),

      'register.list': ({ limit }) =>
        outcomeOf('register.list', () => this.auditStore().listRequisitions(limit)),
      'register.get': ({ id }) =>
        outcomeOf('register.get', () => {
          const found = this.auditStore().requisition(id);
          if (!found) throw new ServiceError('not-found', `no requisition ${id}`);
          return found;
        }),
      'register.create': (draft) =>
        outcomeOf('register.create', async () => {
          const store = this.auditStore();
          const actor = this.audit.requireActor();
          for (const cameraId of draft.cameraIds) {
            if (!this.options.cameras.has(cameraId))
              throw new ServiceError('invalid', `unknown camera ${cameraId}`);
          }
          if (this.options.entrySummary) {
            const missing = draft.entryIds.filter((id) => this.options.entrySummary?.(id) === null);
            if (missing.length) {
              throw new ServiceError('invalid', `no main courante entry ${missing.join(', ')}`);
            }
          }
          const items = await this.checkItems(draft.items);
          const id = store.createRequisition(
            actor,
            this.options.workstation,
            this.now().toISOString(),
            draft,
            items,
          );
          const created = store.requisition(id);
          if (!created) throw new Error(`requisition ${id} vanished`);
          this.audit.record('register.create', {
            operator: actor,
            details: {
              requisition: id,
              procedureRef: draft.procedureRef,
              officer: `${draft.officerName} (${draft.officerQuality}), ${draft.officerService}`,
              cameras: draft.cameraIds,
              period: [draft.periodFrom, draft.periodTo],
              entries: draft.entryIds,
              items: items.map((item) => ({ file: item.file, sha256: item.sha256 })),
            },
          });
          log.info(`register: ${actor.badge} recorded requisition ${id} (${draft.procedureRef})`);
          return created;
        }),
      'register.addItems': ({ id, items }) =>
        outcomeOf('register.addItems', async () => {
          const store = this.auditStore();
          const actor = this.audit.requireActor();
          if (!store.requisition(id)) throw new ServiceError('not-found', `no requisition ${id}`);
          const checked = await this.checkItems(items);
          store.addItems(actor, this.now().toISOString(), id, checked);
          this.audit.record('register.add-items', {
            operator: actor,
            details: {
              requisition: id,
              items: checked.map((item) => ({ file: item.file, sha256: item.sha256 })),
            },
          });
          const updated = store.requisition(id);
          if (!updated) throw new Error(`requisition ${id} vanished`);
          return updated;
        }),
      'register.candidates': ({ from, to }) =>
        outcomeOf('register.candidates', () => {
          const store = this.auditStore();
          this.audit.flush();
          return store.candidates(from, to);
        }),
      'register.export': ({ id }) =>
        outcomeOf('register.export', async (): Promise<ExportedFile> => {
          const store = this.auditStore();
          const actor = this.audit.requireActor();
          const requisition = store.requisition(id);
          if (!requisition) throw new ServiceError('not-found', `no requisition ${id}`);
          this.audit.flush();
          const exportedAt = this.now();
          const entries: LinkedEntry[] = requisition.entryIds.map((entryId) => ({
            id: entryId,
            summary: this.options.entrySummary?.(entryId) ?? null,
          }));
          const bytes = await registerPdf({
            requisition,
            siteName: this.options.siteName,
            workstation: this.options.workstation,
            exportedAt,
            exportedBy: `${actor.name} (${actor.badge})`,
            chainHead: store.chain.head(),
            camera: (cameraId) => this.cameraLabel(cameraId),
            entries,
          });
          const sha256 = createHash('sha256').update(bytes).digest('hex');
          const stamp = exportedAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
          const fileName = `requisition-${id}-${stamp}-${sha256.slice(0, 8)}.pdf`;
          const file = this.writeFile(this.audit.paths.register, fileName, bytes);
          this.audit.record('register.export', {
            operator: actor,
            details: { requisition: id, file, fileName, sha256, bytes: bytes.length },
          });
          return {
            fileName,
            path: file,
            sha256,
            bytes: bytes.length,
            mime: 'application/pdf' as const,
            base64: bytes.toString('base64'),
          };
        }),

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
