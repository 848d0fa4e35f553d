import { blankEntryForm, type EntryForm, type FormProblems } from '../entry-form';
import type { DraftsSlice, EntryDraftState, LogbookSliceCreator, OperatorDraft } from './logbook-store-types';

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
            csvDelimiter: state.exportDraft?.csvDelimiter ?? ';',
            scope: state.exportDraft?.scope ?? 'seat',
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
