/**
 * A file the core produced (export, report, register PDF), for the window to offer as a download.
 * Its own module so that the controllers, which run under Node in the tests, name it without
 * pulling in the DOM code that performs the download.
 */
export interface DownloadableFile {
  fileName: string;
  mimeType: string;
  content: string;
  encoding: 'utf8' | 'base64';
}
