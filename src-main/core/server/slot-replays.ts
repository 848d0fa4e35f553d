import type { ReplayStatus, ServerMessage, StreamProfile } from '../../../src-shared/contract';
import type { ClientMessage } from '../../../src-shared/contract';
import type { SocketViews } from '../audit/view-tracker';
import { log } from '../log/logger';
import type { ReplayControl } from '../replay/replay-service';
import type { ReplayPlayer } from '../replay/replay-player';

/** The replay messages a window sends (the `replay-*` part of the client contract). */
export type ReplayMessage = Extract<ClientMessage, { type: `replay-${string}` }>;

/** What the slot replays need of their window's session. */
export interface ReplaySlotHost {
  /** The camera and profile a slot watches live, null when it watches nothing. */
  watched(slot: number): { cameraId: string; profile: StreamProfile } | null;
  /** Mutes the slot's live video (false) or puts it back, starting on a keyframe with RESET (true). */
  setLive(slot: number, live: boolean): void;
  /** Sends a replayed chunk on the slot, under the slot's flow control like live. */
  deliver(slot: number, data: Buffer, flags: number): void;
  send(message: ServerMessage): void;
}

interface SlotReplay {
  cameraId: string;
  profile: StreamProfile;
  player: ReplayPlayer;
  endView: (() => void) | undefined;
  lastState: string;
}

/**
 * One window's replays, one per slot at most. A replay takes the slot over: its live video is
 * muted (the live stream keeps running, so the camera source — and so the buffer — stays open and
 * back-to-live is immediate), replayed pictures go out on the same slot with VIDEO_FLAG_REPLAY,
 * and every change sends a `replay-status` with the picture's own time. Each replay is audited
 * like a view (`replay.start` / `replay.stop` with its duration).
 */
export class SlotReplays {
  private readonly replays = new Map<number, SlotReplay>();

  constructor(
    private readonly host: ReplaySlotHost,
    private readonly control: ReplayControl | null,
    private readonly views: SocketViews | null,
  ) {}

  isReplaying(slot: number): boolean {
    return this.replays.has(slot);
  }

  handle(message: ReplayMessage): void {
    if (message.type === 'replay-start') {
      this.start(message.slot, message.cameraId, message.secondsBack);
      return;
    }
    const replay = this.replays.get(message.slot);
    if (!replay) return; // already back on live: nothing to steer
    switch (message.type) {
      case 'replay-pause':
        replay.player.pause(message.paused);
        break;
      case 'replay-speed':
        replay.player.setSpeed(message.speed);
        break;
      case 'replay-seek':
        replay.player.seek(message.at);
        break;
      case 'replay-live':
        this.toLive(message.slot, 'asked');
        break;
    }
  }

  /** The slot stops watching (unwatch): its replay ends with it, nothing goes back to live. */
  drop(slot: number, reason: string): void {
    const replay = this.replays.get(slot);
    if (!replay) return;
    this.replays.delete(slot);
    this.finish(replay, reason);
  }

  dropAll(reason: string): void {
    for (const slot of [...this.replays.keys()]) this.drop(slot, reason);
  }

  private start(slot: number, cameraId: string, secondsBack: number): void {
    const watched = this.host.watched(slot);
    if (!watched || watched.cameraId !== cameraId) {
      this.refuse(slot, cameraId, 'not-watching');
      return;
    }
    if (!this.control) {
      this.refuse(slot, cameraId, 'unavailable');
      return;
    }
    // A new rewind on a replaying slot replaces its replay.
    this.drop(slot, 'restarted');
    const at = Date.now() - secondsBack * 1000;
    // Declared first: the player may report (an empty buffer's end) before open() returns.
    let player: ReplayPlayer | null = null;
    player = this.control.open(cameraId, watched.profile, at, {
      deliver: (data, flags) => {
        if (this.replays.get(slot)?.player === player) this.host.deliver(slot, data, flags);
      },
      onChange: () => {
        if (player) queueMicrotask(() => player && this.changed(slot, player));
      },
    });
    if (!player) {
      this.refuse(slot, cameraId, 'no-buffer');
      return;
    }
    this.host.setLive(slot, false);
    const endView = this.views?.start(slot, cameraId, 'replay');
    this.replays.set(slot, { cameraId, profile: watched.profile, player, endView, lastState: '' });
    log.info(`replay slot ${slot} of ${cameraId}: ${secondsBack} s back`);
    this.publish(slot);
  }

  private changed(slot: number, player: ReplayPlayer): void {
    const replay = this.replays.get(slot);
    if (replay?.player !== player) return;
    if (player.position().state === 'ended') {
      this.toLive(slot, 'caught-up');
      return;
    }
    this.publish(slot);
  }

  private toLive(slot: number, reason: string): void {
    const replay = this.replays.get(slot);
    if (!replay) return;
    this.replays.delete(slot);
    this.finish(replay, reason);
    this.host.setLive(slot, true);
    this.host.send({ type: 'replay-status', status: this.status(slot, replay, 'live') });
  }

  private finish(replay: SlotReplay, reason: string): void {
    replay.endView?.();
    void replay.player.stop();
    log.info(`replay of ${replay.cameraId} ended (${reason})`);
  }

  private publish(slot: number): void {
    const replay = this.replays.get(slot);
    if (!replay) return;
    const state = replay.player.position().state;
    this.host.send({
      type: 'replay-status',
      status: this.status(slot, replay, state === 'ended' ? 'live' : state),
    });
  }

  private status(slot: number, replay: SlotReplay, state: ReplayStatus['state']): ReplayStatus {
    const position = replay.player.position();
    const span = this.control?.span(replay.cameraId, replay.profile) ?? null;
    return {
      slot,
      cameraId: replay.cameraId,
      state,
      reason: null,
      pictureAt: state === 'live' ? null : position.pictureAt,
      speed: position.speed,
      bufferFrom: span?.from ?? null,
      bufferTo: span?.to ?? null,
    };
  }

  private refuse(slot: number, cameraId: string, reason: NonNullable<ReplayStatus['reason']>): void {
    this.host.send({
      type: 'replay-status',
      status: {
        slot,
        cameraId,
        state: 'refused',
        reason,
        pictureAt: null,
        speed: 1,
        bufferFrom: null,
        bufferTo: null,
      },
    });
  }
}
