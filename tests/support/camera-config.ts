import type { CameraConfig } from '../../src-main/core/config/config-schema';
import type { DemoCameraSpec } from '../../src-main/core/demo/demo-cameras';

/**
 * One camera of a test config: a test passes what it is about (id, number, URL, maybe
 * credentials or masks) and gets plausible names for the rest, so the config stays valid.
 */
export function testCamera(
  id: string,
  number: number,
  url: string,
  extra: Partial<CameraConfig> = {},
): CameraConfig {
  return {
    id,
    number,
    name: `Caméra ${id}`,
    commune: 'Vigieville',
    zone: 'Test',
    kind: 'security',
    rtsp: { main: url },
    ...extra,
  };
}

/** One simulated camera of the demo RTSP server: small H.264 at 25 fps unless `extra` says otherwise. */
export function demoSpec(path: string, extra: Partial<DemoCameraSpec> = {}): DemoCameraSpec {
  return { path, label: path, width: 320, height: 180, fps: 25, codec: 'h264', ...extra };
}
