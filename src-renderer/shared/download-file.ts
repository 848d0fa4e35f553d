import type { DownloadableFile } from './downloadable-file';

/** How long the object URL outlives the click: the browser has started the download by then. */
const REVOKE_AFTER_MS = 60_000;

/** The file's bytes: UTF-8 text as is, base64 decoded. */
export function fileBytes(file: DownloadableFile): Uint8Array<ArrayBuffer> {
  if (file.encoding === 'utf8') return new TextEncoder().encode(file.content);
  const binary = atob(file.content);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Offers a file the core produced (logbook export, shift report, audit export, register PDF) as
 * a download: a Blob, an object URL and a click on an `<a download>`. A download is not a
 * navigation, so the page's strict CSP (`default-src 'self'`) does not stand in the way, and the
 * bytes never take a second trip.
 */
export function downloadFile(file: DownloadableFile): void {
  const url = URL.createObjectURL(new Blob([fileBytes(file)], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
