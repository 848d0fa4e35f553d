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

/**
 * The demo camera the privacy-mask tests decode: 640×360 and no label, so no caption covers
 * the scene colour (SCENE_RGB) they sample.
 */
export function sceneSpec(): DemoCameraSpec {
  return demoSpec('scene', { label: '', width: 640, height: 360 });
}

/** The config camera reading `sceneSpec()` from the demo server on `port`, written once for every mask test. */
export function sceneCamera(port: number, extra: Partial<CameraConfig> = {}): CameraConfig {
  return testCamera('scene', 1, `rtsp://127.0.0.1:${port}/scene`, {
    name: 'Rue des Écoles',
    zone: 'Centre',
    ...extra,
  });
}

/**
 * The site the logbook and compliance socket tests share: camera 12, Place de la Mairie, which
 * their prefills and requisitions name (its address answers nothing: no stream is watched).
 */
export function mairieSiteConfig() {
  return {
    version: 1,
    site: { name: 'CSU Test' },
    cameras: [
      testCamera('cam-012', 12, 'rtsp://192.0.2.1:554/live', { name: 'Place de la Mairie', zone: 'Centre' }),
    ],
  };
}
