/** One tile's share of an animation frame. */
export interface DecodeTask {
  /**
   * Decodes this tile's next picture, then more while it is behind and `catchUpDeadline`
   * (performance.now() ms) is not reached. Returns false when the tile has nothing to decode
   * until new data arrives (it then calls the loop's `wake()`).
   */
  step(catchUpDeadline: number): boolean;
  /** The tile's stream rate (pictures per second), null until known; paces the loop. */
  frameRate?(): number | null;
}

/** Scheduling hooks, injectable for tests. */
export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
  now(): number;
  /** A timer, for the fallback when animation frames stall; omit to rely on frames alone. */
  setTimer?(callback: () => void, ms: number): number;
  clearTimer?(handle: number): void;
  /** Whether the page is visible (the fallback never decodes for a hidden page). */
  visible?(): boolean;
}

/**
 * If no animation frame came for this long, the loop runs from a timer instead. Browsers
 * throttle animation frames of windows they think nobody looks at (a tab behind another, an
 * occluded window) to a frame or two per second while the page still reports itself visible;
 * a wall on a monitor must keep decoding all the same.
 */
export const FRAME_FALLBACK_MS = 40;

/**
 * Extra time per animation frame the whole window may spend decoding pictures that are late,
 * beyond the one picture per tile. Small enough to leave the frame to layout and paint.
 */
export const CATCH_UP_BUDGET_MS = 5;

/**
 * Shortest time between two runs while every stream of the window is a slow one (see
 * PACED_MAX_FPS): 30 runs a second, every other frame of a 60 Hz display.
 *
 * Why: each run that draws a tile costs the window a whole compositor frame (commit, raster,
 * draw), on top of the tiles' own work. Sixteen 12.5 fps tiles with unrelated phases update some
 * tile on almost every 60 Hz frame, so the window paid 60 frames a second to show 200 pictures.
 * At 30 runs a second each picture still appears within 33 ms of being due, and the compositor
 * does half the frames: on the team's 2-core machine that was the difference between 64 tiles on
 * four 1080p monitors missing the 300 ms delay bound and holding it (see README, Performance).
 */
export const PACED_INTERVAL_MS = 1000 / 30;
/** Streams faster than this (a maximised tile's `full` profile) get every frame instead. */
export const PACED_MAX_FPS = 15;
/** Animation frames do not come exactly on time; a run this early still counts as on time. */
const FRAME_JITTER_MS = 4;

/**
 * One requestAnimationFrame loop for every tile of a window, instead of one per JSMpeg player.
 *
 * Why: stock JSMpeg runs a loop per player and decodes at most one picture per player per
 * frame, so a tile that received a burst (the cached GOP on watch, a network hiccup) lags until
 * the burst drains, and 64 loops each pay their own callback. Here every tile still decodes its
 * next picture each frame, and a shared catch-up budget lets late tiles decode more; the start
 * tile rotates so the budget is shared fairly. What the budget cannot absorb, the delay
 * governor drops (see delay-governor.ts).
 */
export class DecodeLoop {
  private readonly tasks: DecodeTask[] = [];
  private handle: number | null = null;
  private timer: number | null = null;
  private rotation = 0;
  private lastRun = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly scheduler: FrameScheduler,
    private readonly catchUpBudgetMs = CATCH_UP_BUDGET_MS,
    private readonly pacedIntervalMs = PACED_INTERVAL_MS,
  ) {}

  /** Number of tiles in the loop. */
  get size(): number {
    return this.tasks.length;
  }

  /** Adds a tile; returns its removal function (idempotent). The loop runs only while non-empty. */
  add(task: DecodeTask): () => void {
    this.tasks.push(task);
    this.schedule();
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      const index = this.tasks.indexOf(task);
      if (index >= 0) this.tasks.splice(index, 1);
      if (this.tasks.length === 0) this.unschedule();
    };
  }

  /** New data for a tile: make sure the loop runs (it sleeps while every tile is idle). */
  wake(): void {
    if (this.tasks.length > 0) this.schedule();
  }

  /** Runs one frame's worth of decoding now (the loop's body; public for tests); true if a tile is busy. */
  runFrame(): boolean {
    const count = this.tasks.length;
    if (count === 0) return false;
    const deadline = this.scheduler.now() + this.catchUpBudgetMs;
    const start = this.rotation % count;
    this.rotation = (this.rotation + 1) % Number.MAX_SAFE_INTEGER;
    // Copy: a task may remove itself (or others) while stepping.
    const order = [...this.tasks.slice(start), ...this.tasks.slice(0, start)];
    let busy = false;
    for (const task of order) {
      try {
        if (task.step(deadline)) busy = true;
      } catch (error) {
        console.warn('[vigie] tile decode failed', error);
      }
    }
    return busy;
  }

  private schedule(): void {
    if (this.handle !== null) return;
    this.handle = this.scheduler.request(this.tick);
    if (this.scheduler.setTimer) this.timer = this.scheduler.setTimer(this.fallback, FRAME_FALLBACK_MS);
  }

  private unschedule(): void {
    if (this.handle !== null) this.scheduler.cancel(this.handle);
    if (this.timer !== null) this.scheduler.clearTimer?.(this.timer);
    this.handle = null;
    this.timer = null;
  }

  /** The shortest time between runs now: paced unless a tile streams faster than PACED_MAX_FPS. */
  private minInterval(): number {
    const fast = this.tasks.some((task) => (task.frameRate?.() ?? 0) > PACED_MAX_FPS);
    return fast ? 0 : this.pacedIntervalMs - FRAME_JITTER_MS;
  }

  private readonly tick = (): void => {
    const now = this.scheduler.now();
    if (now - this.lastRun < this.minInterval()) {
      // Too soon: wait for the next frame (and re-arm the fallback, in case frames stall).
      this.unschedule();
      this.schedule();
      return;
    }
    this.lastRun = now;
    this.unschedule();
    // Sleeps when no tile has a decoder (empty, covered or waiting for a keyframe): an idle wall
    // costs no frames at all; the next chunk wakes it.
    if (this.runFrame()) this.schedule();
  };

  private readonly fallback = (): void => {
    this.timer = null;
    if (this.scheduler.visible?.() === false) {
      // Hidden: wait for the next animation frame (the governor bounds what piles up meanwhile).
      return;
    }
    this.tick();
  };
}
