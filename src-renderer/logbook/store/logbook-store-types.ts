import type { StateCreator } from 'zustand/vanilla';
import type {
  CameraSummary,
  EntryDetail,
  EntryFilter,
  EntryStatus,
  EntryView,
  ExportResult,
  Handover,
  IntegrityStatus,
  OperatorRole,
  OperatorSummary,
  RoomEntryView,
  RoomShiftState,
  RoomStatus,
  SessionStatus,
  Shift,
  ShiftCurrent,
  ShiftReport,
  Taxonomy,
} from '../../../src-shared/contract';
import type { ConnectionState } from '../../shared/connection/core-connection';
import type { UiError } from '../../shared/connection/result-client';
import type { AmendForm, ConsigneForm, EntryForm, FilterForm, FormProblems } from '../entry-form';

/*
 * Every slice's shape is declared here, and each *-slice.ts file only implements its own: the
 * slices read and reset one another's fields, so their types must not import one another's
 * files (which made type-only import cycles through this file).
 */

/** Messages that come and go at the bottom of the window; keys are `logbook` i18n keys. */
export type NoticeKey = 'form.saved' | 'draftReceived' | 'operators.created' | 'report.downloaded';

export interface Notice {
  id: number;
  key: NoticeKey;
  params: Record<string, string | number>;
}

/**
 * Who and where: the socket, the site and cameras from the welcome, the workstation's operator
 * session as the core reports it, the logbook's integrity, and the reference lists (taxonomy,
 * operators) the forms pick from.
 */
export interface SessionSlice {
  connectionState: ConnectionState;
  siteName: string;
  workstation: string;
  cameras: CameraSummary[];
  /** The core's session for this workstation; null until first asked. */
  session: SessionStatus | null;
  integrity: IntegrityStatus | null;
  /** The operator read the broken-chain alert; a banner stays. Reset at each start. */
  integrityAcknowledged: boolean;
  taxonomy: Taxonomy | null;
  operators: OperatorSummary[];
  authBusy: boolean;
  authError: UiError | null;
  notices: Notice[];
  setConnectionState: (state: ConnectionState) => void;
  receiveWelcome: (welcome: { siteName: string; workstation: string; cameras: CameraSummary[] }) => void;
  setSession: (session: SessionStatus) => void;
  setIntegrity: (integrity: IntegrityStatus) => void;
  acknowledgeIntegrity: () => void;
  setTaxonomy: (taxonomy: Taxonomy) => void;
  setOperators: (operators: OperatorSummary[]) => void;
  setAuth: (busy: boolean, error?: UiError | null) => void;
  notify: (key: NoticeKey, params?: Record<string, string | number>) => void;
  dismissNotice: (id: number) => void;
}

/** The handover the outgoing operator is writing. */
export interface HandoverForm {
  note: string;
  consignes: ConsigneForm[];
  saving: boolean;
  error: UiError | null;
  problem: 'emptyConsigne' | null;
}

/**
 * The workstation's shift: what is open, the handover being written (kept in the store, so a
 * lock or a failed write never loses it), the handover waiting for the incoming operator, the
 * acknowledgement just recorded, and the shift report on screen.
 */
export interface ShiftSlice {
  shiftCurrent: ShiftCurrent | null;
  shiftBusy: boolean;
  shiftError: UiError | null;
  handoverForm: HandoverForm | null;
  /** The handover this window just wrote (shown until the next operator logs in). */
  writtenHandover: Handover | null;
  /** The handover this window's operator just acknowledged, with its acknowledgement. */
  acknowledgedHandover: Handover | null;
  ackRemark: string;
  report: ShiftReport | null;
  recentShifts: Shift[];
  /** Every seat's shift and pending handover, the room's consignes and suivis (`room.shifts`). */
  roomShifts: RoomShiftState | null;
  /** Why `room.shifts` could not be read (the room's server away…); the local shift still shows. */
  roomShiftsError: UiError | null;
  /** The remark typed on another seat's pending handover, by `seat/id`. */
  roomAckRemarks: Record<string, string>;
  setShiftCurrent: (current: ShiftCurrent | null) => void;
  setRoomShifts: (state: RoomShiftState | null, error?: UiError | null) => void;
  setRoomAckRemark: (key: string, remark: string) => void;
  setShiftStatus: (busy: boolean, error?: UiError | null) => void;
  startHandover: () => void;
  editHandover: (patch: Partial<Pick<HandoverForm, 'note'>>) => void;
  addConsigne: () => void;
  editConsigne: (index: number, patch: Partial<ConsigneForm>) => void;
  removeConsigne: (index: number) => void;
  setHandoverState: (patch: Partial<Pick<HandoverForm, 'saving' | 'error' | 'problem'>>) => void;
  cancelHandover: () => void;
  handoverWritten: (handover: Handover) => void;
  setAckRemark: (remark: string) => void;
  handoverAcknowledged: (handover: Handover) => void;
  setReport: (report: ShiftReport | null) => void;
  setRecentShifts: (shifts: Shift[]) => void;
  /** Forgets what belonged to the previous operator's screen (another operator logged in). */
  resetShiftView: () => void;
}

/** The sections of the window: three lists of entries, the shift, the operators. */
export type LogbookView = 'today' | 'open' | 'search' | 'shift' | 'operators';

/** The sections that list entries. */
export type ListView = Extract<LogbookView, 'today' | 'open' | 'search'>;

/** A row of a list: a room list's rows say their seat (entry ids are per seat). */
export type ListedEntry = EntryView & { seat?: string };

/** A list on screen: the selection it shows (what an export of it takes) and its pages so far. */
export interface EntryList {
  view: ListView;
  /** The room's (every seat, `room.*`) rather than this seat's SQLite logbook. */
  room: boolean;
  filter: EntryFilter & { seats?: string[] };
  entries: ListedEntry[];
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
}

/**
 * What the operator reads: the section on screen, the search form, the list of entries with
 * the exact filter it came from, and the entry opened in detail.
 */
export interface EntriesSlice {
  view: LogbookView;
  filterForm: FilterForm;
  list: EntryList | null;
  listBusy: boolean;
  listError: UiError | null;
  selectedEntryId: number | null;
  /** The seat of the entry in detail when it is another seat's (read-only); null: this seat's. */
  selectedSeat: string | null;
  detail: EntryDetail | null;
  detailError: UiError | null;
  setView: (view: LogbookView) => void;
  editFilter: (patch: Partial<FilterForm>) => void;
  resetFilter: () => void;
  setList: (list: EntryList) => void;
  appendList: (page: Omit<EntryList, 'view' | 'filter' | 'room'>) => void;
  setListStatus: (busy: boolean, error?: UiError | null) => void;
  selectEntry: (id: number | null, seat?: string | null) => void;
  setDetail: (detail: EntryDetail | null, error?: UiError | null) => void;
  /** An entry changed (follow-up, amendment): its row and its detail show the new version. */
  entryChanged: (detail: EntryDetail) => void;
  /**
   * Entries of the room read again after a `room-changed` push: rows on screen take their new
   * version, and a new entry that belongs to MC du jour or suivis en cours joins the list.
   */
  mergeRoomEntries: (entries: RoomEntryView[], now: Date) => void;
}

/**
 * The room (every seat on the room's PostgreSQL, issue 13): whether this seat has one, which
 * seat it is, and the seat filter of the room lists ('' : every seat).
 */
export interface RoomSlice {
  room: RoomStatus | null;
  seatFilter: string;
  /** Every seat seen in a room list so far (the seat filter's choices), sorted. */
  knownSeats: string[];
  setRoom: (room: RoomStatus) => void;
  /** Remembers the seats of listed entries. */
  noteSeats: (entries: readonly ListedEntry[]) => void;
  setSeatFilter: (seat: string) => void;
}

/** One new entry being typed. Several can be open: a "log this" never overwrites another. */
export interface EntryDraftState {
  id: string;
  form: EntryForm;
  saving: boolean;
  /** Why the last save failed; the form keeps its text and its clientRef. */
  error: UiError | null;
  problems: FormProblems;
  /** Camera number when the draft came from a tile ("log this"). */
  fromCamera: number | null;
}

/** An amendment being typed on the entry in detail. */
export interface AmendDraft {
  entryId: number;
  form: AmendForm;
  saving: boolean;
  error: UiError | null;
  problem: string | null;
}

/** A follow-up being typed on the entry in detail. */
export interface FollowUpDraft {
  entryId: number;
  note: string;
  status: EntryStatus;
  actions: string[];
  saving: boolean;
  error: UiError | null;
  problem: string | null;
}

/** The export dialog: who asks, why, which format, and the result once recorded. */
export interface ExportDraft {
  requester: string;
  reason: string;
  format: 'csv' | 'pdf';
  /** The CSV's separator: `;` for a French spreadsheet, `,` for other tools. */
  csvDelimiter: ';' | ',';
  /** This seat's logbook, or the whole room (`room.export`, CSV only) when it has one. */
  scope: 'seat' | 'room';
  saving: boolean;
  error: UiError | null;
  result: ExportResult | null;
}

/** The admin's new-operator form. */
export interface OperatorDraft {
  name: string;
  badge: string;
  role: OperatorRole;
  pin: string;
  saving: boolean;
  error: UiError | null;
}

/**
 * Everything the operator is typing and has not yet written: new entries, an amendment, a
 * follow-up, an export request, a new operator. It lives in the store, not in components, so a
 * lock screen, a lost socket or a refused write never takes the text away; only a successful
 * write clears a draft.
 */
export interface DraftsSlice {
  drafts: EntryDraftState[];
  activeDraftId: string;
  amend: AmendDraft | null;
  followUp: FollowUpDraft | null;
  exportDraft: ExportDraft | null;
  operatorDraft: OperatorDraft;
  /** Adds a draft (blank when `form` is omitted) and shows it. */
  addDraft: (options?: { form?: EntryForm; fromCamera?: number | null }) => string;
  activateDraft: (id: string) => void;
  editDraft: (id: string, change: Partial<EntryForm> | ((form: EntryForm) => EntryForm)) => void;
  setDraftState: (id: string, patch: Partial<Pick<EntryDraftState, 'saving' | 'error' | 'problems'>>) => void;
  /** Removes a draft (written or abandoned); the list never goes empty. */
  removeDraft: (id: string) => void;
  setAmend: (amend: AmendDraft | null) => void;
  editAmend: (patch: Partial<AmendForm>) => void;
  setAmendState: (patch: Partial<Pick<AmendDraft, 'saving' | 'error' | 'problem'>>) => void;
  setFollowUp: (followUp: FollowUpDraft | null) => void;
  editFollowUp: (patch: Partial<Pick<FollowUpDraft, 'note' | 'status' | 'actions'>>) => void;
  setFollowUpState: (patch: Partial<Pick<FollowUpDraft, 'saving' | 'error' | 'problem'>>) => void;
  openExport: () => void;
  editExport: (
    patch: Partial<Pick<ExportDraft, 'requester' | 'reason' | 'format' | 'csvDelimiter' | 'scope'>>,
  ) => void;
  setExportState: (patch: Partial<Pick<ExportDraft, 'saving' | 'error' | 'result'>>) => void;
  closeExport: () => void;
  editOperatorDraft: (patch: Partial<OperatorDraft>) => void;
  resetOperatorDraft: () => void;
}

/** The main courante window's whole state: one store, five independent slices. */
export type LogbookState = SessionSlice & ShiftSlice & EntriesSlice & DraftsSlice & RoomSlice;

/** A slice creator that can read (and call actions of) the other slices through `get`. */
export type LogbookSliceCreator<Slice> = StateCreator<LogbookState, [], [], Slice>;
