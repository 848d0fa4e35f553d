import {
  CAMERA_FAULT_CATEGORY,
  FUTURE_TOLERANCE_MS,
  type ApiParams,
  type CameraSummary,
  type EntryChanges,
  type EntryFilter,
  type EntryStatus,
  type EntryView,
  type LogbookDraft,
} from '../../src-shared/contract';
import { fromFrenchInput, toFrenchInput } from '../shared/time/french-input';

/*
 * The main courante's form logic, kept free of React and the DOM so it is unit-tested in Node:
 * what a form holds while the operator types, how it becomes a contract draft, and what is
 * wrong with it. Times are edited as local wall-clock text (`JJ/MM/AAAA HH:MM`, any browser locale)
 * and sent as UTC instants.
 */

/** Dates are shown and typed `JJ/MM/AAAA HH:MM` (shared/time/french-input.ts). */
export const toLocalInput = toFrenchInput;
/** Reads a typed local date and time as a UTC ISO instant; null when it is not one. */
export const fromLocalInput = fromFrenchInput;

/** What the new-entry form holds while the operator types. */
export interface EntryForm {
  observedAt: string;
  category: string;
  commune: string;
  street: string;
  place: string;
  cameras: number[];
  description: string;
  actions: string[];
  status: EntryStatus;
  /**
   * Chosen once per draft and kept through failures: a retry after a lost answer gets the entry
   * written the first time instead of a duplicate.
   */
  clientRef: string;
}

/** A blank form, observed "now". */
export function blankEntryForm(now: Date, clientRef: string): EntryForm {
  return {
    observedAt: toLocalInput(now),
    category: '',
    commune: '',
    street: '',
    place: '',
    cameras: [],
    description: '',
    actions: [],
    status: 'en cours',
    clientRef,
  };
}

/**
 * A form pre-filled from a tile ("log this"): the camera, its commune and place, the time. A
 * "panne caméra" draft (from the wall's list of cameras down) is filed under the camera-fault
 * category with `faultText` as its description, observed when the outage began.
 */
export function entryFormFromDraft(draft: LogbookDraft, clientRef: string, faultText = ''): EntryForm {
  const observed = new Date(draft.fault?.reason ? draft.fault.since : draft.observedAt);
  return {
    ...blankEntryForm(Number.isNaN(observed.getTime()) ? new Date() : observed, clientRef),
    commune: draft.commune,
    place: draft.place,
    cameras: [...draft.cameras],
    ...(draft.fault ? { category: CAMERA_FAULT_CATEGORY, description: faultText } : {}),
  };
}

/** Whether the operator typed anything worth keeping (a blank form may be replaced). */
export function isFormTouched(form: EntryForm): boolean {
  return Boolean(
    form.category ||
    form.commune.trim() ||
    form.street.trim() ||
    form.place.trim() ||
    form.description.trim() ||
    form.cameras.length ||
    form.actions.length,
  );
}

/** Problems the form shows beside its fields; values are keys under `form.problems`. */
export type FormProblem = 'observedAt' | 'future' | 'category' | 'description' | 'tooLong';
export type FormProblems = Partial<Record<'observedAt' | 'category' | 'description', FormProblem>>;

/** A draft as logbook.create takes it (defaults applied). */
export type CreateParams = ApiParams<'logbook.create'>;

export type FormCheck = { ok: true; draft: CreateParams } | { ok: false; problems: FormProblems };

/** Checks a form the way the core will, and builds the contract draft from it. */
export function checkEntryForm(form: EntryForm, now: Date): FormCheck {
  const problems: FormProblems = {};
  const observedAt = fromLocalInput(form.observedAt);
  if (!observedAt) problems.observedAt = 'observedAt';
  else if (Date.parse(observedAt) > now.getTime() + FUTURE_TOLERANCE_MS) problems.observedAt = 'future';
  if (!form.category) problems.category = 'category';
  const description = form.description.trim();
  if (!description) problems.description = 'description';
  else if (description.length > 10_000) problems.description = 'tooLong';
  if (!observedAt || Object.keys(problems).length) return { ok: false, problems };
  return {
    ok: true,
    draft: {
      observedAt,
      category: form.category,
      commune: form.commune.trim(),
      street: form.street.trim(),
      place: form.place.trim(),
      cameras: [...form.cameras],
      description,
      actions: [...form.actions],
      status: form.status,
      clientRef: form.clientRef,
    },
  };
}

/**
 * Adds a camera to a form; when the commune is still empty, the camera's own commune fills it
 * (operators pick the camera first, the place follows from it).
 */
export function addCamera(form: EntryForm, camera: Pick<CameraSummary, 'number' | 'commune'>): EntryForm {
  if (form.cameras.includes(camera.number)) return form;
  return {
    ...form,
    cameras: [...form.cameras, camera.number],
    commune: form.commune.trim() ? form.commune : camera.commune,
  };
}

/**
 * Reads what the operator typed in the camera box: a number ("12", "12 — Place de la Mairie")
 * or part of a name. Returns the camera, or null when none matches exactly one.
 */
export function findCamera(cameras: readonly CameraSummary[], typed: string): CameraSummary | null {
  const text = typed.trim().toLowerCase();
  if (!text) return null;
  const number = /^(\d+)/.exec(text)?.[1];
  if (number !== undefined) return cameras.find((camera) => camera.number === Number(number)) ?? null;
  const matches = cameras.filter((camera) => camera.name.toLowerCase().includes(text));
  return matches.length === 1 ? (matches[0] ?? null) : null;
}

/** The editable fields of an amendment form, as text. */
export interface AmendForm {
  reason: string;
  observedAt: string;
  category: string;
  commune: string;
  street: string;
  place: string;
  cameras: string;
  description: string;
  actions: string[];
}

/** An amendment form starting from the entry as it reads now. */
export function amendFormFor(entry: EntryView): AmendForm {
  return {
    reason: '',
    observedAt: toLocalInput(new Date(entry.observedAt)),
    category: entry.category,
    commune: entry.commune,
    street: entry.street,
    place: entry.place,
    cameras: entry.cameras.join(', '),
    description: entry.description,
    actions: [...entry.actions],
  };
}

/** Camera numbers typed as a list ("12, 13 14"); null when something is not a number. */
export function parseCameraList(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.some((part) => !/^\d{1,6}$/.test(part))) return null;
  return [...new Set(parts.map(Number))];
}

export type AmendCheck =
  | { ok: true; changes: EntryChanges; reason: string }
  | { ok: false; problem: 'reason' | 'noChange' | 'observedAt' | 'cameras' | 'description' };

const sameList = <T>(a: readonly T[], b: readonly T[]) =>
  a.length === b.length && a.every((value, index) => value === b[index]);

/** Only what the operator changed goes into an amendment, with the reason they gave. */
export function checkAmendForm(form: AmendForm, entry: EntryView): AmendCheck {
  const reason = form.reason.trim();
  if (!reason) return { ok: false, problem: 'reason' };
  const changes: Record<string, unknown> = {};
  const observedAt = fromLocalInput(form.observedAt);
  if (!observedAt) return { ok: false, problem: 'observedAt' };
  if (toLocalInput(new Date(observedAt)) !== toLocalInput(new Date(entry.observedAt))) {
    changes.observedAt = observedAt;
  }
  if (form.category !== entry.category) changes.category = form.category;
  for (const key of ['commune', 'street', 'place'] as const) {
    if (form[key].trim() !== entry[key]) changes[key] = form[key].trim();
  }
  const description = form.description.trim();
  if (!description) return { ok: false, problem: 'description' };
  if (description !== entry.description) changes.description = description;
  const cameras = parseCameraList(form.cameras);
  if (!cameras) return { ok: false, problem: 'cameras' };
  if (!sameList(cameras, entry.cameras)) changes.cameras = cameras;
  if (!sameList(form.actions, entry.actions)) changes.actions = [...form.actions];
  if (Object.keys(changes).length === 0) return { ok: false, problem: 'noChange' };
  return { ok: true, changes: changes, reason };
}

/** The search form: every field as typed; empty means "any". */
export interface FilterForm {
  text: string;
  category: string;
  commune: string;
  camera: string;
  operatorBadge: string;
  statuses: EntryStatus[];
  from: string;
  to: string;
}

export const EMPTY_FILTER_FORM: FilterForm = {
  text: '',
  category: '',
  commune: '',
  camera: '',
  operatorBadge: '',
  statuses: [],
  from: '',
  to: '',
};

/** The contract filter a search form stands for (unreadable fields are left out). */
export function filterFromForm(form: FilterForm): EntryFilter {
  const filter: EntryFilter = {};
  if (form.text.trim()) filter.text = form.text.trim();
  if (form.category) filter.categories = [form.category];
  if (form.commune.trim()) filter.commune = form.commune.trim();
  if (/^\d{1,6}$/.test(form.camera.trim())) filter.camera = Number(form.camera.trim());
  if (form.operatorBadge) filter.operatorBadge = form.operatorBadge;
  if (form.statuses.length) filter.statuses = [...form.statuses];
  const from = form.from ? fromLocalInput(form.from) : null;
  const to = form.to ? fromLocalInput(form.to) : null;
  if (from) filter.from = from;
  if (to) filter.to = to;
  return filter;
}

/** A consigne as the handover form holds it. */
export interface ConsigneForm {
  text: string;
  /** datetime-local text, empty for "no expiry". */
  expires: string;
}

/** The handover's consignes for the contract; null when one is unreadable. */
export function consignesFromForm(
  forms: readonly ConsigneForm[],
): { text: string; expiresAt: string | null }[] | null {
  const out: { text: string; expiresAt: string | null }[] = [];
  for (const form of forms) {
    const text = form.text.trim();
    if (!text && !form.expires) continue;
    if (!text) return null;
    const expiresAt = form.expires ? fromLocalInput(form.expires) : null;
    if (form.expires && !expiresAt) return null;
    out.push({ text, expiresAt });
  }
  return out;
}
