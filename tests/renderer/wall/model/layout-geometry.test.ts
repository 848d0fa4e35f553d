import { describe, expect, it } from 'vitest';
import { gridWallState, type WallState } from '../../../../src-shared/contract';
import {
  PRESET_ORDER,
  cellPlacement,
  customGrid,
  isValidLayout,
  matchPreset,
  mergeCells,
  navigate,
  presetLayout,
  splitCell,
} from '../../../../src-renderer/wall/model/layout-geometry';
import {
  assign,
  changeLayout,
  displayedCamera,
  filledPages,
  normaliseState,
  pageCount,
  receiveSpot,
  startTour,
  swap,
  turnPage,
} from '../../../../src-renderer/wall/model/wall-model';
import { chooseProfile } from '../../../../src-renderer/wall/model/stream-profile';

describe('preset layouts', () => {
  it('have the tile counts operators know, and tile their grid exactly', () => {
    const counts = Object.fromEntries(PRESET_ORDER.map((p) => [p, presetLayout(p).cells.length]));
    expect(counts).toEqual({ '1': 1, '2x2': 4, '3x3': 9, '4x4': 16, '1+5': 6, '1+7': 8, '1+12': 13 });
    for (const preset of PRESET_ORDER) {
      expect(isValidLayout(presetLayout(preset)), preset).toBe(true);
      expect(matchPreset(presetLayout(preset))).toBe(preset);
    }
  });

  it('put the big tile first (tile 1 is the spot tile by default)', () => {
    expect(presetLayout('1+5').cells[0]).toEqual({ x: 0, y: 0, w: 2, h: 2 });
    expect(presetLayout('1+7').cells[0]).toEqual({ x: 0, y: 0, w: 3, h: 3 });
    expect(presetLayout('1+12').cells[0]).toEqual({ x: 1, y: 1, w: 2, h: 2 });
  });

  it('place tiles on 1-based CSS grid lines', () => {
    expect(cellPlacement({ x: 1, y: 2, w: 2, h: 1 })).toEqual({
      gridColumn: '2 / span 2',
      gridRow: '3 / span 1',
    });
  });
});

describe('custom layouts', () => {
  it('merge a rectangle of unit cells into one tile, in reading order', () => {
    const merged = mergeCells(customGrid(3, 3), { x: 1, y: 0, w: 2, h: 2 });
    expect(merged).not.toBeNull();
    expect(merged?.preset).toBe('custom');
    expect(merged?.cells).toHaveLength(6);
    expect(merged?.cells[1]).toEqual({ x: 1, y: 0, w: 2, h: 2 });
    expect(isValidLayout(merged!)).toBe(true);
  });

  it('refuse a merge that cuts a tile, leaves the grid or holds one tile', () => {
    const merged = mergeCells(customGrid(3, 3), { x: 0, y: 0, w: 2, h: 2 })!;
    expect(mergeCells(merged, { x: 1, y: 1, w: 2, h: 1 })).toBeNull();
    expect(mergeCells(merged, { x: 2, y: 2, w: 2, h: 1 })).toBeNull();
    expect(mergeCells(merged, { x: 0, y: 0, w: 2, h: 2 })).toBeNull();
    // Merging around an existing merged tile is fine when it is fully inside.
    expect(mergeCells(merged, { x: 0, y: 0, w: 3, h: 2 })?.cells).toHaveLength(4);
  });

  it('split a merged tile back into unit cells', () => {
    const merged = mergeCells(customGrid(2, 2), { x: 0, y: 0, w: 2, h: 1 })!;
    const split = splitCell(merged, 0);
    expect(split?.cells).toEqual(customGrid(2, 2).cells);
    expect(splitCell(customGrid(2, 2), 0)).toBeNull();
  });

  it('detect overlapping or incomplete layouts', () => {
    expect(
      isValidLayout({ preset: 'custom', columns: 2, rows: 1, cells: [{ x: 0, y: 0, w: 1, h: 1 }] }),
    ).toBe(false);
    expect(
      isValidLayout({
        preset: 'custom',
        columns: 2,
        rows: 1,
        cells: [
          { x: 0, y: 0, w: 2, h: 1 },
          { x: 1, y: 0, w: 1, h: 1 },
        ],
      }),
    ).toBe(false);
  });
});

describe('arrow navigation', () => {
  it('moves on a plain grid and stops at the edges', () => {
    const cells = presetLayout('3x3').cells;
    expect(navigate(cells, 0, 'right')).toBe(1);
    expect(navigate(cells, 0, 'down')).toBe(3);
    expect(navigate(cells, 4, 'up')).toBe(1);
    expect(navigate(cells, 4, 'left')).toBe(3);
    expect(navigate(cells, 2, 'right')).toBe(2);
    expect(navigate(cells, 0, 'up')).toBe(0);
  });

  it('moves between a big tile and the small ones', () => {
    const cells = presetLayout('1+5').cells; // big (0,0 2×2), then (2,0) (2,1) (0,2) (1,2) (2,2)
    expect(navigate(cells, 0, 'right')).toBe(1);
    expect(navigate(cells, 0, 'down')).toBe(3);
    expect(navigate(cells, 2, 'left')).toBe(0);
    expect(navigate(cells, 4, 'up')).toBe(0);
    expect(navigate(cells, 1, 'down')).toBe(2);
  });
});

describe('wall state', () => {
  const eight = gridWallState(2, 2, ['a', 'b', 'c', 'd']);
  const twoPages: WallState = { ...eight, assignments: ['a', 'b', 'c', 'd', 'e', null, 'g'] };

  it('counts pages from the assigned cameras and allows one empty page after them', () => {
    expect(filledPages(twoPages)).toBe(2);
    expect(pageCount(twoPages)).toBe(2);
    const last = turnPage(turnPage(turnPage(twoPages, 1), 1), 1);
    expect(last.page).toBe(2);
    expect(pageCount(last)).toBe(3);
    expect(turnPage(twoPages, -1)).toBe(twoPages);
  });

  it('assigns beyond the first page, trims trailing empties, and swaps with tours', () => {
    const assigned = assign(eight, 9, 'z');
    expect(assigned.assignments).toEqual(['a', 'b', 'c', 'd', null, null, null, null, null, 'z']);
    expect(assign(assigned, 9, null).assignments).toEqual(['a', 'b', 'c', 'd']);
    const withTour = startTour(
      { ...eight, tours: [{ id: 't', name: 'T', steps: [{ cameraId: 'x', dwellSeconds: 5 }] }] },
      0,
      't',
    );
    const swapped = swap(withTour, 0, 3);
    expect(swapped.assignments).toEqual(['d', 'b', 'c', 'a']);
    expect(swapped.tileTours).toEqual({ '3': 't' });
    expect(displayedCamera(swapped, {}, 3)).toBe('x');
    expect(assign(swapped, 3, 'q').tileTours).toEqual({});
  });

  it('keeps the cameras in order across a layout change and shows the same first camera', () => {
    const onPageTwo = { ...twoPages, page: 1 };
    const nine = changeLayout(onPageTwo, presetLayout('3x3'));
    expect(nine.assignments).toBe(onPageTwo.assignments);
    expect(nine.page).toBe(0);
    const one = changeLayout(onPageTwo, presetLayout('1'));
    expect(one.page).toBe(4);
  });

  it('receives a spot camera in the spot tile of the page on screen', () => {
    const result = receiveSpot({ ...twoPages, page: 1, spotTile: 1 }, 'spot-cam');
    expect(result.slot).toBe(5);
    expect(result.state.assignments[5]).toBe('spot-cam');
  });

  it('repairs an invalid saved layout without losing cameras', () => {
    const broken: WallState = {
      ...eight,
      layout: { preset: 'custom', columns: 2, rows: 2, cells: [{ x: 0, y: 0, w: 1, h: 1 }] },
    };
    const fixed = normaliseState(broken);
    expect(fixed.layout.cells).toHaveLength(4);
    expect(fixed.assignments).toEqual(eight.assignments);
  });
});

describe('stream profile per tile', () => {
  it('uses full only for a maximised tile or one larger than 960×540 device pixels', () => {
    expect(chooseProfile(null, false)).toBe('grid');
    expect(chooseProfile({ width: 900, height: 600 }, false)).toBe('grid');
    expect(chooseProfile({ width: 1200, height: 700 }, false)).toBe('full');
    expect(chooseProfile({ width: 300, height: 200 }, true)).toBe('full');
  });
});
