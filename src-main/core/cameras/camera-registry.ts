import type { CameraSummary, StreamProfile } from '../../../src-shared/contract';
import type { CameraConfig } from '../config/config-schema';
import { registerSecret } from '../log/redact';

/**
 * The cameras this core knows, real and simulated alike. It is the only place that joins a
 * camera's URL with its credentials, and it hands the renderer summaries without either.
 */
export class CameraRegistry {
  private readonly byId = new Map<string, CameraConfig>();
  private readonly demoIds = new Set<string>();

  constructor(cameras: readonly CameraConfig[], demoIds: Iterable<string> = []) {
    for (const id of demoIds) this.demoIds.add(id);
    for (const camera of cameras) {
      this.byId.set(camera.id, camera);
      if (camera.credentials) registerSecret(camera.credentials.password);
    }
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): CameraConfig | undefined {
    return this.byId.get(id);
  }

  all(): CameraConfig[] {
    return [...this.byId.values()];
  }

  /** The camera's privacy masks (empty when none). */
  masks(id: string): NonNullable<CameraConfig['privacyMasks']> {
    return this.byId.get(id)?.privacyMasks ?? [];
  }

  /** Replaces a camera's masks (an admin edited them); the relay re-reads them at its next spawn. */
  setMasks(id: string, masks: NonNullable<CameraConfig['privacyMasks']>): void {
    const camera = this.byId.get(id);
    if (!camera) throw new Error(`unknown camera ${id}`);
    this.byId.set(id, { ...camera, privacyMasks: masks });
  }

  /** Sorted by number, the order operators think in. */
  summaries(): CameraSummary[] {
    return this.all()
      .map((camera) => ({
        id: camera.id,
        number: camera.number,
        name: camera.name,
        commune: camera.commune,
        zone: camera.zone,
        kind: camera.kind,
        hasSubStream: camera.rtsp.sub !== undefined,
        demo: this.demoIds.has(camera.id),
      }))
      .sort((a, b) => a.number - b.number);
  }

  /** Which of the camera's streams a profile reads: `grid` takes the sub-stream when there is one. */
  sourceVariant(id: string, profile: StreamProfile): 'main' | 'sub' {
    return profile === 'grid' && this.byId.get(id)?.rtsp.sub ? 'sub' : 'main';
  }

  /**
   * The URL ffmpeg opens for a profile, credentials included. `grid` uses the camera's
   * sub-stream when it has one: the camera already encodes it small, so nothing is scaled here.
   */
  sourceUrl(id: string, profile: StreamProfile): string {
    const camera = this.byId.get(id);
    if (!camera) throw new Error(`unknown camera ${id}`);
    const raw =
      this.sourceVariant(id, profile) === 'sub' ? (camera.rtsp.sub ?? camera.rtsp.main) : camera.rtsp.main;
    if (!camera.credentials) return raw;
    const url = new URL(raw);
    url.username = encodeURIComponent(camera.credentials.username);
    url.password = encodeURIComponent(camera.credentials.password);
    return url.toString();
  }
}
