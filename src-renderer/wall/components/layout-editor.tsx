import { useState } from 'react';
import { useWallTranslation } from '../wall-i18n';
import type { WallCell, WallLayout } from '../../../src-shared/contract';
import { selectWall } from '../store/selectors';
import { useVigie } from '../store/use-vigie';
import {
  MAX_LAYOUT_SIDE,
  cellPlacement,
  contains,
  customGrid,
  isValidLayout,
  matchPreset,
  mergeCells,
  splitCell,
} from '../model/layout-geometry';
import { Modal } from './modal';
import { useWallCommands } from './wall-context';

const SIDES = Array.from({ length: MAX_LAYOUT_SIDE }, (_, i) => i + 1);

/** The bounding rectangle of two tiles. */
function union(a: WallCell, b: WallCell): WallCell {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

/**
 * The custom layout editor: pick a grid size, click a tile then another to span a rectangle,
 * merge it into one tile (or split a merged tile back), then apply. Merges that would cut a
 * tile in two are refused by the geometry (see mergeCells), never silently "fixed".
 */
export function LayoutEditor() {
  const { t } = useWallTranslation();
  const run = useWallCommands();
  const wall = useVigie(selectWall);
  const setLayout = useVigie((state) => state.setLayout);
  // Starts from the wall's current layout (a preset can be refined by merging its cells).
  const [layout, setDraft] = useState<WallLayout>(() =>
    wall && isValidLayout(wall.layout) ? wall.layout : customGrid(3, 3),
  );
  const [anchor, setAnchor] = useState<number | null>(null);
  const [rect, setRect] = useState<WallCell | null>(null);
  const [refused, setRefused] = useState(false);
  /** The first tile is picked; the next click spans the rectangle. */
  const [picking, setPicking] = useState(false);

  const resize = (columns: number, rows: number) => {
    setDraft(customGrid(columns, rows));
    setAnchor(null);
    setRect(null);
    setRefused(false);
    setPicking(false);
  };

  const pick = (index: number) => {
    const cell = layout.cells[index];
    if (!cell) return;
    setRefused(false);
    const first = anchor === null ? undefined : layout.cells[anchor];
    if (picking && first) {
      setRect(union(first, cell));
      setPicking(false);
      return;
    }
    setAnchor(index);
    setRect(cell);
    setPicking(true);
  };

  const merge = () => {
    if (!rect) return;
    const merged = mergeCells(layout, rect);
    if (!merged) {
      setRefused(true);
      return;
    }
    setDraft(merged);
    setAnchor(null);
    setRect(null);
    setPicking(false);
  };

  const split = () => {
    if (anchor === null) return;
    const next = splitCell(layout, anchor);
    if (next) setDraft(next);
    setAnchor(null);
    setRect(null);
    setPicking(false);
  };

  return (
    <Modal
      title={t('layoutEditor.title')}
      testId="layout-editor"
      onClose={() => run({ type: 'close-modal' })}
      wide
    >
      <div className="layout-editor__sizes">
        <label className="field field--inline">
          <span className="field__label">{t('layoutEditor.columns')}</span>
          <select
            className="input"
            data-testid="layout-editor-columns"
            value={layout.columns}
            onChange={(event) => resize(Number(event.target.value), layout.rows)}
          >
            {SIDES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--inline">
          <span className="field__label">{t('layoutEditor.rows')}</span>
          <select
            className="input"
            data-testid="layout-editor-rows"
            value={layout.rows}
            onChange={(event) => resize(layout.columns, Number(event.target.value))}
          >
            {SIDES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <span className="layout-editor__count">
          {t('layoutEditor.tiles', { count: layout.cells.length })}
        </span>
      </div>
      <p className="dialog__text">{t('layoutEditor.hint')}</p>
      <div
        className={`layout-editor__grid wall--cols-${layout.columns} wall--rows-${layout.rows}`}
        data-testid="layout-editor-grid"
      >
        {layout.cells.map((cell, index) => (
          <button
            key={`${cell.x}:${cell.y}:${cell.w}:${cell.h}`}
            type="button"
            className={`layout-editor__cell${rect && contains(rect, cell) ? ' layout-editor__cell--picked' : ''}`}
            style={cellPlacement(cell)}
            data-testid="layout-editor-cell"
            data-x={cell.x}
            data-y={cell.y}
            onClick={() => pick(index)}
          >
            {index + 1}
          </button>
        ))}
      </div>
      {refused && (
        <p className="tour-editor__error" role="alert">
          {t('layoutEditor.cannotMerge')}
        </p>
      )}
      <div className="dialog__actions">
        <button
          type="button"
          className="button"
          data-testid="layout-editor-merge"
          disabled={!rect}
          onClick={merge}
        >
          {t('layoutEditor.merge')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="layout-editor-split"
          disabled={anchor === null}
          onClick={split}
        >
          {t('layoutEditor.split')}
        </button>
        <button type="button" className="button" onClick={() => run({ type: 'close-modal' })}>
          {t('layoutEditor.cancel')}
        </button>
        <button
          type="button"
          className="button button--primary"
          data-testid="layout-editor-apply"
          onClick={() => {
            // A drawn layout that happens to equal a preset is named after it (toolbar, shortcuts).
            setLayout({ ...layout, preset: matchPreset(layout) });
            run({ type: 'close-modal' });
          }}
        >
          {t('layoutEditor.apply')}
        </button>
      </div>
    </Modal>
  );
}
