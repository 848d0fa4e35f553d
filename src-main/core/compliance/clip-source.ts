/** A span cut from a camera's replay buffer, as the clip handlers see it. */
export interface ClipSpan {
  /** Arrival time (epoch ms) of the keyframe the clip starts at, and of its last picture. */
  from: number;
  to: number;
}

/**
 * What compliance needs of instant replay to make a clip (ReplayService satisfies it): the MP4 of
 * a camera between two instants of its buffer, masks and caption burnt in, or null when nothing
 * of that span is buffered. `caption` is asked once the exact span is known, so the picture
 * states what was really cut.
 */
export interface ClipSource {
  clip(
    cameraId: string,
    from: number,
    to: number,
    caption: (span: ClipSpan) => readonly [string, string],
  ): Promise<{ mp4: Buffer; cut: ClipSpan; masked: boolean } | null>;
}
