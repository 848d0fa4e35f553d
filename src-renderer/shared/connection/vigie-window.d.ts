import type { VigieBridge } from '../../../src-shared/contract';

declare global {
  interface Window {
    /**
     * Exposed by the Electron preload only; absent in browser mode, which is how the renderer
     * tells the two apart.
     */
    vigie?: VigieBridge;
  }
}
