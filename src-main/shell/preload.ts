/**
 * The preload of every wall window: the renderer's only door to the shell.
 *
 * It exposes `window.vigie` with exactly the two methods of `VigieBridge` and nothing else (no
 * raw ipcRenderer, no generic send), so a compromised page can ask where the core is and toggle
 * its own window, but never reach another channel. Bundled to one CJS file because sandboxed
 * preloads can only `require('electron')`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  BridgeConnectionSchema,
  IpcChannels,
  WindowCommandSchema,
  type BridgeConnection,
  type VigieBridge,
  type WindowCommand,
} from '../../src-shared/contract';

const bridge: VigieBridge = Object.freeze({
  async getConnection(): Promise<BridgeConnection> {
    // Validated here too, so a shell bug surfaces as a clear error instead of a bad socket URL.
    return BridgeConnectionSchema.parse(await ipcRenderer.invoke(IpcChannels.getConnection));
  },
  windowCommand(command: WindowCommand): void {
    ipcRenderer.send(IpcChannels.windowCommand, WindowCommandSchema.parse(command));
  },
});

contextBridge.exposeInMainWorld('vigie', bridge);
