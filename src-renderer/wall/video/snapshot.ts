/** Snapshot pictures are at least this wide, so the caption the core adds stays legible. */
const MIN_WIDTH = 640;

/**
 * A tile's current picture as a PNG, base64, for `snapshot.save`. Only the picture: the caption
 * (camera, time, operator) is burnt in by the core, from its own clock and session, so a page
 * cannot backdate a snapshot or sign it with another name. Small grid frames are scaled up so
 * the core's caption band keeps a readable size.
 */
export function encodeSnapshot(source: HTMLCanvasElement): string {
  const scale = source.width >= MIN_WIDTH ? 1 : MIN_WIDTH / Math.max(1, source.width);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(source.width * scale);
  canvas.height = Math.round(source.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D context for the snapshot');
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  const url = canvas.toDataURL('image/png');
  return url.slice(url.indexOf(',') + 1);
}
