import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * In a source checkout, (re)builds the renderer when dist/ is missing or older than its sources,
 * so `npm run serve` works on a fresh clone with no extra step. An installed app ships the
 * built renderer and has no sources next to it, so this does nothing there.
 */
export async function ensureRendererBuilt(rendererDir: string, projectRoot: string): Promise<void> {
  const sources = path.join(projectRoot, 'src-renderer');
  const shared = path.join(projectRoot, 'src-shared');
  const viteConfig = path.join(projectRoot, 'vite.config.ts');
  if (!existsSync(sources) || !existsSync(viteConfig)) return;
  const index = path.join(rendererDir, 'index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (builtAt > Math.max(newestMtime(sources), newestMtime(shared), statSync(viteConfig).mtimeMs)) return;
  process.stderr.write('Building the renderer (first start or sources changed)…\n');
  try {
    const vite = await import('vite');
    await vite.build({ configFile: viteConfig, root: sources, logLevel: 'error' });
  } catch (error) {
    // The core still serves its API and streams; the page will say the renderer is missing.
    process.stderr.write(`Renderer build failed: ${(error as Error).message}\n`);
  }
}
