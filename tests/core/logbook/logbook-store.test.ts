import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../src-main/core/sqlite/sqlite-driver';
import { LogbookStore } from '../../../src-main/core/logbook/logbook-store';
import { DEFAULT_SEARCH_TUNING, searchEntries } from '../../../src-main/core/logbook/logbook-search';
import { SCHEMA_VERSION } from '../../../src-main/core/logbook/migrations';
import { ctx, draft, scratchDir, scratchStore } from './logbook-support';

const RECORD_TABLES = [
  'entries',
  'amendments',
  'follow_ups',
  'shifts',
  'handovers',
  'consignes',
  'acknowledgements',
  'exports',
  'imports',
  'logbook_chain',
];

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

function setup(): ReturnType<typeof scratchStore> {
  const s = scratchStore();
  cleanups.push(s.cleanup);
  return s;
}

/** A store with a shift open, one entry with an amendment and a follow-up, and a handover. */
function populated(): ReturnType<typeof scratchStore> & { entryId: number } {
  const s = setup();
  s.store.openShift(ctx(s.alice));
  const entry = s.store.createEntry(ctx(s.alice), draft(), { requireShift: true });
  s.store.amend(ctx(s.alice), entry.entry.id, 'faute de frappe', { place: 'Parvis nord' }, false);
  s.store.followUp(ctx(s.alice), entry.entry.id, 'police sur place', 'en cours', ['police nationale']);
  s.store.handover(ctx(s.alice), 'RAS', [{ text: 'surveiller le parking', expiresAt: null }], false);
  s.store.acknowledge(ctx(s.bruno), 1, '');
  s.store.importEntries(ctx(s.chef), { name: 'old.csv', sha256: 'cd' }, [{ ...draft(), line: 2 }]);
  s.store.recordExport(ctx(s.chef), {
    format: 'csv',
    requester: 'OPJ',
    reason: 'réquisition 12',
    filter: '{}',
    entryCount: 1,
    fileName: 'x.csv',
    fileSha256: 'ab',
    chainHead: s.store.chain.head(),
  });
  return { ...s, entryId: entry.entry.id };
}

describe('append-only records', () => {
  it('refuses UPDATE and DELETE on every record table, at the database level', () => {
    const s = populated();
    for (const table of RECORD_TABLES) {
      const key = table === 'logbook_chain' ? 'seq' : 'id';
      const column = table === 'logbook_chain' ? 'kind' : 'id';
      expect(
        () => s.store.db.prepare(`UPDATE ${table} SET ${column} = ${column} WHERE ${key} = 1`).run(),
        table,
      ).toThrow(/append-only/);
      expect(() => s.store.db.prepare(`DELETE FROM ${table} WHERE ${key} = 1`).run(), table).toThrow(
        /append-only/,
      );
    }
    // Another connection (say, a DB browser) meets the same triggers.
    const other = openSqlite(s.file);
    expect(() => other.prepare(`UPDATE entries SET description = 'rien' WHERE id = 1`).run()).toThrow(
      /append-only/,
    );
    expect(() => other.prepare('DELETE FROM entries').run()).toThrow(/append-only/);
    other.close();
    expect(s.store.chain.verify()).toMatchObject({ ok: true });
  });

  it('detects a row changed after the triggers were dropped, naming the record', () => {
    const s = populated();
    const before = s.store.chain.verify();
    expect(before.ok).toBe(true);
    const link = s.store.chain.link('entry', s.entryId);
    s.store.db.exec('DROP TRIGGER entries_append_only_update');
    s.store.db.prepare(`UPDATE entries SET description = 'rien à signaler' WHERE id = ?`).run(s.entryId);
    const after = s.store.chain.verify();
    expect(after.ok).toBe(false);
    if (after.ok) return;
    expect(after.broken).toMatchObject({
      seq: link?.seq,
      table: 'entries',
      refId: s.entryId,
      reason: 'hash-mismatch',
    });
    expect(after.broken.message).toContain(`entries id ${s.entryId}`);
    expect(after.records).toBe((link?.seq ?? 0) - 1);
  });

  it('detects a deleted row, a forged row without a link and a rewritten link', () => {
    const deleted = populated();
    deleted.store.db.exec('DROP TRIGGER follow_ups_append_only_delete');
    deleted.store.db.prepare('DELETE FROM follow_ups WHERE id = 1').run();
    const a = deleted.store.chain.verify();
    expect(!a.ok && a.broken).toMatchObject({ table: 'follow_ups', refId: 1, reason: 'row-missing' });

    const forged = populated();
    const forgedId = forged.store.db
      .prepare(
        `INSERT INTO entries (operator_id, operator_badge, operator_name, workstation, observed_at, written_at, category,
          commune, street, place, cameras, description, actions, status)
         SELECT operator_id, operator_badge, operator_name, workstation, observed_at, written_at, category, commune,
          street, place, cameras, 'ajout frauduleux', actions, status FROM entries WHERE id = 1`,
      )
      .run().lastInsertRowid;
    const b = forged.store.chain.verify();
    expect(!b.ok && b.broken).toMatchObject({
      table: 'entries',
      refId: Number(forgedId),
      reason: 'unchained-row',
    });

    const rewritten = populated();
    rewritten.store.db.exec(
      'DROP TRIGGER entries_append_only_update; DROP TRIGGER logbook_chain_append_only_update',
    );
    rewritten.store.db.prepare(`UPDATE entries SET description = 'x' WHERE id = 1`).run();
    // The forger recomputes nothing but copies another link's hash: still caught at that record.
    rewritten.store.db
      .prepare(`UPDATE logbook_chain SET hash = 'f' || substr(hash, 2) WHERE kind = 'entry'`)
      .run();
    const c = rewritten.store.chain.verify();
    expect(!c.ok && c.broken.refId).toBe(1);
  });
});

describe('schema versions', () => {
  it('stamps user_version and refuses a database newer than the app', () => {
    const { dir, cleanup } = scratchDir();
    cleanups.push(cleanup);
    const file = path.join(dir, 'logbook.sqlite');
    LogbookStore.open(file).close();
    const raw = openSqlite(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => LogbookStore.open(file)).toThrow(/newer than this Vigie/);
    // Reopening at the same version is a no-op and keeps data.
    const again = openSqlite(file);
    again.pragma(`user_version = ${SCHEMA_VERSION}`);
    again.close();
    const store = LogbookStore.open(file);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.taxonomy().categories.map((c) => c.label)).toContain('technique — caméra en panne');
    store.close();
  });
});

describe('entries, amendments and follow-ups', () => {
  it('keeps the original beside its amendments and derives the current status from follow-ups', () => {
    const s = populated();
    const detail = s.store.entryDetail(s.entryId);
    expect(detail.original.place).toBe('Parvis de la gare');
    expect(detail.entry.place).toBe('Parvis nord');
    expect(detail.amendments).toHaveLength(1);
    expect(detail.amendments[0]).toMatchObject({
      reason: 'faute de frappe',
      changes: { place: 'Parvis nord' },
    });
    expect(detail.followUps[0]).toMatchObject({ note: 'police sur place', status: 'en cours' });
    expect(detail.chain?.seq).toBeGreaterThan(0);
    const closed = s.store.followUp(ctx(s.bruno), s.entryId, 'individus interpellés', 'clos', []);
    expect(closed.entry.status).toBe('clos');
    expect(closed.original.status).toBe('en cours');
  });

  it('refuses an entry without an open shift, an unknown category, a future time', () => {
    const s = setup();
    expect(() => s.store.createEntry(ctx(s.alice), draft(), { requireShift: true })).toThrow(/no shift/);
    s.store.openShift(ctx(s.alice));
    expect(() =>
      s.store.createEntry(ctx(s.alice), draft({ category: 'ovni' }), { requireShift: true }),
    ).toThrow(/unknown category/);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(() =>
      s.store.createEntry(ctx(s.alice), draft({ observedAt: future }), { requireShift: true }),
    ).toThrow(/future/);
    // Case and accents of a category do not matter; the taxonomy's spelling is stored.
    const entry = s.store.createEntry(ctx(s.alice), draft({ category: 'DEGRADATION' }), {
      requireShift: true,
    });
    expect(entry.entry.category).toBe('dégradation');
    expect(s.store.chain.verify()).toMatchObject({ ok: true, records: 2 });
  });

  it('returns the first entry again when the UI retries with the same clientRef', () => {
    const s = setup();
    s.store.openShift(ctx(s.alice));
    const first = s.store.createEntry(ctx(s.alice), draft({ clientRef: 'draft-0001' }), {
      requireShift: true,
    });
    const again = s.store.createEntry(ctx(s.alice), draft({ clientRef: 'draft-0001' }), {
      requireShift: true,
    });
    expect(again.entry.id).toBe(first.entry.id);
    expect(s.store.db.prepare('SELECT count(*) AS n FROM entries').get()).toEqual({ n: 1 });
  });

  it('lets only the author or a chef de salle amend', () => {
    const s = populated();
    expect(() => s.store.amend(ctx(s.bruno), s.entryId, 'non', { place: 'x' }, false)).toThrow(/author/);
    expect(
      s.store.amend(ctx(s.chef), s.entryId, 'précision', { cameras: [12, 13] }, true).entry.cameras,
    ).toEqual([12, 13]);
  });
});

describe('search', () => {
  it('filters by preset, category, commune, camera, operator, status, period and full text', () => {
    const s = setup();
    s.store.openShift(ctx(s.alice));
    const now = new Date();
    const hoursAgo = (h: number): string => new Date(now.getTime() - h * 3600_000).toISOString();
    const make = (overrides: Parameters<typeof draft>[0], actor = s.alice): number =>
      s.store.createEntry(ctx(actor), draft(overrides), { requireShift: false }).entry.id;
    const old = make({
      observedAt: hoursAgo(24 * 40),
      category: 'accident',
      commune: 'Saint-Étienne',
      cameras: [3],
    });
    const rixe = make({
      observedAt: hoursAgo(0.1),
      description: 'Bagarre générale près du kiosque',
      status: 'clos',
    });
    const stup = make(
      { observedAt: hoursAgo(0.2), category: 'trafic de stupéfiants', cameras: [7, 8] },
      s.bruno,
    );
    s.store.amend(
      ctx(s.alice),
      old,
      'lieu précisé',
      { description: 'Collision au carrefour Bellevue' },
      false,
    );

    const q = (filter: Parameters<typeof searchEntries>[1]): number[] =>
      searchEntries(s.store, filter, now).entries.map((e) => e.id);
    // Newest entry first (entry number), whatever the observed-at times.
    expect(q({ limit: 50 })).toEqual([stup, rixe, old]);
    expect(q({ limit: 50, preset: 'today' })).toEqual([stup, rixe]);
    expect(q({ limit: 50, preset: 'open' })).toEqual([stup, old]);
    expect(q({ limit: 50, categories: ['Accident'] })).toEqual([old]);
    expect(q({ limit: 50, commune: 'saint etienne' })).toEqual([old]);
    expect(q({ limit: 50, camera: 8 })).toEqual([stup]);
    expect(q({ limit: 50, operatorBadge: 'B200' })).toEqual([stup]);
    expect(q({ limit: 50, operatorBadge: 'Z999' })).toEqual([]);
    expect(q({ limit: 50, statuses: ['clos'] })).toEqual([rixe]);
    expect(q({ limit: 50, from: hoursAgo(24 * 41), to: hoursAgo(24) })).toEqual([old]);
    expect(q({ limit: 50, text: 'bagarre' })).toEqual([rixe]);
    expect(q({ limit: 50, text: 'generale kiosq*' })).toEqual([rixe]);
    // The start of a word is enough, as an operator types it ("bagar" for "bagarre").
    expect(q({ limit: 50, text: 'bagar' })).toEqual([rixe]);
    expect(q({ limit: 50, text: 'gén kiosq' })).toEqual([rixe]);
    expect(q({ limit: 50, text: 'bagarrex' })).toEqual([]);
    // Amended text is searchable, and so is the original wording.
    expect(q({ limit: 50, text: 'bellevue' })).toEqual([old]);
    expect(q({ limit: 50, text: 'individus' })).toEqual([stup, old]);
    // Operators type anything: FTS syntax never makes the query fail.
    expect(q({ limit: 50, text: 'NEAR( "x AND -' })).toEqual([]);

    const first = searchEntries(s.store, { limit: 2 }, now, {
      ...DEFAULT_SEARCH_TUNING,
      countBudgetMs: 60_000,
    });
    expect(first.total).toBe(3);
    expect(first.entries.map((e) => e.id)).toEqual([stup, rixe]);
    const second = searchEntries(s.store, { limit: 2, cursor: first.nextCursor ?? '' }, now);
    expect(second.entries.map((e) => e.id)).toEqual([old]);
    expect(second.nextCursor).toBeNull();
  });
});

describe('shifts and handover', () => {
  it('opens, hands over with consignes and open incidents, and records the acknowledgement', () => {
    const s = setup();
    const t0 = new Date();
    const shift = s.store.openShift(ctx(s.alice, t0));
    expect(() => s.store.openShift(ctx(s.bruno, t0))).toThrow(/already open/);
    const open = s.store.createEntry(ctx(s.alice), draft({ status: 'en cours' }), { requireShift: true });
    s.store.createEntry(ctx(s.alice), draft({ status: 'clos' }), { requireShift: true });
    expect(() => s.store.handover(ctx(s.bruno), 'x', [], false)).toThrow(/Alice Martin/);
    const later = new Date(t0.getTime() + 8 * 3600_000).toISOString();
    const handover = s.store.handover(
      ctx(s.alice),
      'Nuit calme',
      [
        { text: 'Ronde caméra 12 toutes les heures', expiresAt: later },
        { text: 'Travaux rue Victor Hugo', expiresAt: null },
      ],
      false,
    );
    expect(handover.openIncidents.map((e) => e.id)).toEqual([open.entry.id]);
    expect(handover.entryCount).toBe(2);
    expect(handover.consignes.map((c) => c.text)).toHaveLength(2);
    expect(handover.chainHead).toEqual(s.store.chain.head());

    // Between handover and acknowledgement nobody writes or opens a shift.
    expect(() => s.store.createEntry(ctx(s.bruno), draft(), { requireShift: true })).toThrow(/no shift/);
    expect(() => s.store.openShift(ctx(s.bruno))).toThrow(/acknowledged/);
    const current = s.store.current('poste-1', new Date());
    expect(current.pendingHandover?.id).toBe(handover.id);
    expect(current.consignes).toHaveLength(2);
    expect(() => s.store.acknowledge(ctx(s.alice), handover.id, '')).toThrow(/incoming operator/);

    const { handover: acked, shift: next } = s.store.acknowledge(ctx(s.bruno), handover.id, 'lu et compris');
    expect(acked.acknowledgement).toMatchObject({ operator: { badge: 'B200' }, remark: 'lu et compris' });
    expect(acked.acknowledgement?.newShiftId).toBe(next.id);
    expect(next.previousHandoverId).toBe(handover.id);
    expect(() => s.store.acknowledge(ctx(s.chef), handover.id, '')).toThrow(/already/);

    // After the first consigne expires only the standing one is active.
    const tomorrow = new Date(t0.getTime() + 24 * 3600_000);
    expect(s.store.current('poste-1', tomorrow).consignes.map((c) => c.text)).toEqual([
      'Travaux rue Victor Hugo',
    ]);

    const report = s.store.shiftReport(shift.id, 'CSU Test', new Date());
    expect(report.entries).toHaveLength(2);
    expect(report.shift.closedAt).toBe(handover.writtenAt);
    expect(report.chainHead).toEqual(handover.chainHead);
    expect(report.openIncidents.map((e) => e.id)).toEqual([open.entry.id]);
    expect(s.store.chain.verify()).toMatchObject({ ok: true });
    // Shift events are in the chain: shift, 2 entries, 2 consignes, handover, ack, shift.
    expect(s.store.chain.head()?.seq).toBe(8);
  });
});

describe('storage failures give a typed error and write nothing', () => {
  it('maps a full disk, a read-only file and a locked database', async () => {
    const { storageError } = await import('../../../src-main/core/api/service-result');
    const s = setup();
    s.store.openShift(ctx(s.alice));
    const head = s.store.chain.head();

    // Full disk: cap the file at its current size.
    const pages = s.store.db.pragma('page_count', { simple: true }) as number;
    s.store.db.pragma(`max_page_count = ${pages}`);
    const big = draft({ description: 'x'.repeat(9000) });
    let failure: unknown = null;
    try {
      for (let i = 0; i < 50; i += 1) s.store.createEntry(ctx(s.alice), big, { requireShift: true });
    } catch (error) {
      failure = error;
    }
    expect(storageError(failure)?.code).toBe('disk-full');
    s.store.db.pragma('max_page_count = 1073741823');
    expect(s.store.chain.verify()).toMatchObject({ ok: true });
    const written = (s.store.db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
    expect(s.store.chain.head()?.seq).toBe((head?.seq ?? 0) + written);

    // Locked: another connection holds the write lock.
    const other = openSqlite(s.file, { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    const locked = new LogbookStore(openSqlite(s.file, { timeout: 50 }));
    try {
      locked.createEntry(ctx(s.alice), draft(), { requireShift: true });
      expect.unreachable();
    } catch (error) {
      expect(storageError(error)?.code).toBe('locked');
    }
    other.exec('ROLLBACK');
    other.close();
    locked.close();

    // Read-only.
    const reader = new LogbookStore(openSqlite(s.file, { readonly: true }));
    try {
      reader.createEntry(ctx(s.alice), draft(), { requireShift: true });
      expect.unreachable();
    } catch (error) {
      expect(storageError(error)?.code).toBe('read-only');
    }
    reader.close();
    expect(s.store.chain.verify()).toMatchObject({ ok: true });
  });
});

describe('every search plan returns exactly what the filter selects', () => {
  it('matches a brute-force filter on random entries, random filters, every plan', async () => {
    const { searchEntries: search } = await import('../../../src-main/core/logbook/logbook-search');
    const { communeKey, ftsQuery } = await import('../../../src-main/core/logbook/logbook-values');
    const s = setup();
    const now = new Date();
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const words = ['scooter', 'rouge', 'bagarre', 'vol', 'kiosque', 'fuite', 'groupe'];
    const categories = ['rixe', 'accident', 'dégradation', 'autre'];
    const communes = ['Vigieville', 'Saint-Étienne', 'Port'];
    const actors = [s.alice, s.bruno, s.chef];
    for (let i = 0; i < 400; i += 1) {
      // Observed-at times deliberately out of entry order (late entries, backfilled history).
      const observedAt = new Date(now.getTime() - random() * 40 * 24 * 3600_000).toISOString();
      const created = s.store.createEntry(
        ctx(pick(actors)),
        draft({
          observedAt,
          category: pick(categories),
          commune: pick(communes),
          cameras: [1 + Math.floor(random() * 5)],
          description: `${pick(words)} ${pick(words)} ${pick(words)}`,
          status: pick(['sans suite', 'en cours', 'clos'] as const),
        }),
        { requireShift: false },
      );
      if (random() < 0.1) s.store.followUp(ctx(s.chef), created.entry.id, 'suivi', 'clos', []);
      if (random() < 0.05) {
        s.store.amend(
          ctx(s.chef),
          created.entry.id,
          'rectif',
          { description: 'groupe en fuite', cameras: [9] },
          true,
        );
      }
    }
    const all = s.store.entryViews(
      (s.store.db.prepare('SELECT id FROM entries ORDER BY id DESC').all() as { id: number }[]).map(
        (r) => r.id,
      ),
    );
    const fullText = (id: number): string => {
      const detail = s.store.entryDetail(id);
      return [
        detail.original.description,
        detail.entry.description,
        detail.entry.category,
        detail.entry.commune,
        detail.entry.street,
        detail.entry.place,
        ...detail.entry.actions,
        ...detail.amendments.map((a) => a.reason),
        ...detail.followUps.map((f) => f.note),
      ]
        .join(' ')
        .toLowerCase();
    };
    const daysAgo = (d: number): string => new Date(now.getTime() - d * 24 * 3600_000).toISOString();
    const tunings = [
      // Exact totals are checked: no count budget cut short by a loaded machine.
      { denseText: 5000, narrowPeriod: 20_000, countBudgetMs: 60_000 },
      { denseText: 3, narrowPeriod: 10, countBudgetMs: 60_000 },
    ];
    for (let round = 0; round < 150; round += 1) {
      const filter: Parameters<typeof search>[1] = { limit: 1 + Math.floor(random() * 40) };
      if (random() < 0.4) filter.text = pick(words) + (random() < 0.3 ? ` ${pick(words)}` : '');
      if (random() < 0.3) filter.categories = [pick(categories)];
      if (random() < 0.3) filter.commune = pick(communes).toUpperCase();
      if (random() < 0.3) filter.camera = 1 + Math.floor(random() * 9);
      if (random() < 0.3) filter.statuses = [pick(['sans suite', 'en cours', 'clos'] as const)];
      if (random() < 0.2) filter.operatorBadge = pick(actors).badge;
      if (random() < 0.5) {
        const a = random() * 45;
        const b = random() * 45;
        if (random() < 0.8) filter.from = daysAgo(Math.max(a, b));
        if (random() < 0.6) filter.to = daysAgo(Math.min(a, b));
      }
      if (random() < 0.1) filter.preset = pick(['today', 'open'] as const);
      const expected = all
        .filter((e) => {
          if (filter.text) {
            const body = fullText(e.id);
            const terms = (ftsQuery(filter.text) ?? '').match(/"([^"]+)"/g) ?? [];
            if (!terms.every((t) => body.includes(t.slice(1, -1)))) return false;
          }
          if (filter.categories && !filter.categories.includes(e.category)) return false;
          if (filter.commune && communeKey(e.commune) !== communeKey(filter.commune)) return false;
          if (filter.camera !== undefined && !e.cameras.includes(filter.camera)) return false;
          if (filter.statuses && !filter.statuses.includes(e.status)) return false;
          if (filter.preset === 'open' && e.status !== 'en cours') return false;
          if (
            filter.preset === 'today' &&
            e.observedAt < new Date(new Date(now).setHours(0, 0, 0, 0)).toISOString()
          )
            return false;
          if (filter.operatorBadge && e.author.badge !== filter.operatorBadge) return false;
          if (filter.from && e.observedAt < filter.from) return false;
          if (filter.to && e.observedAt > filter.to) return false;
          return true;
        })
        .map((e) => e.id);
      for (const tuning of tunings) {
        const got: number[] = [];
        let cursor: string | undefined;
        let first: ReturnType<typeof search> | null = null;
        for (let page = 0; page < 500; page += 1) {
          const result = search(s.store, { ...filter, cursor }, now, tuning);
          first ??= result;
          got.push(...result.entries.map((e) => e.id));
          if (!result.nextCursor) break;
          cursor = result.nextCursor;
        }
        const label = `round ${round} ${JSON.stringify(filter)} ${JSON.stringify(tuning)}`;
        expect(got, label).toEqual(expected);
        expect(first?.total, label).toBe(Math.min(expected.length, 1000));
      }
    }
  });
});
