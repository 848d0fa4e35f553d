import type {
  CameraSummary,
  IntegrityStatus,
  OperatorSummary,
  SessionStatus,
  Taxonomy,
} from '../../../src-shared/contract';
import type { ConnectionState } from '../../connection/core-connection';
import type { UiError } from '../logbook-client';
import type { LogbookSliceCreator } from './logbook-store-types';

/** Messages that come and go at the bottom of the window; keys are `logbook` i18n keys. */
export type NoticeKey = 'form.saved' | 'draftReceived' | 'operators.created' | 'report.downloaded';
export interface Notice {
  id: number;
  key: NoticeKey;
  params: Record<string, string | number>;
}

/** How many notices stay on screen at once: older ones give way. */
const MAX_NOTICES = 4;

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

let noticeIds = 0;

/** Creates the session slice. */
export const createSessionSlice: LogbookSliceCreator<SessionSlice> = (set) => ({
  connectionState: 'connecting',
  siteName: '',
  workstation: '',
  cameras: [],
  session: null,
  integrity: null,
  integrityAcknowledged: false,
  taxonomy: null,
  operators: [],
  authBusy: false,
  authError: null,
  notices: [],
  setConnectionState: (connectionState) => set({ connectionState }),
  receiveWelcome: ({ siteName, workstation, cameras }) =>
    set({ siteName, workstation, cameras: [...cameras].sort((a, b) => a.number - b.number) }),
  setSession: (session) => set({ session }),
  setIntegrity: (integrity) => set({ integrity }),
  acknowledgeIntegrity: () => set({ integrityAcknowledged: true }),
  setTaxonomy: (taxonomy) => set({ taxonomy }),
  setOperators: (operators) => set({ operators }),
  setAuth: (authBusy, authError = null) => set({ authBusy, authError }),
  notify: (key, params = {}) =>
    set((state) => ({
      notices: [...state.notices, { id: (noticeIds += 1), key, params }].slice(-MAX_NOTICES),
    })),
  dismissNotice: (id) => set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
});
