import type { WallCell } from '../../../src-shared/contract';
import { navigate, PRESET_ORDER, type Direction, type FixedPreset } from './layout-geometry';

/**
 * The wall's keyboard, modelled on CCTV control keyboards: digits compose a number, and a
 * function key applies it (Enter: camera into the selected tile, T: tour number, S: spot to
 * display number). The reducer is pure: it turns one key press into commands, and the app
 * executes them, so every shortcut is unit-tested and listed on the shortcut sheet from one place.
 */

/** Longest number an operator can type (camera numbers go up to 999 000 in the config). */
export const MAX_ENTRY_DIGITS = 6;

/** What the keyboard remembers between presses: the digits typed so far. */
export interface KeyboardState {
  entry: string;
}

/** The initial keyboard state. */
export const initialKeyboardState: KeyboardState = { entry: '' };

/** The parts of a KeyboardEvent the reducer reads. */
export interface KeyInput {
  key: string;
  code?: string;
  altKey?: boolean;
  ctrlKey?: boolean;
  shiftKey?: boolean;
  metaKey?: boolean;
}

/** What the wall looks like when the key is pressed. */
export interface KeyContext {
  /** Selected tile index on the page, null when none. */
  selected: number | null;
  cells: readonly WallCell[];
  /** Index of the maximised tile, null when none. */
  maximised: number | null;
  /** A modal (shortcut sheet, editors) is open: only Esc and F1 reach the wall. */
  modalOpen: boolean;
}

/** Everything a key can ask the wall to do. */
export type WallCommand =
  | { type: 'select'; index: number }
  | { type: 'deselect' }
  | { type: 'assign-number'; index: number; number: number }
  | { type: 'maximise'; index: number }
  | { type: 'restore' }
  | { type: 'page'; delta: 1 | -1 }
  | { type: 'layout'; preset: FixedPreset }
  | { type: 'layout-editor' }
  | { type: 'clear'; index: number }
  | { type: 'tour'; index: number; tourNumber: number | null }
  | { type: 'tour-editor' }
  | { type: 'spot'; index: number; display: number | null }
  | { type: 'set-spot-tile'; index: number }
  | { type: 'snapshot'; index: number }
  | { type: 'log-this'; index: number }
  /** Rewinds the tile in place by `seconds` (the number typed before R; 10 s without one). */
  | { type: 'replay'; index: number; seconds: number | null }
  | { type: 'replay-live'; index: number }
  /** Space: pauses the selected tile's replay, or plays it again. */
  | { type: 'replay-pause'; index: number }
  | { type: 'toggle-info' }
  | { type: 'toggle-tree' }
  | { type: 'focus-search' }
  | { type: 'help' }
  | { type: 'close-modal' }
  | { type: 'need-selection' };

/** The reducer's answer: the next state, commands to run, and whether the key was used. */
export interface KeyResult {
  state: KeyboardState;
  commands: WallCommand[];
  handled: boolean;
}

const ARROWS: Record<string, Direction> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

function result(state: KeyboardState, commands: WallCommand[] = [], handled = true): KeyResult {
  return { state, commands, handled };
}

/** Digit typed, from the main row or the numeric keypad. */
function digitOf(input: KeyInput): string | null {
  if (/^[0-9]$/.test(input.key)) return input.key;
  const match = /^(?:Digit|Numpad)([0-9])$/.exec(input.code ?? '');
  return match?.[1] ?? null;
}

/**
 * Applies one key press. Keys with Ctrl or Meta are left to the browser (copy, reload…), as are
 * keys the wall does not use, so `handled` tells the caller whether to preventDefault.
 */
export function reduceKey(state: KeyboardState, input: KeyInput, ctx: KeyContext): KeyResult {
  if (input.ctrlKey || input.metaKey) return result(state, [], false);
  const entryNumber = state.entry === '' ? null : Number(state.entry);
  const cleared: KeyboardState = { entry: '' };

  if (input.key === 'F1' || (input.key === '?' && !input.altKey)) return result(cleared, [{ type: 'help' }]);
  if (ctx.modalOpen) {
    if (input.key === 'Escape') return result(cleared, [{ type: 'close-modal' }]);
    return result(state, [], false);
  }

  if (input.altKey) {
    const digit = digitOf(input);
    if (digit === null) return result(state, [], false);
    const position = Number(digit);
    const preset = PRESET_ORDER[position - 1];
    if (preset) return result(cleared, [{ type: 'layout', preset }]);
    if (position === 8) return result(cleared, [{ type: 'layout-editor' }]);
    return result(state, [], false);
  }

  const digit = digitOf(input);
  if (digit !== null) {
    if (state.entry.length >= MAX_ENTRY_DIGITS) return result(state);
    return result({ entry: state.entry + digit });
  }

  const direction = ARROWS[input.key];
  if (direction) {
    if (ctx.cells.length === 0) return result(state);
    if (ctx.maximised !== null) return result(state);
    const index = ctx.selected === null ? 0 : navigate(ctx.cells, ctx.selected, direction);
    return result(state, [{ type: 'select', index }]);
  }

  const selected = ctx.selected;
  const needSelection = (make: (index: number) => WallCommand): KeyResult =>
    selected === null ? result(cleared, [{ type: 'need-selection' }]) : result(cleared, [make(selected)]);

  switch (input.key) {
    case 'Enter':
      if (entryNumber !== null)
        return needSelection((index) => ({ type: 'assign-number', index, number: entryNumber }));
      if (ctx.maximised !== null) return result(cleared, [{ type: 'restore' }]);
      return needSelection((index) => ({ type: 'maximise', index }));
    case 'Escape':
      if (state.entry !== '') return result(cleared);
      if (ctx.maximised !== null) return result(cleared, [{ type: 'restore' }]);
      if (selected !== null) return result(cleared, [{ type: 'deselect' }]);
      return result(cleared, [], false);
    case 'Backspace':
      if (state.entry !== '') return result({ entry: state.entry.slice(0, -1) });
      return needSelection((index) => ({ type: 'clear', index }));
    case 'Delete':
      return needSelection((index) => ({ type: 'clear', index }));
    case 'PageDown':
      return result(cleared, [{ type: 'page', delta: 1 }]);
    case 'PageUp':
      return result(cleared, [{ type: 'page', delta: -1 }]);
    case ' ':
      return needSelection((index) => ({ type: 'replay-pause', index }));
  }

  switch (input.key.toLowerCase()) {
    case 't':
      if (input.shiftKey) return result(cleared, [{ type: 'tour-editor' }]);
      return needSelection((index) => ({ type: 'tour', index, tourNumber: entryNumber }));
    case 's':
      if (input.shiftKey) return needSelection((index) => ({ type: 'set-spot-tile', index }));
      return needSelection((index) => ({ type: 'spot', index, display: entryNumber }));
    case 'p':
      return needSelection((index) => ({ type: 'snapshot', index }));
    case 'm':
      return needSelection((index) => ({ type: 'log-this', index }));
    case 'r':
      return needSelection((index) => ({ type: 'replay', index, seconds: entryNumber }));
    case 'l':
      return needSelection((index) => ({ type: 'replay-live', index }));
    case 'i':
      return result(cleared, [{ type: 'toggle-info' }]);
    case 'c':
      return result(cleared, [{ type: 'toggle-tree' }]);
    case 'f':
    case '/':
      return result(cleared, [{ type: 'focus-search' }]);
  }
  return result(state, [], false);
}

/** Keycaps printed on the shortcut sheet; each has a French label in i18n under `shortcuts.keys`. */
export type KeyCap =
  | 'arrows'
  | 'number'
  | 'optionalNumber'
  | 'enter'
  | 'escape'
  | 'pageUp'
  | 'pageDown'
  | 'delete'
  | 'altDigits'
  | 'alt8'
  | 't'
  | 'shiftT'
  | 's'
  | 'shiftS'
  | 'p'
  | 'm'
  | 'r'
  | 'l'
  | 'space'
  | 'i'
  | 'c'
  | 'f'
  | 'f1'
  | 'question'
  | 'doubleClick';

/** Actions listed on the shortcut sheet (each has a French label in i18n under `shortcuts.actions`). */
export type ShortcutAction =
  | 'select'
  | 'assign'
  | 'maximise'
  | 'restore'
  | 'page'
  | 'clear'
  | 'layouts'
  | 'customLayout'
  | 'tour'
  | 'tourEditor'
  | 'spot'
  | 'spotTile'
  | 'snapshot'
  | 'logThis'
  | 'replay'
  | 'replayLive'
  | 'replayPause'
  | 'info'
  | 'tree'
  | 'search'
  | 'help';

/** One line of the shortcut sheet: keycaps and what they do. */
export interface ShortcutLine {
  keys: readonly KeyCap[];
  action: ShortcutAction;
}

/** The shortcut sheet, in the order it is printed; kept next to the reducer so both change together. */
export const SHORTCUTS: readonly ShortcutLine[] = [
  { keys: ['arrows'], action: 'select' },
  { keys: ['number', 'enter'], action: 'assign' },
  { keys: ['enter', 'doubleClick'], action: 'maximise' },
  { keys: ['escape'], action: 'restore' },
  { keys: ['pageUp', 'pageDown'], action: 'page' },
  { keys: ['delete'], action: 'clear' },
  { keys: ['altDigits'], action: 'layouts' },
  { keys: ['alt8'], action: 'customLayout' },
  { keys: ['optionalNumber', 't'], action: 'tour' },
  { keys: ['shiftT'], action: 'tourEditor' },
  { keys: ['optionalNumber', 's'], action: 'spot' },
  { keys: ['shiftS'], action: 'spotTile' },
  { keys: ['p'], action: 'snapshot' },
  { keys: ['m'], action: 'logThis' },
  { keys: ['optionalNumber', 'r'], action: 'replay' },
  { keys: ['space'], action: 'replayPause' },
  { keys: ['l'], action: 'replayLive' },
  { keys: ['i'], action: 'info' },
  { keys: ['c'], action: 'tree' },
  { keys: ['f'], action: 'search' },
  { keys: ['f1', 'question'], action: 'help' },
];
