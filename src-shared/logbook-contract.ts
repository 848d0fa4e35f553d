/**
 * The main courante's part of the contract (operators, sessions, shifts, entries, exports).
 * Re-exported by contract.ts, which stays the one module both sides import.
 *
 * Every logbook method answers with an outcome, `{ ok: true, value }` or `{ ok: false, error }`,
 * rather than throwing through the socket: a full disk, a locked database or an expired session
 * is a normal event for an operator, and the UI needs the reason's code to say what happened
 * while keeping the text they typed. The socket's own error response is kept for malformed
 * requests and bugs.
 */
import { z } from 'zod';
import { HealthReasonSchema } from './health-contract';

// ---------------------------------------------------------------------------------------------
// Building blocks

// The result envelope, its error codes, instants and badges live in primitives.ts.
export {
  BadgeSchema,
  ErrorParamsSchema,
  FUTURE_TOLERANCE_MS,
  InstantSchema,
  LogbookErrorCodeSchema,
  LogbookErrorSchema,
  LogbookIssueSchema,
  outcome,
  type ErrorParams,
  type LogbookError,
  type LogbookErrorCode,
  type LogbookIssue,
  type Outcome,
} from './primitives';
import { BadgeSchema, InstantSchema, outcome } from './primitives';

export const OperatorRoleSchema = z.enum(['operator', 'chef de salle', 'admin']);
export type OperatorRole = z.infer<typeof OperatorRoleSchema>;

/** A PIN is 4 to 12 digits: typed on a keypad, hashed with scrypt, never stored or logged. */
export const PinSchema = z.string().regex(/^\d{4,12}$/, '4 to 12 digits');

export const OperatorNameSchema = z.string().trim().min(1).max(100);

export const OperatorSummarySchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  badge: z.string(),
  role: OperatorRoleSchema,
  active: z.boolean(),
});
export type OperatorSummary = z.infer<typeof OperatorSummarySchema>;

/** Who wrote a record, as the record itself says (copied at write time, so it is chained). */
export const AuthorSchema = z.object({ id: z.number().int(), badge: z.string(), name: z.string() });
export type Author = z.infer<typeof AuthorSchema>;

export const EntryStatusSchema = z.enum(['sans suite', 'en cours', 'clos']);
export type EntryStatus = z.infer<typeof EntryStatusSchema>;

export const ChainHeadSchema = z.object({ seq: z.number().int().nonnegative(), hash: z.string() });
export type ChainHeadInfo = z.infer<typeof ChainHeadSchema>;

const shortText = (max: number) => z.string().trim().max(max);
const cameraNumbers = z.array(z.number().int().nonnegative().max(999_999)).max(64);
const actionList = z.array(z.string().trim().min(1).max(200)).max(20);

// ---------------------------------------------------------------------------------------------
// Sessions and operators

export const SessionStatusSchema = z.object({
  /** `locked`: the operator is still the one on duty but must re-enter the PIN. */
  state: z.enum(['none', 'active', 'locked']),
  operator: OperatorSummarySchema.nullable(),
  /** Epoch ms at which an active session locks if nothing happens. */
  locksAt: z.number().nullable(),
  idleTimeoutMs: z.number().int().positive(),
  /** No operator exists yet: the UI shows the first-admin form (operators.bootstrapAdmin). */
  needsBootstrap: z.boolean(),
  workstation: z.string(),
  /**
   * `window`: this window has its own session (an administrator in the administration window),
   * `operator` is them and `onDuty` the workstation's; `workstation`: the two are the same.
   */
  scope: z.enum(['workstation', 'window']).default('workstation'),
  /** The operator on duty at the workstation (every window shows them), null when nobody. */
  onDuty: OperatorSummarySchema.nullable().default(null),
});
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

export const LoginParamsSchema = z.object({
  badge: BadgeSchema,
  pin: PinSchema,
  /** `window`: for the calling window only, without taking the seat (the administration window). */
  scope: z.enum(['workstation', 'window']).default('workstation'),
});
export const NewOperatorSchema = z.object({
  name: OperatorNameSchema,
  badge: BadgeSchema,
  role: OperatorRoleSchema,
  pin: PinSchema,
});
export type NewOperator = z.infer<typeof NewOperatorSchema>;

// ---------------------------------------------------------------------------------------------
// Taxonomy

export const TaxonomyKindSchema = z.enum(['category', 'action']);
export const TaxonomyItemSchema = z.object({
  id: z.number().int().positive(),
  kind: TaxonomyKindSchema,
  label: z.string(),
  active: z.boolean(),
  position: z.number().int(),
});
export type TaxonomyItem = z.infer<typeof TaxonomyItemSchema>;
export const TaxonomySchema = z.object({
  categories: z.array(TaxonomyItemSchema),
  actions: z.array(TaxonomyItemSchema),
});
export type Taxonomy = z.infer<typeof TaxonomySchema>;

// ---------------------------------------------------------------------------------------------
// Entries

/** What an operator types for a new entry. */
export const EntryDraftSchema = z.object({
  observedAt: InstantSchema,
  category: z.string().trim().min(1).max(100),
  commune: shortText(100).default(''),
  street: shortText(200).default(''),
  place: shortText(200).default(''),
  /** Camera numbers, as operators name cameras. */
  cameras: cameraNumbers.default([]),
  description: z.string().trim().min(1).max(10_000),
  actions: actionList.default([]),
  status: EntryStatusSchema,
  /**
   * Chosen by the UI once per draft: a retry after a lost answer returns the entry already
   * written instead of writing it twice.
   */
  clientRef: z.string().min(8).max(64).optional(),
});
export type EntryDraft = z.input<typeof EntryDraftSchema>;

/** Fields an amendment may correct (status changes go through follow-ups). */
export const EntryChangesSchema = z
  .object({
    observedAt: InstantSchema,
    category: z.string().trim().min(1).max(100),
    commune: shortText(100),
    street: shortText(200),
    place: shortText(200),
    cameras: cameraNumbers,
    description: z.string().trim().min(1).max(10_000),
    actions: actionList,
  })
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, {
    message: 'an amendment changes at least one field',
  });
export type EntryChanges = z.infer<typeof EntryChangesSchema>;

/** An entry as it reads now: the original with every amendment applied, and its current status. */
export const EntryViewSchema = z.object({
  id: z.number().int().positive(),
  observedAt: z.string(),
  writtenAt: z.string(),
  category: z.string(),
  commune: z.string(),
  street: z.string(),
  place: z.string(),
  cameras: z.array(z.number().int()),
  description: z.string(),
  actions: z.array(z.string()),
  status: EntryStatusSchema,
  author: AuthorSchema,
  workstation: z.string(),
  shiftId: z.number().int().nullable(),
  source: z.enum(['manual', 'import']),
  amendmentCount: z.number().int().nonnegative(),
  followUpCount: z.number().int().nonnegative(),
  /** Last amendment or follow-up, else writtenAt. */
  updatedAt: z.string(),
});
export type EntryView = z.infer<typeof EntryViewSchema>;

/** The entry as first written: kept and shown beside its amendments. */
export const EntryOriginalSchema = EntryViewSchema.pick({
  observedAt: true,
  category: true,
  commune: true,
  street: true,
  place: true,
  cameras: true,
  description: true,
  actions: true,
}).extend({ status: EntryStatusSchema });

export const AmendmentSchema = z.object({
  id: z.number().int().positive(),
  entryId: z.number().int().positive(),
  writtenAt: z.string(),
  author: AuthorSchema,
  reason: z.string(),
  changes: EntryChangesSchema,
  chain: ChainHeadSchema.nullable(),
});
export type Amendment = z.infer<typeof AmendmentSchema>;

export const FollowUpSchema = z.object({
  id: z.number().int().positive(),
  entryId: z.number().int().positive(),
  writtenAt: z.string(),
  author: AuthorSchema,
  note: z.string(),
  status: EntryStatusSchema,
  actions: z.array(z.string()),
  chain: ChainHeadSchema.nullable(),
});
export type FollowUp = z.infer<typeof FollowUpSchema>;

export const EntryDetailSchema = z.object({
  entry: EntryViewSchema,
  original: EntryOriginalSchema,
  amendments: z.array(AmendmentSchema),
  followUps: z.array(FollowUpSchema),
  /** The entry's own link in the hash chain. */
  chain: ChainHeadSchema.nullable(),
});
export type EntryDetail = z.infer<typeof EntryDetailSchema>;

/**
 * A camera's outage as the core's health probe knows it, for a pre-filled "panne caméra" entry:
 * since when and why (reason code; the window words it in French). `reason` is null when the
 * camera is not (or no longer) down: the operator logs what they see, the core adds nothing.
 */
export const CameraFaultSchema = z.object({
  since: z.string(),
  reason: HealthReasonSchema.nullable(),
  stream: z.enum(['main', 'sub']).nullable(),
});
export type CameraFault = z.infer<typeof CameraFaultSchema>;

/** Main courante category a "panne caméra" entry is filed under (seeded by the first migration). */
export const CAMERA_FAULT_CATEGORY = 'technique — caméra en panne';

/**
 * Prefill for "log this" from a tile: the camera, its commune and the current time; `fault` when
 * the entry is a camera outage (from the wall's list of cameras down).
 */
export const EntryPrefillSchema = z.object({
  observedAt: z.string(),
  cameras: z.array(z.number().int()),
  commune: z.string(),
  place: z.string(),
  fault: CameraFaultSchema.nullable().optional(),
});
export type EntryPrefill = z.infer<typeof EntryPrefillSchema>;

/**
 * A "log this" draft: the prefill plus the tile's camera id and a fresh id. The core pushes it
 * to every window when logbook.prefill is called (the wall asks, the main courante window opens
 * the form), because the wall and the main courante are separate windows that share only the
 * core. `draftId` lets a window that receives the same push twice open one form.
 */
export const LogbookDraftSchema = EntryPrefillSchema.extend({
  cameraId: z.string().min(1).max(64),
  draftId: z.string().min(8).max(64),
});
export type LogbookDraft = z.infer<typeof LogbookDraftSchema>;

/** Server push carrying a "log this" draft (a member of contract.ts's ServerMessageSchema). */
export const LogbookDraftMessageSchema = z.object({
  type: z.literal('logbook-draft'),
  draft: LogbookDraftSchema,
});
export type LogbookDraftMessage = z.infer<typeof LogbookDraftMessageSchema>;

// ---------------------------------------------------------------------------------------------
// Search and export

/**
 * A selection of entries. `preset: 'today'` is the "MC du jour" (observed since local midnight),
 * `preset: 'open'` the "suivis en cours" (current status en cours); other filters narrow either.
 */
export const EntryFilterSchema = z.object({
  preset: z.enum(['today', 'open']).optional(),
  /** Full-text words (FTS5, accents ignored); a trailing `*` matches a prefix. */
  text: z.string().trim().max(200).optional(),
  categories: z.array(z.string().min(1).max(100)).max(20).optional(),
  commune: z.string().trim().min(1).max(100).optional(),
  camera: z.number().int().nonnegative().optional(),
  operatorBadge: BadgeSchema.optional(),
  statuses: z.array(EntryStatusSchema).max(3).optional(),
  /** Observed-at period, inclusive bounds. */
  from: InstantSchema.optional(),
  to: InstantSchema.optional(),
});
export type EntryFilter = z.infer<typeof EntryFilterSchema>;

export const SearchParamsSchema = EntryFilterSchema.extend({
  limit: z.number().int().min(1).max(200).default(50),
  /** Opaque, from the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});
export type SearchParams = z.input<typeof SearchParamsSchema>;

export const SEARCH_TOTAL_CAP = 1000;

export const SearchResultSchema = z.object({
  /**
   * Newest entry first, by entry number: the register's writing order, which is also how the
   * search stays fast on a million entries. Each entry carries its observed-at time.
   */
  entries: z.array(EntryViewSchema),
  nextCursor: z.string().nullable(),
  /**
   * Matching entries. Exact unless `totalCapped`, which means "at least this many" (counting
   * stops at SEARCH_TOTAL_CAP, or earlier on a very broad full-text search).
   */
  total: z.number().int().nonnegative(),
  totalCapped: z.boolean(),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

export const EXPORT_MAX_ENTRIES = 50_000;

export const ExportParamsSchema = z.object({
  filter: EntryFilterSchema,
  format: z.enum(['csv', 'pdf']),
  /** CSV cell separator: `;` for a French spreadsheet (the default), `,` for other tools. */
  csvDelimiter: z.enum([';', ',']).default(';'),
  /** Who asked (e.g. "OPJ Martin, commissariat central"); recorded in the chain. */
  requester: z.string().trim().max(200).default(''),
  /** Requisition number or purpose. */
  reason: z.string().trim().max(500).default(''),
});
export type ExportParams = z.input<typeof ExportParamsSchema>;

export const ExportResultSchema = z.object({
  exportId: z.number().int().positive(),
  fileName: z.string(),
  /**
   * Where the core saved the file (under the data dir). `content` is the same bytes: the text
   * itself for a CSV (`utf8`), base64 for a PDF (`base64`), so the UI can offer the download
   * without a second round trip.
   */
  path: z.string(),
  content: z.string(),
  encoding: z.enum(['utf8', 'base64']),
  mimeType: z.string(),
  sha256: z.string(),
  entryCount: z.number().int().nonnegative(),
  /** Chain head the export was taken at; the export's own record follows it. */
  chainHead: ChainHeadSchema.nullable(),
  /** The export's own link. */
  chain: ChainHeadSchema,
});
export type ExportResult = z.infer<typeof ExportResultSchema>;

// ---------------------------------------------------------------------------------------------
// Shifts and handover

export const ShiftSchema = z.object({
  id: z.number().int().positive(),
  workstation: z.string(),
  openedAt: z.string(),
  operator: AuthorSchema,
  /** The handover this shift started from, when it did. */
  previousHandoverId: z.number().int().nullable(),
  /** Handover time; null while the shift is open. */
  closedAt: z.string().nullable(),
});
export type Shift = z.infer<typeof ShiftSchema>;

export const ConsigneInputSchema = z.object({
  text: z.string().trim().min(1).max(2000),
  expiresAt: InstantSchema.nullable().default(null),
});
export type ConsigneInput = z.input<typeof ConsigneInputSchema>;

export const ConsigneSchema = z.object({
  id: z.number().int().positive(),
  handoverId: z.number().int().positive(),
  text: z.string(),
  expiresAt: z.string().nullable(),
});
export type Consigne = z.infer<typeof ConsigneSchema>;

export const AcknowledgementSchema = z.object({
  id: z.number().int().positive(),
  at: z.string(),
  operator: AuthorSchema,
  remark: z.string(),
  newShiftId: z.number().int().nullable(),
});

export const HandoverSchema = z.object({
  id: z.number().int().positive(),
  shiftId: z.number().int().positive(),
  writtenAt: z.string(),
  operator: AuthorSchema,
  note: z.string(),
  consignes: z.array(ConsigneSchema),
  /** Entries en cours when the handover was written, listed automatically. */
  openIncidents: z.array(EntryViewSchema),
  entryCount: z.number().int().nonnegative(),
  /** The chain head right after the handover was recorded. */
  chainHead: ChainHeadSchema.nullable(),
  acknowledgement: AcknowledgementSchema.nullable(),
});
export type Handover = z.infer<typeof HandoverSchema>;

export const ShiftCurrentSchema = z.object({
  workstation: z.string(),
  shift: ShiftSchema.nullable(),
  /** A handover written here and not yet acknowledged: the next operator acknowledges it. */
  pendingHandover: HandoverSchema.nullable(),
  /** Consignes of the last handover that have not expired. */
  consignes: z.array(ConsigneSchema),
  /** Entries currently en cours (newest first, at most 200). */
  openIncidents: z.array(EntryViewSchema),
});
export type ShiftCurrent = z.infer<typeof ShiftCurrentSchema>;

export const ShiftReportSchema = z.object({
  siteName: z.string(),
  shift: ShiftSchema,
  entries: z.array(EntryViewSchema),
  followUps: z.array(FollowUpSchema),
  amendments: z.array(AmendmentSchema),
  handover: HandoverSchema.nullable(),
  /** Open incidents at handover (or now, for an open shift). */
  openIncidents: z.array(EntryViewSchema),
  consignes: z.array(ConsigneSchema),
  /** The chain head at close (after the handover record); the current head for an open shift. */
  chainHead: ChainHeadSchema.nullable(),
});
export type ShiftReport = z.infer<typeof ShiftReportSchema>;

/** A PDF rendered by the core (shift report), as base64 bytes for the UI to download. */
export const PdfDocumentSchema = z.object({
  fileName: z.string(),
  mimeType: z.literal('application/pdf'),
  /** The PDF's bytes, base64. */
  content: z.string(),
  sha256: z.string(),
  /** The chain head the document carries. */
  chainHead: ChainHeadSchema.nullable(),
});
export type PdfDocument = z.infer<typeof PdfDocumentSchema>;

// ---------------------------------------------------------------------------------------------
// Integrity

export const ChainBreakSchema = z.object({
  seq: z.number().int().nullable(),
  kind: z.string(),
  table: z.string().nullable(),
  refId: z.number().int().nullable(),
  reason: z.string(),
  message: z.string(),
});

export const BackupInfoSchema = z.object({
  path: z.string(),
  at: z.string(),
  reason: z.enum(['shift-close', 'daily', 'manual']),
  ok: z.boolean(),
  /** `ok` or what PRAGMA integrity_check (or the copy itself) reported. */
  message: z.string(),
});
export type BackupInfo = z.infer<typeof BackupInfoSchema>;

/**
 * What the UI shows about the logbook's health. `broken` and `unavailable` are blocking alerts;
 * `verifying` runs at each start (a large logbook takes seconds).
 */
export const IntegrityStatusSchema = z.object({
  state: z.enum(['unavailable', 'verifying', 'ok', 'broken']),
  /** Why the logbook is unavailable (database newer than the app, unreadable file…). */
  reason: z.string().nullable(),
  records: z.number().int().nonnegative(),
  head: ChainHeadSchema.nullable(),
  broken: ChainBreakSchema.nullable(),
  checkedAt: z.string().nullable(),
  lastBackup: BackupInfoSchema.nullable(),
  databasePath: z.string(),
});
export type IntegrityStatus = z.infer<typeof IntegrityStatusSchema>;

// ---------------------------------------------------------------------------------------------
// Methods

const empty = z.object({});
const id = z.number().int().positive();

/** Spread into contract.ts's ApiMethods; every method has a handler in the core's LogbookService. */
export const LogbookApiMethods = {
  'session.status': { params: empty, result: outcome(SessionStatusSchema) },
  /** Logs in, or unlocks a locked session (same operator), or switches operator. */
  'session.login': { params: LoginParamsSchema, result: outcome(SessionStatusSchema) },
  'session.logout': { params: empty, result: outcome(SessionStatusSchema) },
  /** Locks at once ("je m'absente"). */
  'session.lock': { params: empty, result: outcome(SessionStatusSchema) },
  /** Keyboard/mouse activity in the logbook UI: postpones the inactivity lock. */
  'session.touch': { params: empty, result: outcome(SessionStatusSchema) },

  /** First start only (no operator yet): creates the first admin and logs them in. */
  'operators.bootstrapAdmin': {
    /** `scope` as for a login: the administration window creates its admin for itself. */
    params: NewOperatorSchema.omit({ role: true }).extend({
      scope: z.enum(['workstation', 'window']).default('workstation'),
    }),
    result: outcome(SessionStatusSchema),
  },
  'operators.list': { params: empty, result: outcome(z.array(OperatorSummarySchema)) },
  /** Admin only. */
  'operators.add': { params: NewOperatorSchema, result: outcome(OperatorSummarySchema) },
  /** One's own PIN (current PIN required), or anyone's for an admin. */
  'operators.setPin': {
    params: z.object({ badge: BadgeSchema, currentPin: PinSchema.optional(), newPin: PinSchema }),
    result: outcome(OperatorSummarySchema),
  },
  /** Admin only; operators are never deleted, their records name them. */
  'operators.setActive': {
    params: z.object({ badge: BadgeSchema, active: z.boolean() }),
    result: outcome(OperatorSummarySchema),
  },

  'shifts.current': { params: empty, result: outcome(ShiftCurrentSchema) },
  'shifts.open': { params: empty, result: outcome(ShiftSchema) },
  /** Closes the current shift with a handover note and consignes; a backup follows. */
  'shifts.handover': {
    params: z.object({
      note: z.string().trim().max(10_000),
      consignes: z.array(ConsigneInputSchema).max(50).default([]),
    }),
    result: outcome(HandoverSchema),
  },
  /** The incoming operator acknowledges a handover, which opens their shift. */
  'shifts.acknowledge': {
    params: z.object({ handoverId: id, remark: z.string().trim().max(2000).default('') }),
    result: outcome(z.object({ handover: HandoverSchema, shift: ShiftSchema })),
  },
  'shifts.list': {
    params: z.object({ limit: z.number().int().min(1).max(200).default(30) }),
    result: outcome(z.array(ShiftSchema)),
  },
  'shifts.report': { params: z.object({ shiftId: id }), result: outcome(ShiftReportSchema) },
  /** The shift report as a PDF (entries, open incidents, consignes, chain head at close). */
  'shifts.reportPdf': { params: z.object({ shiftId: id }), result: outcome(PdfDocumentSchema) },

  'logbook.taxonomy': { params: empty, result: outcome(TaxonomySchema) },
  /** Chef de salle or admin. */
  'logbook.taxonomyAdd': {
    params: z.object({ kind: TaxonomyKindSchema, label: z.string().trim().min(1).max(100) }),
    result: outcome(TaxonomySchema),
  },
  /** Chef de salle or admin; a retired label stays on old entries. */
  'logbook.taxonomySetActive': {
    params: z.object({ id, active: z.boolean() }),
    result: outcome(TaxonomySchema),
  },
  /**
   * "Log this" from a tile: answers the prefill and pushes it as a `logbook-draft` message to
   * every window, where the main courante opens a pre-filled new entry. Writes nothing, so it
   * needs no unlocked session: the draft waits in the main courante until the operator is in.
   */
  'logbook.prefill': {
    params: z.object({
      cameraId: z.string().min(1).max(64),
      /** A "panne caméra" entry: the core adds what its health probe knows of the outage. */
      fault: z.boolean().optional(),
    }),
    result: outcome(EntryPrefillSchema),
  },
  'logbook.create': { params: EntryDraftSchema, result: outcome(EntryDetailSchema) },
  'logbook.amend': {
    params: z.object({
      entryId: id,
      reason: z.string().trim().min(1).max(2000),
      changes: EntryChangesSchema,
    }),
    result: outcome(EntryDetailSchema),
  },
  'logbook.followUp': {
    params: z.object({
      entryId: id,
      note: z.string().trim().min(1).max(10_000),
      status: EntryStatusSchema,
      actions: actionList.default([]),
    }),
    result: outcome(EntryDetailSchema),
  },
  'logbook.get': { params: z.object({ id }), result: outcome(EntryDetailSchema) },
  'logbook.search': { params: SearchParamsSchema, result: outcome(SearchResultSchema) },
  /** Chef de salle or admin; the export is itself recorded in the chain. */
  'logbook.export': { params: ExportParamsSchema, result: outcome(ExportResultSchema) },
  'logbook.integrity': { params: empty, result: outcome(IntegrityStatusSchema) },
  /** Re-runs the chain verification (chef de salle or admin). */
  'logbook.verify': { params: empty, result: outcome(IntegrityStatusSchema) },
  /** Admin: an online backup now, checked like the automatic ones. */
  'logbook.backup': { params: empty, result: outcome(BackupInfoSchema) },
} as const;
