import type { LogbookErrorCode, Outcome } from '../../../src-shared/contract';
import { log } from '../log/logger';
import { storageError } from '../logbook/logbook-errors';

/** An expected refusal of a compliance method (unknown camera, bad period…), with its contract code. */
export class ComplianceError extends Error {
  constructor(
    readonly code: LogbookErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ComplianceError';
  }
}

/**
 * Runs a handler's work and answers an outcome, like the logbook's handlers: expected refusals
 * and storage failures (full disk, read-only, locked file) become typed errors the admin window
 * can say in French; anything else is logged with its stack and answered `internal`.
 */
export async function outcomeOf<T>(method: string, work: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof ComplianceError)
      return { ok: false, error: { code: error.code, message: error.message } };
    const known = storageError(error);
    if (known) {
      log.error(`${method}: ${known.message}`);
      return { ok: false, error: { code: known.code, message: known.message } };
    }
    log.error(`${method} failed: ${(error as Error).stack ?? String(error)}`);
    return { ok: false, error: { code: 'internal', message: 'internal error (details in the log)' } };
  }
}
