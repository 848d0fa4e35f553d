import type { AuditAction, StreamProfile } from '../../../src-shared/contract';
import type { SessionActor } from '../api/guard-types';

/** What the tracker asks the audit trail to record. */
export interface ViewEvent {
  action: AuditAction;
  cameraId: string;
  operator: SessionActor | null;
  durationMs: number | null;
  details: Record<string, unknown>;
}

/** What a slot shows: a live profile, or a replay of the camera's last minutes (replay/). */
export type ViewKind = StreamProfile | 'replay';

/** One window's socket as seen by the tracker: its tiles start and stop through it. */
export interface SocketViews {
  /** A slot starts showing a camera; returns the function that ends that view (idempotent). */
  start(slot: number, cameraId: string, profile: ViewKind): () => void;
}

/** What the core's sessions need from the audit trail to report viewing. */
export interface ViewRecorder {
  /** Called once per window socket. */
  socket(): SocketViews;
}

interface OpenView {
  id: number;
  socket: number;
  slot: number;
  cameraId: string;
  profile: ViewKind;
  operator: SessionActor | null;
  startedAt: number;
  /** The caller's handle: follows the view across operator changes. */
  handle: { view: number };
}

const START: Record<ViewKind, AuditAction> = {
  grid: 'tile.start',
  full: 'maximise.start',
  replay: 'replay.start',
};
const STOP: Record<ViewKind, AuditAction> = {
  grid: 'tile.stop',
  full: 'maximise.stop',
  replay: 'replay.stop',
};

/**
 * Which camera each operator displayed, and for how long. Every socket slot that starts a
 * stream opens a view (`tile.start`, or `maximise.start` for the full profile a maximised tile
 * uses, `replay.start` for a tile rewound in place); stopping it records `*.stop` with the duration. Views are attributed to the operator on
 * duty at the workstation, or to nobody ("non connecté"); when the operator changes (login,
 * logout, another badge), every open view is closed for the previous one and reopened for the
 * next, so each operator's viewing time is exactly theirs.
 */
export class ViewTracker implements ViewRecorder {
  private readonly open = new Map<number, OpenView>();
  private nextView = 1;
  private nextSocket = 1;
  private operator: SessionActor | null = null;

  constructor(
    private readonly emit: (event: ViewEvent) => void,
    private readonly now: () => number = Date.now,
  ) {}

  socket(): SocketViews {
    const socket = this.nextSocket++;
    return {
      start: (slot, cameraId, profile) => {
        const handle = { view: 0 };
        this.begin({ socket, slot, cameraId, profile, handle }, 'start');
        let ended = false;
        return () => {
          if (ended) return;
          ended = true;
          this.end(handle.view, 'stop');
        };
      },
    };
  }

  /** The operator on duty changed (or logged out): split every open view at this instant. */
  setOperator(operator: SessionActor | null): void {
    const changed = (operator?.id ?? null) !== (this.operator?.id ?? null);
    if (!changed) {
      this.operator = operator;
      return;
    }
    const views = [...this.open.values()];
    for (const view of views) this.end(view.id, 'operator-change');
    this.operator = operator;
    for (const view of views) this.begin(view, 'operator-change');
  }

  /** The operator views are attributed to now. */
  get currentOperator(): SessionActor | null {
    return this.operator;
  }

  /** Views currently open (diagnostics, tests). */
  get openCount(): number {
    return this.open.size;
  }

  /** Ends every open view (the core stops). */
  closeAll(reason: string): void {
    for (const view of [...this.open.values()]) this.end(view.id, reason);
  }

  private begin(
    where: Pick<OpenView, 'socket' | 'slot' | 'cameraId' | 'profile' | 'handle'>,
    reason: string,
  ): void {
    const view: OpenView = {
      socket: where.socket,
      slot: where.slot,
      cameraId: where.cameraId,
      profile: where.profile,
      handle: where.handle,
      id: this.nextView++,
      operator: this.operator,
      startedAt: this.now(),
    };
    view.handle.view = view.id;
    this.open.set(view.id, view);
    this.emit({
      action: START[view.profile],
      cameraId: view.cameraId,
      operator: view.operator,
      durationMs: null,
      details: { view: view.id, socket: view.socket, slot: view.slot, profile: view.profile, reason },
    });
  }

  private end(id: number, reason: string): void {
    const view = this.open.get(id);
    if (!view) return;
    this.open.delete(id);
    const ended = this.now();
    this.emit({
      action: STOP[view.profile],
      cameraId: view.cameraId,
      operator: view.operator,
      durationMs: Math.max(0, ended - view.startedAt),
      details: {
        view: view.id,
        socket: view.socket,
        slot: view.slot,
        profile: view.profile,
        reason,
        startedAt: new Date(view.startedAt).toISOString(),
      },
    });
  }
}
