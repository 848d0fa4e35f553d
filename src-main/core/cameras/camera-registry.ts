import type { CameraSummary, StreamProfile, StreamReason } from '../../../src-shared/contract';
import type { CameraConfig, TransportSetting } from '../config/config-schema';
import type { CameraCredentialStatus, CredentialProvider } from '../credentials/camera-credentials';
import type { CameraCredentials } from '../credentials/credential-vault';
import { registerSecret } from '../log/redact';

/**
 * The cameras this core knows, real and simulated alike. It is the only place that joins a
 * camera's URL with its credentials, and it hands the renderer summaries without either.
 *
 * Credentials come from the config when it has them (legacy, in clear), else from the sealed
 * vault through `credentials` (opened once at startup). A camera whose sealed credentials could
 * not be opened gets its URL without any: the camera answers 401 and the relay reports its
 * existing `credentials` reason, so only that camera is affected.
 */
/** Why a camera's stream cannot be started at all, in the contract's words. */
export interface Unavailable {
  reason: StreamReason;
  detail: string;
}

export class CameraRegistry {
  private readonly byId = new Map<string, CameraConfig>();
  private readonly demoIds = new Set<string>();
  private readonly unavailableIds = new Map<string, Unavailable>();

  constructor(
    cameras: readonly CameraConfig[],
    demoIds: Iterable<string> = [],
    private readonly credentials: CredentialProvider | null = null,
    /** The site's `video.transport`; a camera's own setting wins. */
    private readonly siteTransport: TransportSetting = 'mpeg1',
  ) {
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

  /**
   * Marks cameras whose source cannot exist (the demo fleet did not start): the relay then never
   * spawns ffmpeg for them and reports `reason` instead of retrying a server that is not there.
   */
  markUnavailable(ids: Iterable<string>, unavailable: Unavailable): void {
    for (const id of ids) this.unavailableIds.set(id, unavailable);
  }

  unavailable(id: string): Unavailable | null {
    return this.unavailableIds.get(id) ?? null;
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

  /** The camera's configured transport (its own, else the site's). */
  transportSetting(id: string): TransportSetting {
    return this.byId.get(id)?.video?.transport ?? this.siteTransport;
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
    const credentials = this.credentialsOf(camera);
    if (!credentials) return raw;
    const url = new URL(raw);
    url.username = encodeURIComponent(credentials.username);
    url.password = encodeURIComponent(credentials.password);
    return url.toString();
  }

  /**
   * Where each configured camera's credentials come from and what went wrong, for IT
   * (/api/credentials) and tests. Never carries a username or password.
   */
  credentialStatus(): CameraCredentialStatus[] {
    return this.all()
      .filter((camera) => !this.demoIds.has(camera.id))
      .map((camera) => {
        if (camera.credentials) return { cameraId: camera.id, source: 'config', problem: null };
        const sealed = this.credentials?.sealed(camera.id) === true;
        return {
          cameraId: camera.id,
          source: sealed ? 'vault' : 'none',
          problem: sealed ? (this.credentials?.problemFor(camera.id) ?? null) : null,
        };
      });
  }

  private credentialsOf(camera: CameraConfig): CameraCredentials | null {
    return camera.credentials ?? this.credentials?.credentialsFor(camera.id) ?? null;
  }
}
