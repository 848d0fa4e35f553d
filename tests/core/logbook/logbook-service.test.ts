import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiMethods, type Outcome } from '../../../src-shared/contract';
import { parseCsv } from '../../../src-main/core/documents/csv';
import {
  LogbookService,
  logbookPaths,
  type LogbookApiHandlers,
} from '../../../src-main/core/logbook/logbook-service';
import { openSqlite } from '../../../src-main/core/sqlite/sqlite-driver';
import { SCHEMA_VERSION } from '../../../src-main/core/logbook/migrations';
import { quietLogs, scratchDir } from './logbook-support';

quietLogs();

const FAST_SCRYPT = { N: 1 << 10, r: 8, p: 1 };

/** The text of a PDF file, as poppler's pdftotext reads it (apt-get install poppler-utils). */
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops) await stop();
  stops = [];
});

interface Rig {
  service: LogbookService;
  api: LogbookApiHandlers;
  dataDir: string;
  clock: { now: number };
}

async function rig(overrides: Partial<ConstructorParameters<typeof LogbookService>[0]> = {}): Promise<Rig> {
  const { dir, cleanup } = scratchDir();
  const clock = { now: Date.now() };
  const service = new LogbookService({
    dataDir: dir,
    workstation: 'poste-1',
    siteName: 'CSU Test',
    scrypt: FAST_SCRYPT,
    now: () => new Date(clock.now),
    backup: { enabled: false },
    cameraLookup: (id) =>
      id === 'cam-012' ? { number: 12, commune: 'Vigieville', name: 'Place de la Mairie' } : null,
    ...overrides,
  });
  await service.start();
  await service.whenVerified();
  stops.push(async () => {
    await service.stop();
    cleanup();
  });
  return { service, api: service.handlers(), dataDir: dir, clock };
}

/** Calls a handler the way the socket does: params parsed by the contract, result checked by it. */
async function call<M extends keyof LogbookApiHandlers>(
  r: Rig,
  method: M,
  params: unknown,
): Promise<Outcome<unknown> & { value?: never }> {
  const spec = ApiMethods[method];
  const parsed = spec.params.parse(params ?? {});
  const handler = r.api[method] as (p: unknown) => Promise<unknown>;
  const result = await handler(parsed);
  return spec.result.parse(result) as never;
}

function value<T = Record<string, unknown>>(outcome: Outcome<unknown>): T {
  if (!outcome.ok) throw new Error(`expected ok, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.value as T;
}

const entry = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  observedAt: new Date(Date.now() - 60_000).toISOString(),
  category: 'rixe',
  commune: 'Vigieville',
  place: 'Gare',
  cameras: [12],
  description: 'Rixe devant la gare',
  status: 'en cours',
  ...overrides,
});

async function admin(r: Rig): Promise<void> {
  value(await call(r, 'operators.bootstrapAdmin', { name: 'Ada Admin', badge: 'ADM1', pin: '9999' }));
}

describe('first start and sessions', () => {
  it('creates the first admin only while no operator exists, then requires logins', async () => {
    const r = await rig();
    expect(value(await call(r, 'session.status', {}))).toMatchObject({ state: 'none', needsBootstrap: true });
    // Nothing but status, integrity and bootstrap works before that.
    const refused = await call(r, 'logbook.create', entry());
    expect(!refused.ok && refused.error.code).toBe('not-logged-in');
    await admin(r);
    expect(value(await call(r, 'session.status', {}))).toMatchObject({
      state: 'active',
      needsBootstrap: false,
      operator: { badge: 'ADM1', role: 'admin' },
    });
    const again = await call(r, 'operators.bootstrapAdmin', { name: 'Eve', badge: 'EVE', pin: '1111' });
    expect(!again.ok && again.error.code).toBe('already-initialized');
    value(await call(r, 'operators.add', { name: 'Olga Op', badge: 'OP1', role: 'operator', pin: '1234' }));
    value(await call(r, 'session.logout', {}));
    for (const method of [
      'logbook.create',
      'logbook.amend',
      'logbook.followUp',
      'shifts.open',
      'logbook.export',
    ] as const) {
      const params =
        method === 'logbook.create'
          ? entry()
          : method === 'logbook.amend'
            ? { entryId: 1, reason: 'x', changes: { place: 'y' } }
            : method === 'logbook.followUp'
              ? { entryId: 1, note: 'x', status: 'clos' }
              : method === 'logbook.export'
                ? { filter: {}, format: 'csv' }
                : {};
      const outcome = await call(r, method, params);
      expect(!outcome.ok && outcome.error.code, method).toBe('not-logged-in');
    }
    const bad = await call(r, 'session.login', { badge: 'OP1', pin: '0000' });
    expect(!bad.ok && bad.error.code).toBe('bad-credentials');
    expect(value(await call(r, 'session.login', { badge: 'op1', pin: '1234' }))).toMatchObject({
      state: 'active',
      operator: { badge: 'OP1' },
    });
    // An operator cannot add operators.
    const forbidden = await call(r, 'operators.add', { name: 'X', badge: 'X1', role: 'admin', pin: '1234' });
    expect(!forbidden.ok && forbidden.error.code).toBe('forbidden');
    // The service itself applies the core's permission table, even when called without the guard.
    for (const [method, params] of [
      ['logbook.export', { filter: {}, format: 'csv' }],
      ['logbook.backup', {}],
      ['logbook.taxonomyAdd', { kind: 'category', label: 'Essai' }],
    ] as const) {
      const refused = await call(r, method, params);
      expect(!refused.ok && refused.error.code, method).toBe('forbidden');
      expect(!refused.ok && refused.error.message, method).toMatch(/^reserved to: .*admin/);
    }
  });

  it('locks after inactivity, refuses writes while locked, and unlocks with the PIN', async () => {
    const r = await rig({ idleTimeoutMs: 15 * 60_000 });
    await admin(r);
    value(await call(r, 'shifts.open', {}));
    r.clock.now += 10 * 60_000;
    value(await call(r, 'session.touch', {}));
    r.clock.now += 10 * 60_000;
    value(await call(r, 'logbook.create', entry()));
    r.clock.now += 15 * 60_000;
    const status = value<{ state: string; operator: { badge: string } }>(await call(r, 'session.status', {}));
    expect(status).toMatchObject({ state: 'locked', operator: { badge: 'ADM1' } });
    const locked = await call(
      r,
      'logbook.create',
      entry({ description: 'texte tapé pendant le verrouillage' }),
    );
    expect(!locked.ok && locked.error.code).toBe('session-locked');
    value(await call(r, 'session.login', { badge: 'ADM1', pin: '9999' }));
    value(await call(r, 'logbook.create', entry({ description: 'texte tapé pendant le verrouillage' })));
    value(await call(r, 'session.lock', {}));
    const byHand = await call(r, 'logbook.search', {});
    expect(!byHand.ok && byHand.error.code).toBe('session-locked');
  });

  it('slows down PIN guessing', async () => {
    const r = await rig();
    await admin(r);
    for (let i = 0; i < 5; i += 1) {
      const outcome = await call(r, 'session.login', { badge: 'ADM1', pin: '0000' });
      expect(!outcome.ok && outcome.error.code).toBe('bad-credentials');
    }
    const blocked = await call(r, 'session.login', { badge: 'ADM1', pin: '9999' });
    expect(!blocked.ok && blocked.error.code).toBe('too-many-attempts');
    r.clock.now += 31_000;
    value(await call(r, 'session.login', { badge: 'ADM1', pin: '9999' }));
  });
});

describe('the logbook through the API', () => {
  it('runs a shift: prefill, entries, amendment, follow-up, handover, acknowledgement, report', async () => {
    const r = await rig();
    await admin(r);
    value(await call(r, 'operators.add', { name: 'Bob Op', badge: 'OP2', role: 'operator', pin: '2222' }));
    const noShift = await call(r, 'logbook.create', entry());
    expect(!noShift.ok && noShift.error.code).toBe('no-shift');
    const shift = value<{ id: number }>(await call(r, 'shifts.open', {}));
    const prefill = value<{ cameras: number[]; commune: string }>(
      await call(r, 'logbook.prefill', { cameraId: 'cam-012' }),
    );
    expect(prefill).toMatchObject({ cameras: [12], commune: 'Vigieville', place: 'Place de la Mairie' });
    const created = value<{ entry: { id: number } }>(
      await call(r, 'logbook.create', { ...entry(), ...prefill }),
    );
    const id = created.entry.id;
    const amended = value<{ entry: { place: string }; original: { place: string } }>(
      await call(r, 'logbook.amend', { entryId: id, reason: 'précision', changes: { place: 'Parvis' } }),
    );
    expect([amended.original.place, amended.entry.place]).toEqual(['Place de la Mairie', 'Parvis']);
    value(await call(r, 'logbook.followUp', { entryId: id, note: 'PN sur place', status: 'en cours' }));
    const open = value<{ entries: { id: number }[] }>(await call(r, 'logbook.search', { preset: 'open' }));
    expect(open.entries.map((e) => e.id)).toEqual([id]);
    const today = value<{ total: number }>(await call(r, 'logbook.search', { preset: 'today' }));
    expect(today.total).toBe(1);
    const handover = value<{ id: number; openIncidents: { id: number }[] }>(
      await call(r, 'shifts.handover', {
        note: 'RAS sauf rixe',
        consignes: [{ text: 'Surveiller la gare' }],
      }),
    );
    expect(handover.openIncidents.map((e) => e.id)).toEqual([id]);
    value(await call(r, 'session.login', { badge: 'OP2', pin: '2222' }));
    const current = value<{ pendingHandover: { id: number }; consignes: unknown[] }>(
      await call(r, 'shifts.current', {}),
    );
    expect(current.pendingHandover.id).toBe(handover.id);
    expect(current.consignes).toHaveLength(1);
    const acked = value<{ shift: { operator: { badge: string } } }>(
      await call(r, 'shifts.acknowledge', { handoverId: handover.id }),
    );
    expect(acked.shift.operator.badge).toBe('OP2');
    const report = value<{
      entries: unknown[];
      chainHead: { seq: number };
      handover: { acknowledgement: unknown };
    }>(await call(r, 'shifts.report', { shiftId: shift.id }));
    expect(report.entries).toHaveLength(1);
    expect(report.handover.acknowledgement).not.toBeNull();
    expect(report.chainHead.seq).toBeGreaterThan(0);
    expect(value(await call(r, 'logbook.integrity', {}))).toMatchObject({ state: 'ok' });
  });

  it('pushes a "log this" draft to the windows, even with nobody logged in, and writes nothing', async () => {
    const drafts: unknown[] = [];
    const r = await rig({ onDraft: (draft) => drafts.push(draft) });
    const prefill = value(await call(r, 'logbook.prefill', { cameraId: 'cam-012' }));
    expect(prefill).toMatchObject({ cameras: [12], commune: 'Vigieville', place: 'Place de la Mairie' });
    expect(drafts).toEqual([{ ...prefill, cameraId: 'cam-012', draftId: expect.any(String) as string }]);
    const unknown = await call(r, 'logbook.prefill', { cameraId: 'cam-999' });
    expect(!unknown.ok && unknown.error.code).toBe('not-found');
    expect(drafts).toHaveLength(1);
    expect(r.service.logbookStore?.chain.head()).toBeNull();
  });

  it('prints the shift report as a PDF with entries, consignes, open incidents and the chain head', async () => {
    const r = await rig();
    await admin(r);
    value(await call(r, 'operators.add', { name: 'Bob Op', badge: 'OP2', role: 'operator', pin: '2222' }));
    const shift = value<{ id: number }>(await call(r, 'shifts.open', {}));
    value(await call(r, 'logbook.create', entry({ description: 'Rixe devant la gare, deux blessés' })));
    value(
      await call(
        r,
        'logbook.create',
        entry({ category: 'accident', status: 'clos', description: 'Accrochage' }),
      ),
    );
    const handover = value<{ id: number; chainHead: { seq: number; hash: string } }>(
      await call(r, 'shifts.handover', {
        note: 'Nuit agitée côté gare',
        consignes: [
          { text: 'Surveiller le parking relais', expiresAt: new Date(Date.now() + 3600_000).toISOString() },
        ],
      }),
    );
    value(await call(r, 'session.login', { badge: 'OP2', pin: '2222' }));
    value(await call(r, 'shifts.acknowledge', { handoverId: handover.id, remark: 'Bien reçu' }));
    const pdf = value<{ fileName: string; content: string; sha256: string; chainHead: { seq: number } }>(
      await call(r, 'shifts.reportPdf', { shiftId: shift.id }),
    );
    expect(pdf.fileName).toMatch(new RegExp(`^rapport-vacation-${shift.id}-\\d{8}T\\d{6}\\.pdf$`));
    expect(pdf.chainHead).toEqual(handover.chainHead);
    const file = path.join(r.dataDir, pdf.fileName);
    const bytes = Buffer.from(pdf.content, 'base64');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(pdf.sha256);
    writeFileSync(file, bytes);
    const text = pdfText(file);
    for (const expected of [
      `Rapport de vacation n° ${shift.id}`,
      'CSU Test',
      'Ada Admin (matricule ADM1)',
      'Rixe devant la gare, deux blessés',
      'Accrochage',
      'Nuit agitée côté gare',
      'Surveiller le parking relais',
      'Incidents en cours (1)',
      'Bob Op (matricule OP2)',
      'Bien reçu',
      `Tête de chaîne à la clôture : n° ${handover.chainHead.seq}`,
      `SHA-256 de la tête : ${handover.chainHead.hash}`,
      'page 1 / 1',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('exports the selection to CSV, records the export in the chain', async () => {
    const r = await rig();
    await admin(r);
    value(await call(r, 'shifts.open', {}));
    value(
      await call(r, 'logbook.create', entry({ description: '=HYPERLINK("x") rixe, "guillemets"\nligne 2' })),
    );
    value(await call(r, 'logbook.create', entry({ category: 'accident', description: 'Accident léger' })));
    const headBefore = r.service.logbookStore?.chain.head();
    const exported = value<{
      content: string;
      path: string;
      sha256: string;
      entryCount: number;
      chainHead: { seq: number };
      chain: { seq: number };
      exportId: number;
    }>(
      await call(r, 'logbook.export', {
        filter: { categories: ['rixe'] },
        format: 'csv',
        requester: 'OPJ Martin',
        reason: 'réquisition 2025-117',
      }),
    );
    expect(exported.entryCount).toBe(1);
    expect(exported.chainHead).toEqual(headBefore);
    expect(exported.chain.seq).toBe((headBefore?.seq ?? 0) + 1);
    // The file is on disk, byte for byte what was returned and hashed.
    expect(readFileSync(exported.path, 'utf8')).toBe(exported.content);
    // A French spreadsheet's separator by default, and local times with their offset.
    const parsed = parseCsv(exported.content, ';');
    expect(parsed.ok && parsed.records.map((rec) => rec.fields[8])).toEqual([
      'description',
      `'=HYPERLINK("x") rixe, "guillemets"\nligne 2`,
    ]);
    const observed = parsed.ok ? (parsed.records[1]?.fields[1] ?? '') : '';
    expect(observed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    const stored = r.service.logbookStore?.db
      .prepare("SELECT observed_at FROM entries WHERE category = 'rixe'")
      .get() as { observed_at: string } | undefined;
    // The same instant, to the second the cell shows.
    expect(Date.parse(observed)).toBe(Math.floor(Date.parse(stored?.observed_at ?? '') / 1000) * 1000);
    const comma = value<{ content: string }>(
      await call(r, 'logbook.export', { filter: { categories: ['rixe'] }, format: 'csv', csvDelimiter: ',' }),
    );
    const byComma = parseCsv(comma.content, ',');
    expect(byComma.ok && byComma.records[1]?.fields[8]).toBe(`'=HYPERLINK("x") rixe, "guillemets"\nligne 2`);
    const row = r.service.logbookStore?.db
      .prepare('SELECT * FROM exports WHERE id = ?')
      .get(exported.exportId);
    expect(row).toMatchObject({ requester: 'OPJ Martin', entry_count: 1, file_sha256: exported.sha256 });
    expect(r.service.logbookStore?.chain.verify()).toMatchObject({ ok: true });
  });

  it('exports the selection to a paginated requisition PDF, recorded like a CSV', async () => {
    const r = await rig();
    await admin(r);
    value(await call(r, 'shifts.open', {}));
    for (let i = 1; i <= 40; i += 1) {
      value(
        await call(
          r,
          'logbook.create',
          entry({ description: `Rixe n°${i} devant la gare, « témoins » présents\n${'détail '.repeat(30)}` }),
        ),
      );
    }
    value(
      await call(
        r,
        'logbook.create',
        entry({ category: 'accident', description: 'Accident hors sélection' }),
      ),
    );
    const headBefore = r.service.logbookStore?.chain.head();
    const exported = value<{
      content: string;
      encoding: string;
      mimeType: string;
      path: string;
      fileName: string;
      sha256: string;
      entryCount: number;
    }>(
      await call(r, 'logbook.export', {
        filter: { categories: ['rixe'] },
        format: 'pdf',
        requester: 'OPJ Martin, commissariat central',
        reason: 'réquisition 2025-117',
      }),
    );
    expect(exported).toMatchObject({ encoding: 'base64', mimeType: 'application/pdf', entryCount: 40 });
    expect(exported.fileName).toMatch(/^main-courante-\d{8}T\d{6}-[0-9a-f]{8}\.pdf$/);
    const bytes = readFileSync(exported.path);
    expect(bytes.toString('base64')).toBe(exported.content);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(exported.sha256);
    const text = pdfText(exported.path);
    expect(text).toContain('Extraction de la main courante');
    expect(text).toContain('CSU Test');
    expect(text).toContain('OPJ Martin, commissariat central');
    expect(text).toContain('réquisition 2025-117');
    expect(text).toContain(`Tête de chaîne à l'extraction : n° ${headBefore?.seq}`);
    expect(text).toContain(`SHA-256 de la tête : ${headBefore?.hash}`);
    expect(text).toContain('Catégories : rixe');
    const pages = Number(/page 1 \/ (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain(`page ${pages} / ${pages}`);
    for (const i of [1, 20, 40]) expect(text).toContain(`Rixe n°${i} devant la gare, « témoins » présents`);
    expect(text).not.toContain('Accident hors sélection');
    const row = r.service.logbookStore?.db.prepare('SELECT format, file_sha256 FROM exports').get();
    expect(row).toEqual({ format: 'pdf', file_sha256: exported.sha256 });
    expect(r.service.logbookStore?.chain.verify()).toMatchObject({ ok: true });
  });

  it('backs up online, checks the copy, and the copy verifies', async () => {
    const r = await rig();
    await admin(r);
    value(await call(r, 'shifts.open', {}));
    value(await call(r, 'logbook.create', entry()));
    const backup = value<{ ok: boolean; path: string; message: string }>(await call(r, 'logbook.backup', {}));
    expect(backup).toMatchObject({ ok: true, message: 'ok (2 records)' });
    expect(path.dirname(backup.path)).toBe(logbookPaths(r.dataDir).backups);
    const copy = openSqlite(backup.path, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.prepare('SELECT count(*) AS n FROM entries').get()).toEqual({ n: 1 });
    copy.close();
    expect(value(await call(r, 'logbook.integrity', {}))).toMatchObject({ lastBackup: { ok: true } });
    // A handover triggers a shift-close backup.
    value(await call(r, 'shifts.handover', { note: 'fin' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await r.service.stop();
    expect(r.service.integrity().lastBackup).toMatchObject({ reason: 'shift-close', ok: true });
  });

  it('answers a full disk or a locked database with a typed error, writes nothing, stays up', async () => {
    const r = await rig();
    await admin(r);
    value(await call(r, 'shifts.open', {}));
    const db = r.service.logbookStore?.db;
    if (!db) throw new Error('no store');
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const typed = entry({ description: 'x'.repeat(9000) });
    let outcome: Outcome<unknown> = { ok: true, value: null };
    for (let i = 0; i < 50 && outcome.ok; i += 1) outcome = await call(r, 'logbook.create', typed);
    expect(!outcome.ok && outcome.error.code).toBe('disk-full');
    db.pragma('max_page_count = 1073741823');
    // The same draft goes through once there is room again: the UI kept it and retries.
    value(await call(r, 'logbook.create', typed));

    const other = openSqlite(logbookPaths(r.dataDir).database, { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    const locked = await call(r, 'logbook.create', entry());
    other.exec('ROLLBACK');
    other.close();
    expect(!locked.ok && locked.error.code).toBe('locked');
    expect(r.service.logbookStore?.chain.verify()).toMatchObject({ ok: true });
    value(await call(r, 'logbook.create', entry()));
  });

  it('reports a broken chain at start so the UI can block', async () => {
    const first = await rig();
    await admin(first);
    value(await call(first, 'shifts.open', {}));
    value(await call(first, 'logbook.create', entry()));
    await first.service.stop();
    const file = logbookPaths(first.dataDir).database;
    const raw = openSqlite(file);
    raw.exec(`DROP TRIGGER entries_append_only_update; UPDATE entries SET description = 'effacé'`);
    raw.close();
    const again = new LogbookService({
      dataDir: first.dataDir,
      workstation: 'poste-1',
      backup: { enabled: false },
    });
    await again.start();
    const status = await again.whenVerified();
    await again.stop();
    expect(status).toMatchObject({
      state: 'broken',
      broken: { table: 'entries', refId: 1, reason: 'hash-mismatch' },
    });
  });

  it('stays up and says why when the database is newer than the app', async () => {
    const { dir, cleanup } = scratchDir();
    stops.push(() => Promise.resolve(cleanup()));
    const file = logbookPaths(dir).database;
    mkdirSync(path.dirname(file), { recursive: true });
    const raw = openSqlite(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const service = new LogbookService({ dataDir: dir, workstation: 'poste-1', backup: { enabled: false } });
    await service.start();
    const api = service.handlers();
    const integrity = await api['logbook.integrity']({});
    expect(integrity).toMatchObject({ ok: true, value: { state: 'unavailable' } });
    expect(integrity.ok && integrity.value.reason).toMatch(/newer than this Vigie/);
    const login = await api['session.login']({ badge: 'A', pin: '1234', scope: 'workstation' });
    expect(!login.ok && login.error.code).toBe('unavailable');
    await service.stop();
    expect(existsSync(file)).toBe(true);
  });
});
