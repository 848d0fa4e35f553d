import type { LayoutPreset, WallCell, WallLayout } from '../../../src-shared/contract';

/**
 * Wall layouts as pure data: the preset shapes, how to merge and split cells in the custom
 * editor, and spatial navigation between tiles. Pure so the geometry operators rely on (which
 * tile the arrows reach, what a merge produces) is unit-tested without a browser.
 */

/** Largest grid side a layout may use (the contract's cell bounds). */
export const MAX_LAYOUT_SIDE = 8;

/** Presets in the order operators see them (and Alt+1…Alt+7 select them). */
export const PRESET_ORDER = [
  '1',
  '2x2',
  '3x3',
  '4x4',
  '1+5',
  '1+7',
  '1+12',
] as const satisfies readonly Exclude<LayoutPreset, 'custom'>[];
/** A preset that has a fixed shape, i.e. every preset but `custom`. */
export type FixedPreset = (typeof PRESET_ORDER)[number];

function grid(columns: number, rows: number): WallCell[] {
  const cells: WallCell[] = [];
  for (let y = 0; y < rows; y += 1) for (let x = 0; x < columns; x += 1) cells.push({ x, y, w: 1, h: 1 });
  return cells;
}

/** Unit cells of a grid minus those covered by `big`, row-major, with `big` first. */
function bigPlusRest(columns: number, rows: number, big: WallCell): WallCell[] {
  const rest = grid(columns, rows).filter((cell) => !contains(big, cell));
  return [big, ...rest];
}

/**
 * The shape of a preset. Multi-view presets put the big tile first, so tile 1 (the first camera
 * of a page, the default spot tile) is always the big one.
 */
export function presetLayout(preset: FixedPreset): WallLayout {
  switch (preset) {
    case '1':
      return { preset, columns: 1, rows: 1, cells: grid(1, 1) };
    case '2x2':
      return { preset, columns: 2, rows: 2, cells: grid(2, 2) };
    case '3x3':
      return { preset, columns: 3, rows: 3, cells: grid(3, 3) };
    case '4x4':
      return { preset, columns: 4, rows: 4, cells: grid(4, 4) };
    case '1+5':
      return { preset, columns: 3, rows: 3, cells: bigPlusRest(3, 3, { x: 0, y: 0, w: 2, h: 2 }) };
    case '1+7':
      return { preset, columns: 4, rows: 4, cells: bigPlusRest(4, 4, { x: 0, y: 0, w: 3, h: 3 }) };
    case '1+12':
      // The big tile in the middle, twelve around it: the classic CSU "incident" layout.
      return { preset, columns: 4, rows: 4, cells: bigPlusRest(4, 4, { x: 1, y: 1, w: 2, h: 2 }) };
  }
}

/** A plain columns × rows grid of unit cells, the custom editor's starting point. */
export function customGrid(columns: number, rows: number): WallLayout {
  const c = clampSide(columns);
  const r = clampSide(rows);
  return { preset: 'custom', columns: c, rows: r, cells: grid(c, r) };
}

function clampSide(value: number): number {
  return Math.max(1, Math.min(MAX_LAYOUT_SIDE, Math.round(value)));
}

/** Whether `outer` fully contains `inner`. */
export function contains(outer: WallCell, inner: WallCell): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.w <= outer.x + outer.w &&
    inner.y + inner.h <= outer.y + outer.h
  );
}

/** Whether two rectangles share any grid cell. */
export function overlaps(a: WallCell, b: WallCell): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Sorts cells row-major by their top-left corner: tile numbers follow reading order. */
export function sortCells(cells: readonly WallCell[]): WallCell[] {
  return [...cells].sort((a, b) => a.y - b.y || a.x - b.x);
}

/**
 * Merges every cell inside `rect` into one tile. Refused (null) when the rectangle cuts through
 * a tile, leaves the grid, or holds a single tile already: a merge must never produce
 * overlapping or half tiles.
 */
export function mergeCells(layout: WallLayout, rect: WallCell): WallLayout | null {
  if (rect.x < 0 || rect.y < 0 || rect.x + rect.w > layout.columns || rect.y + rect.h > layout.rows) {
    return null;
  }
  const inside = layout.cells.filter((cell) => overlaps(cell, rect));
  if (inside.length < 2 || inside.some((cell) => !contains(rect, cell))) return null;
  const rest = layout.cells.filter((cell) => !overlaps(cell, rect));
  return { ...layout, preset: 'custom', cells: sortCells([...rest, { ...rect }]) };
}

/** Splits one merged tile back into unit cells; null when the tile is already a unit cell. */
export function splitCell(layout: WallLayout, index: number): WallLayout | null {
  const target = layout.cells[index];
  if (!target || (target.w === 1 && target.h === 1)) return null;
  const units: WallCell[] = [];
  for (let y = target.y; y < target.y + target.h; y += 1)
    for (let x = target.x; x < target.x + target.w; x += 1) units.push({ x, y, w: 1, h: 1 });
  const rest = layout.cells.filter((_, i) => i !== index);
  return { ...layout, preset: 'custom', cells: sortCells([...rest, ...units]) };
}

/**
 * Whether a layout tiles its grid exactly (every grid cell covered once, nothing outside). A
 * saved state that fails this is not drawn as is: the wall falls back to a plain grid.
 */
export function isValidLayout(layout: WallLayout): boolean {
  const covered = new Uint8Array(layout.columns * layout.rows);
  for (const cell of layout.cells) {
    if (cell.x + cell.w > layout.columns || cell.y + cell.h > layout.rows) return false;
    for (let y = cell.y; y < cell.y + cell.h; y += 1)
      for (let x = cell.x; x < cell.x + cell.w; x += 1) {
        const at = y * layout.columns + x;
        if (covered[at]) return false;
        covered[at] = 1;
      }
  }
  return covered.every((value) => value === 1);
}

/** Which preset a layout equals, for the toolbar to highlight; `custom` when none. */
export function matchPreset(layout: WallLayout): LayoutPreset {
  for (const preset of PRESET_ORDER) {
    const shape = presetLayout(preset);
    if (
      shape.columns === layout.columns &&
      shape.rows === layout.rows &&
      shape.cells.length === layout.cells.length &&
      shape.cells.every((cell, i) => sameCell(cell, layout.cells[i]))
    ) {
      return preset;
    }
  }
  return 'custom';
}

function sameCell(a: WallCell, b: WallCell | undefined): boolean {
  return b !== undefined && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

/** Arrow keys, as directions. */
export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * The tile the arrow key reaches from tile `from`: among tiles lying entirely beyond the current
 * one in that direction, the one whose nearest edge is closest, then the one best aligned with
 * the current tile's centre. Works for any merged layout, and stays put at the wall's edge
 * (operators expect a CCTV keyboard not to wrap around unexpectedly).
 */
export function navigate(cells: readonly WallCell[], from: number, direction: Direction): number {
  const current = cells[from];
  if (!current) return cells.length > 0 ? 0 : -1;
  const cx = current.x + current.w / 2;
  const cy = current.y + current.h / 2;
  let best = from;
  let bestScore = Number.POSITIVE_INFINITY;
  cells.forEach((cell, index) => {
    if (index === from) return;
    let gap: number;
    let misalignment: number;
    switch (direction) {
      case 'left':
        gap = current.x - (cell.x + cell.w);
        misalignment = distanceToSpan(cy, cell.y, cell.h);
        break;
      case 'right':
        gap = cell.x - (current.x + current.w);
        misalignment = distanceToSpan(cy, cell.y, cell.h);
        break;
      case 'up':
        gap = current.y - (cell.y + cell.h);
        misalignment = distanceToSpan(cx, cell.x, cell.w);
        break;
      case 'down':
        gap = cell.y - (current.y + current.h);
        misalignment = distanceToSpan(cx, cell.x, cell.w);
        break;
    }
    if (gap < 0) return;
    const score = gap * 100 + misalignment;
    if (score < bestScore) {
      bestScore = score;
      best = index;
    }
  });
  return best;
}

function distanceToSpan(point: number, start: number, length: number): number {
  if (point < start) return start - point;
  if (point > start + length) return point - (start + length);
  return 0;
}

/**
 * CSS grid placement of a tile (1-based lines), applied as React style properties: they are set
 * through the CSSOM, which the core's CSP (no inline style attributes) allows.
 */
export function cellPlacement(cell: WallCell): { gridColumn: string; gridRow: string } {
  return { gridColumn: `${cell.x + 1} / span ${cell.w}`, gridRow: `${cell.y + 1} / span ${cell.h}` };
}
