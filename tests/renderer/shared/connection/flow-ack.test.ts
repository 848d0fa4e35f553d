import { describe, expect, it } from 'vitest';
import {
  ACK_INTERVAL_MS,
  FlowAck,
  type AckScheduler,
} from '../../../../src-renderer/shared/connection/flow-ack';

function fakeScheduler() {
  let now = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  const scheduler: AckScheduler = {
    now: () => now,
    setTimer: (run, ms) => {
      const id = next++;
      timers.set(id, { at: now + ms, run });
      return id;
    },
    clearTimer: (id) => timers.delete(id as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, timer] of [...timers]) {
      if (timer.at <= now) {
        timers.delete(id);
        timer.run();
      }
    }
  };
  return { scheduler, advance, pending: () => timers.size };
}

describe('frame acknowledgements', () => {
  it('acknowledges at once, then at most once per interval with the latest stamp', () => {
    const sent: number[] = [];
    const { scheduler, advance, pending } = fakeScheduler();
    const acks = new FlowAck((sentAt) => sent.push(sentAt), scheduler);
    acks.note(10);
    expect(sent).toEqual([10]);
    acks.note(20);
    acks.note(30);
    expect(sent).toEqual([10]);
    expect(pending()).toBe(1);
    advance(ACK_INTERVAL_MS);
    expect(sent).toEqual([10, 30]);
    // Nothing new: no timer, no ack.
    advance(ACK_INTERVAL_MS * 3);
    expect(sent).toEqual([10, 30]);
    // A frame arriving after a quiet spell is acknowledged at once, even if timers are throttled.
    acks.note(500);
    expect(sent).toEqual([10, 30, 500]);
  });

  it('forgets a socket’s stamps when the connection is replaced', () => {
    const sent: number[] = [];
    const { scheduler, advance } = fakeScheduler();
    const acks = new FlowAck((sentAt) => sent.push(sentAt), scheduler);
    acks.note(10);
    acks.note(20);
    acks.reset();
    advance(ACK_INTERVAL_MS);
    expect(sent).toEqual([10]);
    acks.note(5);
    expect(sent).toEqual([10, 5]);
  });
});
