import type { ClipResult } from '../../../src-shared/contract';

/**
 * Offers the clip the core just made as a file download, under the register's own file name, so
 * the copy handed to the requisition carries the name and hash the register lists. The bytes
 * came over the window socket (base64) because the renderer has no file system access; the
 * object URL is revoked once the browser has taken it.
 */
export function downloadClip(result: ClipResult): void {
  const binary = atob(result.base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  const url = URL.createObjectURL(new Blob([bytes], { type: result.mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = result.clip.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
