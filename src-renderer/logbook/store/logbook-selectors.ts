import type { OperatorRole } from '../../../src-shared/contract';
import type { EntryDraftState, LogbookState } from './logbook-store-types';

/*
 * Selectors return values already in the state (or primitives), never fresh objects, so
 * zustand's equality check keeps components from re-rendering on unrelated changes.
 */

/** Which screen the window shows, in order of precedence. */
export type LogbookScreen = 'connecting' | 'unavailable' | 'bootstrap' | 'login' | 'locked' | 'main';

const CHEFS: readonly OperatorRole[] = ['chef de salle', 'admin'];

/**
 * The screen: nothing before the core answered; the first-admin form on a fresh logbook; the
 * login; the lock screen (the operator stays on duty but must re-enter the PIN); the logbook.
 */
export function selectScreen(state: LogbookState): LogbookScreen {
  const { session, integrity } = state;
  if (!session || !integrity) return 'connecting';
  if (integrity.state === 'unavailable') return 'unavailable';
  if (session.needsBootstrap) return 'bootstrap';
  if (session.state === 'none' || !session.operator) return 'login';
  if (session.state === 'locked') return 'locked';
  return 'main';
}

/** The operator on duty (also while locked), null when nobody is logged in. */
export const selectOperator = (state: LogbookState) => state.session?.operator ?? null;
/** Chef de salle or admin: exports, amendments of others' entries, taxonomy. */
export const selectIsChef = (state: LogbookState) => {
  const role = state.session?.operator?.role;
  return role !== undefined && CHEFS.includes(role);
};
/** Admin: accounts. */
export const selectIsAdmin = (state: LogbookState) => state.session?.operator?.role === 'admin';
/** The broken-chain alert must block the window until someone reads it. */
export const selectIntegrityBlocking = (state: LogbookState) =>
  state.integrity?.state === 'broken' && !state.integrityAcknowledged;
/** The new-entry draft on screen. */
export const selectActiveDraft = (state: LogbookState): EntryDraftState | undefined =>
  state.drafts.find((draft) => draft.id === state.activeDraftId);
/** The open shift on this workstation, null when none. */
export const selectShift = (state: LogbookState) => state.shiftCurrent?.shift ?? null;
/** The shift is this operator's own (they write the handover). */
export const selectOwnsShift = (state: LogbookState) =>
  state.shiftCurrent?.shift != null && state.shiftCurrent.shift.operator.id === state.session?.operator?.id;
/** Categories (active and retired: old entries keep theirs), in taxonomy order. */
export const selectCategories = (state: LogbookState) => state.taxonomy?.categories;
/** Actions (police nationale, pompiers…), active and retired, in taxonomy order. */
export const selectActions = (state: LogbookState) => state.taxonomy?.actions;
