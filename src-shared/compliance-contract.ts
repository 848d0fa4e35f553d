/**
 * The compliance part of the contract: privacy masks, the access audit trail, the extraction
 * register (requisitions) and retention. Re-exported by contract.ts, which stays the one module
 * both sides import.
 *
 * Every method answers an outcome (`{ ok, value | error }`, the logbook's envelope) so a refusal
 * by the core's permission table is a typed, displayable answer rather than a socket error, and
 * the admin window handles one shape for everything it calls.
 */
import { z } from 'zod';
import { CameraIdSchema } from './primitives';
import {
  BadgeSchema,
  ChainBreakSchema,
  ChainHeadSchema,
  InstantSchema,
  OperatorRoleSchema,
  outcome,
} from './logbook-contract';

const cameraId = CameraIdSchema;
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits');
const empty = z.object({});
const id = z.number().int().positive();

// ---------------------------------------------------------------------------------------------
// Privacy masks

/** One mask: a polygon in normalised coordinates (0..1 of the picture's width and height). */
export const MaskPolygonSchema = z.object({
  points: z
    .array(z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]))
    .min(3)
    .max(64),
});
export type MaskPolygon = z.infer<typeof MaskPolygonSchema>;

export const MAX_MASKS_PER_CAMERA = 32;

export const CameraMasksSchema = z.object({
  cameraId,
  masks: z.array(MaskPolygonSchema).max(MAX_MASKS_PER_CAMERA),
  /** `config`: as IT deployed them; `override`: edited by an admin (kept in the data dir). */
  source: z.enum(['config', 'override']),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type CameraMasks = z.infer<typeof CameraMasksSchema>;

/** A still of the camera for the mask editor: the source picture, before any mask. */
export const StillSchema = z.object({
  cameraId,
  mime: z.literal('image/jpeg'),
  base64: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  takenAt: z.string(),
});
export type Still = z.infer<typeof StillSchema>;

// ---------------------------------------------------------------------------------------------
// Audit trail

/**
 * What the audit trail records. Each maps to a French label in the admin window. `tile.*` are
 * tiles of the wall (grid profile), `maximise.*` a maximised tile (full profile), `replay.*` a
 * tile rewound in place (instant replay); `*.stop`
 * carries how long the camera was displayed.
 */
export const AuditActionSchema = z.enum([
  'core.start',
  'core.stop',
  'session.login',
  'session.unlock',
  'session.logout',
  'session.lock',
  'session.login-failed',
  'operators.bootstrap',
  'operators.add',
  'operators.set-active',
  'operators.set-pin',
  'tile.start',
  'tile.stop',
  'maximise.start',
  'maximise.stop',
  'replay.start',
  'replay.stop',
  'replay.clip',
  'spot.send',
  'snapshot.save',
  'logbook.export',
  'audit.export',
  'register.create',
  'register.add-items',
  'register.export',
  'masks.set',
  'masks.still',
  'config.retention',
  'credentials.vault',
  'taxonomy.add',
  'taxonomy.set-active',
  'retention.purge',
  'permission.denied',
]);
export type AuditAction = z.infer<typeof AuditActionSchema>;

export const AuditEventSchema = z.object({
  id: id,
  at: z.string(),
  workstation: z.string(),
  /** Null when nobody was logged in at the workstation ("non connecté"). */
  operator: z
    .object({ id: z.number().int(), badge: z.string(), name: z.string(), role: OperatorRoleSchema })
    .nullable(),
  action: AuditActionSchema,
  cameraId: z.string().nullable(),
  /** How long a camera was displayed (`*.stop` events), in milliseconds. */
  durationMs: z.number().int().nonnegative().nullable(),
  /** Action-specific facts (method refused, file and SHA-256, profile and slot…). */
  details: z.record(z.string(), z.unknown()),
  /** The record's link in the audit chain. */
  chain: ChainHeadSchema.nullable(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditFilterSchema = z.object({
  from: InstantSchema.optional(),
  to: InstantSchema.optional(),
  operatorBadge: BadgeSchema.optional(),
  /** Only events recorded while nobody was logged in. */
  unattributed: z.boolean().optional(),
  actions: z.array(AuditActionSchema).max(40).optional(),
  cameraId: cameraId.optional(),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;

export const AuditQuerySchema = AuditFilterSchema.extend({
  limit: z.number().int().min(1).max(500).default(100),
  /** Events with a smaller id (the previous page's `nextBefore`). */
  before: id.optional(),
});
export type AuditQuery = z.input<typeof AuditQuerySchema>;

export const AuditPageSchema = z.object({
  events: z.array(AuditEventSchema),
  nextBefore: id.nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

/** A file the core wrote for the user (audit export, register PDF): kept under the data dir. */
export const ExportedFileSchema = z.object({
  fileName: z.string(),
  path: z.string(),
  sha256,
  bytes: z.number().int().nonnegative(),
  mime: z.enum(['text/csv', 'application/pdf']),
  /** The same bytes, for the window to offer a download. */
  base64: z.string(),
});
export type ExportedFile = z.infer<typeof ExportedFileSchema>;

export const AuditExportResultSchema = ExportedFileSchema.extend({
  count: z.number().int().nonnegative(),
  /** Chain head the export was taken at. */
  chainHead: ChainHeadSchema.nullable(),
});
export type AuditExportResult = z.infer<typeof AuditExportResultSchema>;

export const AUDIT_EXPORT_MAX = { csv: 100_000, pdf: 5_000 } as const;

export const AuditIntegritySchema = z.object({
  ok: z.boolean(),
  records: z.number().int().nonnegative(),
  head: ChainHeadSchema.nullable(),
  broken: ChainBreakSchema.nullable(),
  databasePath: z.string(),
});
export type AuditIntegrity = z.infer<typeof AuditIntegritySchema>;

// ---------------------------------------------------------------------------------------------
// Extraction register

/** Something handed over to the requesting officer, identified by its SHA-256. */
export const HandoverItemInputSchema = z.object({
  kind: z.enum(['snapshot', 'export', 'file', 'clip']),
  /** The file as the core wrote it (snapshot path, export path) or as the agent names it. */
  file: z.string().trim().min(1).max(1000),
  sha256,
  cameraId: cameraId.nullable().default(null),
  description: z.string().trim().max(500).default(''),
});
export type HandoverItemInput = z.input<typeof HandoverItemInputSchema>;

export const HandoverItemSchema = z.object({
  id,
  requisitionId: id,
  addedAt: z.string(),
  addedBy: z.object({ id: z.number().int(), badge: z.string(), name: z.string() }),
  kind: z.enum(['snapshot', 'export', 'file', 'clip']),
  file: z.string(),
  sha256,
  bytes: z.number().int().nonnegative().nullable(),
  cameraId: z.string().nullable(),
  description: z.string(),
  /** True when the core found the file and its bytes hash to `sha256` at registration. */
  verified: z.boolean(),
});
export type HandoverItem = z.infer<typeof HandoverItemSchema>;

export const RequisitionDraftSchema = z
  .object({
    /** Date of the requisition (the officer's document). */
    requestedAt: InstantSchema,
    officerName: z.string().trim().min(1).max(120),
    /** OPJ, APJ, gendarmerie rank… */
    officerQuality: z.string().trim().max(80).default('OPJ'),
    officerService: z.string().trim().min(1).max(200),
    procedureRef: z.string().trim().min(1).max(120),
    cameraIds: z.array(cameraId).min(1).max(64),
    periodFrom: InstantSchema,
    periodTo: InstantSchema,
    /** Main courante entries (by entry number) the requisition relates to. */
    entryIds: z.array(id).max(100).default([]),
    note: z.string().trim().max(4000).default(''),
    items: z.array(HandoverItemInputSchema).max(500).default([]),
  })
  .refine((draft) => Date.parse(draft.periodFrom) <= Date.parse(draft.periodTo), {
    message: 'the period ends before it starts',
    path: ['periodTo'],
  });
export type RequisitionDraft = z.input<typeof RequisitionDraftSchema>;

export const RequisitionSchema = z.object({
  id,
  createdAt: z.string(),
  workstation: z.string(),
  recordedBy: z.object({ id: z.number().int(), badge: z.string(), name: z.string() }),
  requestedAt: z.string(),
  officerName: z.string(),
  officerQuality: z.string(),
  officerService: z.string(),
  procedureRef: z.string(),
  cameraIds: z.array(z.string()),
  periodFrom: z.string(),
  periodTo: z.string(),
  entryIds: z.array(z.number().int()),
  note: z.string(),
  items: z.array(HandoverItemSchema),
  chain: ChainHeadSchema.nullable(),
});
export type Requisition = z.infer<typeof RequisitionSchema>;

/** Files the audit trail saw written (snapshots, exports) that can be listed as handed over. */
export const HandoverCandidateSchema = z.object({
  kind: z.enum(['snapshot', 'export', 'clip']),
  file: z.string(),
  sha256,
  cameraId: z.string().nullable(),
  at: z.string(),
  by: z.string(),
});
export type HandoverCandidate = z.infer<typeof HandoverCandidateSchema>;

// ---------------------------------------------------------------------------------------------
// Retention

export const RETENTION_MAX_DAYS = 3650;
const days = z.number().int().min(1).max(RETENTION_MAX_DAYS).nullable();

/** Days kept before the purge deletes a file; null keeps files without limit. */
export const RetentionSettingsSchema = z.object({
  snapshotsDays: days,
  auditExportsDays: days,
});
export type RetentionSettings = z.infer<typeof RetentionSettingsSchema>;

export const PurgedFileSchema = z.object({ file: z.string(), sha256, bytes: z.number().int() });

export const PurgeReportSchema = z.object({
  at: z.string(),
  trigger: z.enum(['manual', 'daily']),
  snapshots: z.object({ deleted: z.number().int(), bytes: z.number().int(), held: z.number().int() }),
  auditExports: z.object({ deleted: z.number().int(), bytes: z.number().int() }),
  files: z.array(PurgedFileSchema.extend({ kind: z.enum(['snapshot', 'audit-export']) })),
  /** Files that could not be deleted (in use, permissions), with why. */
  failures: z.array(z.object({ file: z.string(), message: z.string() })),
});
export type PurgeReport = z.infer<typeof PurgeReportSchema>;

export const RetentionStatusSchema = z.object({
  settings: RetentionSettingsSchema,
  snapshotsDir: z.string(),
  auditExportsDir: z.string(),
  lastPurge: PurgeReportSchema.omit({ files: true, failures: true }).nullable(),
});
export type RetentionStatus = z.infer<typeof RetentionStatusSchema>;

// ---------------------------------------------------------------------------------------------
// Methods

/** Spread into contract.ts's ApiMethods; roles for each are in the core's permission table. */
export const ComplianceApiMethods = {
  'masks.list': { params: empty, result: outcome(z.array(CameraMasksSchema)) },
  /** Replaces one camera's masks; running streams restart with them within seconds. */
  'masks.set': {
    params: z.object({ cameraId, masks: z.array(MaskPolygonSchema).max(MAX_MASKS_PER_CAMERA) }),
    result: outcome(CameraMasksSchema.extend({ restarted: z.number().int().nonnegative() })),
  },
  /** One picture of the camera's source for the mask editor (recorded in the audit trail). */
  'masks.still': { params: z.object({ cameraId }), result: outcome(StillSchema) },

  'audit.query': { params: AuditQuerySchema, result: outcome(AuditPageSchema) },
  'audit.export': {
    params: z.object({ filter: AuditFilterSchema, format: z.enum(['csv', 'pdf']) }),
    result: outcome(AuditExportResultSchema),
  },
  'audit.verify': { params: empty, result: outcome(AuditIntegritySchema) },

  'register.list': {
    params: z.object({ limit: z.number().int().min(1).max(500).default(100) }),
    result: outcome(z.array(RequisitionSchema)),
  },
  'register.get': { params: z.object({ id }), result: outcome(RequisitionSchema) },
  'register.create': { params: RequisitionDraftSchema, result: outcome(RequisitionSchema) },
  /** Something more was handed over later for the same requisition. */
  'register.addItems': {
    params: z.object({ id, items: z.array(HandoverItemInputSchema).min(1).max(500) }),
    result: outcome(RequisitionSchema),
  },
  /** Snapshots and exports recorded in the audit trail, to pick what was handed over. */
  'register.candidates': {
    params: z.object({ from: InstantSchema.optional(), to: InstantSchema.optional() }),
    result: outcome(z.array(HandoverCandidateSchema)),
  },
  'register.export': { params: z.object({ id }), result: outcome(ExportedFileSchema) },

  'retention.get': { params: empty, result: outcome(RetentionStatusSchema) },
  'retention.set': { params: RetentionSettingsSchema, result: outcome(RetentionStatusSchema) },
  'retention.purge': { params: empty, result: outcome(PurgeReportSchema) },
} as const;
