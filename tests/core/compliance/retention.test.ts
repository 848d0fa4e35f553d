import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditService } from '../../../src-main/core/audit/audit-service';
import { CameraRegistry } from '../../../src-main/core/cameras/camera-registry';
import { ComplianceService } from '../../../src-main/core/compliance/compliance-service';
import { fileSha256, purgeExpired } from '../../../src-main/core/compliance/retention';
import { setupLogging } from '../../../src-main/core/log/logger';

const DAY = 24 * 3600_000;

function old(file: string, days: number, content = file): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  const when = new Date(Date.now() - days * DAY);
  utimesSync(file, when, when);
}

describe('retention', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigie-retention-'));
    setupLogging({ dataDir: path.join(dir, 'logs'), consoleLevel: false });
  });
  afterEach(() => {
    // The logger is process-wide: point it away before its folder disappears.
    setupLogging({ dataDir: path.join(tmpdir(), 'vigie-test-logs'), consoleLevel: false });
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes only expired files, keeps held ones and files being written, and hashes what it deletes', async () => {
    const snapshots = path.join(dir, 'snapshots');
    const exportsDir = path.join(dir, 'exports');
    old(path.join(snapshots, '2025-01-01', 'a.png'), 40, 'expired');
    old(path.join(snapshots, '2025-01-01', 'held.png'), 40, 'handed over');
    old(path.join(snapshots, '2025-03-01', 'recent.png'), 3, 'recent');
    old(path.join(snapshots, '2025-01-01', 'b.png.partial'), 40, 'being written');
    old(path.join(exportsDir, 'audit-1.csv'), 10, 'csv');
    const held = new Set([await fileSha256(path.join(snapshots, '2025-01-01', 'held.png'))]);
    const report = await purgeExpired({
      snapshotsDir: snapshots,
      auditExportsDir: exportsDir,
      settings: { snapshotsDays: 30, auditExportsDays: null },
      now: new Date(),
      trigger: 'manual',
      held,
    });
    expect(report.snapshots).toMatchObject({ deleted: 1, held: 1, bytes: 'expired'.length });
    expect(report.auditExports.deleted).toBe(0);
    expect(report.files.map((f) => path.basename(f.file))).toEqual(['a.png']);
    expect(existsSync(path.join(snapshots, '2025-03-01', 'recent.png'))).toBe(true);
    expect(existsSync(path.join(snapshots, '2025-01-01', 'b.png.partial'))).toBe(true);
    expect(existsSync(path.join(exportsDir, 'audit-1.csv'))).toBe(true);
  });

  it('runs the daily purge by itself and records it in the audit chain', async () => {
    old(path.join(dir, 'snapshots', '2025-01-01', 'a.png'), 40);
    const audit = new AuditService({
      dataDir: dir,
      workstation: 'poste-1',
      siteName: 'CSU',
      flushDelayMs: 5,
    });
    audit.start();
    const service = new ComplianceService({
      dataDir: dir,
      workstation: 'poste-1',
      siteName: 'CSU',
      snapshotsDir: path.join(dir, 'snapshots'),
      audit,
      cameras: new CameraRegistry([]),
      relay: { updateMasks: () => 0, tapSource: () => () => undefined },
      purge: { firstCheckMs: 10, checkEveryMs: 60_000 },
    });
    service.start();
    try {
      const deadline = Date.now() + 5000;
      let purges: unknown[] = [];
      while (Date.now() < deadline && purges.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        audit.flush();
        purges = audit.auditStore!.query({ actions: ['retention.purge'] }, 10).events;
      }
      expect(purges).toMatchObject([
        { operator: null, details: { trigger: 'daily', snapshots: { deleted: 1 } } },
      ]);
      expect(service.retention.lastPurge).toMatchObject({ trigger: 'daily' });
      expect(audit.auditStore!.verify().ok).toBe(true);
    } finally {
      await service.stop();
      await audit.stop();
    }
  });
});
