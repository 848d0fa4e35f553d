import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer bundle is served by the core's local server (browser mode) and through the
// shell's vigie:// protocol (Electron): relative asset paths work under both.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2048,
  },
});
