import { describe, expect, it } from 'vitest';
import type { DisplayConfig } from '../../src-main/core/config/config-schema';
import {
  missingDisplays,
  orderDisplays,
  planWindows,
  windowTitle,
  type DisplayInfo,
} from '../../src-main/shell/window-plan';

/** A 1920×1080 monitor at (x, y) with a 40 px task bar at the bottom of its work area. */
function monitor(id: number, x: number, y = 0, width = 1920, height = 1080): DisplayInfo {
  return {
    id,
    bounds: { x, y, width, height },
    workArea: { x, y, width, height: height - 40 },
    scaleFactor: 1,
  };
}

function shuffled<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  const permute = (rest: T[], acc: T[]): void => {
    if (rest.length === 0) out.push(acc);
    rest.forEach((item, index) =>
      permute([...rest.slice(0, index), ...rest.slice(index + 1)], [...acc, item]),
    );
  };
  permute([...items], []);
  return out;
}

describe('planWindows', () => {
  it('returns no plan when no display is reported', () => {
    expect(planWindows([], [])).toEqual([]);
    expect(planWindows([], [{ display: 1, fullscreen: true }])).toEqual([]);
  });

  it('plans one plain window on the work area of a single unconfigured monitor', () => {
    expect(planWindows([monitor(7, 0)], [])).toEqual([
      {
        display: 1,
        displayId: 7,
        bounds: { x: 0, y: 0, width: 1920, height: 1040 },
        fullscreen: false,
        kiosk: false,
        title: 'Vigie — écran 1',
      },
    ]);
  });

  it('numbers monitors left to right, whatever order the OS lists them in', () => {
    const displays = [monitor(30, 3840), monitor(10, 0), monitor(20, 1920)];
    for (const order of shuffled(displays)) {
      const plans = planWindows(order, []);
      expect(plans.map((plan) => [plan.display, plan.displayId])).toEqual([
        [1, 10],
        [2, 20],
        [3, 30],
      ]);
    }
  });

  it('orders stacked monitors top to bottom when they share the same x', () => {
    const bottom = monitor(1, 0, 1080);
    const top = monitor(2, 0, 0);
    const right = monitor(3, 1920, 0);
    expect(planWindows([bottom, right, top], []).map((plan) => plan.displayId)).toEqual([2, 1, 3]);
  });

  it('counts a monitor placed left of the primary (negative x) as display 1', () => {
    const primary = monitor(1, 0);
    const leftOfPrimary = monitor(2, -1280, -200, 1280, 1024);
    const plans = planWindows([primary, leftOfPrimary], [{ display: 1, fullscreen: true }]);
    expect(plans[0]).toMatchObject({
      display: 1,
      displayId: 2,
      bounds: { x: -1280, y: -200, width: 1280, height: 1024 },
      fullscreen: true,
    });
    expect(plans[1]).toMatchObject({
      display: 2,
      displayId: 1,
      bounds: { x: 0, y: 0, width: 1920, height: 1040 },
    });
  });

  it('uses the full bounds for fullscreen and kiosk, the work area otherwise', () => {
    const displays = [monitor(1, 0), monitor(2, 1920), monitor(3, 3840)];
    const configured: DisplayConfig[] = [
      { display: 1, fullscreen: true },
      { display: 2, kiosk: true },
      { display: 3, fullscreen: false },
    ];
    const plans = planWindows(displays, configured);
    expect(plans.map((plan) => plan.bounds.height)).toEqual([1080, 1080, 1040]);
    expect(plans.map((plan) => [plan.fullscreen, plan.kiosk])).toEqual([
      [true, false],
      [true, true],
      [false, false],
    ]);
  });

  it('titles each window with its operator number', () => {
    const plans = planWindows([monitor(5, 1920), monitor(6, 0)], []);
    expect(plans.map((plan) => plan.title)).toEqual(['Vigie — écran 1', 'Vigie — écran 2']);
    expect(windowTitle(12)).toBe('Vigie — écran 12');
  });

  it('opens one window for mirrored displays with identical bounds (lowest id kept)', () => {
    const plans = planWindows([monitor(9, 0), monitor(4, 0), monitor(5, 1920)], []);
    expect(plans.map((plan) => [plan.display, plan.displayId])).toEqual([
      [1, 4],
      [2, 5],
    ]);
  });

  it('treats a smaller mirror inside a larger display as the same monitor', () => {
    const large = monitor(1, 0, 0, 1920, 1080);
    const smallMirror = monitor(2, 0, 0, 1280, 720);
    const plans = planWindows([smallMirror, large], []);
    expect(plans).toHaveLength(1);
    expect(plans[0]?.displayId).toBe(1);
  });

  it('keeps partly overlapping displays as distinct monitors', () => {
    const plans = planWindows([monitor(1, 0), monitor(2, 1000)], []);
    expect(plans.map((plan) => plan.displayId)).toEqual([1, 2]);
  });

  it('ignores the same display listed twice', () => {
    const plans = planWindows([monitor(3, 0), monitor(3, 0)], []);
    expect(plans).toHaveLength(1);
    expect(plans[0]?.displayId).toBe(3);
  });

  it('ignores zero-sized displays reported during a hot-plug', () => {
    const ghost = monitor(8, -1920, 0, 0, 0);
    expect(planWindows([ghost, monitor(1, 0)], []).map((plan) => plan.displayId)).toEqual([1]);
  });

  it('renumbers predictably when a monitor is unplugged or plugged in', () => {
    const left = monitor(1, 0);
    const middle = monitor(2, 1920);
    const right = monitor(3, 3840);
    const configured: DisplayConfig[] = [
      { display: 1, kiosk: true },
      { display: 2, fullscreen: true },
    ];

    // Removing the middle monitor: the right one becomes display 2 and takes layout 2's settings.
    const afterRemoval = planWindows([left, right], configured);
    expect(afterRemoval.map((plan) => [plan.display, plan.displayId, plan.fullscreen, plan.kiosk])).toEqual([
      [1, 1, true, true],
      [2, 3, true, false],
    ]);

    // Removing the leftmost: every monitor shifts down by one.
    expect(planWindows([middle, right], configured).map((plan) => [plan.display, plan.displayId])).toEqual([
      [1, 2],
      [2, 3],
    ]);

    // Plugging a monitor left of everything: it becomes display 1 and the others shift up.
    const newLeft = monitor(4, -1920);
    expect(
      planWindows([left, middle, right, newLeft], configured).map((plan) => [plan.display, plan.displayId]),
    ).toEqual([
      [1, 4],
      [2, 1],
      [3, 2],
      [4, 3],
    ]);

    // Plugging back the original arrangement restores the original plan exactly.
    expect(planWindows([right, middle, left], configured)).toEqual(
      planWindows([left, middle, right], configured),
    );
  });

  it('does not mutate its inputs', () => {
    const displays = [monitor(2, 1920), monitor(1, 0)];
    const configured: DisplayConfig[] = [{ display: 1, fullscreen: true }];
    const before = structuredClone({ displays, configured });
    const plans = planWindows(displays, configured);
    plans[0]!.bounds.x = 999;
    expect({ displays, configured }).toEqual(before);
  });
});

describe('orderDisplays', () => {
  it('returns the physical monitors in operator order', () => {
    const ordered = orderDisplays([monitor(3, 1920), monitor(1, -1920), monitor(2, 0), monitor(4, 0)]);
    expect(ordered.map((display) => display.id)).toEqual([1, 2, 3]);
  });
});

describe('missingDisplays', () => {
  it('lists configured displays with no monitor plugged in, sorted', () => {
    const configured: DisplayConfig[] = [{ display: 4 }, { display: 1 }, { display: 3, fullscreen: true }];
    expect(missingDisplays([monitor(1, 0), monitor(2, 1920)], configured)).toEqual([3, 4]);
  });

  it('reports every configured display when nothing is plugged in', () => {
    expect(missingDisplays([], [{ display: 2 }, { display: 1 }])).toEqual([1, 2]);
  });

  it('reports nothing when every configured display has a monitor', () => {
    expect(missingDisplays([monitor(1, 0), monitor(2, 1920)], [{ display: 1 }, { display: 2 }])).toEqual([]);
  });

  it('counts mirrored displays once', () => {
    expect(missingDisplays([monitor(1, 0), monitor(2, 0)], [{ display: 1 }, { display: 2 }])).toEqual([2]);
  });
});
