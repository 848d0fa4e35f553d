import { useEffect } from 'react';
import { useVigieStoreApi } from '../store/use-vigie';
import { reduceKey } from '../model/keyboard';
import type { RunCommand } from './wall-context';

const EDITABLE_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/**
 * Routes the window's key presses to the keyboard reducer, except where the operator is typing
 * (search box, dialog fields) or a focused button expects Enter/Space. The wall therefore
 * answers the keyboard whatever was last clicked, as a CCTV keyboard would.
 */
export function useWallKeyboard(run: RunCommand): void {
  const store = useVigieStoreApi();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const editable = target !== null && (target.isContentEditable || EDITABLE_TAGS.has(target.tagName));
      if (editable && event.key !== 'F1' && event.key !== 'Escape') return;
      if (editable && event.key === 'Escape') {
        target.blur();
        if (store.getState().modal === null) {
          event.preventDefault();
          return;
        }
      }
      if (target?.tagName === 'BUTTON' && (event.key === 'Enter' || event.key === ' ')) return;
      const state = store.getState();
      const result = reduceKey({ entry: state.entry }, event, {
        selected: state.selected,
        cells: state.wall?.layout.cells ?? [],
        maximised: state.maximised,
        modalOpen: state.modal !== null,
      });
      if (result.state.entry !== state.entry) state.setEntry(result.state.entry);
      if (result.handled) event.preventDefault();
      for (const command of result.commands) run(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, run]);
}
