import { describe, expect, it } from 'vitest';
import type { RoomEntryView, RoomStatus } from '../../../src-shared/contract';
import type { UiOutcome } from '../../../src-renderer/shared/connection/result-client';
import { LogbookController, type LogbookClient } from '../../../src-renderer/logbook/logbook-controller';
import { createLogbookStore, randomId } from '../../../src-renderer/logbook/store/logbook-store';
import { mergeIntoList } from '../../../src-renderer/logbook/store/room-merge';
import { LOCAL_ONLY_STATUS } from '../../../src-main/core/room/room-service';

/**
 * The main courante's room lists (issue 13) against a core stand-in: with a room, lists come from
 * `room.*` and say their seat, a `room-changed` push is read back by ref and merged, another
 * seat's entry opens from the room; without one, the local logbook answers as before.
 */

const NOW = new Date(2025, 2, 1, 14, 0);

const roomEntry = (seat: string, id: number, overrides: Partial<RoomEntryView> = {}): RoomEntryView => ({
  seat,
  id,
  observedAt: new Date(2025, 2, 1, 13, id).toISOString(),
  writtenAt: new Date(2025, 2, 1, 13, id).toISOString(),
  category: 'rixe',
  commune: 'Vigieville',
  street: '',
  place: '',
  cameras: [],
  description: `Entrée ${id} du ${seat}`,
  actions: [],
  status: 'en cours',
  author: { id: 1, badge: 'ADM1', name: 'Ada Admin' },
  workstation: seat,
  shiftId: 1,
  source: 'manual',
  amendmentCount: 0,
  followUpCount: 0,
  updatedAt: new Date(2025, 2, 1, 13, id).toISOString(),
  ...overrides,
});

const roomStatus = (configured: boolean): RoomStatus =>
  configured
    ? { ...LOCAL_ONLY_STATUS, configured, seat: 'poste-2', state: 'idle', connected: true }
    : LOCAL_ONLY_STATUS;

/** Answers per method, every call recorded as [method, params]. */
function rig(answers: Record<string, (params: never) => unknown>) {
  const calls: [string, unknown][] = [];
  const client: LogbookClient = {
    call: (method, params) => {
      calls.push([method, params]);
      const answer = answers[method];
      const outcome: UiOutcome<unknown> = answer
        ? { ok: true, value: answer(params as never) }
        : { ok: false, error: { code: 'connection', message: `no answer for ${method}` } };
      return Promise.resolve(outcome as never);
    },
  };
  const store = createLogbookStore({ now: () => NOW, newId: randomId });
  const controller = new LogbookController(store, client, {
    now: () => NOW,
    newId: randomId,
    download: () => undefined,
  });
  return { store, controller, calls };
}

const page = (entries: RoomEntryView[]) => ({
  entries,
  nextCursor: null,
  total: entries.length,
  totalCapped: false,
  order: 'recent' as const,
});

describe('room lists in the main courante', () => {
  it('lists every seat from the room, with a seat filter', async () => {
    const r = rig({
      'room.status': () => roomStatus(true),
      'room.search': () => page([roomEntry('poste-1', 1)]),
    });
    await r.controller.views.refreshRoom();
    await r.controller.views.loadList('today');
    expect(r.store.getState().list).toMatchObject({ room: true, entries: [{ seat: 'poste-1', id: 1 }] });
    r.store.getState().setSeatFilter('poste-1');
    await r.controller.views.loadList('today');
    expect(r.calls.filter(([method]) => method === 'room.search').at(-1)?.[1]).toMatchObject({
      preset: 'today',
      seats: ['poste-1'],
    });
    expect(r.calls.some(([method]) => method === 'logbook.search')).toBe(false);
  });

  it('merges a pushed change: a new entry of another seat joins MC du jour in order', async () => {
    const pushed = roomEntry('poste-1', 5, { description: 'Échauffourée' });
    const r = rig({
      'room.status': () => roomStatus(true),
      'room.search': () => page([roomEntry('poste-2', 3)]),
      'room.entries': () => [pushed],
    });
    await r.controller.views.refreshRoom();
    await r.controller.views.loadList('today');
    await r.controller.views.roomChanged([{ seat: 'poste-1', id: 5 }]);
    const list = r.store.getState().list!;
    expect(list.entries.map((entry) => [entry.seat, entry.id])).toEqual([
      ['poste-1', 5],
      ['poste-2', 3],
    ]);
    expect(list.total).toBe(2);
  });

  it('opens another seat’s entry from the room, and this seat’s locally', async () => {
    const other = roomEntry('poste-1', 2);
    const detail = {
      seat: 'poste-1',
      entry: other,
      original: { ...other },
      amendments: [],
      followUps: [],
      chain: null,
    };
    const r = rig({
      'room.status': () => roomStatus(true),
      'room.entry': () => detail,
      'logbook.get': () => ({ ...detail, entry: roomEntry('poste-2', 2) }),
    });
    await r.controller.views.refreshRoom();
    await r.controller.views.openEntry(2, 'poste-1');
    expect(r.store.getState()).toMatchObject({ selectedSeat: 'poste-1', detail: { seat: 'poste-1' } });
    await r.controller.views.openEntry(2, 'poste-2');
    expect(r.store.getState().selectedSeat).toBeNull();
    expect(r.calls.map(([method]) => method)).toEqual(['room.status', 'room.entry', 'logbook.get']);
  });

  it('without a room, lists come from the local logbook, as before', async () => {
    const r = rig({
      'room.status': () => roomStatus(false),
      'logbook.search': () => ({ ...page([]), order: undefined }),
    });
    await r.controller.views.refreshRoom();
    await r.controller.views.show('open');
    expect(r.store.getState().list?.room).toBe(false);
    expect(r.calls.map(([method]) => method)).toEqual(['room.status', 'logbook.search']);
  });
});

describe('mergeIntoList', () => {
  it('drops a row from suivis en cours once it is closed, and keeps a search to its rows', () => {
    const base = { nextCursor: null, totalCapped: false, room: true };
    const open = {
      ...base,
      view: 'open' as const,
      filter: { preset: 'open' as const },
      total: 1,
      entries: [roomEntry('poste-1', 1)],
    };
    const closed = mergeIntoList(open, [roomEntry('poste-1', 1, { status: 'clos' })], NOW);
    expect(closed.entries).toEqual([]);
    expect(closed.total).toBe(0);
    const search = { ...open, view: 'search' as const, filter: { text: 'rixe' } };
    const merged = mergeIntoList(search, [roomEntry('poste-2', 9)], NOW);
    expect(merged.entries.map((entry) => entry.id)).toEqual([1]);
  });
});
