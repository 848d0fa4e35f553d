import type { CameraConfig } from '../config/config-schema';
import { healthHandlers, type HealthApiHandlers } from './health-handlers';
import { CameraHealthService, type HealthTarget, type HealthTuning } from './health-service';

/**
 * What camera health needs of the camera registry, named here rather than imported, so the
 * health folder depends on no other feature: `CameraRegistry` fits it as it is. The URLs it
 * answers carry the credentials the relay uses (config or sealed vault).
 */
export interface HealthCameraSource {
  all(): CameraConfig[];
  sourceUrl(id: string, profile: 'grid' | 'full'): string;
  unavailable(id: string): unknown;
}

/** Every configured camera as a probe target: its main stream, and its sub-stream if any. */
export function healthTargets(cameras: HealthCameraSource): HealthTarget[] {
  return cameras.all().map((camera) => ({
    cameraId: camera.id,
    number: camera.number,
    name: camera.name,
    // `full` reads the main stream, `grid` the sub-stream when there is one (registry rules).
    streams: [
      { stream: 'main' as const, url: cameras.sourceUrl(camera.id, 'full') },
      ...(camera.rtsp.sub ? [{ stream: 'sub' as const, url: cameras.sourceUrl(camera.id, 'grid') }] : []),
    ],
    unavailable: cameras.unavailable(camera.id) !== null,
  }));
}

export interface CameraHealth {
  service: CameraHealthService;
  handlers: HealthApiHandlers;
}

/** Starts probing every camera of `cameras`; the caller stops `service`. */
export function startCameraHealth(input: {
  cameras: HealthCameraSource;
  dataDir: string;
  nativeBinding?: string;
  tuning?: Partial<HealthTuning>;
}): CameraHealth {
  const service = new CameraHealthService({
    dataDir: input.dataDir,
    targets: () => healthTargets(input.cameras),
    tuning: input.tuning,
    nativeBinding: input.nativeBinding,
  });
  service.start();
  return { service, handlers: healthHandlers(service, input.dataDir) };
}
