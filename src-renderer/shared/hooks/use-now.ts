import { useSyncExternalStore } from 'react';

const TICK_MS = 1_000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

function getSnapshot(): number {
  return now;
}

/**
 * Wall-clock time, refreshed once a second by a single timer shared by every component: the
 * header clock, retry countdowns and the tiles' live/stale checks all tick together, and a
 * 64-tile wall costs one interval instead of 64.
 */
export function useNow(): number {
  return useSyncExternalStore(subscribe, getSnapshot);
}
