import path from 'node:path';
import { z } from 'zod';
import { MaskPolygonSchema, MAX_MASKS_PER_CAMERA, type MaskPolygon } from '../../../src-shared/contract';
import { writeFileAtomic } from '../files/atomic-write';
import { readJsonState } from '../files/json-state';

const OverrideSchema = z.object({
  masks: z.array(MaskPolygonSchema).max(MAX_MASKS_PER_CAMERA),
  updatedAt: z.string(),
  /** "Name (badge)" of the admin who saved them. */
  updatedBy: z.string(),
});
export type MaskOverride = z.infer<typeof OverrideSchema>;

const FileSchema = z.object({
  version: z.literal(1),
  cameras: z.record(z.string(), OverrideSchema),
});

/**
 * Privacy masks edited by an admin, kept in `<dataDir>/privacy-masks.json`.
 *
 * The machine-wide config is read-only for the app (IT deploys it, Users only read it), so edits
 * are an overlay: at start, a camera listed here takes these masks instead of the config's (an
 * empty list included: the admin removed them). Written atomically (temp file then rename), so a
 * power cut leaves the previous masks, never a half-written file. An unreadable file is set
 * aside and reported, and the config's masks apply: the safe direction is "masked as IT said".
 */
export class MaskOverrides {
  readonly file: string;
  private cameras = new Map<string, MaskOverride>();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'privacy-masks.json');
  }

  load(): void {
    const parsed = readJsonState(this.file, FileSchema, 'privacy mask overrides', "the config's masks apply");
    if (parsed) this.cameras = new Map(Object.entries(parsed.cameras));
  }

  get(cameraId: string): MaskOverride | undefined {
    return this.cameras.get(cameraId);
  }

  entries(): [string, MaskOverride][] {
    return [...this.cameras];
  }

  set(cameraId: string, masks: readonly MaskPolygon[], updatedBy: string, at: Date): MaskOverride {
    const override: MaskOverride = {
      masks: masks.map((m) => ({ points: [...m.points] })),
      updatedAt: at.toISOString(),
      updatedBy,
    };
    const next = new Map(this.cameras).set(cameraId, override);
    const stored = { version: 1 as const, cameras: Object.fromEntries(next) };
    writeFileAtomic(this.file, `${JSON.stringify(stored, null, 2)}\n`);
    this.cameras = next;
    return override;
  }
}
