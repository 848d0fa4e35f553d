/**
 * The shell's two IPC channels, the far end of the preload's bridge. A page can ask where the
 * core is and send its own window a command, nothing more; a message from anything but the top
 * frame of one of our windows showing a vigie://app page is refused, and every payload is
 * validated against the shared contract before it is acted on.
 */
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { IpcChannels, WindowCommandSchema, type BridgeConnection } from '../../src-shared/contract';
import { log } from '../core/log/logger';
import type { CoreEndpoint } from '../core/vigie-core';
import { isAppUrl } from './security';
import type { AppWindow, WindowManager } from './window-manager';

/**
 * The window an IPC message really comes from, or null: the top frame of one of our windows,
 * showing a vigie://app page. Anything else (a subframe, a window we did not open, a page that
 * navigated away) gets nothing.
 */
function senderWindow(event: IpcMainEvent | IpcMainInvokeEvent, windows: WindowManager): AppWindow | null {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null || !isAppUrl(frame.url)) return null;
  return windows.byWebContents(event.sender);
}

/** Registers the handlers once the core listens at `target`; the windows they act on are `windows`'. */
export function registerIpcHandlers(target: CoreEndpoint, windows: WindowManager): void {
  ipcMain.handle(IpcChannels.getConnection, (event): BridgeConnection => {
    const wall = senderWindow(event, windows);
    if (!wall) {
      log.warn(`shell: getConnection refused for ${event.senderFrame?.url ?? 'a gone frame'}`);
      throw new Error('not a Vigie window');
    }
    return { serverUrl: target.origin, token: target.token, display: wall.plan.display };
  });

  ipcMain.on(IpcChannels.windowCommand, (event, payload: unknown) => {
    const wall = senderWindow(event, windows);
    if (!wall) {
      log.warn(`shell: window command refused for ${event.senderFrame?.url ?? 'a gone frame'}`);
      return;
    }
    const command = WindowCommandSchema.safeParse(payload);
    if (!command.success) {
      log.warn('shell: invalid window command ignored');
      return;
    }
    switch (command.data) {
      case 'toggle-fullscreen':
        windows.toggleFullScreen(wall);
        break;
      case 'reload':
        windows.reload(wall);
        break;
      case 'open-main-courante':
        windows.openSide('main-courante', wall);
        break;
      case 'open-admin':
        windows.openSide('admin', wall);
        break;
    }
  });
}
