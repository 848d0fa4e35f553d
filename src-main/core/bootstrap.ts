import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, demoConfig, loadConfigFile } from './config/load-config';
import { TransportSettingSchema } from './config/config-schema';
import { defaultDataDir, resolveConfigPath } from './config/paths';
import type { VigieCoreOptions } from './vigie-core';

/** Command-line (or shell) choices that decide how the core starts. */
export interface CoreArgs {
  config?: string;
  demo?: number;
  dataDir?: string;
  port?: number;
  workstation?: string;
  /**
   * Overrides the site's `video.transport` for this run (`vigie serve --video-transport`): IT
   * tries passthrough on one workstation, or rules it out, without editing the machine's config.
   * Cameras with their own `video.transport` keep it.
   */
  videoTransport?: string;
}

export const DEFAULT_DEMO_COUNT = 8;

/** Where the built renderer lives: VIGIE_RENDERER_DIR, else dist/renderer of this checkout or app. */
export function rendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env.VIGIE_RENDERER_DIR,
    path.resolve(here, '..', '..', 'dist', 'renderer'),
    path.resolve(here, '..', 'dist', 'renderer'),
    path.resolve(process.cwd(), 'dist', 'renderer'),
  ].filter((candidate): candidate is string => !!candidate);
  return (
    candidates.find((candidate) => existsSync(path.join(candidate, 'index.html'))) ?? candidates[0] ?? ''
  );
}

/**
 * Turns flags into core options. With no config file at the machine-wide place (and none named),
 * Vigie runs on the demo fleet, so a fresh machine shows live tiles at once. A named file that
 * is missing or invalid is a ConfigError: nothing starts.
 */
export function coreOptionsFromArgs(args: CoreArgs): VigieCoreOptions {
  if (args.demo !== undefined && (!Number.isInteger(args.demo) || args.demo < 1 || args.demo > 256)) {
    throw new ConfigError('--demo', [{ path: 'demo', message: 'expected a whole number from 1 to 256' }]);
  }
  const { file, explicit } = resolveConfigPath(args.config);
  let options: Pick<VigieCoreOptions, 'config' | 'configFile'>;
  if (explicit || existsSync(file)) {
    const config = loadConfigFile(file);
    if (args.demo !== undefined) {
      config.demo = { width: 640, height: 360, fps: 25, firstNumber: 1, ...config.demo, count: args.demo };
    }
    options = { config, configFile: file };
  } else {
    options = { config: demoConfig(args.demo ?? DEFAULT_DEMO_COUNT), configFile: null };
  }
  if (args.videoTransport !== undefined) {
    const parsed = TransportSettingSchema.safeParse(args.videoTransport);
    if (!parsed.success) {
      throw new ConfigError('--video-transport', [
        { path: 'video.transport', message: 'expected mpeg1, h264 or auto' },
      ]);
    }
    options.config = { ...options.config, video: { transport: parsed.data } };
  }
  return {
    ...options,
    dataDir: path.resolve(args.dataDir ?? process.env.VIGIE_DATA_DIR ?? defaultDataDir()),
    port: args.port ?? 0,
    workstation: args.workstation,
    rendererDir: rendererDir(),
  };
}
