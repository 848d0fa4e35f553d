import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditCommand } from '../../../src-main/core/audit/audit-cli';
import { auditPaths } from '../../../src-main/core/audit/audit-service';
import { AuditStore, type NewAuditEvent } from '../../../src-main/core/audit/audit-store';
import { openSqlite } from '../../../src-main/core/sqlite/sqlite-driver';

const chef = { id: 3, badge: 'C300', name: 'Chloé Chef', role: 'chef de salle' as const };

function event(index: number, overrides: Partial<NewAuditEvent> = {}): NewAuditEvent {
  return {
    at: new Date(Date.UTC(2025, 2, 1, 12, 0, index)).toISOString(),
    workstation: 'poste-1',
    operator: index % 2 ? chef : null,
    action: index % 2 ? 'tile.stop' : 'tile.start',
    cameraId: 'cam-012',
    durationMs: index % 2 ? 1500 : null,
    details: { slot: index, profile: 'grid' },
    ...overrides,
  };
}

function cli(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = auditCommand(argv, {
    out: (text) => (out += text),
    err: (text) => (err += text),
    readStdin: () => Promise.resolve(''),
  });
  return { code, out, err };
}

describe('the audit trail shares the logbook chain mechanism', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigie-audit-'));
    file = auditPaths(dir).database;
    mkdirSync(path.dirname(file), { recursive: true });
    const store = AuditStore.open(file);
    store.appendEvents([1, 2, 3, 4, 5].map((i) => event(i)));
    store.createRequisition(
      chef,
      'poste-1',
      new Date().toISOString(),
      {
        requestedAt: new Date().toISOString(),
        officerName: 'Lt Martin',
        officerQuality: 'OPJ',
        officerService: 'Commissariat central',
        procedureRef: 'PV 2025/123',
        cameraIds: ['cam-012'],
        periodFrom: '2025-03-01T10:00:00.000Z',
        periodTo: '2025-03-01T11:00:00.000Z',
        entryIds: [],
        note: '',
      },
      [
        {
          kind: 'snapshot',
          file: '/x/a.png',
          sha256: 'a'.repeat(64),
          bytes: 10,
          cameraId: 'cam-012',
          description: '',
          verified: false,
        },
      ],
    );
    store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses updates and deletes at the database level', () => {
    const store = AuditStore.open(file);
    try {
      expect(() => store.db.prepare("UPDATE audit_events SET details = '{}' WHERE id = 1").run()).toThrow(
        /append-only/,
      );
      expect(() => store.db.prepare('DELETE FROM requisition_items').run()).toThrow(/append-only/);
      expect(() => store.db.prepare('DELETE FROM audit_chain').run()).toThrow(/append-only/);
    } finally {
      store.close();
    }
  });

  it('verifies from the command line like the logbook', () => {
    expect(cli(['verify', '--data-dir', dir])).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^OK 7 records\nhead #7 [0-9a-f]{64}\n$/) as string,
    });
    expect(cli(['verify', '--db', path.join(dir, 'nothing.sqlite')]).code).toBe(2);
    expect(cli(['check']).code).toBe(2);
  });

  it('names the tampered record, even with the triggers dropped', () => {
    const db = openSqlite(file);
    db.exec('DROP TRIGGER audit_events_append_only_update');
    // Someone hides who watched camera 12: the row is edited behind the app's back.
    db.prepare('UPDATE audit_events SET operator_id = NULL, operator_badge = NULL WHERE id = 3').run();
    db.close();
    const result = cli(['verify', '--data-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(
      /^BROKEN record #3 \(audit_events id 3\): row content does not match its hash/,
    );
    expect(result.out).toMatch(/2 records verified before it/);
  });

  it('sees a deleted register item and a row slipped in without a link', () => {
    const db = openSqlite(file);
    db.exec('DROP TRIGGER requisition_items_append_only_delete');
    db.prepare('DELETE FROM requisition_items WHERE id = 1').run();
    db.close();
    expect(cli(['verify', '--data-dir', dir]).out).toMatch(
      /BROKEN record #7 \(requisition_items id 1\): the row was deleted/,
    );

    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.dirname(file), { recursive: true });
    const store = AuditStore.open(file);
    store.appendEvents([event(1)]);
    store.db
      .prepare(
        "INSERT INTO audit_events (at, workstation, action, details) VALUES (?, 'poste-1', 'core.stop', '{}')",
      )
      .run(new Date().toISOString());
    store.close();
    expect(cli(['verify', '--data-dir', dir]).out).toMatch(
      /BROKEN audit_events id 2: row is not in the chain/,
    );
  });

  it('pages events newest first with filters', () => {
    const store = AuditStore.open(file);
    try {
      const page = store.query({ operatorBadge: 'c300' }, 2);
      expect(page.events.map((e) => e.id)).toEqual([5, 3]);
      expect(page.nextBefore).toBe(3);
      expect(store.query({ operatorBadge: 'C300', before: 3 }, 2).events.map((e) => e.id)).toEqual([1]);
      expect(store.query({ unattributed: true }, 10).events.map((e) => e.id)).toEqual([4, 2]);
      expect(
        store.query({ actions: ['tile.stop'], to: '2025-03-01T12:00:03.000Z' }, 10).events,
      ).toMatchObject([
        { id: 3, durationMs: 1500, operator: { badge: 'C300' }, chain: { seq: 3 } },
        { id: 1 },
      ]);
      expect(store.heldHashes()).toEqual(new Set(['a'.repeat(64)]));
    } finally {
      store.close();
    }
  });
});
