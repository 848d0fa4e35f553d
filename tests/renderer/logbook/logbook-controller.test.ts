import { describe, expect, it, vi } from 'vitest';
import type {
  ApiParams,
  EntryDetail,
  EntryView,
  Handover,
  IntegrityStatus,
  SessionStatus,
  ShiftCurrent,
} from '../../../src-shared/contract';
import type { OutcomeValue, UiOutcome } from '../../../src-renderer/shared/connection/result-client';
import type { DownloadableFile } from '../../../src-renderer/shared/downloadable-file';
import { TOUCH_EVERY_MS } from '../../../src-renderer/shared/session/session-poller';
import {
  LogbookController,
  type LogbookClient,
  type LogbookMethod,
} from '../../../src-renderer/logbook/logbook-controller';
import {
  selectActiveDraft,
  selectIntegrityBlocking,
  selectScreen,
} from '../../../src-renderer/logbook/store/logbook-selectors';
import { createLogbookStore, randomId } from '../../../src-renderer/logbook/store/logbook-store';

type Handler = (params: unknown) => UiOutcome<unknown> | Promise<UiOutcome<unknown>>;

/** A core stand-in: per-method answers, and every call recorded. */
class FakeClient implements LogbookClient {
  readonly calls: { method: string; params: unknown }[] = [];
  readonly handlers = new Map<string, Handler>();

  on(method: LogbookMethod, handler: Handler): this {
    this.handlers.set(method, handler);
    return this;
  }

  async call<M extends LogbookMethod>(method: M, params: ApiParams<M>): Promise<UiOutcome<OutcomeValue<M>>> {
    this.calls.push({ method, params });
    const handler = this.handlers.get(method);
    if (!handler) return { ok: false, error: { code: 'connection', message: `no fake for ${method}` } };
    return (await handler(params)) as UiOutcome<OutcomeValue<M>>;
  }

  callsTo(method: LogbookMethod): unknown[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.params);
  }
}

const ok = <T>(value: T): UiOutcome<T> => ({ ok: true, value });
const operator = { id: 1, name: 'Ada Admin', badge: 'ADM1', role: 'admin' as const, active: true };

function status(state: SessionStatus['state'], extra: Partial<SessionStatus> = {}): SessionStatus {
  return {
    state,
    operator: state === 'none' ? null : operator,
    locksAt: null,
    idleTimeoutMs: 900_000,
    needsBootstrap: false,
    workstation: 'poste-1',
    scope: 'workstation',
    onDuty: state === 'none' ? null : operator,
    ...extra,
  };
}

const integrity = (state: IntegrityStatus['state']): IntegrityStatus => ({
  state,
  reason: null,
  records: 3,
  head: null,
  broken:
    state === 'broken'
      ? { seq: 2, kind: 'entry', table: 'entries', refId: 1, reason: 'hash', message: 'hash mismatch' }
      : null,
  checkedAt: null,
  lastBackup: null,
  databasePath: '/tmp/logbook.sqlite',
});

const view = (id: number, overrides: Partial<EntryView> = {}): EntryView => ({
  id,
  observedAt: '2025-03-01T13:05:00.000Z',
  writtenAt: '2025-03-01T13:06:00.000Z',
  category: 'rixe',
  commune: 'Vigieville',
  street: '',
  place: 'Gare',
  cameras: [12],
  description: 'Rixe',
  actions: [],
  status: 'en cours',
  author: { id: 1, badge: 'ADM1', name: 'Ada Admin' },
  workstation: 'poste-1',
  shiftId: 1,
  source: 'manual',
  amendmentCount: 0,
  followUpCount: 0,
  updatedAt: '2025-03-01T13:06:00.000Z',
  ...overrides,
});

const detail = (entry: EntryView): EntryDetail => ({
  entry,
  original: { ...entry },
  amendments: [],
  followUps: [],
  chain: { seq: entry.id, hash: 'ab' },
});

const noShift: ShiftCurrent = {
  workstation: 'poste-1',
  shift: null,
  pendingHandover: null,
  consignes: [],
  openIncidents: [],
};

/** A store and controller on a fake core where an admin is logged in with an open shift. */
function rig() {
  let tick = new Date(2025, 2, 1, 14, 0).getTime();
  const clock = { now: () => new Date(tick), advance: (ms: number) => (tick += ms) };
  const downloads: DownloadableFile[] = [];
  const store = createLogbookStore({ now: clock.now, newId: randomId });
  store.getState().setConnectionState('open');
  const client = new FakeClient()
    .on('session.status', () => ok(status('active')))
    .on('session.touch', () => ok(status('active')))
    .on('logbook.integrity', () => ok(integrity('ok')))
    .on('logbook.taxonomy', () => ok({ categories: [], actions: [] }))
    .on('shifts.current', () => ok(noShift))
    .on('operators.list', () => ok([operator]))
    .on('logbook.search', () => ok({ entries: [view(1)], nextCursor: null, total: 1, totalCapped: false }));
  const controller = new LogbookController(store, client, {
    now: clock.now,
    newId: randomId,
    download: (file) => downloads.push(file),
  });
  return { store, client, controller, clock, downloads };
}

/** Types a complete entry into the draft on screen. */
function typeEntry(r: ReturnType<typeof rig>, description: string): string {
  const draft = selectActiveDraft(r.store.getState());
  if (!draft) throw new Error('no draft');
  r.store.getState().editDraft(draft.id, { category: 'rixe', description, cameras: [12] });
  return draft.id;
}

describe('main courante store and controller', () => {
  it('shows the first-admin form, the login, the lock screen and the logbook in that order', async () => {
    const r = rig();
    expect(selectScreen(r.store.getState())).toBe('connecting');
    r.client.on('session.status', () => ok(status('none', { needsBootstrap: true })));
    await r.controller.onConnected();
    expect(selectScreen(r.store.getState())).toBe('bootstrap');
    r.client.on('operators.bootstrapAdmin', () => ok(status('active')));
    expect(await r.controller.bootstrapAdmin({ name: 'Ada Admin', badge: 'ADM1', pin: '2468' })).toBe(true);
    expect(selectScreen(r.store.getState())).toBe('main');
    // Logged in: the workspace loads (taxonomy, shift, operators, the list on screen).
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(r.client.callsTo('logbook.search')).toEqual([{ preset: 'today', limit: 50 }]);
    r.client.on('session.status', () => ok(status('locked')));
    await r.controller.poll();
    expect(selectScreen(r.store.getState())).toBe('locked');
    r.client.on('session.status', () => ok(status('none')));
    await r.controller.poll();
    expect(selectScreen(r.store.getState())).toBe('login');
    r.client.on('logbook.integrity', () => ok(integrity('unavailable')));
    await r.controller.refreshIntegrity();
    expect(selectScreen(r.store.getState())).toBe('unavailable');
  });

  it('keeps the typed text and the clientRef when a write fails, and writes once on retry', async () => {
    const r = rig();
    await r.controller.onConnected();
    const id = typeEntry(r, 'Rixe devant la gare');
    const clientRef = selectActiveDraft(r.store.getState())?.form.clientRef;
    r.client.on('logbook.create', () => ({
      ok: false,
      error: { code: 'locked', message: 'database is locked' },
    }));
    await r.controller.drafts.submit(id);
    const failed = selectActiveDraft(r.store.getState());
    expect(failed).toMatchObject({
      id,
      saving: false,
      error: { code: 'locked' },
      form: { description: 'Rixe devant la gare', clientRef },
    });
    // The retry carries the same clientRef: the core returns the first entry if it was written.
    r.client.on('logbook.create', () => ok(detail(view(42, { description: 'Rixe devant la gare' }))));
    await r.controller.drafts.submit(id);
    expect(
      r.client.callsTo('logbook.create').map((params) => (params as { clientRef: string }).clientRef),
    ).toEqual([clientRef, clientRef]);
    const fresh = selectActiveDraft(r.store.getState());
    expect(fresh?.id).not.toBe(id);
    expect(fresh?.form.description).toBe('');
    expect(fresh?.form.clientRef).not.toBe(clientRef);
    expect(r.store.getState().notices.map((notice) => [notice.key, notice.params])).toEqual([
      ['form.saved', { id: 42 }],
    ]);
  });

  it('checks the form before sending, and sends nothing when it is incomplete', async () => {
    const r = rig();
    const draft = selectActiveDraft(r.store.getState())!;
    await r.controller.drafts.submit(draft.id);
    expect(selectActiveDraft(r.store.getState())?.problems).toEqual({
      category: 'category',
      description: 'description',
    });
    expect(r.client.callsTo('logbook.create')).toEqual([]);
    r.store.getState().editDraft(draft.id, { category: 'rixe' });
    expect(selectActiveDraft(r.store.getState())?.problems).toEqual({ description: 'description' });
  });

  it('sends the operator to the lock screen when a write meets a locked session, drafts intact', async () => {
    const r = rig();
    await r.controller.onConnected();
    const id = typeEntry(r, 'Texte tapé avant le verrouillage');
    r.client
      .on('logbook.create', () => ({ ok: false, error: { code: 'session-locked', message: 'locked' } }))
      .on('session.status', () => ok(status('locked')));
    await r.controller.drafts.submit(id);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(selectScreen(r.store.getState())).toBe('locked');
    expect(selectActiveDraft(r.store.getState())?.form.description).toBe('Texte tapé avant le verrouillage');
    r.client.on('session.login', () => ok(status('active')));
    expect(await r.controller.login('ADM1', '2468')).toBe(true);
    expect(selectScreen(r.store.getState())).toBe('main');
    expect(selectActiveDraft(r.store.getState())?.form.description).toBe('Texte tapé avant le verrouillage');
  });

  it('opens "log this" drafts without ever overwriting typed text, once per push', () => {
    const r = rig();
    const push = (draftId: string, camera: number) =>
      r.controller.drafts.receive({
        observedAt: '2025-03-01T13:00:00.000Z',
        cameras: [camera],
        commune: 'Vigieville',
        place: `Caméra ${camera}`,
        cameraId: `cam-${camera}`,
        draftId,
      });
    push('push-0001', 12);
    let state = r.store.getState();
    expect(state.drafts).toHaveLength(1);
    expect(selectActiveDraft(state)).toMatchObject({ fromCamera: 12, form: { cameras: [12] } });
    push('push-0001', 12);
    expect(r.store.getState().drafts).toHaveLength(1);
    typeEntry(r, 'Texte en cours');
    push('push-0002', 13);
    state = r.store.getState();
    expect(state.drafts.map((draft) => [draft.fromCamera, draft.form.description])).toEqual([
      [12, 'Texte en cours'],
      [13, ''],
    ]);
    expect(selectActiveDraft(state)?.fromCamera).toBe(13);
    // Abandoning the last draft leaves a blank one, never an empty panel.
    for (const draft of state.drafts) r.controller.drafts.discard(draft.id);
    expect(r.store.getState().drafts).toHaveLength(1);
    expect(selectActiveDraft(r.store.getState())?.form.description).toBe('');
  });

  it('writes a handover, then shows the incoming operator’s acknowledgement', async () => {
    const r = rig();
    await r.controller.onConnected();
    r.store.getState().startHandover();
    r.store.getState().editHandover({ note: 'RAS' });
    r.store.getState().addConsigne();
    r.store.getState().editConsigne(0, { expires: '2025-03-02T06:00' });
    await r.controller.shift.submitHandover();
    expect(r.store.getState().handoverForm?.problem).toBe('emptyConsigne');
    r.store.getState().editConsigne(0, { text: 'Surveiller la gare' });
    const handover: Handover = {
      id: 5,
      shiftId: 1,
      writtenAt: '2025-03-01T20:00:00.000Z',
      operator: { id: 1, badge: 'ADM1', name: 'Ada Admin' },
      note: 'RAS',
      consignes: [
        { id: 1, handoverId: 5, text: 'Surveiller la gare', expiresAt: '2025-03-02T05:00:00.000Z' },
      ],
      openIncidents: [],
      entryCount: 0,
      chainHead: { seq: 9, hash: 'ff' },
      acknowledgement: null,
    };
    r.client.on('shifts.handover', () => ok(handover));
    await r.controller.shift.submitHandover();
    expect(r.client.callsTo('shifts.handover')).toEqual([
      {
        note: 'RAS',
        consignes: [{ text: 'Surveiller la gare', expiresAt: new Date(2025, 2, 2, 6, 0).toISOString() }],
      },
    ]);
    expect(r.store.getState()).toMatchObject({ handoverForm: null, writtenHandover: { id: 5 } });
    // The incoming operator logs in: the outgoing operator's screen state goes.
    r.client.on('session.login', () =>
      ok(status('active', { operator: { ...operator, id: 2, badge: 'OP2', name: 'Bob' } })),
    );
    await r.controller.login('OP2', '1111');
    expect(r.store.getState().writtenHandover).toBeNull();
    r.store.getState().setAckRemark('Bien reçu');
    const acknowledged = {
      ...handover,
      acknowledgement: {
        id: 1,
        at: '2025-03-01T20:05:00.000Z',
        operator: { id: 2, badge: 'OP2', name: 'Bob' },
        remark: 'Bien reçu',
        newShiftId: 2,
      },
    };
    r.client.on('shifts.acknowledge', () =>
      ok({
        handover: acknowledged,
        shift: {
          id: 2,
          workstation: 'poste-1',
          openedAt: '2025-03-01T20:05:00.000Z',
          operator: { id: 2, badge: 'OP2', name: 'Bob' },
          previousHandoverId: 5,
          closedAt: null,
        },
      }),
    );
    await r.controller.shift.acknowledge(5);
    expect(r.client.callsTo('shifts.acknowledge')).toEqual([{ handoverId: 5, remark: 'Bien reçu' }]);
    expect(r.store.getState().acknowledgedHandover?.acknowledgement?.operator.badge).toBe('OP2');
  });

  it('exports exactly the selection on screen and hands the file to the window', async () => {
    const r = rig();
    await r.controller.onConnected();
    r.store.getState().editFilter({ category: 'rixe', commune: 'Vigieville' });
    await r.controller.views.show('search');
    r.store.getState().openExport();
    r.store.getState().editExport({ requester: ' OPJ Martin ', reason: 'réq. 117', format: 'pdf' });
    const result = {
      exportId: 3,
      fileName: 'main-courante.pdf',
      path: '/data/logbook/exports/main-courante.pdf',
      content: 'JVBERi0=',
      encoding: 'base64' as const,
      mimeType: 'application/pdf',
      sha256: 'aa',
      entryCount: 1,
      chainHead: null,
      chain: { seq: 4, hash: 'bb' },
    };
    r.client.on('logbook.export', () => ok(result));
    await r.controller.exports.submit();
    expect(r.client.callsTo('logbook.export')).toEqual([
      {
        filter: { categories: ['rixe'], commune: 'Vigieville' },
        csvDelimiter: ';',
        format: 'pdf',
        requester: 'OPJ Martin',
        reason: 'réq. 117',
      },
    ]);
    expect(r.downloads).toEqual([result]);
    expect(r.store.getState().exportDraft?.result?.exportId).toBe(3);
  });

  it('follows a shift opened in another window at the next session poll', async () => {
    const r = rig();
    await r.controller.onConnected();
    await r.controller.loadWorkspace();
    expect(r.store.getState().shiftCurrent?.shift).toBeNull();
    // Shift 2 is opened elsewhere (a handover acknowledged in the other window).
    const opened = { id: 2, openedAt: '2025-03-01T13:00:00.000Z', operator, workstation: 'poste-1' };
    r.client.on('shifts.current', () => ok({ ...noShift, shift: opened } as unknown as ShiftCurrent));
    await r.controller.session.refresh();
    await vi.waitFor(() => expect(r.store.getState().shiftCurrent?.shift).toMatchObject({ id: 2 }));
  });

  it('postpones the inactivity lock at most every 30 s, and only for an active session', async () => {
    const r = rig();
    r.controller.activity();
    expect(r.client.callsTo('session.touch')).toHaveLength(0);
    await r.controller.onConnected();
    r.controller.activity();
    r.controller.activity();
    expect(r.client.callsTo('session.touch')).toHaveLength(1);
    r.clock.advance(TOUCH_EVERY_MS);
    r.controller.activity();
    expect(r.client.callsTo('session.touch')).toHaveLength(2);
  });

  it('blocks the window on a broken chain until someone acknowledges the alert', async () => {
    const r = rig();
    r.client.on('logbook.integrity', () => ok(integrity('broken')));
    await r.controller.onConnected();
    expect(selectIntegrityBlocking(r.store.getState())).toBe(true);
    r.store.getState().acknowledgeIntegrity();
    expect(selectIntegrityBlocking(r.store.getState())).toBe(false);
  });

  it('amends with only the changed fields and the reason, and keeps the form on a refusal', async () => {
    const r = rig();
    await r.controller.onConnected();
    r.client.on('logbook.get', () => ok(detail(view(1))));
    await r.controller.views.openEntry(1);
    r.controller.edits.startAmend();
    r.store.getState().editAmend({ place: 'Parvis nord' });
    await r.controller.edits.submitAmend();
    expect(r.store.getState().amend?.problem).toBe('reason');
    r.store.getState().editAmend({ reason: 'lieu précisé' });
    r.client.on('logbook.amend', () => ({ ok: false, error: { code: 'disk-full', message: 'SQLITE_FULL' } }));
    await r.controller.edits.submitAmend();
    expect(r.store.getState().amend).toMatchObject({
      saving: false,
      error: { code: 'disk-full' },
      form: { reason: 'lieu précisé', place: 'Parvis nord' },
    });
    r.client.on('logbook.amend', () =>
      ok({ ...detail(view(1, { place: 'Parvis nord', amendmentCount: 1 })) }),
    );
    await r.controller.edits.submitAmend();
    expect(r.client.callsTo('logbook.amend').at(-1)).toEqual({
      entryId: 1,
      reason: 'lieu précisé',
      changes: { place: 'Parvis nord' },
    });
    expect(r.store.getState()).toMatchObject({ amend: null, detail: { entry: { place: 'Parvis nord' } } });
  });

  it('updates the row and the detail after a follow-up', async () => {
    const r = rig();
    await r.controller.onConnected();
    await r.controller.views.show('today');
    r.client.on('logbook.get', () => ok(detail(view(1))));
    await r.controller.views.openEntry(1);
    r.controller.edits.startFollowUp();
    await r.controller.edits.submitFollowUp();
    expect(r.store.getState().followUp?.problem).toBe('noteRequired');
    r.store.getState().editFollowUp({ note: 'Police sur place', status: 'clos' });
    r.client.on('logbook.followUp', () => ok(detail(view(1, { status: 'clos', followUpCount: 1 }))));
    await r.controller.edits.submitFollowUp();
    const state = r.store.getState();
    expect(state.followUp).toBeNull();
    expect(state.detail?.entry.status).toBe('clos');
    expect(state.list?.entries[0]?.status).toBe('clos');
  });
});
