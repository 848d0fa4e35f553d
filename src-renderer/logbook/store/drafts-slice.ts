import type { EntryStatus, ExportResult, OperatorRole } from '../../../src-shared/contract';
import { blankEntryForm, type AmendForm, type EntryForm, type FormProblems } from '../entry-form';
import type { UiError } from '../logbook-client';
import type { LogbookSliceCreator } from './logbook-store-types';

/** One new entry being typed. Several can be open: a "log this" never overwrites another. */
export interface EntryDraftState {
  id: string;
  form: EntryForm;
  saving: boolean;
  /** Why the last save failed; the form keeps its text and its clientRef. */
  error: UiError | null;
  problems: FormProblems;
  /** Camera number when the draft came from a tile ("log this"). */
  fromCamera: number | null;
}

/** An amendment being typed on the entry in detail. */
export interface AmendDraft {
  entryId: number;
  form: AmendForm;
  saving: boolean;
  error: UiError | null;
  problem: string | null;
}

/** A follow-up being typed on the entry in detail. */
export interface FollowUpDraft {
  entryId: number;
  note: string;
  status: EntryStatus;
  actions: string[];
  saving: boolean;
  error: UiError | null;
  problem: string | null;
}

/** The export dialog: who asks, why, which format, and the result once recorded. */
export interface ExportDraft {
  requester: string;
  reason: string;
  format: 'csv' | 'pdf';
  saving: boolean;
  error: UiError | null;
  result: ExportResult | null;
}

/** The admin's new-operator form. */
export interface OperatorDraft {
  name: string;
  badge: string;
  role: OperatorRole;
  pin: string;
  saving: boolean;
  error: UiError | null;
}

/**
 * Everything the operator is typing and has not yet written: new entries, an amendment, a
 * follow-up, an export request, a new operator. It lives in the store, not in components, so a
 * lock screen, a lost socket or a refused write never takes the text away; only a successful
 * write clears a draft.
 */
export interface DraftsSlice {
  drafts: EntryDraftState[];
  activeDraftId: string;
  amend: AmendDraft | null;
  followUp: FollowUpDraft | null;
  exportDraft: ExportDraft | null;
  operatorDraft: OperatorDraft;
  /** Adds a draft (blank when `form` is omitted) and shows it. */
  addDraft: (options?: { form?: EntryForm; fromCamera?: number | null }) => string;
  activateDraft: (id: string) => void;
  editDraft: (id: string, change: Partial<EntryForm> | ((form: EntryForm) => EntryForm)) => void;
  setDraftState: (id: string, patch: Partial<Pick<EntryDraftState, 'saving' | 'error' | 'problems'>>) => void;
  /** Removes a draft (written or abandoned); the list never goes empty. */
  removeDraft: (id: string) => void;
  setAmend: (amend: AmendDraft | null) => void;
  editAmend: (patch: Partial<AmendForm>) => void;
  setAmendState: (patch: Partial<Pick<AmendDraft, 'saving' | 'error' | 'problem'>>) => void;
  setFollowUp: (followUp: FollowUpDraft | null) => void;
  editFollowUp: (patch: Partial<Pick<FollowUpDraft, 'note' | 'status' | 'actions'>>) => void;
  setFollowUpState: (patch: Partial<Pick<FollowUpDraft, 'saving' | 'error' | 'problem'>>) => void;
  openExport: () => void;
  editExport: (patch: Partial<Pick<ExportDraft, 'requester' | 'reason' | 'format'>>) => void;
  setExportState: (patch: Partial<Pick<ExportDraft, 'saving' | 'error' | 'result'>>) => void;
  closeExport: () => void;
  editOperatorDraft: (patch: Partial<OperatorDraft>) => void;
  resetOperatorDraft: () => void;
}

/** Clock and id source of the drafts (tests pin them). */
export interface DraftDeps {
  now: () => Date;
  newId: () => string;
}

const BLANK_OPERATOR: OperatorDraft = {
  name: '',
  badge: '',
  role: 'operator',
  pin: '',
  saving: false,
  error: null,
};

/** Creates the drafts slice, starting with one blank entry draft. */
export function createDraftsSlice(deps: DraftDeps): LogbookSliceCreator<DraftsSlice> {
  const blank = (form?: EntryForm, fromCamera: number | null = null): EntryDraftState => ({
    id: deps.newId(),
    form: form ?? blankEntryForm(deps.now(), deps.newId()),
    saving: false,
    error: null,
    problems: {},
    fromCamera,
  });
  const first = blank();
  return (set, get) => {
    const updateDraft = (id: string, change: (draft: EntryDraftState) => EntryDraftState) =>
      set((state) => ({ drafts: state.drafts.map((draft) => (draft.id === id ? change(draft) : draft)) }));
    return {
      drafts: [first],
      activeDraftId: first.id,
      amend: null,
      followUp: null,
      exportDraft: null,
      operatorDraft: BLANK_OPERATOR,
      addDraft: (options = {}) => {
        const draft = blank(options.form, options.fromCamera ?? null);
        set((state) => ({ drafts: [...state.drafts, draft], activeDraftId: draft.id }));
        return draft.id;
      },
      activateDraft: (id) => {
        if (get().drafts.some((draft) => draft.id === id)) set({ activeDraftId: id });
      },
      editDraft: (id, change) =>
        updateDraft(id, (draft) => {
          const form = typeof change === 'function' ? change(draft.form) : { ...draft.form, ...change };
          // Editing a field clears its problem; the last error stays until the next attempt.
          const problems = { ...draft.problems };
          for (const key of Object.keys(problems) as (keyof FormProblems)[]) {
            if (form[key] !== draft.form[key]) delete problems[key];
          }
          return { ...draft, form, problems };
        }),
      setDraftState: (id, patch) => updateDraft(id, (draft) => ({ ...draft, ...patch })),
      removeDraft: (id) =>
        set((state) => {
          const index = state.drafts.findIndex((draft) => draft.id === id);
          if (index < 0) return {};
          const rest = state.drafts.filter((draft) => draft.id !== id);
          const drafts = rest.length ? rest : [blank()];
          // The draft beside the removed one takes the screen (there is always one).
          const neighbour = drafts[Math.min(index, drafts.length - 1)]?.id ?? state.activeDraftId;
          const activeDraftId = state.activeDraftId === id ? neighbour : state.activeDraftId;
          return { drafts, activeDraftId };
        }),
      setAmend: (amend) => set({ amend }),
      editAmend: (patch) =>
        set((state) =>
          state.amend
            ? { amend: { ...state.amend, form: { ...state.amend.form, ...patch }, problem: null } }
            : {},
        ),
      setAmendState: (patch) => set((state) => (state.amend ? { amend: { ...state.amend, ...patch } } : {})),
      setFollowUp: (followUp) => set({ followUp }),
      editFollowUp: (patch) =>
        set((state) => (state.followUp ? { followUp: { ...state.followUp, ...patch, problem: null } } : {})),
      setFollowUpState: (patch) =>
        set((state) => (state.followUp ? { followUp: { ...state.followUp, ...patch } } : {})),
      openExport: () =>
        set((state) => ({
          exportDraft: {
            requester: state.exportDraft?.requester ?? '',
            reason: state.exportDraft?.reason ?? '',
            format: state.exportDraft?.format ?? 'csv',
            saving: false,
            error: null,
            result: null,
          },
        })),
      editExport: (patch) =>
        set((state) =>
          state.exportDraft ? { exportDraft: { ...state.exportDraft, ...patch, result: null } } : {},
        ),
      setExportState: (patch) =>
        set((state) => (state.exportDraft ? { exportDraft: { ...state.exportDraft, ...patch } } : {})),
      closeExport: () => set({ exportDraft: null }),
      editOperatorDraft: (patch) => set((state) => ({ operatorDraft: { ...state.operatorDraft, ...patch } })),
      resetOperatorDraft: () => set({ operatorDraft: BLANK_OPERATOR }),
    };
  };
}
