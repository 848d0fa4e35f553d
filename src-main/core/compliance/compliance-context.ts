import type { z } from 'zod';
import type { ComplianceApiMethods, MaskPolygon } from '../../../src-shared/contract';
import type { AuditService } from '../audit/audit-service';
import type { CameraRegistry } from '../cameras/camera-registry';
import type { ClipSource } from './clip-source';
import type { MaskOverrides } from './mask-overrides';
import type { SourceTap } from './still-frame';

/*
 * What the compliance service's handler areas (mask-handlers.ts, register-handlers.ts) receive
 * from ComplianceService: its options and a small context instead of the service itself, so
 * each area sees only what its handlers use and the service keeps its lifecycle (start and stop,
 * the daily purge) to itself. In a file of its own so the areas and the service share these types
 * without importing one another; `compliance-service.ts` re-exports the public ones.
 */

type Methods = typeof ComplianceApiMethods;
type ServiceMethod = Exclude<keyof Methods, 'audit.query' | 'audit.export' | 'audit.verify'>;

/** A handler per compliance method (masks, register, retention); results are outcomes. */
export type ComplianceApiHandlers = {
  [M in ServiceMethod]: (params: z.infer<Methods[M]['params']>) => Promise<z.infer<Methods[M]['result']>>;
};

/** The handlers of one area: the listed methods, no more, no fewer. */
export type AreaHandlers<M extends ServiceMethod> = Pick<ComplianceApiHandlers, M>;

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
  /** Instant replay, which evidence clips are cut from; null when replay is off. */
  clips?: ClipSource | null;
  /** Daily purge: how often to check whether one is due, delay of the first check, or off. */
  purge?: { checkEveryMs?: number; firstCheckMs?: number; enabled?: boolean };
  /** How long to wait for a still (a camera that is down answers after this). */
  stillTimeoutMs?: number;
}

export interface ComplianceContext {
  readonly options: ComplianceServiceOptions;
  /** The audit trail every handler records in (the service's `options.audit`). */
  readonly audit: AuditService;
  /** The privacy-mask overlay (the service's `masks`). */
  readonly masks: MaskOverrides;
  /** The service's clock. */
  now(): Date;
  /** "n° 12 Place de la Mairie", or the id of a camera no longer configured. */
  cameraLabel(cameraId: string): string;
}
