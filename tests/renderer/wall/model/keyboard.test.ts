import { describe, expect, it } from 'vitest';
import { presetLayout } from '../../../../src-renderer/wall/model/layout-geometry';
import {
  SHORTCUTS,
  initialKeyboardState,
  reduceKey,
  type KeyContext,
  type KeyInput,
  type KeyboardState,
  type WallCommand,
} from '../../../../src-renderer/wall/model/keyboard';
import { wallFr as fr } from '../../../../src-renderer/wall/wall-i18n';

const grid = presetLayout('2x2').cells;
const base: KeyContext = { selected: 1, cells: grid, maximised: null, modalOpen: false };

/** Presses keys in order; returns the final state and every command issued. */
function press(keys: (string | KeyInput)[], ctx: Partial<KeyContext> = {}) {
  let state: KeyboardState = initialKeyboardState;
  const commands: WallCommand[] = [];
  let handled = true;
  for (const key of keys) {
    const result = reduceKey(state, typeof key === 'string' ? { key } : key, { ...base, ...ctx });
    state = result.state;
    commands.push(...result.commands);
    handled = result.handled;
  }
  return { state, commands, handled };
}

describe('keyboard reducer', () => {
  it('types a camera number then Enter puts it in the selected tile', () => {
    const { state, commands } = press(['1', '2', 'Enter']);
    expect(commands).toEqual([{ type: 'assign-number', index: 1, number: 12 }]);
    expect(state.entry).toBe('');
  });

  it('accepts keypad digits and edits with Backspace', () => {
    const { state } = press([{ key: 'End', code: 'Numpad4' }, '5', 'Backspace']);
    expect(state.entry).toBe('4');
  });

  it('Enter without a number maximises; Esc and Enter restore', () => {
    expect(press(['Enter']).commands).toEqual([{ type: 'maximise', index: 1 }]);
    expect(press(['Escape'], { maximised: 1 }).commands).toEqual([{ type: 'restore' }]);
    expect(press(['Enter'], { maximised: 1 }).commands).toEqual([{ type: 'restore' }]);
  });

  it('Esc first cancels the typed number, then restores, then deselects', () => {
    const typed = press(['7', 'Escape'], { maximised: 1 });
    expect(typed.commands).toEqual([]);
    expect(typed.state.entry).toBe('');
    expect(press(['Escape']).commands).toEqual([{ type: 'deselect' }]);
    expect(press(['Escape'], { selected: null }).handled).toBe(false);
  });

  it('arrows select the first tile, then move spatially; not while maximised', () => {
    expect(press(['ArrowRight'], { selected: null }).commands).toEqual([{ type: 'select', index: 0 }]);
    expect(press(['ArrowDown'], { selected: 1 }).commands).toEqual([{ type: 'select', index: 3 }]);
    expect(press(['ArrowDown'], { maximised: 1 }).commands).toEqual([]);
  });

  it('needs a selected tile for tile actions', () => {
    expect(press(['5', 'Enter'], { selected: null }).commands).toEqual([{ type: 'need-selection' }]);
    expect(press(['Delete'], { selected: null }).commands).toEqual([{ type: 'need-selection' }]);
  });

  it('maps layouts to Alt+1…Alt+7 and the editor to Alt+8', () => {
    expect(press([{ key: '4', altKey: true }]).commands).toEqual([{ type: 'layout', preset: '4x4' }]);
    expect(press([{ key: '¡', code: 'Digit7', altKey: true }]).commands).toEqual([
      { type: 'layout', preset: '1+12' },
    ]);
    expect(press([{ key: '8', altKey: true }]).commands).toEqual([{ type: 'layout-editor' }]);
  });

  it('applies a typed number to tours and the spot, like a CCTV keyboard', () => {
    expect(press(['2', 't']).commands).toEqual([{ type: 'tour', index: 1, tourNumber: 2 }]);
    expect(press(['t']).commands).toEqual([{ type: 'tour', index: 1, tourNumber: null }]);
    expect(press(['3', 'S']).commands).toEqual([{ type: 'spot', index: 1, display: 3 }]);
    expect(press([{ key: 'S', shiftKey: true }]).commands).toEqual([{ type: 'set-spot-tile', index: 1 }]);
    expect(press([{ key: 'T', shiftKey: true }]).commands).toEqual([{ type: 'tour-editor' }]);
  });

  it('pages, clears, snapshots and toggles', () => {
    expect(press(['PageDown', 'PageUp']).commands).toEqual([
      { type: 'page', delta: 1 },
      { type: 'page', delta: -1 },
    ]);
    expect(press(['Delete', 'p', 'm', 'i', 'c', 'F1', '?']).commands).toEqual([
      { type: 'clear', index: 1 },
      { type: 'snapshot', index: 1 },
      { type: 'log-this', index: 1 },
      { type: 'toggle-info' },
      { type: 'toggle-tree' },
      { type: 'help' },
      { type: 'help' },
    ]);
  });

  it('R rewinds the selected tile (10 s, or the number typed) and L brings it back to live', () => {
    expect(press(['r']).commands).toEqual([{ type: 'replay', index: 1, seconds: null }]);
    expect(press(['6', '0', 'R']).commands).toEqual([{ type: 'replay', index: 1, seconds: 60 }]);
    expect(press(['l']).commands).toEqual([{ type: 'replay-live', index: 1 }]);
    expect(press(['r'], { selected: null }).commands).toEqual([{ type: 'need-selection' }]);
  });

  it('Space pauses or resumes the selected tile’s replay, and needs a selection', () => {
    expect(press([' ']).commands).toEqual([{ type: 'replay-pause', index: 1 }]);
    expect(press([' ']).handled).toBe(true);
    expect(press([' '], { selected: null }).commands).toEqual([{ type: 'need-selection' }]);
  });

  it('leaves Ctrl/Meta shortcuts and unknown keys to the browser', () => {
    expect(press([{ key: 'r', ctrlKey: true }]).handled).toBe(false);
    expect(press(['x']).handled).toBe(false);
  });

  it('pauses while a dialog is open, except Esc and F1', () => {
    expect(press(['5', 'Enter'], { modalOpen: true }).commands).toEqual([]);
    expect(press(['Escape'], { modalOpen: true }).commands).toEqual([{ type: 'close-modal' }]);
  });

  it('caps the number at six digits', () => {
    expect(press(['1', '2', '3', '4', '5', '6', '7']).state.entry).toBe('123456');
  });

  it('lists every shortcut with French keycaps and labels', () => {
    for (const line of SHORTCUTS) {
      expect(fr.shortcuts.actions[line.action]).toMatch(/\S/);
      for (const key of line.keys) expect(fr.shortcuts.keys[key]).toMatch(/\S/);
    }
  });
});
