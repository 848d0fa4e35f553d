/**
 * The video wall's part of the contract: per-display wall state (layout, tiles, pages, tours),
 * the spot monitor and snapshots. Re-exported by contract.ts, which stays the one module both
 * sides import. The core stores wall state as given (validated here) and never interprets it
 * beyond that, so the wall's UX can evolve in the renderer alone.
 */
import { z } from 'zod';
import { CameraIdSchema, outcome } from './primitives';

const cameraId = CameraIdSchema;

/** Largest snapshot picture accepted, base64 (≈ 6 MB of PNG: a 4K frame compresses below it). */
export const MAX_SNAPSHOT_BASE64 = 8_000_000;

/** Layout names operators pick from; `custom` is drawn by merging cells in the editor. */
export const LayoutPresetSchema = z.enum(['1', '2x2', '3x3', '4x4', '1+5', '1+7', '1+12', 'custom']);
export type LayoutPreset = z.infer<typeof LayoutPresetSchema>;

/** One tile's rectangle on the layout's grid, in grid cells. */
export const WallCellSchema = z.object({
  x: z.number().int().min(0).max(7),
  y: z.number().int().min(0).max(7),
  w: z.number().int().min(1).max(8),
  h: z.number().int().min(1).max(8),
});
export type WallCell = z.infer<typeof WallCellSchema>;

export const WallLayoutSchema = z.object({
  preset: LayoutPresetSchema,
  columns: z.number().int().min(1).max(8),
  rows: z.number().int().min(1).max(8),
  cells: z.array(WallCellSchema).min(1).max(64),
});
export type WallLayout = z.infer<typeof WallLayoutSchema>;

export const TourSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(120),
  steps: z
    .array(z.object({ cameraId, dwellSeconds: z.number().int().min(2).max(3600) }))
    .min(1)
    .max(200),
});
export type Tour = z.infer<typeof TourSchema>;

/** Longest `assignments` list: 64 pages of up to 16 tiles, or fewer pages of larger layouts. */
export const MAX_WALL_ASSIGNMENTS = 1024;

/**
 * Largest wall state the core stores for one display, as UTF-8 JSON. The core keeps every
 * display's state in memory, writes them all to one file and sends a state back on every
 * `wall.state.get`, to any window, logged in or not: unbounded, one 5 MB state asked for again
 * and again grew the core's heap without limit. A real wall (64 tiles, a dozen tours) is a few
 * KB; 256 KiB leaves room for long tours while 16 displays stay under 4 MiB on disk.
 */
export const MAX_WALL_STATE_BYTES = 256 * 1024;

/** Size of a value as UTF-8 JSON, in the renderer as in the core (a browser has no Buffer). */
function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

/**
 * Everything an operator arranged on one display, restored at restart. `assignments` is
 * page-major: tile i of page p is `assignments[p * cells.length + i]`. Every field is bounded,
 * and so is the whole (MAX_WALL_STATE_BYTES), checked on every save before the handler runs.
 */
export const WallStateSchema = z
  .object({
    version: z.literal(1),
    layout: WallLayoutSchema,
    assignments: z.array(cameraId.nullable()).max(MAX_WALL_ASSIGNMENTS),
    page: z.number().int().min(0).max(63),
    tours: z.array(TourSchema).max(50),
    /** Tour running in a tile, by tile index (as a string key, one of the `assignments` slots). */
    tileTours: z
      .record(z.string().regex(/^\d{1,4}$/), z.string().min(1).max(64))
      .refine((tours) => Object.keys(tours).length <= MAX_WALL_ASSIGNMENTS, {
        message: `at most ${MAX_WALL_ASSIGNMENTS} tiles run a tour`,
      }),
    /**
     * Which tile of a page receives cameras sent to this display's spot monitor (index within the
     * page; absent means the first tile). Optional so states saved before it existed stay valid.
     */
    spotTile: z.number().int().min(0).max(63).optional(),
    /** The display this one sends its spot camera to by default (absent: the next display). */
    spotTarget: z.number().int().min(1).max(16).optional(),
  })
  .superRefine((state, ctx) => {
    const bytes = jsonBytes(state);
    if (bytes > MAX_WALL_STATE_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `wall state too large: ${bytes} bytes of JSON, at most ${MAX_WALL_STATE_BYTES} (256 KiB)`,
      });
    }
  });
export type WallState = z.infer<typeof WallStateSchema>;

/** Builds the wall state of a plain columns × rows grid (the config's pre-set layouts). */
export function gridWallState(columns: number, rows: number, tiles: readonly (string | null)[]): WallState {
  const cells: WallCell[] = [];
  for (let y = 0; y < rows; y += 1) for (let x = 0; x < columns; x += 1) cells.push({ x, y, w: 1, h: 1 });
  const preset: LayoutPreset =
    columns === rows && [1, 2, 3, 4].includes(columns)
      ? columns === 1
        ? '1'
        : (`${columns}x${rows}` as LayoutPreset)
      : 'custom';
  return {
    version: 1,
    layout: { preset, columns, rows, cells },
    assignments: Array.from({ length: cells.length }, (_, i) => tiles[i] ?? null),
    page: 0,
    tours: [],
    tileTours: {},
  };
}

const display = z.number().int().min(1).max(16);

export const WallApiMethods = {
  /** The display's saved state (or the pre-set one), and the pre-set one for "back to IT's layout". */
  'wall.state.get': {
    params: z.object({ display }),
    result: outcome(
      z.object({ display, state: WallStateSchema, preset: WallStateSchema, saved: z.boolean() }),
    ),
  },
  'wall.state.save': {
    params: z.object({ display, state: WallStateSchema }),
    result: outcome(z.object({ savedAt: z.number() })),
  },
  /** Forgets the operator's arrangement: the display goes back to metro IT's layout. */
  'wall.state.reset': {
    params: z.object({ display }),
    result: outcome(z.object({ state: WallStateSchema })),
  },
  /** Sends a camera to a display's spot tile; every window of that display gets a `spot` message. */
  'spot.send': {
    params: z.object({ display, cameraId: cameraId.nullable() }),
    result: outcome(z.object({ delivered: z.number().int().nonnegative() })),
  },
  /**
   * Saves a snapshot of a tile into the site's snapshot folder, for the operator on duty. The
   * renderer sends only the decoded picture (masks already burnt in by the core's transcoder); the
   * core adds the caption — camera, its own clock, the operator it has logged in — so neither the
   * time nor the name can come from the client. Audited; refused while the trail cannot write.
   */
  'snapshot.save': {
    params: z.strictObject({ cameraId, pngBase64: z.string().min(100).max(MAX_SNAPSHOT_BASE64) }),
    result: outcome(
      z.object({
        file: z.string(),
        sha256: z.string().length(64),
        bytes: z.number().int().positive(),
        takenAt: z.string(),
        caption: z.string(),
      }),
    ),
  },
} as const;

/** Pushed by the core to every window when a camera is sent to a display's spot tile. */
export const SpotMessageSchema = z.object({
  type: z.literal('spot'),
  display,
  cameraId: cameraId.nullable(),
});
export type SpotMessage = z.infer<typeof SpotMessageSchema>;
