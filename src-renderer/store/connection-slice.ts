import type { ConnectionState, WelcomeMessage } from '../connection/core-connection';
import type { SiteProblem } from '../../src-shared/contract';
import type { SliceCreator } from './store-types';

/** Socket state and who we are talking to, as announced by the core's welcome. */
export interface ConnectionSlice {
  connectionState: ConnectionState;
  /** Close code of the last lost socket, to explain why (shutdown, protocol, slow consumer). */
  lastCloseCode: number | null;
  siteName: string;
  workstation: string;
  /** Site-wide problems from the last welcome (e.g. the demo fleet could not start). */
  problems: readonly SiteProblem[];
  setConnectionState(state: ConnectionState, closeCode?: number | null): void;
  /** Applies a welcome: identity here, cameras and stream statuses in the cameras slice. */
  receiveWelcome(welcome: WelcomeMessage): void;
}

/** Creates the connection slice; a new welcome also refreshes the cameras slice in one place. */
export const createConnectionSlice: SliceCreator<ConnectionSlice> = (set, get) => ({
  connectionState: 'connecting',
  lastCloseCode: null,
  siteName: '',
  workstation: '',
  problems: [],
  setConnectionState: (connectionState, closeCode = null) =>
    set(
      connectionState === 'open'
        ? { connectionState, lastCloseCode: null }
        : { connectionState, lastCloseCode: closeCode ?? get().lastCloseCode },
    ),
  receiveWelcome: (welcome) => {
    set({ siteName: welcome.siteName, workstation: welcome.workstation, problems: welcome.problems });
    get().setCameras(welcome.cameras);
    get().replaceStreamStatuses(welcome.streams);
  },
});
