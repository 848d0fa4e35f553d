import type { ConnectionSlice, SliceCreator } from './store-types';

/** Creates the connection slice; a new welcome also refreshes the cameras slice in one place. */
export const createConnectionSlice: SliceCreator<ConnectionSlice> = (set, get) => ({
  connectionState: 'connecting',
  lastCloseCode: null,
  siteName: '',
  workstation: '',
  problems: [],
  onDuty: undefined,
  setOnDuty: (operator) => {
    const before = get().onDuty;
    set({ onDuty: operator });
    if (before === undefined || (before?.id ?? null) === (operator?.id ?? null)) return;
    if (operator) get().notify('onDutyChanged', { name: operator.name, badge: operator.badge });
    else get().notify('nobodyOnDuty', { name: before?.name ?? '' });
  },
  setConnectionState: (connectionState, closeCode = null) => {
    set(
      connectionState === 'open'
        ? { connectionState, lastCloseCode: null }
        : // Without the socket, who is on duty is not known any more: the header stops saying it.
          { connectionState, lastCloseCode: closeCode ?? get().lastCloseCode, onDuty: undefined },
    );
    // The core ends a window's replays with its socket: every tile is back on live when it returns.
    if (connectionState !== 'open') get().clearReplays();
  },
  receiveWelcome: (welcome) => {
    set({ siteName: welcome.siteName, workstation: welcome.workstation, problems: welcome.problems });
    get().setCameras(welcome.cameras);
    get().replaceStreamStatuses(welcome.streams);
  },
});
