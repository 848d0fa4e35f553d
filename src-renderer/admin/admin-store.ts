import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  AuditEvent,
  CameraMasks,
  CameraSummary,
  HandoverCandidate,
  OperatorSummary,
  Requisition,
  RetentionStatus,
  SessionStatus,
} from '../../src-shared/contract';
import type { ConnectionState } from '../shared/connection/core-connection';
import type { Point } from './mask-geometry';

/** One line under a panel: what the last action did, or why it failed (already in French). */
export interface AdminMessage {
  ok: boolean;
  text: string;
}

/** The still of the camera under the mask editor. */
export type StillState =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'ready'; src: string; width: number; height: number }
  | { kind: 'failed'; message: string };

/** The mask editor: the camera, its masks as stored and as being edited, and its still. */
export interface MasksState {
  cameraId: string;
  stored: CameraMasks | null;
  polygons: Point[][];
  still: StillState;
  message: AdminMessage | null;
  busy: boolean;
}

/** The audit filters as typed (`datetime-local` values, badge or NOBODY, action, camera). */
export interface AuditForm {
  from: string;
  to: string;
  operator: string;
  action: string;
  cameraId: string;
}

export interface AuditState {
  form: AuditForm;
  operators: OperatorSummary[];
  events: AuditEvent[];
  nextBefore: number | null;
  message: AdminMessage | null;
  busy: boolean;
}

/** A handed-over item as the request carries it (the contract's defaults filled in). */
export interface RegisterItem {
  kind: 'snapshot' | 'export' | 'file' | 'clip';
  file: string;
  sha256: string;
  cameraId: string | null;
  description: string;
}

/** The new requisition as typed. */
export interface RegisterForm {
  requestedAt: string;
  officerName: string;
  officerQuality: string;
  officerService: string;
  procedureRef: string;
  cameraIds: string[];
  periodFrom: string;
  periodTo: string;
  entryIds: string;
  note: string;
  /** SHA-256 of the candidates ticked as handed over. */
  picked: string[];
  /** Other files, typed by hand with their hash. */
  manual: RegisterItem[];
  manualFile: string;
  manualSha: string;
}

export interface RegisterState {
  list: Requisition[];
  candidates: HandoverCandidate[];
  form: RegisterForm;
  message: AdminMessage | null;
  busy: boolean;
}

export interface RetentionState {
  status: RetentionStatus | null;
  /** Days, or null for "no limit". */
  snapshots: number | null;
  exports: number | null;
  message: AdminMessage | null;
  busy: boolean;
}

/**
 * The administration window's state. Each panel's part starts afresh when the panel opens (as
 * when the panel kept it in React state); the session part follows the core's.
 */
export interface AdminState {
  connectionState: ConnectionState;
  /** Site and workstation from the core's welcome; null before it. */
  site: { siteName: string; workstation: string } | null;
  cameras: CameraSummary[];
  /** The workstation's session as the core last reported it; null until first asked. */
  session: SessionStatus | null;
  login: { busy: boolean; error: string | null };
  masks: MasksState;
  audit: AuditState;
  register: RegisterState;
  retention: RetentionState;
}

/** A vanilla store handle: written by the controller (outside React), read by components. */
export type AdminStore = StoreApi<AdminState>;

export const blankMasks = (): MasksState => ({
  cameraId: '',
  stored: null,
  polygons: [],
  still: { kind: 'none' },
  message: null,
  busy: false,
});

export const blankAudit = (): AuditState => ({
  form: { from: '', to: '', operator: '', action: '', cameraId: '' },
  operators: [],
  events: [],
  nextBefore: null,
  message: null,
  busy: false,
});

/** Default retention shown until the core answers (the core's own defaults). */
export const blankRetention = (): RetentionState => ({
  status: null,
  snapshots: 30,
  exports: 180,
  message: null,
  busy: false,
});

/** An empty register form; its dates are filled in when the panel opens (see the controller). */
export const blankRegister = (): RegisterState => ({
  list: [],
  candidates: [],
  form: {
    requestedAt: '',
    officerName: '',
    officerQuality: 'OPJ',
    officerService: '',
    procedureRef: '',
    cameraIds: [],
    periodFrom: '',
    periodTo: '',
    entryIds: '',
    note: '',
    picked: [],
    manual: [],
    manualFile: '',
    manualSha: '',
  },
  message: null,
  busy: false,
});

/** Creates the window's store (one per window and per test). */
export function createAdminStore(): AdminStore {
  return createStore<AdminState>()(() => ({
    connectionState: 'connecting',
    site: null,
    cameras: [],
    session: null,
    login: { busy: false, error: null },
    masks: blankMasks(),
    audit: blankAudit(),
    register: blankRegister(),
    retention: blankRetention(),
  }));
}
