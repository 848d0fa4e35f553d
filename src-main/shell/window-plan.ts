import type { DisplayConfig } from '../core/config/config-schema';

/** A rectangle in Electron's screen coordinates (DIPs); may start at negative x/y. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The fields of Electron's `Display` the plan needs. Declared here rather than imported so the
 * planning stays a pure function that unit tests can feed with any monitor arrangement, without
 * the Electron binary.
 */
export interface DisplayInfo {
  id: number;
  bounds: Rect;
  workArea: Rect;
  scaleFactor: number;
  internal?: boolean;
}

/** One wall window to open (or keep, move, resize) on one physical monitor. */
export interface WindowPlan {
  /** Operator-facing number, 1 = leftmost monitor; it selects the layout and the `?display=N` URL. */
  display: number;
  /** Electron's id of the monitor, for logs and for matching `screen` events. */
  displayId: number;
  /** Where the window goes: the full monitor when fullscreen or kiosk, its work area otherwise. */
  bounds: Rect;
  fullscreen: boolean;
  kiosk: boolean;
  title: string;
}

/** Window title operators see in the task bar and in logs; the number matches the config's. */
export function windowTitle(display: number): string {
  return `Vigie — écran ${display}`;
}

function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

function area(rect: Rect): number {
  return rect.width * rect.height;
}

/**
 * The physical monitors in operator order: left to right by `bounds.x`, then top to bottom by
 * `bounds.y` (ties broken by id so the order never depends on what the OS listed first).
 *
 * Mirrored outputs are one monitor for the wall: a display whose bounds lie inside another's
 * (identical bounds, or a smaller mirror sharing the origin) is dropped in favour of the larger
 * one (the lowest id among identical ones), otherwise two windows would stack on the same pixels.
 * Displays that only partly overlap are kept as distinct monitors. Zero-sized displays, which
 * some drivers report for a moment while a monitor is being plugged, are ignored.
 */
export function orderDisplays(displays: readonly DisplayInfo[]): DisplayInfo[] {
  const usable = displays.filter((display) => display.bounds.width > 0 && display.bounds.height > 0);
  const physical = usable.filter(
    (candidate) =>
      !usable.some((other) => {
        if (other === candidate || !contains(other.bounds, candidate.bounds)) return false;
        // Strictly larger container wins; among identical bounds, the lowest id wins.
        if (area(other.bounds) > area(candidate.bounds)) return true;
        return (
          other.id < candidate.id ||
          (other.id === candidate.id && usable.indexOf(other) < usable.indexOf(candidate))
        );
      }),
  );
  return physical.sort((a, b) => a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y || a.id - b.id);
}

/**
 * Decides which wall window goes on which monitor: one plan per physical monitor, numbered as
 * operators count them (1 = leftmost), with the config's fullscreen/kiosk choice for that number.
 *
 * Numbering is positional on purpose: when a monitor is unplugged the ones to its right shift
 * down by one, so "écran 1" is always the leftmost screen the operator sees, and the shell keys
 * its windows by this number so a window keeps its wall state while it moves to another monitor.
 * Monitors absent from the config get a plain window (not fullscreen, not kiosk); kiosk implies
 * fullscreen because a kiosk window covers the whole monitor anyway. Configured numbers with no
 * monitor plugged in are reported by `missingDisplays`, not here. Deterministic: the same
 * arrangement always yields the same plans, whatever order the OS listed the displays in.
 */
export function planWindows(
  displays: readonly DisplayInfo[],
  configured: readonly DisplayConfig[],
): WindowPlan[] {
  const byNumber = new Map(configured.map((entry) => [entry.display, entry] as const));
  return orderDisplays(displays).map((info, index) => {
    const display = index + 1;
    const config = byNumber.get(display);
    const kiosk = config?.kiosk === true;
    const fullscreen = kiosk || config?.fullscreen === true;
    const source = fullscreen ? info.bounds : info.workArea;
    return {
      display,
      displayId: info.id,
      bounds: { x: source.x, y: source.y, width: source.width, height: source.height },
      fullscreen,
      kiosk,
      title: windowTitle(display),
    };
  });
}

/**
 * Configured display numbers that no plugged-in monitor carries, sorted ascending. Kept apart
 * from `planWindows` because it is a diagnostic (the shell logs it so IT sees that a layout is
 * not shown), not something to open a window for.
 */
export function missingDisplays(
  displays: readonly DisplayInfo[],
  configured: readonly DisplayConfig[],
): number[] {
  const plugged = orderDisplays(displays).length;
  return [...new Set(configured.map((entry) => entry.display))]
    .filter((display) => display > plugged)
    .sort((a, b) => a - b);
}
