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
