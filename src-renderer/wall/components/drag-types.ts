/**
 * Drag-and-drop payload types. Custom MIME types (always lower case: browsers lower-case
 * `dataTransfer.types`) so a tile only accepts what Vigie dragged, never text or files dropped
 * from elsewhere.
 */
export const CAMERA_MIME = 'application/x-vigie-camera';
/** A tile being moved onto another: its absolute slot. */
export const TILE_MIME = 'application/x-vigie-tile';

/** Whether a drag carries something a tile accepts. */
export function isWallDrag(types: readonly string[]): boolean {
  return types.includes(CAMERA_MIME) || types.includes(TILE_MIME);
}
