import { describe, expect, it } from 'vitest';
import type { Tour } from '../../../../src-shared/contract';
import {
  advance,
  currentCamera,
  pause,
  resume,
  secondsLeft,
  startProgress,
  tickTours,
} from '../../../../src-renderer/wall/model/tour-scheduler';

const tour: Tour = {
  id: 'centre',
  name: 'Centre-ville',
  steps: [
    { cameraId: 'a', dwellSeconds: 5 },
    { cameraId: 'b', dwellSeconds: 10 },
    { cameraId: 'c', dwellSeconds: 5 },
  ],
};

describe('tour scheduler', () => {
  it('shows each camera for its dwell time, then wraps around', () => {
    const start = startProgress('centre', 0);
    expect(currentCamera(start, tour)).toBe('a');
    expect(currentCamera(advance(start, tour, 4_999), tour)).toBe('a');
    expect(currentCamera(advance(start, tour, 5_000), tour)).toBe('b');
    expect(currentCamera(advance(start, tour, 14_999), tour)).toBe('b');
    expect(currentCamera(advance(start, tour, 15_000), tour)).toBe('c');
    expect(currentCamera(advance(start, tour, 20_000), tour)).toBe('a');
  });

  it('catches up after a long sleep without looping step by step', () => {
    const late = advance(startProgress('centre', 0), tour, 20_000 * 1_000 + 6_000);
    expect(currentCamera(late, tour)).toBe('b');
    expect(secondsLeft(late, tour, 20_000 * 1_000 + 6_000)).toBe(9);
  });

  it('stays put while paused and gives back the remaining dwell on resume', () => {
    const running = advance(startProgress('centre', 0), tour, 3_000);
    const paused = pause(running, 3_000);
    expect(advance(paused, tour, 60_000)).toBe(paused);
    expect(secondsLeft(paused, tour, 60_000)).toBe(2);
    const resumed = resume(paused, 60_000);
    expect(currentCamera(advance(resumed, tour, 61_999), tour)).toBe('a');
    expect(currentCamera(advance(resumed, tour, 62_000), tour)).toBe('b');
  });

  it('returns the same object when nothing changes, so the store does not re-render', () => {
    const start = startProgress('centre', 0);
    expect(advance(start, tour, 1_000)).toBe(start);
  });

  it('ticks every running tour, pausing the selected slot and forgetting stopped ones', () => {
    const first = tickTours({}, { '2': 'centre', '5': 'centre' }, [tour], 5, 0);
    expect(first['2']?.pausedAt).toBeNull();
    expect(first['5']?.pausedAt).toBe(0);
    const later = tickTours(first, { '2': 'centre', '5': 'centre' }, [tour], 5, 6_000);
    expect(currentCamera(later['2']!, tour)).toBe('b');
    expect(currentCamera(later['5']!, tour)).toBe('a');
    expect(tickTours(later, { '2': 'centre', '5': 'centre' }, [tour], 5, 6_000)).toBe(later);
    const stopped = tickTours(later, { '2': 'centre' }, [tour], null, 6_000);
    expect(Object.keys(stopped)).toEqual(['2']);
    expect(tickTours(later, { '2': 'gone' }, [tour], null, 6_000)).toEqual({});
  });
});
