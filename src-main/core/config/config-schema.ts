import { z } from 'zod';
import { CameraIdSchema, CameraKindSchema, LayoutSchema, MAX_GRID_SIDE } from '../../../src-shared/contract';
import { isSecretQueryParam } from '../log/redact';
import { crossCheckConfig, DEFAULT_DEMO_FIRST_NUMBER } from './config-cross-checks';

/**
 * Schema of the machine-wide configuration file that metro IT deploys.
 *
 * Credentials sit beside the URL, never inside it (neither `user:pass@` nor a query string's
 * `?user=…&passwd=…`, which many cameras accept), so the config can be reviewed, diffed and
 * logged with the secrets masked, and so one password change touches one field. A query string
 * would also carry the password into ffmpeg's error lines, hence into every window's tile detail.
 */
const rtspUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'rtsp:' || url.protocol === 'rtsps:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'expected an rtsp:// URL with a host')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.username === '' && url.password === '';
    } catch {
      return true;
    }
  }, 'credentials must go in "credentials", not in the URL')
  .superRefine((value, ctx) => {
    let search: string;
    try {
      search = new URL(value).search;
    } catch {
      return;
    }
    // Split on `;` as well as `&`: some cameras accept either, and redaction masks both.
    const keys = search
      .slice(1)
      .split(/[&;]/)
      .map((pair) => pair.split('=')[0] ?? '');
    const names = [...new Set(keys)].filter(isSecretQueryParam);
    if (names.length === 0) return;
    // Names only, never the values: this message is printed by check-config and logged.
    ctx.addIssue({
      code: 'custom',
      message:
        `credentials must go in "credentials", not in the URL: remove ${names.map((n) => `"${n}"`).join(', ')} ` +
        'from the query string and set "credentials": { "username": "…", "password": "…" } on this camera ' +
        '(better: seal them with `vigie --seal-credentials=FILE`, see README, Deployment)',
    });
  });

/**
 * How a camera's video reaches the windows: `mpeg1` (the default: transcoded for JSMpeg, the
 * client's design), `h264` (the camera's own H.264 relayed untouched, decoded by WebCodecs where
 * the window can), or `auto` (H.264 for a maximised tile, and for the grid where the camera has a
 * sub-stream). Masked cameras and windows without an H.264 decoder always get MPEG-1.
 */
export const TransportSettingSchema = z.enum(['mpeg1', 'h264', 'auto']);
export type TransportSetting = z.infer<typeof TransportSettingSchema>;
export const VideoConfigSchema = z.strictObject({ transport: TransportSettingSchema });

export const CredentialsSchema = z.strictObject({
  username: z.string().min(1),
  password: z.string(),
});

export const CameraConfigSchema = z.strictObject({
  id: CameraIdSchema,
  number: z.number().int().min(0).max(999_999),
  name: z.string().min(1).max(120),
  commune: z.string().min(1).max(120),
  zone: z.string().min(1).max(120),
  kind: CameraKindSchema,
  rtsp: z.strictObject({
    main: rtspUrl,
    sub: rtspUrl.optional(),
  }),
  credentials: CredentialsSchema.optional(),
  /** This camera's transport, over the site's `video.transport`. */
  video: VideoConfigSchema.optional(),
  /**
   * Private spaces (homes, their entrances) masked irremediably: polygons in normalised
   * coordinates (0..1 of width and height), burnt into every profile before encoding.
   */
  privacyMasks: z
    .array(
      z.strictObject({
        points: z
          .array(z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]))
          .min(3)
          .max(64),
      }),
    )
    .max(32)
    .optional(),
});
export type CameraConfig = z.infer<typeof CameraConfigSchema>;

export const DisplayConfigSchema = z.strictObject({
  /** Display number as operators count them: 1 is the leftmost monitor. */
  display: z.number().int().min(1).max(16),
  layout: LayoutSchema.optional(),
  fullscreen: z.boolean().optional(),
  kiosk: z.boolean().optional(),
});
export type DisplayConfig = z.infer<typeof DisplayConfigSchema>;

export const WorkstationConfigSchema = z.strictObject({
  displays: z.array(DisplayConfigSchema).max(16),
});
export type WorkstationConfig = z.infer<typeof WorkstationConfigSchema>;

export const DemoConfigSchema = z.strictObject({
  count: z.number().int().min(1).max(256),
  /** Number operators type for demo-1; the others follow. */
  firstNumber: z.number().int().min(0).max(999_000).default(DEFAULT_DEMO_FIRST_NUMBER),
  /** Simulated picture; smaller and slower makes large training or test walls cheap to simulate. */
  width: z.number().int().min(64).max(1920).default(640),
  height: z.number().int().min(36).max(1080).default(360),
  fps: z.number().int().min(1).max(30).default(25),
});

/** A seat's name in the room (letters, digits, `.`, `_`, `-`): part of its PostgreSQL role name. */
export const ROOM_SEAT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,47}$/;

/**
 * The room's shared PostgreSQL store (docs/room.md). Absent: the logbook is the local SQLite one
 * and nothing else changes. The password is never in the config, in clear or otherwise: it is read
 * from `passwordFile` (written 0600 by `vigie room init`) or, with `passwordSealed`, from the
 * seat's sealed vault (safeStorage, like camera passwords). A `password` key is refused with a
 * message that says where it goes instead, and never quotes it.
 */
export const RoomPostgresConfigSchema = z
  .strictObject({
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65_535).default(5432),
    database: z.string().min(1).max(63),
    user: z.string().min(1).max(63),
    passwordFile: z.string().min(1).optional(),
    passwordSealed: z.literal(true).optional(),
    /** Only here to be refused with a clear message (see the superRefine). */
    password: z.unknown().optional(),
  })
  .superRefine((postgres, ctx) => {
    if (postgres.password !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message:
          'the room password never goes in the config: set "passwordFile" to the file `vigie room init` ' +
          'wrote, or seal it and set "passwordSealed": true (see docs/room.md)',
      });
    }
    const sources = [postgres.passwordFile !== undefined, postgres.passwordSealed === true].filter(Boolean);
    if (postgres.password === undefined && sources.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'expected exactly one of "passwordFile" or "passwordSealed": true',
      });
    }
  });
export type RoomPostgresConfig = z.infer<typeof RoomPostgresConfigSchema>;

export const RoomConfigSchema = z.strictObject({
  postgres: RoomPostgresConfigSchema,
  /** This seat's name in the room; the workstation name when absent. */
  seat: z
    .string()
    .regex(
      ROOM_SEAT_NAME,
      'expected 1 to 48 letters, digits, ".", "_" or "-", starting with a letter or digit',
    )
    .optional(),
});
export type RoomConfig = z.infer<typeof RoomConfigSchema>;

/**
 * Instant replay (docs/replay.md): the last `seconds` of every camera stream this workstation
 * receives, kept in memory only (never on disk). `maxMbPerCamera` bounds one stream (120 s of a
 * 4 Mbit/s main stream is 60 MB), `maxMbTotal` all of them; past either bound the oldest GOPs go.
 */
export const ReplayConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  seconds: z.number().int().min(10).max(600).default(120),
  maxMbPerCamera: z.number().int().min(1).max(1024).default(64),
  maxMbTotal: z.number().int().min(1).max(16_384).default(1024),
});
export type ReplayConfig = z.infer<typeof ReplayConfigSchema>;

/**
 * Most cameras one configuration may list. Every window's welcome carries every camera's summary
 * and the wall's pickers list them all: a 100,000-camera file made a 12.6 MB welcome per window.
 * 2,000 (a large urban centre has a few hundred) keeps it to a few hundred KB, 2.4 MB at worst.
 */
export const MAX_CAMERAS = 2000;

export const VigieConfigSchema = z
  .strictObject({
    version: z.literal(1),
    site: z.strictObject({ name: z.string().min(1).max(120) }).default({ name: 'CSU' }),
    cameras: z
      .array(CameraConfigSchema)
      .max(MAX_CAMERAS, `at most ${MAX_CAMERAS} cameras are supported per configuration`)
      .default([]),
    demo: DemoConfigSchema.optional(),
    /** The site's video transport (`mpeg1` when absent); a camera's own `video` overrides it. */
    video: VideoConfigSchema.optional(),
    /** Where operators' snapshots are written (a site share or local folder chosen by IT). */
    snapshots: z
      .strictObject({
        folder: z.string().min(1).optional(),
        /** Most the folder may hold, in MB (default 2048): snapshots must not fill the logbook's disk. */
        quotaMb: z.number().int().min(1).max(1_000_000).optional(),
      })
      .optional(),
    /** How Vigie protects the secrets it stores itself (see README, Deployment, camera passwords). */
    security: z
      .strictObject({
        /**
         * Accept sealing camera passwords with a safeStorage backend that only obfuscates (Linux
         * `basic_text`, a session without a desktop keyring). Off by default: the vault would
         * otherwise promise a protection it does not give. When on, sealing warns instead.
         */
        allowObfuscatedCredentials: z.boolean().default(false),
      })
      .optional(),
    /** Instant replay's memory buffer; absent: the defaults (120 s, 64 MB per stream, 1 GB in all). */
    replay: ReplayConfigSchema.optional(),
    /** The room's shared PostgreSQL main courante (docs/room.md); absent, each seat keeps its own. */
    room: RoomConfigSchema.optional(),
    /** Keyed by workstation name (the host name unless overridden); "default" applies to the rest. */
    workstations: z.record(z.string().min(1), WorkstationConfigSchema).default({}),
  })
  .superRefine((config, ctx) => {
    for (const problem of crossCheckConfig(config))
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });
export type VigieConfig = z.infer<typeof VigieConfigSchema>;

export { MAX_GRID_SIDE };
