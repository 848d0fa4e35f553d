import { describe, expect, it } from 'vitest';
import { selectCameraDot } from '../../../../src-renderer/wall/store/selectors';
import { createVigieStore } from '../../../../src-renderer/wall/store/vigie-store';
import { streamStatus } from '../../../support/wall-fixtures';

describe("the camera tree's dot", () => {
  it('follows the socket: no dot stays green on statuses received before the core went away', () => {
    const store = createVigieStore();
    const dot = () => selectCameraDot('cam-1')(store.getState());
    store.getState().setConnectionState('open');
    store.getState().upsertStreamStatus(streamStatus('cam-1', { state: 'live' }));
    expect(dot()).toBe('live');
    store.getState().setConnectionState('lost', 1006);
    expect(dot()).toBe('unknown');
    store.getState().setConnectionState('connecting');
    expect(dot()).toBe('unknown');
    store.getState().setConnectionState('open');
    store
      .getState()
      .upsertStreamStatus(streamStatus('cam-1', { state: 'reconnecting', reason: 'unreachable' }));
    expect(dot()).toBe('failing');
  });
});

describe('the operator on duty on the wall', () => {
  const olga = { id: 2, name: 'Olga Op', badge: 'OP1', role: 'operator' as const, active: true };
  const bruno = { id: 3, name: 'Bruno Petit', badge: 'OP2', role: 'operator' as const, active: true };

  it('says a takeover as a notice, so the outgoing operator sees it, but not the first answer', () => {
    const store = createVigieStore();
    const notices = () => store.getState().notices.map((notice) => [notice.key, notice.params]);
    store.getState().setOnDuty(olga);
    expect(store.getState().onDuty).toEqual(olga);
    expect(notices()).toEqual([]);
    store.getState().setOnDuty(olga);
    expect(notices()).toEqual([]);
    store.getState().setOnDuty(bruno);
    expect(notices()).toEqual([['onDutyChanged', { name: 'Bruno Petit', badge: 'OP2' }]]);
    store.getState().setOnDuty(null);
    expect(notices().at(-1)).toEqual(['nobodyOnDuty', { name: 'Bruno Petit' }]);
  });
});

describe('the header without the socket', () => {
  it('stops naming an operator on duty it cannot know, and does not call the next answer a takeover', () => {
    const store = createVigieStore();
    const olga = { id: 2, name: 'Olga Op', badge: 'OP1', role: 'operator' as const, active: true };
    store.getState().setConnectionState('open');
    store.getState().setOnDuty(olga);
    store.getState().setConnectionState('lost', 1006);
    expect(store.getState().onDuty).toBeUndefined();
    store.getState().setConnectionState('open');
    store.getState().setOnDuty(olga);
    expect(store.getState().notices).toEqual([]);
  });
});
