import type { Tour } from '../../../src-shared/contract';

/**
 * Where a tour running in one tile stands. Kept apart from the saved WallState (which only says
 * which tour runs where): progress is runtime state, restarted at the first step after a restart.
 */
export interface TourProgress {
  tourId: string;
  step: number;
  /** Epoch ms when the current step started showing (shifted forward by pauses). */
  stepStartedAt: number;
  /** Epoch ms when the tour was paused, null while running. */
  pausedAt: number | null;
}

/** A tour's progress at its first step. */
export function startProgress(tourId: string, now: number): TourProgress {
  return { tourId, step: 0, stepStartedAt: now, pausedAt: null };
}

/**
 * Advances a tour to `now`. Several steps are skipped at once if the window slept (e.g. a
 * laptop lid or a hidden tab), so the tour is where the clock says, not where it stopped.
 * A paused tour does not move. Returns the same object when nothing changed, so the store can
 * skip re-rendering.
 */
export function advance(progress: TourProgress, tour: Tour, now: number): TourProgress {
  if (progress.pausedAt !== null || tour.steps.length === 0) return progress;
  let step = progress.step % tour.steps.length;
  let startedAt = progress.stepStartedAt;
  // Bounded: at most one lap per call, then the remainder is taken modulo the lap length.
  const lapMs = tour.steps.reduce((sum, s) => sum + s.dwellSeconds * 1000, 0);
  if (lapMs > 0 && now - startedAt > lapMs) startedAt += Math.floor((now - startedAt) / lapMs) * lapMs;
  for (let guard = 0; guard <= tour.steps.length; guard += 1) {
    const dwellMs = (tour.steps[step]?.dwellSeconds ?? 1) * 1000;
    if (now - startedAt < dwellMs) break;
    startedAt += dwellMs;
    step = (step + 1) % tour.steps.length;
  }
  if (step === progress.step && startedAt === progress.stepStartedAt) return progress;
  return { ...progress, step, stepStartedAt: startedAt };
}

/** Pauses (the operator selected the tile): the current camera stays until resumed. */
export function pause(progress: TourProgress, now: number): TourProgress {
  return progress.pausedAt !== null ? progress : { ...progress, pausedAt: now };
}

/** Resumes: the current step gets back the dwell time it had left when paused. */
export function resume(progress: TourProgress, now: number): TourProgress {
  if (progress.pausedAt === null) return progress;
  return { ...progress, stepStartedAt: progress.stepStartedAt + (now - progress.pausedAt), pausedAt: null };
}

/** The camera a tour shows at its current step. */
export function currentCamera(progress: TourProgress, tour: Tour): string | null {
  return tour.steps[progress.step % Math.max(1, tour.steps.length)]?.cameraId ?? null;
}

/** Seconds left on the current step (for the tile's countdown), never negative. */
export function secondsLeft(progress: TourProgress, tour: Tour, now: number): number {
  const dwellMs = (tour.steps[progress.step]?.dwellSeconds ?? 0) * 1000;
  const elapsed = (progress.pausedAt ?? now) - progress.stepStartedAt;
  return Math.max(0, Math.ceil((dwellMs - elapsed) / 1000));
}

/**
 * One tick for every tour of a display: starts progress for newly started tours, drops progress
 * of stopped ones, pauses the tour of the selected slot and resumes the others, then advances.
 * Returns the same record when nothing changed.
 */
export function tickTours(
  progress: Record<string, TourProgress>,
  tileTours: Readonly<Record<string, string>>,
  tours: readonly Tour[],
  selectedSlot: number | null,
  now: number,
): Record<string, TourProgress> {
  const next: Record<string, TourProgress> = {};
  let changed = Object.keys(progress).length !== Object.keys(tileTours).length;
  for (const [slot, tourId] of Object.entries(tileTours)) {
    const tour = tours.find((t) => t.id === tourId);
    if (!tour) {
      changed = true;
      continue;
    }
    const before = progress[slot];
    let current = before && before.tourId === tourId ? before : startProgress(tourId, now);
    current = String(selectedSlot) === slot ? pause(current, now) : resume(current, now);
    current = advance(current, tour, now);
    if (current !== before) changed = true;
    next[slot] = current;
  }
  return changed ? next : progress;
}
