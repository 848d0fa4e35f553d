import i18next from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  ApiParams,
  AuditEvent,
  CameraMasks,
  HandoverCandidate,
  Requisition,
  RetentionStatus,
  SessionStatus,
} from '../../../src-shared/contract';
import { ADMIN_SESSION_POLL_MS, AdminController } from '../../../src-renderer/admin/admin-controller';
import { ADMIN_NS, adminFr, adminT } from '../../../src-renderer/admin/admin-i18n';
import { blankAudit, createAdminStore, type AuditForm } from '../../../src-renderer/admin/admin-store';
import { NOBODY } from '../../../src-renderer/admin/audit-controller';
import type { Point } from '../../../src-renderer/admin/mask-geometry';
import { parseEntryIds } from '../../../src-renderer/admin/register-controller';
import type {
  OutcomeMethod,
  OutcomeValue,
  ResultClient,
  UiError,
  UiOutcome,
} from '../../../src-renderer/shared/connection/result-client';
import type { DownloadableFile } from '../../../src-renderer/shared/downloadable-file';
import { TOUCH_EVERY_MS } from '../../../src-renderer/shared/session/session-poller';

type Answer<M extends OutcomeMethod> = UiOutcome<OutcomeValue<M>> | Promise<UiOutcome<OutcomeValue<M>>>;
type Handler = (params: unknown) => UiOutcome<unknown> | Promise<UiOutcome<unknown>>;

/** A core stand-in: per-method answers (typed against the contract), and every call recorded. */
class FakeClient implements ResultClient {
  readonly calls: { method: string; params: unknown }[] = [];
  private readonly handlers = new Map<string, Handler>();
  on<M extends OutcomeMethod>(method: M, handler: (params: ApiParams<M>) => Answer<M>): this {
    this.handlers.set(method, handler as Handler);
    return this;
  }
  async call<M extends OutcomeMethod>(method: M, params: ApiParams<M>): Promise<UiOutcome<OutcomeValue<M>>> {
    this.calls.push({ method, params });
    const handler = this.handlers.get(method);
    if (!handler) return { ok: false, error: { code: 'connection', message: `no fake for ${method}` } };
    return (await handler(params)) as UiOutcome<OutcomeValue<M>>;
  }
  callsTo(method: OutcomeMethod): unknown[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.params);
  }
}

/** The real French strings, in an i18next instance of the test's own (as the window builds it). */
function frenchT() {
  const i18n = i18next.createInstance();
  const resources = { fr: { [ADMIN_NS]: adminFr } };
  void i18n.init({ lng: 'fr', resources, initAsync: false, interpolation: { escapeValue: false } });
  return adminT(i18n);
}

const ok = <T>(value: T): UiOutcome<T> => ({ ok: true, value });
const refused = (code: UiError['code'], message: string = code) =>
  ({ ok: false, error: { code, message } }) as const;
const operator = { id: 1, name: 'Ada Admin', badge: 'ADM1', role: 'admin' as const, active: true };
const sha = (digit: string) => digit.repeat(64);
const workstation = { locksAt: null, idleTimeoutMs: 900_000, needsBootstrap: false, workstation: 'poste-1' };
const status = (state: SessionStatus['state'], extra: Partial<SessionStatus> = {}): SessionStatus => {
  // The administration window logs in for itself: its own session, nobody on duty replaced.
  const scope = 'window' as const;
  return {
    ...workstation,
    scope,
    onDuty: null,
    state,
    operator: state === 'none' ? null : operator,
    ...extra,
  };
};
/** A triangle at (x, x), in normalised picture coordinates. */
const tri = (x: number): Point[] => [
  [x, x],
  [x + 0.2, x],
  [x + 0.2, x + 0.2],
];
const edited = { source: 'override' as const, updatedAt: '2025-03-01T12:00:00.000Z', updatedBy: 'ADM1' };
const masksOf = (cameraId: string, ...masks: Point[][]): CameraMasks => {
  return { cameraId, masks: masks.map((points) => ({ points })), ...edited };
};
// The controller only pages by id and shows records and requisitions as they come.
const event = (id: number) => ({ id, action: 'tile.start' }) as AuditEvent;
const requisition = (id: number) => ({ id, procedureRef: `PV ${id}` }) as Requisition;
const folders = { snapshotsDir: '/data/snapshots', auditExportsDir: '/data/audit-exports', lastPurge: null };
const retention = (snapshotsDays: number | null, auditExportsDays: number | null): RetentionStatus => {
  return { settings: { snapshotsDays, auditExportsDays }, ...folders };
};

/** A store and controller on a fake core, its clock pinned at 1 March 2025, 14:00 local time. */
function rig() {
  let tick = new Date(2025, 2, 1, 14, 0).getTime();
  const clock = { now: () => new Date(tick), advance: (ms: number) => (tick += ms) };
  const downloads: DownloadableFile[] = [];
  const store = createAdminStore();
  store.setState({ connectionState: 'open' });
  const client = new FakeClient().on('session.status', () => ok(status('active')));
  const controller = new AdminController(store, client, {
    t: frenchT(),
    now: clock.now,
    download: (file) => downloads.push(file),
  });
  return { store, client, controller, clock, downloads, state: () => store.getState() };
}

afterEach(() => void vi.useRealTimers());

describe('admin controller: session', () => {
  it('keeps a French error on a refused login, then stores the session and clears it', async () => {
    const r = rig();
    r.client.on('session.login', () => refused('bad-credentials', 'unknown badge or wrong PIN'));
    expect(await r.controller.login('ADM1', '0000')).toBe(false);
    expect(r.state().login).toEqual({ busy: false, error: 'Matricule inconnu ou code PIN erroné.' });
    expect(r.state().session).toBeNull();
    r.client.on('session.login', () => ok(status('active')));
    expect(await r.controller.login('ADM1', '2468')).toBe(true);
    // For this window only: the admin never takes the seat of the operator on duty.
    expect(r.client.callsTo('session.login')).toEqual([
      { badge: 'ADM1', pin: '0000', scope: 'window' },
      { badge: 'ADM1', pin: '2468', scope: 'window' },
    ]);
    expect(r.state().login).toEqual({ busy: false, error: null });
    expect(r.state().session).toMatchObject({ state: 'active', operator: { badge: 'ADM1' } });
    r.client.on('session.lock', () => ok(status('locked')));
    await r.controller.lock();
    expect(r.state().session?.state).toBe('locked');
  });

  it('creates the first admin, and says the server does not answer when the socket failed', async () => {
    const r = rig();
    r.client.on('session.status', () => ok(status('none', { needsBootstrap: true })));
    await r.controller.onConnected();
    expect(r.state().session).toMatchObject({ state: 'none', needsBootstrap: true });
    r.client.on('operators.bootstrapAdmin', () => ({
      ok: false,
      error: { code: 'connection', message: 'no answer in 10 s', transport: 'timeout' },
    }));
    const admin = { name: 'Ada Admin', badge: 'ADM1', pin: '2468' };
    expect(await r.controller.bootstrap(admin.name, admin.badge, admin.pin)).toBe(false);
    // The socket's English reason is for the log: the operator reads French only.
    expect(r.state().login.error).toBe('Le serveur Vigie ne répond pas : réessayez dans un instant.');
    r.client.on('operators.bootstrapAdmin', () => ok(status('active')));
    expect(await r.controller.bootstrap(admin.name, admin.badge, admin.pin)).toBe(true);
    expect(r.client.callsTo('operators.bootstrapAdmin')).toEqual([
      { ...admin, scope: 'window' },
      { ...admin, scope: 'window' },
    ]);
    expect(r.state()).toMatchObject({ session: { state: 'active' }, login: { error: null } });
  });

  it('refreshes the session on each welcome, and polls it every 15 s only while connected', async () => {
    vi.useFakeTimers();
    const r = rig();
    r.client.on('session.status', () => ok(status('locked')));
    await r.controller.onConnected();
    expect(r.state().session?.state).toBe('locked');
    r.controller.session.start();
    r.store.setState({ connectionState: 'lost' });
    r.client.on('session.status', () => ok(status('none')));
    await vi.advanceTimersByTimeAsync(ADMIN_SESSION_POLL_MS);
    expect(r.client.callsTo('session.status')).toHaveLength(1);
    expect(r.state().session?.state).toBe('locked');
    r.store.setState({ connectionState: 'open' });
    await vi.advanceTimersByTimeAsync(ADMIN_SESSION_POLL_MS);
    expect(r.client.callsTo('session.status')).toHaveLength(2);
    expect(r.state().session?.state).toBe('none');
    r.controller.session.stop();
    await vi.advanceTimersByTimeAsync(ADMIN_SESSION_POLL_MS * 3);
    expect(r.client.callsTo('session.status')).toHaveLength(2);
  });

  it('postpones the lock on activity at most every 30 s, counting a login as activity', async () => {
    const r = rig();
    r.client.on('session.touch', () => ok(status('active', { locksAt: 1 })));
    r.controller.activity();
    expect(r.client.callsTo('session.touch')).toHaveLength(0);
    r.client.on('session.login', () => ok(status('active')));
    await r.controller.login('ADM1', '2468');
    r.controller.activity();
    expect(r.client.callsTo('session.touch')).toHaveLength(0);
    r.clock.advance(TOUCH_EVERY_MS);
    r.controller.activity();
    r.controller.activity();
    expect(r.client.callsTo('session.touch')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(r.state().session?.locksAt).toBe(1);
  });
});

describe('admin controller: privacy masks', () => {
  const stored = masksOf('cam-1', tri(0.1));

  function masksRig() {
    const r = rig();
    r.client
      .on('masks.list', () => ok([masksOf('cam-2', tri(0.5)), stored]))
      .on('masks.still', ({ cameraId }) =>
        ok({ cameraId, mime: 'image/jpeg', base64: 'AAAA', width: 1920, height: 1080, takenAt: 'now' }),
      );
    return r;
  }

  it("loads the chosen camera's stored masks and a still of it", async () => {
    const r = masksRig();
    await r.controller.masks.selectCamera('cam-1', true);
    expect(r.client.callsTo('masks.still')).toEqual([{ cameraId: 'cam-1' }]);
    const masks = r.state().masks;
    expect(masks).toMatchObject({ cameraId: 'cam-1', stored, polygons: [tri(0.1)], message: null });
    expect(masks.polygons[0]).not.toBe(stored.masks[0]?.points);
    expect(masks.still).toMatchObject({ kind: 'ready', src: 'data:image/jpeg;base64,AAAA', width: 1920 });
    // A camera without masks, for someone who may not edit them: no still is asked for.
    await r.controller.masks.selectCamera('cam-9', false);
    expect(r.client.callsTo('masks.still')).toHaveLength(1);
    expect(r.state().masks).toMatchObject({ stored: null, polygons: [], still: { kind: 'none' } });
    // A still that cannot be taken says so, and the masks stay editable.
    r.client.on('masks.still', () => refused('unavailable', 'camera unreachable'));
    await r.controller.masks.selectCamera('cam-1', true);
    expect(r.state().masks).toMatchObject({
      polygons: [tri(0.1)],
      still: {
        kind: 'failed',
        message: 'Service indisponible sur ce poste : prévenez le service informatique.',
      },
    });
  });

  it('keeps the edit on screen when the save is refused, and shows what the core stored once saved', async () => {
    const r = masksRig();
    await r.controller.masks.selectCamera('cam-1', false);
    r.controller.masks.edit((current) => [...current, tri(0.5)]);
    r.client.on('masks.set', () => refused('forbidden'));
    await r.controller.masks.save();
    expect(r.client.callsTo('masks.set')).toEqual([
      { cameraId: 'cam-1', masks: [{ points: tri(0.1) }, { points: tri(0.5) }] },
    ]);
    expect(r.state().masks).toMatchObject({
      busy: false,
      stored,
      polygons: [tri(0.1), tri(0.5)],
      message: { ok: false, text: 'Action non autorisée pour votre rôle.' },
    });
    // The core answers what it stored (not quite what was sent), which the editor then shows.
    const saved = { ...masksOf('cam-1', tri(0.1), tri(0.6)), restarted: 2 };
    r.client.on('masks.set', () => ok(saved));
    await r.controller.masks.save();
    expect(r.state().masks).toMatchObject({
      busy: false,
      stored: saved,
      polygons: [tri(0.1), tri(0.6)],
      message: { ok: true, text: 'Masques appliqués : 2 flux redémarré(s).' },
    });
    r.controller.masks.edit([]);
    r.controller.masks.revert();
    expect(r.state().masks.polygons).toEqual([tri(0.1), tri(0.6)]);
  });

  it('ignores a late answer for a camera the operator has already left', async () => {
    const r = masksRig();
    let release: () => void = () => undefined;
    const late = new Promise<void>((resolve) => (release = resolve));
    const both = [masksOf('cam-a', tri(0.1)), masksOf('cam-b', tri(0.7))];
    let calls = 0;
    // The first camera's answers come last: after the operator has moved on to the second.
    const slow = async <T>(value: T) => {
      if ((calls += 1) <= 2) await late;
      return value;
    };
    r.client
      .on('masks.still', ({ cameraId }) =>
        slow(ok({ cameraId, mime: 'image/jpeg', base64: cameraId, width: 8, height: 8, takenAt: 'now' })),
      )
      .on('masks.list', () => slow(ok(both)));
    const first = r.controller.masks.selectCamera('cam-a', true);
    await r.controller.masks.selectCamera('cam-b', true);
    release();
    await first;
    // Camera B shows B's masks and B's still, whatever order the answers came in.
    expect(r.state().masks).toMatchObject({ cameraId: 'cam-b', polygons: [tri(0.7)] });
    expect(r.state().masks.still).toMatchObject({ kind: 'ready', src: 'data:image/jpeg;base64,cam-b' });
    r.client.on('masks.set', ({ cameraId, masks }) => ok({ ...masksOf(cameraId), masks, restarted: 0 }));
    await r.controller.masks.save();
    expect(r.client.callsTo('masks.set')).toEqual([{ cameraId: 'cam-b', masks: [{ points: tri(0.7) }] }]);
  });
});

describe('admin controller: audit trail', () => {
  const form = (change: Partial<AuditForm>): AuditForm => ({ ...blankAudit().form, ...change });

  it('maps the filter form to the core’s filter', () => {
    const { controller } = rig();
    const filter = (change: Partial<AuditForm>) => controller.audit.filter(form(change));
    expect(filter({ from: '2025-03-01T08:00', to: '2025-03-01T18:30', operator: NOBODY })).toEqual({
      from: new Date(2025, 2, 1, 8, 0).toISOString(),
      to: new Date(2025, 2, 1, 18, 30).toISOString(),
      unattributed: true,
    });
    expect(filter({ from: 'garbage', operator: 'OP7', action: 'tile.stop', cameraId: 'cam-3' })).toEqual({
      operatorBadge: 'OP7',
      actions: ['tile.stop'],
      cameraId: 'cam-3',
    });
    expect(filter({})).toEqual({});
  });

  it('searches with the form, then appends the older page, and a new search starts over', async () => {
    const r = rig();
    const pages = [
      { events: [event(9)], nextBefore: null },
      { events: [event(5), event(4)], nextBefore: 4 },
      { events: [event(3), event(2)], nextBefore: null },
      { events: [event(8)], nextBefore: null },
    ];
    r.client
      .on('operators.list', () => ok([operator]))
      .on('audit.query', () => ok(pages.shift() ?? { events: [], nextBefore: null }));
    await r.controller.audit.open();
    expect(r.state().audit).toMatchObject({ operators: [operator], events: [event(9)], nextBefore: null });
    r.controller.audit.editFilter({ operator: 'ADM1', cameraId: 'cam-1' });
    await r.controller.audit.search();
    await r.controller.audit.search(r.state().audit.nextBefore ?? undefined);
    expect(r.state().audit).toMatchObject({ busy: false, message: null, nextBefore: null });
    expect(r.state().audit.events.map((e) => e.id)).toEqual([5, 4, 3, 2]);
    await r.controller.audit.search();
    expect(r.state().audit.events.map((e) => e.id)).toEqual([8]);
    const q = { operatorBadge: 'ADM1', cameraId: 'cam-1', limit: 100 };
    expect(r.client.callsTo('audit.query')).toEqual([{ limit: 100 }, q, { ...q, before: 4 }, q]);
  });

  it('pages with the filter of the list on screen, not a filter edited since', async () => {
    const r = rig();
    r.client.on('audit.query', () => ok({ events: [event(7)], nextBefore: 7 }));
    r.controller.audit.editFilter({ operator: 'ADM1' });
    await r.controller.audit.search();
    r.controller.audit.editFilter({ operator: 'OP9' });
    await r.controller.audit.search(7);
    expect(r.client.callsTo('audit.query')).toEqual([
      { operatorBadge: 'ADM1', limit: 100 },
      { operatorBadge: 'ADM1', limit: 100, before: 7 },
    ]);
  });

  it('exports the filtered records as a download, or says why not', async () => {
    const r = rig();
    r.controller.audit.editFilter({ action: 'snapshot.save' });
    r.client.on('audit.export', () => refused('too-large', 'more than 5000 records'));
    await r.controller.audit.export('pdf');
    expect(r.state().audit.message).toEqual({
      ok: false,
      text: 'Trop de résultats : restreignez la période ou le filtre.',
    });
    expect(r.downloads).toEqual([]);
    const path = '/data/audit-exports/audit.pdf';
    const file = { fileName: 'audit.pdf', path, sha256: sha('a'), bytes: 3, base64: 'JVBE' };
    r.client.on('audit.export', () => ok({ ...file, mime: 'application/pdf', count: 12, chainHead: null }));
    await r.controller.audit.export('pdf');
    expect(r.client.callsTo('audit.export').at(-1)).toEqual({
      filter: { actions: ['snapshot.save'] },
      format: 'pdf',
    });
    expect(r.downloads).toEqual([
      { fileName: 'audit.pdf', mimeType: 'application/pdf', content: 'JVBE', encoding: 'base64' },
    ]);
    const text = `Export enregistré : ${path} — 12 enregistrements — SHA-256 ${sha('a')}`;
    expect(r.state().audit).toMatchObject({ busy: false, message: { ok: true, text } });
  });
});

describe('admin controller: extraction register', () => {
  it('reads entry numbers separated by commas or spaces, and refuses anything else', () => {
    expect(parseEntryIds('12, 15 18')).toEqual([12, 15, 18]);
    expect(parseEntryIds(' 7;8 ')).toEqual([7, 8]);
    expect(parseEntryIds('')).toEqual([]);
    expect(parseEntryIds('12, x')).toBeNull();
    expect(parseEntryIds('0')).toBeNull();
    expect(parseEntryIds('1.5')).toBeNull();
  });

  const candidate = (kind: 'snapshot' | 'export', digit: string, cameraId: string | null) => {
    const at = '2025-03-01T12:00:00.000Z';
    return { kind, file: `/data/${kind}s/${digit}`, sha256: sha(digit), cameraId, at, by: 'ADM1' };
  };
  const candidates: HandoverCandidate[] = [
    candidate('snapshot', '1', 'cam-1'),
    candidate('export', '2', null),
  ];

  function registerRig() {
    const r = rig();
    const lists = [[requisition(6)], [requisition(7), requisition(6)]];
    r.client
      .on('register.list', () => ok(lists.shift() ?? []))
      .on('register.candidates', () => ok(candidates))
      .on('register.create', () => ok(requisition(7)));
    return r;
  }

  it('opens on the last hour, refuses bad entry numbers, then sends the picks and reloads the list', async () => {
    const r = registerRig();
    await r.controller.register.open();
    expect(r.client.callsTo('register.candidates')).toEqual([
      { from: new Date(2025, 0, 30, 14, 0).toISOString() },
    ]);
    expect(r.state().register).toMatchObject({
      list: [requisition(6)],
      candidates,
      form: { requestedAt: '01/03/2025 14:00', periodFrom: '01/03/2025 13:00', periodTo: '01/03/2025 14:00' },
    });
    r.controller.register.edit({ entryIds: '12, x' });
    await r.controller.register.submit();
    expect(r.client.callsTo('register.create')).toEqual([]);
    expect(r.state().register.message).toEqual({
      ok: false,
      text: 'Saisie refusée : vérifiez les champs. Séparés par des virgules, par exemple 12, 15',
    });
    r.controller.register.togglePicked(sha('1'));
    r.controller.register.togglePicked(sha('2'));
    r.controller.register.togglePicked(sha('1'));
    r.controller.register.edit({ manualFile: ' /usb/video.mp4 ', manualSha: 'not-a-hash' });
    r.controller.register.addManualItem();
    expect(r.state().register.form.manual).toEqual([]);
    r.controller.register.edit({ manualSha: sha('3') });
    r.controller.register.addManualItem();
    const officer = { officerName: 'Martin', officerService: 'Commissariat', procedureRef: 'PV 117' };
    r.controller.register.edit({ ...officer, cameraIds: ['cam-1'], entryIds: '12, 15 18' });
    await r.controller.register.submit();
    expect(r.client.callsTo('register.create')).toEqual([
      {
        ...officer,
        requestedAt: new Date(2025, 2, 1, 14, 0).toISOString(),
        officerQuality: 'OPJ',
        cameraIds: ['cam-1'],
        periodFrom: new Date(2025, 2, 1, 13, 0).toISOString(),
        periodTo: new Date(2025, 2, 1, 14, 0).toISOString(),
        entryIds: [12, 15, 18],
        note: '',
        items: [
          { kind: 'export', file: '/data/exports/2', sha256: sha('2'), cameraId: null, description: '' },
          { kind: 'file', file: '/usb/video.mp4', sha256: sha('3'), cameraId: null, description: '' },
        ],
      },
    ]);
    expect(r.client.callsTo('register.list')).toHaveLength(2);
    expect(r.state().register).toMatchObject({
      busy: false,
      list: [requisition(7), requisition(6)],
      form: { picked: [], manual: [], manualFile: '', manualSha: '' },
      message: { ok: true, text: 'Réquisition n° 7 enregistrée.' },
    });
  });
});

describe('admin controller: retention', () => {
  it('opens on the core’s settings, keeps the edit on a refusal, and shows what was saved', async () => {
    const r = rig();
    r.client.on('retention.get', () => ok(retention(60, 365)));
    await r.controller.retention.open();
    expect(r.state().retention).toMatchObject({ snapshots: 60, exports: 365, status: retention(60, 365) });
    r.controller.retention.edit({ snapshots: 15, exports: null });
    r.client.on('retention.set', () => refused('read-only'));
    await r.controller.retention.save();
    expect(r.state().retention).toMatchObject({
      snapshots: 15,
      exports: null,
      busy: false,
      message: { ok: false, text: 'Enregistrement impossible (lecture seule).' },
    });
    r.client.on('retention.set', () => ok(retention(15, null)));
    await r.controller.retention.save();
    const sent = { snapshotsDays: 15, auditExportsDays: null };
    expect(r.client.callsTo('retention.set')).toEqual([sent, sent]);
    expect(r.state().retention).toMatchObject({
      status: retention(15, null),
      busy: false,
      message: { ok: true, text: 'Durées de conservation enregistrées.' },
    });
  });

  it('reports a purge, not ok when a file could not be deleted, and re-reads the last purge', async () => {
    const r = rig();
    const lastPurge = {
      at: '2025-03-01T13:00:00.000Z',
      trigger: 'manual' as const,
      snapshots: { deleted: 3, bytes: 300, held: 2 },
      auditExports: { deleted: 1, bytes: 100 },
    };
    const failures = [{ file: '/data/snapshots/busy.jpg', message: 'EBUSY' }];
    const purged = (failed: number) =>
      `Purge : 3 capture(s) et 1 export(s) supprimés, 2 conservée(s) (remises à un officier), ${failed} échec(s).`;
    r.client
      .on('retention.purge', () => ok({ ...lastPurge, files: [], failures }))
      .on('retention.get', () => ok({ ...retention(30, 180), lastPurge }));
    await r.controller.retention.purge();
    expect(r.state().retention).toMatchObject({
      busy: false,
      status: { lastPurge },
      message: { ok: false, text: purged(1) },
    });
    // A clean purge is a success, even when re-reading the settings afterwards fails.
    r.client
      .on('retention.purge', () => ok({ ...lastPurge, files: [], failures: [] }))
      .on('retention.get', () => refused('unavailable'));
    await r.controller.retention.purge();
    expect(r.client.callsTo('retention.get')).toHaveLength(2);
    expect(r.state().retention).toMatchObject({ busy: false, message: { ok: true, text: purged(0) } });
  });
});
