import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  PurgeReportSchema,
  RetentionSettingsSchema,
  type PurgeReport,
  type RetentionSettings,
} from '../../../src-shared/contract';
import { writeFileAtomic } from '../files/atomic-write';
import { readJsonState } from '../files/json-state';

/**
 * Defaults: snapshots one month (the longest French law allows for recorded images, CSI
 * L252-5), audit exports six months. Admins change both; null keeps files without limit.
 */
export const DEFAULT_RETENTION: RetentionSettings = { snapshotsDays: 30, auditExportsDays: 180 };

const LastPurgeSchema = PurgeReportSchema.omit({ files: true, failures: true });
const FileSchema = z.object({
  version: z.literal(1),
  settings: RetentionSettingsSchema,
  lastPurge: LastPurgeSchema.nullable(),
});
type StoredRetention = z.infer<typeof FileSchema>;

const DAY_MS = 24 * 3600_000;

/**
 * Retention settings and the last purge, in `<dataDir>/retention.json` (written atomically).
 * Changes are recorded in the audit trail by the compliance service, with old and new values.
 */
export class RetentionSettingsFile {
  readonly file: string;
  private stored: StoredRetention = { version: 1, settings: DEFAULT_RETENTION, lastPurge: null };

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'retention.json');
  }

  load(): void {
    this.stored = readJsonState(this.file, FileSchema, 'retention settings', 'defaults apply') ?? this.stored;
  }

  get settings(): RetentionSettings {
    return this.stored.settings;
  }

  get lastPurge(): StoredRetention['lastPurge'] {
    return this.stored.lastPurge;
  }

  setSettings(settings: RetentionSettings): void {
    this.write({ ...this.stored, settings });
  }

  setLastPurge(report: PurgeReport): void {
    const { at, trigger, snapshots, auditExports } = report;
    this.write({ ...this.stored, lastPurge: { at, trigger, snapshots, auditExports } });
  }

  private write(next: StoredRetention): void {
    writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
    this.stored = next;
  }
}

/** SHA-256 of a file, streamed (snapshots can be large and many). */
export function fileSha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Removes empty sub-folders (the snapshot day folders), never `root` itself. */
async function pruneEmptyDirs(root: string, dir: string = root): Promise<void> {
  if (!existsSync(dir)) return;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await pruneEmptyDirs(root, path.join(dir, entry.name));
  }
  if (dir !== root && (await readdir(dir)).length === 0) await rmdir(dir).catch(() => undefined);
}

export interface PurgeInput {
  snapshotsDir: string;
  auditExportsDir: string;
  settings: RetentionSettings;
  now: Date;
  trigger: PurgeReport['trigger'];
  /** SHA-256 of files listed in the extraction register: kept, they were handed over. */
  held: ReadonlySet<string>;
}

/**
 * Deletes the files older than their retention (by modification time): snapshots and audit
 * exports. Each file is hashed before it goes, so the purge's audit record says exactly what
 * was destroyed. Snapshots listed in the extraction register are kept (counted as `held`).
 * Files being written (`.partial`, `.tmp`) are never touched.
 */
export async function purgeExpired(input: PurgeInput): Promise<PurgeReport> {
  const report: PurgeReport = {
    at: input.now.toISOString(),
    trigger: input.trigger,
    snapshots: { deleted: 0, bytes: 0, held: 0 },
    auditExports: { deleted: 0, bytes: 0 },
    files: [],
    failures: [],
  };
  const groups = [
    { kind: 'snapshot' as const, dir: input.snapshotsDir, days: input.settings.snapshotsDays },
    { kind: 'audit-export' as const, dir: input.auditExportsDir, days: input.settings.auditExportsDays },
  ];
  for (const group of groups) {
    if (group.days === null) continue;
    const cutoff = input.now.getTime() - group.days * DAY_MS;
    for (const file of await filesUnder(group.dir)) {
      if (/\.(partial|tmp)$/.test(file)) continue;
      try {
        const info = await stat(file);
        if (info.mtimeMs >= cutoff) continue;
        const sha256 = await fileSha256(file);
        if (group.kind === 'snapshot' && input.held.has(sha256)) {
          report.snapshots.held += 1;
          continue;
        }
        await rm(file);
        report.files.push({ kind: group.kind, file, sha256, bytes: info.size });
        const totals = group.kind === 'snapshot' ? report.snapshots : report.auditExports;
        totals.deleted += 1;
        totals.bytes += info.size;
      } catch (error) {
        report.failures.push({ file, message: (error as Error).message });
      }
    }
    if (group.kind === 'snapshot') await pruneEmptyDirs(group.dir);
  }
  return report;
}
