import { describe, expect, it } from 'vitest';
import { ViewTracker, type ViewEvent } from '../../../src-main/core/audit/view-tracker';

const alice = { id: 1, badge: 'A100', name: 'Alice', role: 'operator' as const };
const bruno = { id: 2, badge: 'B200', name: 'Bruno', role: 'operator' as const };

function tracker() {
  let now = 1_000_000;
  const events: ViewEvent[] = [];
  const views = new ViewTracker(
    (event) => events.push(event),
    () => now,
  );
  return { views, events, advance: (ms: number) => (now += ms) };
}

describe('the view tracker', () => {
  it('records each tile and maximised view with its duration, per socket slot', () => {
    const { views, events, advance } = tracker();
    views.setOperator(alice);
    const socket = views.socket();
    const endTile = socket.start(3, 'cam-012', 'grid');
    advance(4000);
    const endFull = socket.start(9, 'cam-012', 'full');
    advance(2500);
    endFull();
    endTile();
    endTile();
    expect(
      events.map((e) => [e.action, e.cameraId, e.durationMs, e.operator?.badge, e.details.slot]),
    ).toEqual([
      ['tile.start', 'cam-012', null, 'A100', 3],
      ['maximise.start', 'cam-012', null, 'A100', 9],
      ['maximise.stop', 'cam-012', 2500, 'A100', 9],
      ['tile.stop', 'cam-012', 6500, 'A100', 3],
    ]);
    expect(views.openCount).toBe(0);
  });

  it('splits open views when the operator changes, so each one is charged their own time', () => {
    const { views, events, advance } = tracker();
    const end = views.socket().start(0, 'cam-7', 'grid');
    advance(1000);
    views.setOperator(alice);
    advance(2000);
    views.setOperator(bruno);
    advance(3000);
    views.setOperator(bruno);
    end();
    const stops = events.filter((e) => e.action === 'tile.stop');
    expect(stops.map((e) => [e.operator?.badge ?? null, e.durationMs, e.details.reason])).toEqual([
      [null, 1000, 'operator-change'],
      ['A100', 2000, 'operator-change'],
      ['B200', 3000, 'stop'],
    ]);
    expect(views.openCount).toBe(0);
  });

  it('closes everything when the core stops', () => {
    const { views, events } = tracker();
    const socket = views.socket();
    socket.start(1, 'a', 'grid');
    socket.start(2, 'b', 'full');
    views.closeAll('core-stop');
    expect(events.filter((e) => e.action.endsWith('.stop')).map((e) => e.details.reason)).toEqual([
      'core-stop',
      'core-stop',
    ]);
  });
});
