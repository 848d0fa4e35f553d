/**
 * Bundles the Electron shell: main process → dist-electron/main.cjs, preload → dist-electron/preload.cjs.
 *
 * CJS because a sandboxed preload can only `require('electron')` (no ESM, no other modules), and
 * one bundle per entry so the packaged app does not depend on a source tree. The core's ESM code
 * uses `import.meta.url` to find files beside it; in CJS that is rebuilt from `__filename`, and
 * the files it looks for (the demo RTSP server) are copied next to the bundle.
 *
 * Run with `tsx scripts/build-electron.ts`; works without the Electron binary.
 */
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist-electron');

/**
 * Never bundled: Electron is provided by the runtime; native addons (and ws's optional native
 * speed-ups, which it loads in a try/catch) must be resolved from node_modules at run time.
 * pdfkit loads its standard fonts through its own package imports (`#standard-fonts/…`), which
 * only resolve from inside its package folder.
 */
export const ELECTRON_EXTERNALS = ['electron', 'better-sqlite3', 'bufferutil', 'utf-8-validate', 'pdfkit'];

const IMPORT_META_URL_BANNER = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
  outdir: outDir,
  outExtension: { '.js': '.cjs' },
  // Keep names so stack traces in the log file stay readable.
  keepNames: true,
};

/** Files the bundled core finds beside its own module (see `import.meta.url` lookups in the core). */
const SIDE_FILES = [{ from: 'src-main/core/demo/rtsp-demo-server.py', to: 'rtsp-demo-server.py' }];

async function main(): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  await Promise.all([
    build({
      ...common,
      entryPoints: { main: 'src-main/shell/main.ts' },
      external: ELECTRON_EXTERNALS,
      define: { 'import.meta.url': '__importMetaUrl' },
      banner: { js: IMPORT_META_URL_BANNER },
    }),
    // No import.meta shim here: a sandboxed preload has no __filename, and it needs none. Minified
    // because every window parses it (zod included) before its first paint.
    build({
      ...common,
      entryPoints: { preload: 'src-main/shell/preload.ts' },
      external: ['electron'],
      minify: true,
    }),
  ]);

  for (const file of SIDE_FILES) copyFileSync(path.join(root, file.from), path.join(outDir, file.to));

  for (const name of ['main.cjs', 'preload.cjs', ...SIDE_FILES.map((file) => file.to)]) {
    const size = statSync(path.join(outDir, name)).size;
    process.stdout.write(`dist-electron/${name}  ${(size / 1024).toFixed(1)} KiB\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`build-electron failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
