/** The two caption lines burnt into a snapshot. */
export interface SnapshotCaption {
  /** Which camera (number, name, commune). */
  camera: string;
  /** When and by whom. */
  when: string;
}

/** Snapshot pictures are at least this wide, so the caption stays legible on small grid frames. */
const MIN_WIDTH = 640;

/**
 * Draws a tile's current picture with a caption band below it and returns the PNG, base64.
 *
 * The caption is burnt in (not metadata) because snapshots leave Vigie: printed, attached to a
 * report or handed to the police, the picture must still say which camera and when. The band is
 * below the picture rather than over it, so no part of the scene is hidden.
 */
export function renderSnapshot(source: HTMLCanvasElement, caption: SnapshotCaption): string {
  const scale = source.width >= MIN_WIDTH ? 1 : MIN_WIDTH / Math.max(1, source.width);
  const width = Math.round(source.width * scale);
  const height = Math.round(source.height * scale);
  const fontSize = Math.max(14, Math.round(width / 45));
  const band = Math.round(fontSize * 3.2);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height + band;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D context for the snapshot');
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(source, 0, 0, width, height);
  ctx.fillStyle = '#05080b';
  ctx.fillRect(0, height, width, band);
  ctx.fillStyle = '#e8edf2';
  ctx.textBaseline = 'top';
  const pad = Math.round(fontSize * 0.5);
  ctx.font = `700 ${fontSize}px 'DejaVu Sans', 'Segoe UI', sans-serif`;
  ctx.fillText(caption.camera, pad, height + pad, width - 2 * pad);
  ctx.font = `400 ${fontSize}px 'DejaVu Sans', 'Segoe UI', sans-serif`;
  ctx.fillText(caption.when, pad, height + pad + Math.round(fontSize * 1.35), width - 2 * pad);
  const url = canvas.toDataURL('image/png');
  const comma = url.indexOf(',');
  return url.slice(comma + 1);
}
