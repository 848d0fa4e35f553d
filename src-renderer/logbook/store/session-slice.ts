import type { LogbookSliceCreator, SessionSlice } from './logbook-store-types';

/** How many notices stay on screen at once: older ones give way. */
const MAX_NOTICES = 4;

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
