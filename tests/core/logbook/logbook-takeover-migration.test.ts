import { describe, expect, it } from 'vitest';
import { logbookChain, presentChainSources } from '../../../src-main/core/logbook/logbook-chain';
import { openLogbookDatabase } from '../../../src-main/core/logbook/logbook-db';
import { LogbookStore } from '../../../src-main/core/logbook/logbook-store';
import { SCHEMA_VERSION } from '../../../src-main/core/logbook/migrations';
import { openSqlite } from '../../../src-main/core/sqlite/sqlite-driver';
import { ctx, draft, scratchStore } from './logbook-support';

/**
 * Schema version 3 (`handover_takeovers`, migrations/003-…) leaves older chains as they were: a
 * file of version 2 verifies read-only without the table, and once upgraded by the store its
 * old records still verify and new takeovers chain after them.
 */
describe('a logbook file of schema version 2 (before handover takeovers)', () => {
  it('verifies read-only, upgrades to version 3, and chains a takeover after its old records', () => {
    const seat = scratchStore();
    try {
      const t0 = Date.now();
      seat.store.openShift(ctx(seat.alice, new Date(t0)));
      seat.store.createEntry(ctx(seat.alice, new Date(t0)), draft({ description: 'Avant la version 3' }), {
        requireShift: true,
      });
      const handover = seat.store.handover(ctx(seat.alice, new Date(t0)), 'Relève', [], false);
      const head = seat.store.chain.head();
      seat.store.close();
      // What a Vigie of schema version 2 left: no handover_takeovers table.
      const raw = openSqlite(seat.file);
      raw.exec('DROP TABLE handover_takeovers');
      raw.pragma('user_version = 2');
      raw.close();
      const old = openLogbookDatabase(seat.file, { readonly: true });
      try {
        expect(presentChainSources(old).map((source) => source.kind)).not.toContain('handover_takeover');
        expect(logbookChain(old).verify()).toEqual({ ok: true, records: head!.seq, head });
      } finally {
        old.close();
      }
      const store = LogbookStore.open(seat.file);
      try {
        const raw2 = openSqlite(seat.file, { readonly: true });
        expect(raw2.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
        raw2.close();
        expect(store.chain.verify()).toEqual({ ok: true, records: head!.seq, head });
        const shift = store.openShift(ctx(seat.bruno, new Date(t0 + 1000)), {
          handoverId: handover.id,
          seat: 'poste-2',
          acknowledgementId: 4,
          hash: 'a'.repeat(64),
          at: new Date(t0 + 500).toISOString(),
          operator: { id: 9, badge: 'B200', name: 'Bruno Petit' },
        });
        expect(shift.previousHandoverId).toBe(handover.id);
        expect(store.chain.verify()).toMatchObject({ ok: true, records: head!.seq + 2 });
        expect(store.handoverById(handover.id).acknowledgement).toMatchObject({
          at: new Date(t0 + 500).toISOString(),
          operator: { badge: 'B200' },
          newShiftId: shift.id,
        });
      } finally {
        store.close();
      }
    } finally {
      seat.cleanup();
    }
  });
});
