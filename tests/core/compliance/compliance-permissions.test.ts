import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src-shared/contract';
import { auditCommand } from '../../../src-main/core/audit/audit-cli';
import { startCore, TestClient, type Harness } from '../../support/core-harness';
import { testPicture } from '../../support/video-frames';
import { apiCall } from '../../support/api-calls';
import { mairieSiteConfig } from '../../support/camera-config';

/**
 * Permissions, audit trail, extraction register and retention, through the core's real socket:
 * each role calls the API directly (no UI hiding anything) and meets the permission table; every
 * refusal, view, snapshot, export, change and purge lands in the chained audit trail.
 */
let harness: Harness;
let client: TestClient;

type Answer = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

function call(method: string, params: unknown = {}): Promise<Answer> {
  return apiCall(client, method, params);
}

async function value<T>(method: string, params: unknown = {}): Promise<T> {
  const answer = await call(method, params);
  if (!answer.ok) throw new Error(`${method}: ${answer.error?.code} ${answer.error?.message}`);
  return answer.value as T;
}

async function login(badge: string, pin: string): Promise<void> {
  await value('session.login', { badge, pin });
}

async function auditEvents(filter: Record<string, unknown>): Promise<AuditEvent[]> {
  return (await value<{ events: AuditEvent[] }>('audit.query', { limit: 500, ...filter })).events;
}

/** A real picture, as a tile's canvas encodes it (the core draws its caption with ffmpeg). */
const PNG = testPicture();
const DAY = 24 * 3600_000;

const requisition = {
  requestedAt: new Date().toISOString(),
  officerName: 'Lieutenant Claire Martin',
  officerQuality: 'OPJ',
  officerService: 'Commissariat central, brigade de sûreté urbaine',
  procedureRef: 'PV 2025/00123',
  cameraIds: ['cam-012'],
  periodFrom: new Date(Date.now() - 3600_000).toISOString(),
  periodTo: new Date().toISOString(),
};

beforeAll(async () => {
  harness = await startCore(mairieSiteConfig(), {
    logbook: { scrypt: { N: 1 << 10, r: 8, p: 1 }, backup: { enabled: false } },
    compliance: { audit: { flushDelayMs: 10 }, service: { purge: { enabled: false } } },
  });
  client = await TestClient.connect(harness.endpoint);
});

afterAll(async () => {
  await client?.close();
  await harness?.close();
});

describe('compliance through the core socket', () => {
  const expectedRefusals: [string | null, string, string][] = [];

  it('records what the wall shows while nobody is logged in, and refuses the audit to nobody', async () => {
    client.watch(5, 'cam-012', 'grid');
    await new Promise((resolve) => setTimeout(resolve, 300));
    client.unwatch(5);
    expect(await call('audit.query', {})).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    expectedRefusals.push([null, 'audit.query', 'not-logged-in']);
    await value('operators.bootstrapAdmin', { name: 'Alain Admin', badge: 'A1', pin: '1111' });
    await value('operators.add', { name: 'Chloé Chef', badge: 'C1', role: 'chef de salle', pin: '2222' });
    await value('operators.add', { name: 'Olivier Opé', badge: 'O1', role: 'operator', pin: '3333' });
    const views = await auditEvents({ actions: ['tile.stop'], unattributed: true });
    expect(views).toMatchObject([
      { cameraId: 'cam-012', operator: null, details: { slot: 5, profile: 'grid' } },
    ]);
  });

  it('refuses each role what the table reserves to others, with a typed error', async () => {
    const tries: Record<string, [string, unknown][]> = {
      O1: [
        ['masks.set', { cameraId: 'cam-012', masks: [] }],
        ['masks.list', {}],
        ['masks.still', { cameraId: 'cam-012' }],
        ['audit.query', {}],
        ['audit.export', { filter: {}, format: 'csv' }],
        ['register.create', requisition],
        ['retention.set', { snapshotsDays: 1, auditExportsDays: 1 }],
        ['retention.purge', {}],
        ['operators.add', { name: 'Intrus', badge: 'X9', role: 'admin', pin: '9999' }],
        ['logbook.taxonomyAdd', { kind: 'category', label: 'catégorie pirate' }],
      ],
      C1: [
        ['masks.set', { cameraId: 'cam-012', masks: [] }],
        ['retention.set', { snapshotsDays: 1, auditExportsDays: 1 }],
        ['retention.purge', {}],
        ['operators.add', { name: 'Intrus', badge: 'X9', role: 'admin', pin: '9999' }],
        ['operators.setActive', { badge: 'O1', active: false }],
      ],
    };
    const pins: Record<string, string> = { O1: '3333', C1: '2222' };
    for (const [badge, calls] of Object.entries(tries)) {
      await login(badge, pins[badge]!);
      for (const [method, params] of calls) {
        const answer = await call(method, params);
        expect(answer, `${badge} ${method}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        expectedRefusals.push([badge, method, 'forbidden']);
      }
    }
    // What the room chief may do, the operator may not, and the chief may.
    expect(await call('audit.query', {})).toMatchObject({ ok: true });
    expect(await call('register.list', {})).toMatchObject({ ok: true });
    expect(await call('logbook.taxonomyAdd', { kind: 'category', label: 'dépôt sauvage' })).toMatchObject({
      ok: true,
    });
    // A locked session is refused until the PIN is entered again.
    await value('session.lock');
    expect(await call('audit.query', {})).toMatchObject({ ok: false, error: { code: 'session-locked' } });
    expectedRefusals.push(['C1', 'audit.query', 'session-locked']);
    await login('C1', '2222');
    // The logbook's own rule on a target (another operator's PIN) is a refusal too.
    await login('O1', '3333');
    expect(await call('operators.setPin', { badge: 'C1', newPin: '4444' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expectedRefusals.push(['O1', 'operators.setPin', 'forbidden']);
  });

  it('records every refusal in the audit trail, with who and which method', async () => {
    await login('A1', '1111');
    const denied = await auditEvents({ actions: ['permission.denied'] });
    const seen = denied.map((e) => [e.operator?.badge ?? null, e.details.method, e.details.code]);
    for (const refusal of expectedRefusals) expect(seen).toContainEqual(refusal);
    expect(denied).toHaveLength(expectedRefusals.length);
    const byOperator = denied.find((e) => e.operator?.badge === 'O1' && e.details.method === 'operators.add');
    expect(byOperator).toMatchObject({
      operator: { role: 'operator' },
      details: { allowed: ['admin'], by: 'table' },
    });
    // The admin is refused nothing.
    expect(await call('masks.list', {})).toMatchObject({ ok: true });
    expect(await call('retention.get', {})).toMatchObject({ ok: true });
  });

  it('records logins, logouts and failed logins', async () => {
    expect(await call('session.login', { badge: 'O1', pin: '0000' })).toMatchObject({
      ok: false,
      error: { code: 'bad-credentials' },
    });
    const events = await auditEvents({
      actions: ['session.login', 'session.logout', 'session.login-failed', 'session.unlock', 'session.lock'],
    });
    const lines = events.reverse().map((e) => `${e.action} ${e.operator?.badge ?? '-'}`);
    expect(lines).toEqual([
      'session.login A1',
      'session.login O1',
      'session.login C1',
      'session.lock C1',
      'session.unlock C1',
      'session.login O1',
      'session.login A1',
      'session.login-failed A1',
    ]);
    expect(events.at(-1)?.details).toMatchObject({ badge: 'O1', code: 'bad-credentials' });
  });

  it('records which camera the operator displayed, maximised and sent to the spot, with durations', async () => {
    await login('O1', '3333');
    client.watch(1, 'cam-012', 'grid');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    client.watch(2, 'cam-012', 'full');
    await new Promise((resolve) => setTimeout(resolve, 700));
    client.unwatch(2);
    client.unwatch(1);
    expect(await value('spot.send', { display: 2, cameraId: 'cam-012' })).toMatchObject({ delivered: 1 });
    const saved = await value<{ file: string; sha256: string }>('snapshot.save', {
      cameraId: 'cam-012',
      pngBase64: PNG.toString('base64'),
    });
    await login('A1', '1111');
    const events = (await auditEvents({ cameraId: 'cam-012', operatorBadge: 'O1' })).reverse();
    expect(events.map((e) => e.action)).toEqual([
      'tile.start',
      'maximise.start',
      'maximise.stop',
      'tile.stop',
      'spot.send',
      'snapshot.save',
    ]);
    const tile = events.find((e) => e.action === 'tile.stop')!;
    const full = events.find((e) => e.action === 'maximise.stop')!;
    // The core times each view between the messages it receives; a busy machine delays either
    // message, so the bounds are half the client's waits, never the waits themselves.
    expect(tile.durationMs).toBeGreaterThanOrEqual(950);
    expect(full.durationMs).toBeGreaterThanOrEqual(350);
    expect(full.durationMs).toBeLessThan(tile.durationMs!);
    expect(events.find((e) => e.action === 'spot.send')?.details).toMatchObject({ display: 2 });
    expect(events.find((e) => e.action === 'snapshot.save')?.details).toMatchObject({
      file: saved.file,
      sha256: saved.sha256,
    });
  });

  it('keeps the extraction register, linked to the main courante, and prints it as PDF', async () => {
    await login('C1', '2222');
    await value('shifts.open');
    const entry = await value<{ entry: { id: number } }>('logbook.create', {
      observedAt: new Date(Date.now() - 600_000).toISOString(),
      category: 'rixe',
      place: 'Place de la Mairie',
      cameras: [12],
      description: 'Rixe devant la mairie',
      status: 'en cours',
    });
    const candidates = await value<{ file: string; sha256: string; kind: string }[]>(
      'register.candidates',
      {},
    );
    const snapshot = candidates.find((c) => c.kind === 'snapshot')!;
    expect(snapshot).toBeDefined();
    expect(await call('register.create', { ...requisition, entryIds: [99_999] })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(
      await call('register.create', {
        ...requisition,
        items: [{ kind: 'snapshot', file: snapshot.file, sha256: 'f'.repeat(64) }],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/hashes to/) as string },
    });
    const created = await value<{
      id: number;
      items: { verified: boolean; sha256: string }[];
      chain: unknown;
    }>('register.create', {
      ...requisition,
      entryIds: [entry.entry.id],
      note: 'Remise sur clé USB scellée',
      items: [{ kind: 'snapshot', file: snapshot.file, sha256: snapshot.sha256, cameraId: 'cam-012' }],
    });
    expect(created.items).toMatchObject([{ verified: true, sha256: snapshot.sha256 }]);
    expect(created.chain).not.toBeNull();
    const pdf = await value<{ path: string; sha256: string; base64: string }>('register.export', {
      id: created.id,
    });
    const bytes = Buffer.from(pdf.base64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(pdf.sha256);
    expect(readFileSync(pdf.path).equals(bytes)).toBe(true);
    const recorded = await auditEvents({ actions: ['register.create', 'register.export'] });
    expect(recorded.map((e) => e.action)).toEqual(['register.export', 'register.create']);
    expect(recorded[0]?.details).toMatchObject({ requisition: created.id, sha256: pdf.sha256 });
  });

  it('exports the audit as CSV and PDF for the room chief, and records the export', async () => {
    const csv = await value<{ path: string; base64: string; count: number; sha256: string }>('audit.export', {
      filter: { actions: ['permission.denied'] },
      format: 'csv',
    });
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text).toMatch(/permission\.denied/);
    expect(text.trim().split('\r\n')).toHaveLength(csv.count + 1);
    const pdf = await value<{ path: string; base64: string; sha256: string }>('audit.export', {
      filter: {},
      format: 'pdf',
    });
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const exports = await auditEvents({ actions: ['audit.export'] });
    expect(exports.map((e) => e.details.sha256)).toEqual([pdf.sha256, csv.sha256]);
  });

  it('purges expired files on demand, keeps what was handed over, and records the purge with hashes', async () => {
    await login('A1', '1111');
    await value('retention.set', { snapshotsDays: 30, auditExportsDays: 7 });
    const snapshots = path.join(harness.dataDir, 'snapshots');
    const oldDay = path.join(snapshots, '2024-01-01');
    mkdirSync(oldDay, { recursive: true });
    const expired = path.join(oldDay, 'camera-12_old.png');
    const expiredBytes = Buffer.concat([PNG, Buffer.from('another picture')]);
    writeFileSync(expired, expiredBytes);
    const exportsDir = path.join(harness.dataDir, 'audit', 'exports');
    const oldExport = path.join(exportsDir, 'audit-20240101-000000-deadbeef.csv');
    writeFileSync(oldExport, 'n°\r\n');
    const past = new Date(Date.now() - 60 * DAY);
    utimesSync(expired, past, past);
    utimesSync(oldExport, past, past);
    // The snapshot handed over to the officer is old too, but it is in the register: kept.
    const held = (await value<{ items: { file: string }[] }[]>('register.list', {}))[0]!.items[0]!.file;
    utimesSync(held, past, past);

    const report = await value<{
      snapshots: { deleted: number; held: number };
      auditExports: { deleted: number };
      files: { file: string; sha256: string }[];
    }>('retention.purge');
    expect(report.snapshots).toMatchObject({ deleted: 1, held: 1 });
    expect(report.auditExports).toMatchObject({ deleted: 1 });
    expect(existsSync(expired) || existsSync(oldExport) || existsSync(oldDay)).toBe(false);
    expect(existsSync(held)).toBe(true);

    const [purge] = await auditEvents({ actions: ['retention.purge'] });
    expect(purge).toMatchObject({ operator: { badge: 'A1' }, details: { trigger: 'manual' } });
    const files = purge!.details.files as { file: string; sha256: string }[];
    expect(files).toContainEqual(
      expect.objectContaining({
        file: expired,
        sha256: createHash('sha256').update(expiredBytes).digest('hex'),
      }),
    );
    expect(files).toHaveLength(2);
    const [setting] = await auditEvents({ actions: ['config.retention'] });
    expect(setting?.details).toMatchObject({ after: { snapshotsDays: 30, auditExportsDays: 7 } });
  });

  it('verifies the whole chain, through the API and from the command line', async () => {
    const integrity = await value<{ ok: boolean; records: number }>('audit.verify');
    expect(integrity.ok).toBe(true);
    expect(integrity.records).toBeGreaterThan(40);
    let out = '';
    const code = auditCommand(['verify', '--data-dir', harness.dataDir], {
      out: (text) => (out += text),
      err: (text) => (out += text),
      readStdin: () => Promise.resolve(''),
    });
    expect(out).toMatch(/^OK \d+ records/);
    expect(code).toBe(0);
  });
});
