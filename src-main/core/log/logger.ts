import path from 'node:path';
import electronLog from 'electron-log/node';
import { ensurePrivateDir, makeFilePrivate, PRIVATE_FILE_MODE } from '../files/private-files';
import { redact } from './redact';

/**
 * The core's logger: electron-log's Node flavour, so the same rotating files serve the browser
 * host and the Electron shell. Every message goes through `redact` before any transport sees it.
 */
export const log = electronLog;

let configured = false;

export interface LogSetup {
  /** Log files go to `<dataDir>/logs/vigie.log`, rotated at 5 MB (one `.old.log` kept). */
  dataDir: string;
  /** Console level; the console goes to stderr only, stdout is reserved for the host's one line. */
  consoleLevel?: 'error' | 'warn' | 'info' | 'debug' | false;
}

/** Points the log at the data dir; safe to call again (e.g. tests with several data dirs). */
export function setupLogging({ dataDir, consoleLevel = 'warn' }: LogSetup): string {
  const file = path.join(dataDir, 'logs', 'vigie.log');
  // Logs name operators, cameras and incidents: 0700/0600 like the rest of the data dir.
  try {
    ensurePrivateDir(path.dirname(file));
    makeFilePrivate(file);
  } catch {
    // An unwritable folder: electron-log reports it at its first write, as before.
  }
  log.transports.file.writeOptions = { flag: 'a', mode: PRIVATE_FILE_MODE, encoding: 'utf8' };
  log.transports.file.resolvePathFn = () => file;
  log.transports.file.maxSize = 5 * 1024 * 1024;
  log.transports.file.level = 'info';
  log.transports.console.level = consoleLevel;
  log.transports.console.writeFn = ({ message }) => {
    const text = message.data.map((part) => (typeof part === 'string' ? part : String(part))).join(' ');
    process.stderr.write(`[vigie ${message.level}] ${text}\n`);
  };
  if (!configured) {
    log.hooks.push((message) => {
      message.data = message.data.map((part: unknown) => {
        if (typeof part === 'string') return redact(part);
        if (part instanceof Error) return redact(part.stack ?? part.message);
        return part;
      });
      return message;
    });
    configured = true;
  }
  return file;
}
