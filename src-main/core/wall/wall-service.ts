import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
import { writeFileAtomic } from '../files/atomic-write';

const StoredWallsSchema = z.object({
  version: z.literal(1),
  displays: z.record(z.string(), WallStateSchema),
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface WallServiceOptions {
  dataDir: string;
  /** Where snapshots go: the site's folder from the config, else `<dataDir>/snapshots`. */
  snapshotsDir: string;
  /** The layout metro IT pre-set for a display (the starting point, and "back to IT's layout"). */
  presetFor(display: number): WallState;
  camera(id: string): CameraSummary | undefined;
  /** Sends a message to every connected window; returns how many got it. */
  broadcast(message: SpotMessage): number;
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

  constructor(private readonly options: WallServiceOptions) {
    this.file = path.join(options.dataDir, 'wall-state.json');
  }

  start(): void {
    if (!existsSync(this.file)) return;
    try {
      const stored = StoredWallsSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
      this.walls = new Map(
        Object.entries(stored.displays).map(([display, state]) => [Number(display), state]),
      );
    } catch (error) {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      renameSync(this.file, aside);
      log.error(
        `wall state unreadable, set aside as ${aside}; starting from the pre-set layouts: ${String(error)}`,
      );
    }
  }

  handlers(): WallHandlers {
    return {
      'wall.state.get': ({ display }) => {
        const preset = this.options.presetFor(display);
        const saved = this.walls.get(display);
        return { display, state: saved ?? preset, preset, saved: saved !== undefined };
      },
      'wall.state.save': ({ display, state }) => {
        this.walls.set(display, state);
        this.persist();
        return { savedAt: Date.now() };
      },
      'wall.state.reset': ({ display }) => {
        this.walls.delete(display);
        this.persist();
        return { state: this.options.presetFor(display) };
      },
      'spot.send': ({ display, cameraId }) => {
        if (cameraId !== null && !this.options.camera(cameraId))
          throw new Error(`unknown camera ${cameraId}`);
        log.info(`spot: display ${display} ← ${cameraId ?? '(cleared)'}`);
        return { delivered: this.options.broadcast({ type: 'spot', display, cameraId }) };
      },
      'snapshot.save': ({ cameraId, takenAt, operator, pngBase64 }) =>
        this.saveSnapshot(cameraId, takenAt, operator, pngBase64),
    };
  }

  private persist(): void {
    const stored = {
      version: 1 as const,
      displays: Object.fromEntries([...this.walls].map(([d, s]) => [String(d), s])),
    };
    writeFileAtomic(this.file, JSON.stringify(stored));
  }

  private saveSnapshot(
    cameraId: string,
    takenAt: string,
    operator: string,
    pngBase64: string,
  ): { file: string; sha256: string; bytes: number } {
    const camera = this.options.camera(cameraId);
    if (!camera) throw new Error(`unknown camera ${cameraId}`);
    const png = Buffer.from(pngBase64, 'base64');
    if (png.length < PNG_SIGNATURE.length || !png.subarray(0, 8).equals(PNG_SIGNATURE)) {
      throw new Error('snapshot is not a PNG');
    }
    const when = new Date(takenAt);
    const day = when.toISOString().slice(0, 10);
    const stamp = when.toISOString().replace(/[:.]/g, '-');
    const folder = path.join(this.options.snapshotsDir, day);
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `camera-${camera.number}_${stamp}.png`);
    writeFileSync(file, png, { flag: 'wx' });
    const sha256 = createHash('sha256').update(png).digest('hex');
    log.info(
      `snapshot of camera ${camera.number} by ${operator || 'unknown operator'}: ${file} sha256 ${sha256}`,
    );
    return { file, sha256, bytes: png.length };
  }
}
