import type { EntryFilter, LogbookApiMethods, LogbookDraft, SessionStatus } from '../../src-shared/contract';
import type { ResultClient, UiError } from '../shared/connection/result-client';
import type { DownloadableFile } from '../shared/downloadable-file';
import { SessionPoller } from '../shared/session/session-poller';
import {
  amendFormFor,
  blankEntryForm,
  checkAmendForm,
  checkEntryForm,
  consignesFromForm,
  entryFormFromDraft,
  filterFromForm,
  isFormTouched,
} from './entry-form';
import type { LogbookStore } from './store/logbook-store';
import type { ListView, LogbookView } from './store/logbook-store-types';

/** A main courante method of the API. */
export type LogbookMethod = keyof typeof LogbookApiMethods;
/** The main courante's door to the core: the shared result client, narrowed to its methods. */
export type LogbookClient = ResultClient<LogbookMethod>;

/** What the controller needs from outside: a clock, ids, and a way to hand over a file. */
export interface ControllerDeps {
  now: () => Date;
  newId: () => string;
  /** Offers a file to the operator (a Blob download in the window). */
  download: (file: DownloadableFile) => void;
}

/** Entries per page of a list. */
export const PAGE_SIZE = 50;
/** How often the window asks the core about the session: the core locks it on its own. */
export const SESSION_POLL_MS = 5_000;

const LIST_VIEWS: readonly LogbookView[] = ['today', 'open', 'search'];
const isListView = (view: LogbookView): view is ListView => LIST_VIEWS.includes(view);

/**
 * The main courante's behaviour, outside React: every request to the core and what its answer
 * does to the store. Components only read the store and call these methods, so the flows (a
 * refused write keeps the text, a lock sends the operator to the lock screen, "log this" never
 * overwrites a draft) are unit-tested in Node with a fake client.
 *
 * Methods never throw: every failure lands in the store as a UiError next to what failed.
 */
export class LogbookController {
  private readonly seenDrafts = new Set<string>();
  /** The workstation session, polled like the administration window's (shared/session). */
  readonly session: SessionPoller;

  constructor(
    private readonly store: LogbookStore,
    private readonly client: LogbookClient,
    private readonly deps: ControllerDeps,
  ) {
    this.session = new SessionPoller({
      client,
      intervalMs: SESSION_POLL_MS,
      now: () => deps.now().getTime(),
      onStatus: (status) => this.applySession(status),
      current: () => this.state.session,
      isConnected: () => this.state.connectionState === 'open',
      afterPoll: async () => {
        if (this.state.integrity?.state === 'verifying') await this.refreshIntegrity();
      },
    });
  }

  private get state() {
    return this.store.getState();
  }

  // ----------------------------------------------------------------------------------------------
  // Session and integrity

  /** After each welcome (first connection and every reconnection). */
  async onConnected(): Promise<void> {
    await Promise.all([this.refreshIntegrity(), this.refreshSession()]);
  }

  /** Periodic check: the core locks on its own, and another window may log out or in. */
  async poll(): Promise<void> {
    await this.session.poll();
  }

  async refreshSession(): Promise<void> {
    await this.session.refresh();
  }

  async refreshIntegrity(): Promise<void> {
    const result = await this.client.call('logbook.integrity', {});
    if (result.ok) this.state.setIntegrity(result.value);
  }

  private applySession(status: SessionStatus): void {
    const before = this.state.session;
    this.state.setSession(status);
    const operatorChanged = before?.operator?.id !== status.operator?.id;
    if (operatorChanged) {
      this.state.resetShiftView();
      this.state.selectEntry(null);
    }
    const becameActive = status.state === 'active' && (before?.state !== 'active' || operatorChanged);
    if (becameActive) void this.loadWorkspace();
  }

  /** A write refused because nobody (or a locked operator) is in: the screen follows at once. */
  private afterError(error: UiError): void {
    if (error.code === 'session-locked' || error.code === 'not-logged-in') void this.refreshSession();
  }

  /** Keyboard or mouse activity in the window: postpones the inactivity lock (throttled). */
  activity(): void {
    this.session.activity();
  }

  /** Taxonomy, shift, operators and the list on screen, once someone is in. */
  async loadWorkspace(): Promise<void> {
    const [taxonomy] = await Promise.all([
      this.client.call('logbook.taxonomy', {}),
      this.refreshShift(),
      this.loadOperators(),
      this.reloadView(),
    ]);
    if (taxonomy.ok) this.state.setTaxonomy(taxonomy.value);
  }

  /** Creates the first admin (fresh logbook only); true when it worked. */
  async bootstrapAdmin(input: { name: string; badge: string; pin: string }): Promise<boolean> {
    this.state.setAuth(true);
    const result = await this.client.call('operators.bootstrapAdmin', input);
    if (!result.ok) {
      this.state.setAuth(false, result.error);
      return false;
    }
    this.state.setAuth(false);
    this.applySession(result.value);
    return true;
  }

  /** Logs in, unlocks (same operator), or switches operator; true when it worked. */
  async login(badge: string, pin: string): Promise<boolean> {
    this.state.setAuth(true);
    const result = await this.client.call('session.login', { badge, pin });
    if (!result.ok) {
      this.state.setAuth(false, result.error);
      return false;
    }
    this.state.setAuth(false);
    this.session.touched();
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
  // Shift and handover

  async refreshShift(): Promise<void> {
    const result = await this.client.call('shifts.current', {});
    if (result.ok) this.state.setShiftCurrent(result.value);
  }

  async openShift(): Promise<void> {
    this.state.setShiftStatus(true);
    const result = await this.client.call('shifts.open', {});
    this.state.setShiftStatus(false, result.ok ? null : result.error);
    if (!result.ok) this.afterError(result.error);
    await this.refreshShift();
  }

  async submitHandover(): Promise<void> {
    const form = this.state.handoverForm;
    if (!form || form.saving) return;
    const consignes = consignesFromForm(form.consignes);
    if (!consignes) {
      this.state.setHandoverState({ problem: 'emptyConsigne' });
      return;
    }
    this.state.setHandoverState({ saving: true, error: null });
    const result = await this.client.call('shifts.handover', { note: form.note.trim(), consignes });
    if (!result.ok) {
      this.state.setHandoverState({ saving: false, error: result.error });
      this.afterError(result.error);
      return;
    }
    this.state.handoverWritten(result.value);
    await this.refreshShift();
  }

  async acknowledge(handoverId: number): Promise<void> {
    this.state.setShiftStatus(true);
    const result = await this.client.call('shifts.acknowledge', {
      handoverId,
      remark: this.state.ackRemark.trim(),
    });
    this.state.setShiftStatus(false, result.ok ? null : result.error);
    if (!result.ok) {
      this.afterError(result.error);
      return;
    }
    this.state.handoverAcknowledged(result.value.handover);
    await this.refreshShift();
  }

  async loadRecentShifts(): Promise<void> {
    const result = await this.client.call('shifts.list', { limit: 20 });
    if (result.ok) this.state.setRecentShifts(result.value);
  }

  async showReport(shiftId: number): Promise<void> {
    const result = await this.client.call('shifts.report', { shiftId });
    this.state.setShiftStatus(false, result.ok ? null : result.error);
    if (result.ok) this.state.setReport(result.value);
    else this.afterError(result.error);
  }

  async downloadReportPdf(shiftId: number): Promise<void> {
    this.state.setShiftStatus(true);
    const result = await this.client.call('shifts.reportPdf', { shiftId });
    this.state.setShiftStatus(false, result.ok ? null : result.error);
    if (!result.ok) {
      this.afterError(result.error);
      return;
    }
    this.deps.download({ ...result.value, encoding: 'base64' });
    this.state.notify('report.downloaded', { file: result.value.fileName });
  }

  // ----------------------------------------------------------------------------------------------
  // Lists and detail

  /** Shows a section; list sections load their entries. */
  async showView(view: LogbookView): Promise<void> {
    this.state.setView(view);
    if (view === 'shift') await Promise.all([this.refreshShift(), this.loadRecentShifts()]);
    else if (view === 'operators') await this.loadOperators();
    else await this.loadList(view);
  }

  /** Reloads what the section on screen shows (after a write, for example). */
  async reloadView(): Promise<void> {
    const view = this.state.view;
    if (isListView(view)) await this.loadList(view);
  }

  private filterFor(view: ListView): EntryFilter {
    if (view === 'today') return { preset: 'today' };
    if (view === 'open') return { preset: 'open' };
    return filterFromForm(this.state.filterForm);
  }

  async loadList(view: ListView): Promise<void> {
    const filter = this.filterFor(view);
    this.state.setListStatus(true);
    const result = await this.client.call('logbook.search', { ...filter, limit: PAGE_SIZE });
    if (this.state.view !== view) return;
    if (!result.ok) {
      this.state.setListStatus(false, result.error);
      this.afterError(result.error);
      return;
    }
    this.state.setList({ view, filter, ...result.value });
  }

  async loadMore(): Promise<void> {
    const list = this.state.list;
    if (!list?.nextCursor || this.state.listBusy) return;
    this.state.setListStatus(true);
    const result = await this.client.call('logbook.search', {
      ...list.filter,
      limit: PAGE_SIZE,
      cursor: list.nextCursor,
    });
    if (!result.ok) {
      this.state.setListStatus(false, result.error);
      this.afterError(result.error);
      return;
    }
    this.state.appendList(result.value);
  }

  async openEntry(id: number | null): Promise<void> {
    this.state.selectEntry(id);
    if (id === null) return;
    const result = await this.client.call('logbook.get', { id });
    if (this.state.selectedEntryId !== id) return;
    if (result.ok) this.state.setDetail(result.value);
    else {
      this.state.setDetail(null, result.error);
      this.afterError(result.error);
    }
  }

  // ----------------------------------------------------------------------------------------------
  // New entries

  newDraft(): void {
    this.state.addDraft();
  }

  /**
   * Writes a draft. The form is checked first (the same rules as the core); on any failure the
   * draft keeps its text and its clientRef, so the operator corrects or retries, and a retry of
   * a write whose answer was lost returns the entry already written instead of a second one.
   */
  async submitDraft(id: string): Promise<void> {
    const draft = this.state.drafts.find((candidate) => candidate.id === id);
    if (!draft || draft.saving) return;
    const checked = checkEntryForm(draft.form, this.deps.now());
    if (!checked.ok) {
      this.state.setDraftState(id, { problems: checked.problems, error: null });
      return;
    }
    this.state.setDraftState(id, { saving: true, error: null, problems: {} });
    const result = await this.client.call('logbook.create', checked.draft);
    if (!result.ok) {
      this.state.setDraftState(id, { saving: false, error: result.error });
      this.afterError(result.error);
      return;
    }
    this.state.removeDraft(id);
    this.state.notify('form.saved', { id: result.value.entry.id });
    await Promise.all([this.reloadView(), this.refreshShift()]);
  }

  discardDraft(id: string): void {
    this.state.removeDraft(id);
  }

  /**
   * "Log this" from a tile. A blank draft on screen takes the prefill; a draft with text in it
   * is never overwritten: the prefill opens as a new draft beside it.
   */
  receiveDraft(draft: LogbookDraft): void {
    if (this.seenDrafts.has(draft.draftId)) return;
    this.seenDrafts.add(draft.draftId);
    const form = entryFormFromDraft(draft, this.deps.newId());
    const fromCamera = draft.cameras[0] ?? null;
    const active = this.state.drafts.find((candidate) => candidate.id === this.state.activeDraftId);
    this.state.addDraft({ form, fromCamera });
    if (active && !active.saving && !isFormTouched(active.form)) this.state.removeDraft(active.id);
    if (fromCamera !== null) this.state.notify('draftReceived', { number: fromCamera });
  }

  /** Resets the observed-at time of a draft to now (the default). */
  draftNow(id: string): void {
    const now = blankEntryForm(this.deps.now(), '').observedAt;
    this.state.editDraft(id, { observedAt: now });
  }

  // ----------------------------------------------------------------------------------------------
  // Amendments and follow-ups

  startAmend(): void {
    const detail = this.state.detail;
    if (!detail) return;
    this.state.setFollowUp(null);
    this.state.setAmend({
      entryId: detail.entry.id,
      form: amendFormFor(detail.entry),
      saving: false,
      error: null,
      problem: null,
    });
  }

  async submitAmend(): Promise<void> {
    const amend = this.state.amend;
    const detail = this.state.detail;
    if (!amend || amend.saving || detail?.entry.id !== amend.entryId) return;
    const checked = checkAmendForm(amend.form, detail.entry);
    if (!checked.ok) {
      this.state.setAmendState({ problem: checked.problem, error: null });
      return;
    }
    this.state.setAmendState({ saving: true, error: null, problem: null });
    const result = await this.client.call('logbook.amend', {
      entryId: amend.entryId,
      reason: checked.reason,
      changes: checked.changes,
    });
    if (!result.ok) {
      this.state.setAmendState({ saving: false, error: result.error });
      this.afterError(result.error);
      return;
    }
    this.state.setAmend(null);
    this.state.entryChanged(result.value);
  }

  startFollowUp(): void {
    const detail = this.state.detail;
    if (!detail) return;
    this.state.setAmend(null);
    this.state.setFollowUp({
      entryId: detail.entry.id,
      note: '',
      status: detail.entry.status,
      actions: [],
      saving: false,
      error: null,
      problem: null,
    });
  }

  async submitFollowUp(): Promise<void> {
    const followUp = this.state.followUp;
    if (!followUp || followUp.saving) return;
    const note = followUp.note.trim();
    if (!note) {
      this.state.setFollowUpState({ problem: 'noteRequired' });
      return;
    }
    this.state.setFollowUpState({ saving: true, error: null, problem: null });
    const result = await this.client.call('logbook.followUp', {
      entryId: followUp.entryId,
      note,
      status: followUp.status,
      actions: followUp.actions,
    });
    if (!result.ok) {
      this.state.setFollowUpState({ saving: false, error: result.error });
      this.afterError(result.error);
      return;
    }
    this.state.setFollowUp(null);
    this.state.entryChanged(result.value);
    await this.refreshShift();
  }

  // ----------------------------------------------------------------------------------------------
  // Export

  /** Exports exactly the selection on screen; the core records the export in the chain. */
  async submitExport(): Promise<void> {
    const draft = this.state.exportDraft;
    const list = this.state.list;
    if (!draft || draft.saving || !list) return;
    this.state.setExportState({ saving: true, error: null, result: null });
    const result = await this.client.call('logbook.export', {
      filter: list.filter,
      format: draft.format,
      requester: draft.requester.trim(),
      reason: draft.reason.trim(),
    });
    if (!result.ok) {
      this.state.setExportState({ saving: false, error: result.error });
      this.afterError(result.error);
      return;
    }
    this.state.setExportState({ saving: false, result: result.value });
    this.deps.download(result.value);
  }

  /** Offers the last export's file again (the core answered its bytes with the export). */
  downloadExport(): void {
    const result = this.state.exportDraft?.result;
    if (result) this.deps.download(result);
  }

  // ----------------------------------------------------------------------------------------------
  // Operators

  async loadOperators(): Promise<void> {
    const result = await this.client.call('operators.list', {});
    if (result.ok) this.state.setOperators(result.value);
  }

  async addOperator(): Promise<void> {
    const draft = this.state.operatorDraft;
    if (draft.saving) return;
    this.state.editOperatorDraft({ saving: true, error: null });
    const result = await this.client.call('operators.add', {
      name: draft.name.trim(),
      badge: draft.badge.trim(),
      role: draft.role,
      pin: draft.pin,
    });
    if (!result.ok) {
      this.state.editOperatorDraft({ saving: false, error: result.error });
      this.afterError(result.error);
      return;
    }
    this.state.resetOperatorDraft();
    this.state.notify('operators.created', { badge: result.value.badge });
    await this.loadOperators();
  }
}
