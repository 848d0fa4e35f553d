import type { AuditFilter, SessionStatus } from '../../src-shared/contract';
import type { ResultClient, UiError } from '../shared/connection/result-client';
import type { DownloadableFile } from '../shared/downloadable-file';
import { SessionPoller } from '../shared/session/session-poller';
import { errorText } from './admin-errors';
import type { AdminT } from './admin-i18n';
import {
  blankAudit,
  blankMasks,
  blankRegister,
  blankRetention,
  type AdminMessage,
  type AdminState,
  type AdminStore,
  type AuditForm,
  type RegisterForm,
  type RegisterItem,
  type RetentionState,
} from './admin-store';
import { fromLocalInput, toLocalInput } from './format';
import { cloneMasks, type Point } from './mask-geometry';

/** How often the window re-reads the session (the core locks it after inactivity). */
export const ADMIN_SESSION_POLL_MS = 15_000;
/** The audit page size. */
export const AUDIT_PAGE = 100;
/** The operator filter's value for "nobody logged in". */
export const NOBODY = '__nobody__';
/** A hand-typed item's hash. */
export const SHA256 = /^[0-9a-f]{64}$/;

/** What the controller needs from outside: French words, a clock, a way to offer a file. */
export interface AdminDeps {
  t: AdminT;
  now: () => Date;
  download: (file: DownloadableFile) => void;
}

/** The panels whose part of the state the controller patches. */
type Panel = 'masks' | 'audit' | 'register' | 'retention';

/** Main courante entry numbers typed as "12, 15 18"; null when one is not a number. */
export function parseEntryIds(text: string): number[] | null {
  const ids = text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(Number);
  return ids.every((id) => Number.isInteger(id) && id > 0) ? ids : null;
}

/**
 * The administration window's behaviour, outside React, like the main courante's controller:
 * every request to the core (through the shared result client, which never throws) and what
 * its answer does to the store, worded in French here. Components only read the store and call
 * these methods, so the flows (login, a refused save keeps the edit, a save reloads what it
 * changed) are unit-tested in Node against a fake socket.
 */
export class AdminController {
  /** The workstation session, polled like the main courante's (shared/session). */
  readonly session: SessionPoller;
  /** The filter of the audit records on screen (what "older records" continues). */
  private shownFilter: AuditFilter = {};

  constructor(
    private readonly store: AdminStore,
    private readonly client: ResultClient,
    private readonly deps: AdminDeps,
  ) {
    this.session = new SessionPoller({
      client,
      intervalMs: ADMIN_SESSION_POLL_MS,
      now: () => deps.now().getTime(),
      onStatus: (status) => this.applySession(status),
      current: () => this.state.session,
      isConnected: () => this.state.connectionState === 'open',
    });
  }

  private get state(): AdminState {
    return this.store.getState();
  }

  private patch<P extends Panel>(panel: P, change: Partial<AdminState[P]>): void {
    this.store.setState((state) => ({ [panel]: { ...state[panel], ...change } }));
  }

  private failure(error: UiError): AdminMessage {
    return { ok: false, text: errorText(this.deps.t, error) };
  }

  // ----------------------------------------------------------------------------------------------
  // Session

  /** After each welcome (first connection and every reconnection). */
  async onConnected(): Promise<void> {
    await this.session.refresh();
  }

  /** Keyboard or mouse activity in the window: postpones the inactivity lock (throttled). */
  activity(): void {
    this.session.activity();
  }

  private applySession(status: SessionStatus): void {
    this.store.setState({ session: status });
  }

  /** Logs in, unlocks (same operator's badge), or switches operator; true when it worked. */
  async login(badge: string, pin: string): Promise<boolean> {
    return this.authenticate(this.client.call('session.login', { badge, pin }));
  }

  /** Creates the first admin (fresh workstation only) and logs them in; true when it worked. */
  async bootstrap(name: string, badge: string, pin: string): Promise<boolean> {
    return this.authenticate(this.client.call('operators.bootstrapAdmin', { name, badge, pin }));
  }

  private async authenticate(
    call: Promise<{ ok: true; value: SessionStatus } | { ok: false; error: UiError }>,
  ): Promise<boolean> {
    this.store.setState({ login: { busy: true, error: null } });
    const result = await call;
    if (!result.ok) {
      this.store.setState({ login: { busy: false, error: errorText(this.deps.t, result.error) } });
      return false;
    }
    this.session.touched();
    this.store.setState({ login: { busy: false, error: null } });
    this.applySession(result.value);
    return true;
  }

  async logout(): Promise<void> {
    const result = await this.client.call('session.logout', {});
    if (result.ok) this.applySession(result.value);
  }

  async lock(): Promise<void> {
    const result = await this.client.call('session.lock', {});
    if (result.ok) this.applySession(result.value);
  }

  // ----------------------------------------------------------------------------------------------
  // Privacy masks

  /** The mask tab opens with no camera chosen. */
  openMasks(): void {
    this.store.setState({ masks: blankMasks() });
  }

  /** Shows a camera's masks, and (for those who may edit them) a still of the camera. */
  async selectMasksCamera(cameraId: string, withStill: boolean): Promise<void> {
    this.store.setState({ masks: { ...blankMasks(), cameraId } });
    if (!cameraId) return;
    const still = withStill ? this.loadStill(cameraId) : Promise.resolve();
    const all = await this.client.call('masks.list', {});
    // The operator may have picked another camera meanwhile: a late answer must not put this
    // camera's masks under that one's name (saving would then write them onto it).
    if (this.state.masks.cameraId !== cameraId) {
      await still;
      return;
    }
    if (!all.ok) this.patch('masks', { message: this.failure(all.error) });
    else {
      const mine = all.value.find((entry) => entry.cameraId === cameraId) ?? null;
      this.patch('masks', { stored: mine, polygons: cloneMasks(mine?.masks ?? []) });
    }
    await still;
  }

  /** A fresh picture of the camera (recorded in the audit trail by the core). */
  async loadStill(cameraId: string = this.state.masks.cameraId): Promise<void> {
    this.patch('masks', { still: { kind: 'loading' } });
    const result = await this.client.call('masks.still', { cameraId });
    if (this.state.masks.cameraId !== cameraId) return;
    if (!result.ok) {
      this.patch('masks', { still: { kind: 'failed', message: errorText(this.deps.t, result.error) } });
      return;
    }
    const frame = result.value;
    this.patch('masks', {
      still: {
        kind: 'ready',
        src: `data:${frame.mime};base64,${frame.base64}`,
        width: frame.width,
        height: frame.height,
      },
    });
  }

  /** The editor drew, moved or deleted something (not saved until `saveMasks`). */
  editMasks(change: Point[][] | ((current: Point[][]) => Point[][])): void {
    const polygons = typeof change === 'function' ? change(this.state.masks.polygons) : change;
    this.patch('masks', { polygons });
  }

  /** Back to the masks as stored. */
  revertMasks(): void {
    const stored = this.state.masks.stored;
    if (stored) this.patch('masks', { polygons: cloneMasks(stored.masks) });
  }

  /**
   * Saves the camera's masks: the core restarts its running streams with them and records the
   * change. The editor then shows what the core stored; a refusal keeps the edit on screen.
   */
  async saveMasks(): Promise<void> {
    const { cameraId, polygons } = this.state.masks;
    this.patch('masks', { busy: true, message: null });
    const result = await this.client.call('masks.set', {
      cameraId,
      masks: polygons.map((points) => ({ points })),
    });
    if (!result.ok) {
      this.patch('masks', { busy: false, message: this.failure(result.error) });
      return;
    }
    this.patch('masks', {
      busy: false,
      stored: result.value,
      polygons: cloneMasks(result.value.masks),
      message: { ok: true, text: this.deps.t('masks.saved', { restarted: result.value.restarted }) },
    });
  }

  // ----------------------------------------------------------------------------------------------
  // Audit trail

  /** The audit tab opens on the newest records, any filter, with the operators to filter by. */
  async openAudit(): Promise<void> {
    this.store.setState({ audit: blankAudit() });
    const operators = this.client.call('operators.list', {}).then((result) => {
      if (result.ok) this.patch('audit', { operators: result.value });
    });
    this.shownFilter = {};
    await Promise.all([operators, this.queryAudit({})]);
  }

  editAuditFilter(change: Partial<AuditForm>): void {
    this.patch('audit', { form: { ...this.state.audit.form, ...change } });
  }

  /** The filter as the core takes it (empty fields mean "any"). */
  auditFilter(form: AuditForm = this.state.audit.form): AuditFilter {
    const filter: AuditFilter = {};
    const from = fromLocalInput(form.from);
    const to = fromLocalInput(form.to);
    if (from) filter.from = from;
    if (to) filter.to = to;
    if (form.operator === NOBODY) filter.unattributed = true;
    else if (form.operator) filter.operatorBadge = form.operator;
    if (form.action) filter.actions = [form.action as NonNullable<AuditFilter['actions']>[number]];
    if (form.cameraId) filter.cameraId = form.cameraId;
    return filter;
  }

  private async queryAudit(filter: AuditFilter, before?: number): Promise<void> {
    const result = await this.client.call('audit.query', { ...filter, limit: AUDIT_PAGE, before });
    if (!result.ok) {
      this.patch('audit', { message: this.failure(result.error) });
      return;
    }
    const events = before ? [...this.state.audit.events, ...result.value.events] : result.value.events;
    this.patch('audit', { events, nextBefore: result.value.nextBefore });
  }

  /**
   * Runs the filter (a new search), or fetches the older page before `before` — with the filter
   * of the search on screen, not the form as edited since: the older page must continue the
   * list it is appended to.
   */
  async searchAudit(before?: number): Promise<void> {
    if (before === undefined) {
      this.patch('audit', { message: null });
      this.shownFilter = this.auditFilter();
    }
    this.patch('audit', { busy: true });
    await this.queryAudit(this.shownFilter, before);
    this.patch('audit', { busy: false });
  }

  /** Exports the filtered records; the core saves the file and records the export itself. */
  async exportAudit(format: 'csv' | 'pdf'): Promise<void> {
    this.patch('audit', { busy: true, message: null });
    const result = await this.client.call('audit.export', { filter: this.auditFilter(), format });
    if (!result.ok) {
      this.patch('audit', { busy: false, message: this.failure(result.error) });
      return;
    }
    const file = result.value;
    this.deps.download({
      fileName: file.fileName,
      mimeType: file.mime,
      content: file.base64,
      encoding: 'base64',
    });
    const text = this.deps.t('audit.exported', { path: file.path, count: file.count, sha256: file.sha256 });
    this.patch('audit', { busy: false, message: { ok: true, text } });
  }

  /** Checks the audit chain end to end. */
  async verifyAudit(): Promise<void> {
    this.patch('audit', { busy: true, message: null });
    const result = await this.client.call('audit.verify', {});
    if (!result.ok) {
      this.patch('audit', { busy: false, message: this.failure(result.error) });
      return;
    }
    const check = result.value;
    const message = check.ok
      ? {
          ok: true,
          text: this.deps.t('audit.verifyOk', { records: check.records, seq: check.head?.seq ?? 0 }),
        }
      : { ok: false, text: this.deps.t('audit.verifyBroken', { message: check.broken?.message ?? '' }) };
    this.patch('audit', { busy: false, message });
  }

  // ----------------------------------------------------------------------------------------------
  // Extraction register

  /**
   * The register tab opens with the requisitions so far, the files of the last 30 days to pick
   * from, and a blank request dated now for the last hour.
   */
  async openRegister(): Promise<void> {
    const now = this.deps.now();
    const blank = blankRegister();
    const form: RegisterForm = {
      ...blank.form,
      requestedAt: toLocalInput(now),
      periodFrom: toLocalInput(new Date(now.getTime() - 3600_000)),
      periodTo: toLocalInput(now),
    };
    this.store.setState({ register: { ...blank, form } });
    // Files written in the last 30 days: the usual window of a requisition.
    const from = new Date(now.getTime() - 30 * 24 * 3600_000).toISOString();
    const candidates = this.client.call('register.candidates', { from }).then((result) => {
      if (result.ok) this.patch('register', { candidates: result.value });
    });
    await Promise.all([this.reloadRegister(), candidates]);
  }

  private async reloadRegister(): Promise<void> {
    const result = await this.client.call('register.list', { limit: 100 });
    if (result.ok) this.patch('register', { list: result.value });
    else this.patch('register', { message: this.failure(result.error) });
  }

  editRegister(change: Partial<RegisterForm>): void {
    this.patch('register', { form: { ...this.state.register.form, ...change } });
  }

  /** Ticks or unticks a candidate file as handed over. */
  togglePicked(sha256: string): void {
    const picked = this.state.register.form.picked;
    this.editRegister({
      picked: picked.includes(sha256) ? picked.filter((sha) => sha !== sha256) : [...picked, sha256],
    });
  }

  /** Adds the hand-typed file, once its path is filled in and its hash is a SHA-256. */
  addManualItem(): void {
    const { manual, manualFile, manualSha } = this.state.register.form;
    if (!manualFile.trim() || !SHA256.test(manualSha)) return;
    const item: RegisterItem = {
      kind: 'file',
      file: manualFile.trim(),
      sha256: manualSha,
      cameraId: null,
      description: '',
    };
    this.editRegister({ manual: [...manual, item], manualFile: '', manualSha: '' });
  }

  /** Records the requisition; the list then shows it and the picks start afresh. */
  async submitRegister(): Promise<void> {
    const { form, candidates } = this.state.register;
    const entryIds = parseEntryIds(form.entryIds);
    const requestedAt = fromLocalInput(form.requestedAt);
    const periodFrom = fromLocalInput(form.periodFrom);
    const periodTo = fromLocalInput(form.periodTo);
    if (!entryIds || !requestedAt || !periodFrom || !periodTo) {
      const text = this.deps.t('errors.invalid', { message: this.deps.t('register.entryIdsHint') });
      this.patch('register', { message: { ok: false, text } });
      return;
    }
    const items: RegisterItem[] = [
      ...candidates
        .filter((candidate) => form.picked.includes(candidate.sha256))
        .map((c) => ({
          kind: c.kind,
          file: c.file,
          sha256: c.sha256,
          cameraId: c.cameraId,
          description: '',
        })),
      ...form.manual,
    ];
    this.patch('register', { busy: true, message: null });
    const result = await this.client.call('register.create', {
      requestedAt,
      officerName: form.officerName,
      officerQuality: form.officerQuality,
      officerService: form.officerService,
      procedureRef: form.procedureRef,
      cameraIds: form.cameraIds,
      periodFrom,
      periodTo,
      entryIds,
      note: form.note,
      items,
    });
    if (!result.ok) {
      this.patch('register', { busy: false, message: this.failure(result.error) });
      return;
    }
    this.editRegister({ picked: [], manual: [] });
    this.patch('register', {
      busy: false,
      message: { ok: true, text: this.deps.t('register.created', { id: result.value.id }) },
    });
    await this.reloadRegister();
  }

  /** Prints a requisition as a PDF for the officer's file (saved by the core, offered here). */
  async registerPdf(id: number): Promise<void> {
    this.patch('register', { busy: true });
    const result = await this.client.call('register.export', { id });
    if (!result.ok) {
      this.patch('register', { busy: false, message: this.failure(result.error) });
      return;
    }
    const file = result.value;
    this.deps.download({
      fileName: file.fileName,
      mimeType: file.mime,
      content: file.base64,
      encoding: 'base64',
    });
    const text = this.deps.t('register.pdfDone', { path: file.path, sha256: file.sha256 });
    this.patch('register', { busy: false, message: { ok: true, text } });
  }

  // ----------------------------------------------------------------------------------------------
  // Retention

  /** The retention tab opens on the core's settings and last purge. */
  async openRetention(): Promise<void> {
    this.store.setState({ retention: blankRetention() });
    await this.loadRetention(true);
  }

  private async loadRetention(reportFailure: boolean): Promise<void> {
    const result = await this.client.call('retention.get', {});
    if (result.ok) this.showRetention(result.value);
    else if (reportFailure) this.patch('retention', { message: this.failure(result.error) });
  }

  private showRetention(status: NonNullable<RetentionState['status']>): void {
    this.patch('retention', {
      status,
      snapshots: status.settings.snapshotsDays,
      exports: status.settings.auditExportsDays,
    });
  }

  editRetention(change: Partial<Pick<RetentionState, 'snapshots' | 'exports'>>): void {
    this.patch('retention', change);
  }

  async saveRetention(): Promise<void> {
    const { snapshots, exports } = this.state.retention;
    this.patch('retention', { busy: true, message: null });
    const result = await this.client.call('retention.set', {
      snapshotsDays: snapshots,
      auditExportsDays: exports,
    });
    if (!result.ok) {
      this.patch('retention', { busy: false, message: this.failure(result.error) });
      return;
    }
    this.showRetention(result.value);
    this.patch('retention', { busy: false, message: { ok: true, text: this.deps.t('retention.saved') } });
  }

  /** Purges expired files now; the settings and last purge are then read again. */
  async purgeRetention(): Promise<void> {
    this.patch('retention', { busy: true, message: null });
    const result = await this.client.call('retention.purge', {});
    if (!result.ok) {
      this.patch('retention', { busy: false, message: this.failure(result.error) });
      return;
    }
    const report = result.value;
    const text = this.deps.t('retention.purged', {
      snapshots: report.snapshots.deleted,
      exports: report.auditExports.deleted,
      held: report.snapshots.held,
      failures: report.failures.length,
    });
    this.patch('retention', { message: { ok: report.failures.length === 0, text } });
    await this.loadRetention(false);
    this.patch('retention', { busy: false });
  }
}
