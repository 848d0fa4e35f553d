import type { StreamProfile } from '../../../src-shared/contract';

/**
 * Smallest tile (device pixels) that gets the `full` stream. Below it the `grid` stream (at most
 * 640×360) is already sharper than the screen can show, and costs a fraction of the decode.
 */
export const FULL_PROFILE_MIN = { width: 960, height: 540 } as const;

/**
 * The stream a tile asks for: `full` when maximised or larger than FULL_PROFILE_MIN on screen,
 * `grid` otherwise (and while its size is not known yet, the cheap choice).
 */
export function chooseProfile(
  size: { width: number; height: number } | null,
  maximised: boolean,
): StreamProfile {
  if (maximised) return 'full';
  if (!size) return 'grid';
  return size.width > FULL_PROFILE_MIN.width && size.height > FULL_PROFILE_MIN.height ? 'full' : 'grid';
}
