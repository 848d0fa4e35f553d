import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A GStreamer installation seen through an environment that hides one plugin file. */
export interface GstreamerWithout {
  /** Environment for a child process (the demo server, or `vigie serve` which passes it on). */
  env: NodeJS.ProcessEnv;
  /** The plugin folder that really exists, for messages. */
  systemDir: string;
  cleanup(): void;
}

/** Where this machine's GStreamer plugins live, asked of GStreamer itself (no arch guess). */
function systemPluginDir(): string {
  const probe =
    "import gi; gi.require_version('Gst','1.0'); from gi.repository import Gst; Gst.init(None); " +
    "print(Gst.Registry.get().find_plugin('coreelements').get_filename())";
  const file = execFileSync('/usr/bin/python3', ['-c', probe], { encoding: 'utf8' }).trim();
  return path.dirname(file);
}

/**
 * Makes one plugin unavailable without touching the machine: a temp folder of symlinks to every
 * system plugin except `pluginFile`, and a private registry cache, so GStreamer scans only that
 * folder. This is how a machine without e.g. gstreamer1.0-x (libgstpango.so) looks.
 */
export function gstreamerWithout(pluginFile: string): GstreamerWithout {
  const systemDir = systemPluginDir();
  const work = mkdtempSync(path.join(tmpdir(), 'vigie-gst-'));
  const pluginDir = path.join(work, 'plugins');
  execFileSync('mkdir', [pluginDir]);
  for (const name of readdirSync(systemDir)) {
    if (name !== pluginFile) symlinkSync(path.join(systemDir, name), path.join(pluginDir, name));
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GST_PLUGIN_SYSTEM_PATH_1_0: pluginDir,
    GST_PLUGIN_SYSTEM_PATH: pluginDir,
    GST_PLUGIN_PATH_1_0: '',
    GST_PLUGIN_PATH: '',
    GST_REGISTRY_1_0: path.join(work, 'registry.bin'),
    GST_REGISTRY: path.join(work, 'registry.bin'),
  };
  return { env, systemDir, cleanup: () => rmSync(work, { recursive: true, force: true }) };
}
