import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryView } from '../../../src-shared/contract';
import { ServiceError } from '../../../src-main/core/api/service-result';
import { RoomError } from '../../../src-main/core/room/room-errors';
import { RoomViews } from '../../../src-main/core/room/room-views';
import { ctx, draft, quietLogs } from '../logbook/logbook-support';
import { startRoom, type TestRoom, type TestSeat } from './room-seats';

let room: TestRoom;
let views: RoomViews;
let a: TestSeat;
let b: TestSeat;
let c: TestSeat;
const now = () => new Date();
/**
 * Just after midnight "30 minutes ago" is yesterday, and MC du jour rightly leaves it out: while
 * the day is younger than an hour, the offsets shrink in proportion so today's entries stay today
 * (and in the same order), whatever time the suite runs.
 */
const startOfToday = new Date().setHours(0, 0, 0, 0);
const scale = Math.min(1, (Date.now() - startOfToday) / (61 * 60_000));
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000 * scale).toISOString();
const yesterday = () => {
  const day = new Date();
  day.setDate(day.getDate() - 1);
  day.setHours(12, 0, 0, 0);
  return day.toISOString();
};

/** Writes on `seat` as its first operator, on its own workstation name. */
function write(seat: TestSeat, overrides: Parameters<typeof draft>[0] = {}): EntryView {
  return seat.store.createEntry(ctx(seat.alice, now(), seat.name), draft(overrides), { requireShift: true })
    .entry;
}

const brief = (entries: { seat: string; id: number }[]) => entries.map((e) => `${e.seat}#${e.id}`);

beforeAll(async () => {
  quietLogs();
  room = await startRoom(['poste-a', 'poste-b', 'poste-c']);
  [a, b, c] = room.seats as [TestSeat, TestSeat, TestSeat];
  for (const seat of room.seats) seat.store.openShift(ctx(seat.alice, now(), seat.name));
  write(a, {
    description: 'Échauffourée devant la gare routière',
    commune: 'Saint-Étienne',
    observedAt: minutesAgo(30),
  });
  const amended = write(a, {
    description: 'Véhicule en stationnement gênant',
    category: 'stationnement gênant',
    observedAt: minutesAgo(20),
  });
  a.store.amend(
    ctx(a.chef, now(), a.name),
    amended.id,
    'mauvaise catégorie',
    { category: 'rixe', place: 'Parking du marché' },
    true,
  );
  const closed = write(b, { description: 'Vol à l’étalage au marché', observedAt: minutesAgo(15) });
  b.store.followUp(
    ctx(b.bruno, now(), b.name),
    closed.id,
    'Individu interpellé par la police nationale',
    'clos',
    ['police nationale'],
  );
  write(b, { description: 'Tapage nocturne rue Victor Hugo', status: 'sans suite', observedAt: yesterday() });
  for (let i = 0; i < 6; i += 1)
    write(c, { description: `Ronde caméra ${i} sans incident notable`, observedAt: minutesAgo(10 - i) });
  // Seat c hands over with consignes; seat a keeps its shift open.
  c.store.handover(
    ctx(c.alice, now(), c.name),
    'RAS en fin de vacation',
    [
      { text: 'Surveiller le parking du marché', expiresAt: null },
      { text: 'Consigne expirée bientôt', expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
    ],
    true,
  );
  for (const seat of room.seats) await seat.replicated();
  views = new RoomViews(a.connection);
  views.start();
});

afterAll(async () => {
  await views?.stop();
  await room?.close();
});

describe('room views', () => {
  it('MC du jour shows every seat’s entries of today, as each seat’s logbook reads them, with their seat', async () => {
    const today = await views.today(now(), { limit: 200 });
    expect(today.total).toBe(9);
    expect(today.entries.map((e) => e.seat).sort()).toEqual([
      'poste-a',
      'poste-a',
      'poste-b',
      ...Array<string>(6).fill('poste-c'),
    ]);
    // Exactly the local views (amendments applied, last follow-up's status), plus the seat.
    for (const entry of today.entries) {
      const seat = room.seats.find((s) => s.name === entry.seat)!;
      const [local] = seat.store.entryViews([entry.id]);
      expect(entry).toEqual({ ...local, seat: seat.name });
    }
    // Newest written first.
    const written = today.entries.map((e) => e.writtenAt);
    expect(written).toEqual([...written].sort().reverse());
    expect((await views.today(now(), { seats: ['poste-b'] })).entries.map((e) => e.description)).toEqual([
      'Vol à l’étalage au marché',
    ]);
  });

  it('suivis en cours leave out entries closed by a follow-up, room-wide', async () => {
    const open = await views.open(now());
    expect(open.entries.every((e) => e.status === 'en cours')).toBe(true);
    expect(open.entries.map((e) => e.description)).not.toContain('Vol à l’étalage au marché');
    expect(open.total).toBe(8);
    const closed = await views.search({ statuses: ['clos'] }, now());
    expect(closed.entries).toMatchObject([{ seat: 'poste-b', status: 'clos', followUpCount: 1 }]);
  });

  it('searches in French with accents ignored, ranked, filtered and paged', async () => {
    const found = await views.search({ text: 'echauffouree' }, now());
    expect(found).toMatchObject({ total: 1, order: 'relevance', entries: [{ seat: 'poste-a' }] });
    expect(found.entries[0]!.description).toBe('Échauffourée devant la gare routière');
    // Stems, prefixes, the history's text (an amendment's place, a follow-up's note).
    expect((await views.search({ text: 'gares routieres' }, now())).total).toBe(1);
    expect((await views.search({ text: 'échauff' }, now())).total).toBe(1);
    expect((await views.search({ text: 'interpelle' }, now())).entries).toMatchObject([{ seat: 'poste-b' }]);
    expect((await views.search({ text: 'marche' }, now())).total).toBe(2);
    // Filters apply to the entry as amended: its category is now "rixe".
    const rixe = await views.search({ categories: ['RIXE'], seats: ['poste-a'] }, now());
    expect(rixe.entries.map((e) => e.description).sort()).toEqual([
      'Véhicule en stationnement gênant',
      'Échauffourée devant la gare routière',
    ]);
    expect((await views.search({ categories: ['stationnement gênant'] }, now())).total).toBe(0);
    expect((await views.search({ commune: 'saint etienne' }, now())).total).toBe(1);
    expect((await views.search({ text: 'echauffouree', seats: ['poste-b'] }, now())).total).toBe(0);
    const narrowed = { text: 'echauffouree', seats: ['poste-a', 'poste-c'], categories: ['RIXE'] };
    expect((await views.search({ ...narrowed, commune: 'SAINT ETIENNE' }, now())).total).toBe(1);
    expect((await views.search({ ...narrowed, commune: 'Vigieville' }, now())).total).toBe(0);
    expect((await views.search({ ...narrowed, categories: ['autre'] }, now())).total).toBe(0);
    expect((await views.search({ from: yesterday(), to: minutesAgo(60) }, now())).entries).toMatchObject([
      { seat: 'poste-b', status: 'sans suite' },
    ]);
    // Ranked: the entry whose current text holds the word beats one where only its history does.
    const ranked = await views.search({ text: 'parking' }, now());
    expect(ranked.entries.map((e) => e.description)).toEqual(['Véhicule en stationnement gênant']);
    const byRank = await views.search({ text: 'police' }, now());
    expect(byRank.order).toBe('relevance');
    expect(byRank.entries[0]!.description).toBe('Vol à l’étalage au marché');
    // Pages of a newest-first selection: no entry twice, none missed.
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const result = await views.search({ limit: 4, ...(cursor ? { cursor } : {}) }, now());
      seen.push(...brief(result.entries));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    const rankedPages = [await views.search({ text: 'ronde', limit: 4 }, now())];
    rankedPages.push(
      await views.search({ text: 'ronde', limit: 4, cursor: rankedPages[0]!.nextCursor! }, now()),
    );
    expect(new Set(rankedPages.flatMap((p) => brief(p.entries))).size).toBe(6);
    expect(rankedPages[1]!.nextCursor).toBeNull();
  });

  it('answers one entry’s detail with its amendments, follow-ups and chain link as the seat holds them', async () => {
    for (const seat of [a, b]) {
      for (const view of seat.store.entryViews([1, 2])) {
        const local = seat.store.entryDetail(view.id);
        const remote = await views.entry({ seat: seat.name, id: view.id });
        expect(remote).toEqual({ ...local, seat: seat.name, entry: { ...local.entry, seat: seat.name } });
      }
    }
    await expect(views.entry({ seat: 'poste-a', id: 999 })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('shows every seat’s shift, pending handover and consignes', async () => {
    const state = await views.shiftState(now());
    const bySeat = Object.fromEntries(state.seats.map((s) => [s.seat, s]));
    expect(bySeat['poste-a']).toMatchObject({
      shift: { workstation: 'poste-a', closedAt: null },
      pendingHandover: null,
    });
    const local = c.store.current(c.name, now());
    expect(bySeat['poste-c']!.shift).toBeNull();
    const pending = bySeat['poste-c']!.pendingHandover!;
    expect({
      ...pending,
      seat: undefined,
      openIncidents: pending.openIncidents.map(({ seat: _s, ...v }) => v),
    }).toEqual({
      ...local.pendingHandover,
      seat: undefined,
    });
    expect(state.consignes.map((x) => [x.seat, x.text])).toEqual([
      ['poste-c', 'Surveiller le parking du marché'],
      ['poste-c', 'Consigne expirée bientôt'],
    ]);
    const later = await views.shiftState(new Date(Date.now() + 2 * 3_600_000));
    expect(later.consignes.map((x) => x.text)).toEqual(['Surveiller le parking du marché']);
    expect(state.openIncidents).toHaveLength(8);
  });

  it('gives an export its entries with their history and each seat’s chain head, and refuses too many', async () => {
    const source = await views.exportSource({ preset: 'today' }, now());
    expect(source.items).toHaveLength(9);
    const vol = source.items.find((item) => item.entry.seat === 'poste-b')!;
    expect(vol.followUps).toMatchObject([
      { note: 'Individu interpellé par la police nationale', status: 'clos' },
    ]);
    expect(source.heads).toEqual(room.seats.map((seat) => ({ seat: seat.name, ...seat.store.chain.head() })));
    await expect(views.exportSource({}, now(), 5)).rejects.toMatchObject({ code: 'too-large' });
  });

  it('refuses bad input and says when the server cannot be reached', async () => {
    await expect(views.search({ cursor: 'not-a-cursor' }, now())).rejects.toBeInstanceOf(ServiceError);
    await expect(views.search({ limit: 5000 }, now())).rejects.toMatchObject({ code: 'invalid' });
    expect((await views.search({ text: '"*&|!' }, now())).total).toBe(0);
    const down = new RoomViews({ ...a.connection, port: 1 });
    const error = await down.search({}, now()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RoomError);
    expect(error).toMatchObject({ code: 'room-unreachable' });
    expect((error as Error).message).not.toContain(a.connection.password);
    await down.stop();
  });
});
