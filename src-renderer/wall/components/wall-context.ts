import { createContext, useContext } from 'react';
import type { ReplayCommand } from '../../shared/connection/core-connection';
import type { WallCommand } from '../model/keyboard';

/**
 * What the wall needs from a mounted tile: its camera, the canvas holding its picture, and its
 * watch's replay steering (the socket slot is the tile's own business).
 */
export interface TileHandle {
  cameraId: string;
  pictureCanvas(): HTMLCanvasElement | null;
  replay(command: ReplayCommand): void;
}

/**
 * Mounted tiles by slot, so commands that need a tile's pixels (snapshots) reach its player
 * without putting DOM objects into the store.
 */
export class TileRegistry {
  private readonly tiles = new Map<number, TileHandle>();

  /** Registers a tile; returns the unregister function (only removes this very handle). */
  register(slot: number, handle: TileHandle): () => void {
    this.tiles.set(slot, handle);
    return () => {
      if (this.tiles.get(slot) === handle) this.tiles.delete(slot);
    };
  }

  get(slot: number): TileHandle | undefined {
    return this.tiles.get(slot);
  }
}

/** The window's tile registry. */
export const TileRegistryContext = createContext<TileRegistry | null>(null);

/** Commands from the mouse (tree, drag and drop, dialogs) on top of the keyboard's. */
export type AppCommand =
  | WallCommand
  | { type: 'assign-camera'; index: number; cameraId: string }
  | { type: 'swap'; from: number; to: number }
  | { type: 'reset-layout' }
  /** Steers a replaying tile (its replay bar): pause, speed, seek, live. */
  | { type: 'replay-control'; slot: number; command: ReplayCommand }
  /** Opens the evidence clip dialog on a replaying tile. */
  | { type: 'open-clip'; slot: number };

/** Runs a wall command (keyboard, buttons, drag and drop all go through it). */
export type RunCommand = (command: AppCommand) => void;

/** The window's command runner. */
export const WallCommandsContext = createContext<RunCommand | null>(null);

/** The command runner; a no-op outside the app (isolated component tests). */
export function useWallCommands(): RunCommand {
  return useContext(WallCommandsContext) ?? noop;
}

/** The tile registry, or null outside the app. */
export function useTileRegistry(): TileRegistry | null {
  return useContext(TileRegistryContext);
}

function noop(): void {}
