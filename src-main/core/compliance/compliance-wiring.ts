import { AuditService, type AuditServiceOptions } from '../audit/audit-service';
import type { ViewRecorder } from '../audit/view-tracker';
import type { CameraRegistry } from '../cameras/camera-registry';
import { log } from '../log/logger';
import { guardApi } from '../permissions/guarded-api';
import { probeSession } from '../permissions/workstation-session';
import type { RelayService } from '../relay/relay-service';
import type { OperatorSummary, Outcome, SessionStatus } from '../../../src-shared/contract';
import type { ApiHandlers } from '../api/api-handlers';
import {
  ComplianceService,
  type ComplianceServiceOptions,
  type ComplianceApiHandlers,
} from './compliance-service';
import type { AuditApiHandlers } from '../audit/audit-service';
import type { ClipSource } from './clip-source';

/** Tuning the core passes through (tests shorten delays or switch the daily purge off). */
export interface ComplianceOptions {
  audit?: Partial<Pick<AuditServiceOptions, 'verifyOnStart' | 'flushDelayMs' | 'now'>>;
  service?: Partial<Pick<ComplianceServiceOptions, 'purge' | 'stillTimeoutMs' | 'now'>>;
}

export interface ComplianceWiringInput {
  dataDir: string;
  workstation: string;
  siteName: string;
  snapshotsDir: string;
  registry: CameraRegistry;
  relay: RelayService;
  logbook: ComplianceLogbook;
  /** Instant replay, which evidence clips are cut from (null when replay is off). */
  clips?: ClipSource | null;
  nativeBinding?: string;
  options?: ComplianceOptions;
}

/**
 * The three questions compliance asks the main courante: who is on duty (for the permission
 * guard), an operator as stored now, and one line describing an entry (for the register). The
 * logbook answers them; compliance never reaches into its store.
 */
export interface ComplianceLogbook {
  sessionStatus(): Promise<Outcome<SessionStatus>>;
  operatorById(id: number): OperatorSummary | null;
  entrySummary(id: number): string | null;
}

/** The compliance layer as the core composes it. */
export interface Compliance {
  audit: AuditService;
  service: ComplianceService;
  /** Tile starts and stops, for the socket sessions. */
  views: ViewRecorder;
  handlers(): AuditApiHandlers & ComplianceApiHandlers & ReturnType<ComplianceService['clipHandlers']>;
  /** Puts the permission check (and its audit) in front of every handler. */
  guard(api: ApiHandlers): ApiHandlers;
  stop(): Promise<void>;
}

/**
 * Starts the audit trail and the compliance service and returns what the core plugs in: the
 * handlers, the permission guard and the view recorder. Kept here so the core's composition
 * stays a few lines. Must run before the local server starts, so the mask overlay is applied
 * before any stream can start and the first login is already audited.
 */
export function startCompliance(input: ComplianceWiringInput): Compliance {
  const label = (cameraId: string): string => {
    const camera = input.registry.summaries().find((c) => c.id === cameraId);
    return camera ? `n° ${camera.number} ${camera.name}` : cameraId;
  };
  const audit = new AuditService({
    dataDir: input.dataDir,
    workstation: input.workstation,
    siteName: input.siteName,
    camera: label,
    nativeBinding: input.nativeBinding,
    ...input.options?.audit,
  });
  audit.start();
  const service = new ComplianceService({
    dataDir: input.dataDir,
    workstation: input.workstation,
    siteName: input.siteName,
    snapshotsDir: input.snapshotsDir,
    audit,
    cameras: input.registry,
    relay: input.relay,
    entrySummary: (id) => input.logbook.entrySummary(id),
    clips: input.clips ?? null,
    ...input.options?.service,
  });
  service.start();
  return {
    audit,
    service,
    views: audit.views,
    handlers: () => ({ ...audit.handlers(), ...service.handlers(), ...service.clipHandlers() }),
    guard: (api) =>
      guardApi(api, {
        session: () =>
          probeSession({
            status: () => input.logbook.sessionStatus(),
            operatorById: (id) => input.logbook.operatorById(id),
          }),
        observer: audit,
      }),
    stop: async () => {
      await service.stop().catch((error: unknown) => log.error(`compliance stop: ${String(error)}`));
      await audit.stop().catch((error: unknown) => log.error(`audit stop: ${String(error)}`));
    },
  };
}
