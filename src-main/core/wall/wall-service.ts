import path from 'node:path';
import { z } from 'zod';
import {
  WallStateSchema,
  type ApiParams,
  type ApiResult,
  type CameraSummary,
  type SpotMessage,
  type WallState,
} from '../../../src-shared/contract';
import { log } from '../log/logger';
import { ServiceError, outcomeOf } from '../api/service-result';
import { writeFileAtomic } from '../files/atomic-write';
import type { SessionActor } from '../api/guard-types';
import { SnapshotWriter, type SavedSnapshot } from './snapshot-writer';
import { readJsonState } from '../files/json-state';

const StoredWallsSchema = z.object({
  version: z.literal(1),
  displays: z.record(z.string(), WallStateSchema),
});

export interface WallServiceOptions {
  dataDir: string;
  /** Where snapshots go: the site's folder from the config, else `<dataDir>/snapshots`. */
  snapshotsDir: string;
  /** The layout metro IT pre-set for a display (the starting point, and "back to IT's layout"). */
  presetFor(display: number): WallState;
  camera(id: string): CameraSummary | undefined;
  /** Sends a message to every connected window; returns how many got it. */
  broadcast(message: SpotMessage): number;
  /** The operator on duty, as the permission guard last saw them (snapshots are signed with it). */
  operatorOnDuty(): SessionActor | null;
  /** Bytes the snapshot folder may hold. */
  snapshotQuotaBytes?: number;
}

type WallHandlers = {
  [M in 'wall.state.get' | 'wall.state.save' | 'wall.state.reset' | 'spot.send' | 'snapshot.save']: (
    params: ApiParams<M>,
  ) => ApiResult<M> | Promise<ApiResult<M>>;
};

/**
 * Per-workstation wall state (layouts, tiles, pages, tours), the spot monitor and snapshots.
 * State is saved atomically (write then rename) so a power cut never leaves a half-written file,
 * and a corrupt file is set aside, not trusted: the wall then starts from IT's layout.
 */
export class WallService {
  private readonly file: string;
  private walls = new Map<number, WallState>();
  private readonly snapshots: SnapshotWriter;

  constructor(private readonly options: WallServiceOptions) {
    this.file = path.join(options.dataDir, 'wall-state.json');
    this.snapshots = new SnapshotWriter({
      folder: options.snapshotsDir,
      quotaBytes: options.snapshotQuotaBytes,
    });
  }

  start(): void {
    this.snapshots.start();
    const stored = readJsonState(
      this.file,
      StoredWallsSchema,
      'wall state',
      'starting from the pre-set layouts',
    );
    if (stored)
      this.walls = new Map(
        Object.entries(stored.displays).map(([display, state]) => [Number(display), state]),
      );
  }

  handlers(): WallHandlers {
    return {
      'wall.state.get': ({ display }) =>
        outcomeOf('wall.state.get', () => {
          const preset = this.options.presetFor(display);
          const saved = this.walls.get(display);
          return { display, state: saved ?? preset, preset, saved: saved !== undefined };
        }),
      'wall.state.save': ({ display, state }) =>
        outcomeOf('wall.state.save', () => {
          this.walls.set(display, state);
          this.persist();
          return { savedAt: Date.now() };
        }),
      'wall.state.reset': ({ display }) =>
        outcomeOf('wall.state.reset', () => {
          this.walls.delete(display);
          this.persist();
          return { state: this.options.presetFor(display) };
        }),
      'spot.send': ({ display, cameraId }) =>
        outcomeOf('spot.send', () => {
          // A typed refusal: the window says the camera is unknown, the log one line (no stack).
          if (cameraId !== null && !this.options.camera(cameraId))
            throw new ServiceError('not-found', `unknown camera ${cameraId}`);
          log.info(`spot: display ${display} ← ${cameraId ?? '(cleared)'}`);
          return { delivered: this.options.broadcast({ type: 'spot', display, cameraId }) };
        }),
      'snapshot.save': ({ cameraId, pngBase64 }) =>
        outcomeOf('snapshot.save', () => this.saveSnapshot(cameraId, pngBase64)),
    };
  }

  private persist(): void {
    const stored = {
      version: 1 as const,
      displays: Object.fromEntries([...this.walls].map(([d, s]) => [String(d), s])),
    };
    writeFileAtomic(this.file, JSON.stringify(stored));
  }

  private async saveSnapshot(cameraId: string, pngBase64: string): Promise<SavedSnapshot> {
    const camera = this.options.camera(cameraId);
    if (!camera) throw new ServiceError('not-found', `unknown camera ${cameraId}`);
    const operator = this.options.operatorOnDuty();
    if (!operator) throw new ServiceError('not-logged-in', 'log in first');
    const saved = await this.snapshots.save(camera, Buffer.from(pngBase64, 'base64'), operator);
    log.info(
      `snapshot of camera ${camera.number} by ${operator.badge}: ${saved.file} sha256 ${saved.sha256}`,
    );
    return saved;
  }
}
