import type { z } from 'zod';
import type { BackupInfo, IntegrityStatus, LogbookApiMethods, Outcome } from '../../../src-shared/contract';
import type { BackupReason } from './logbook-backup';
import type { LogbookStore } from './logbook-store';
import type { OperatorAccess } from './operator-access';
import type { ScopedSessions } from './scoped-sessions';
import type { LogbookServiceOptions } from './service-options';
import type { Actor, WriteContext } from './store-types';

/*
 * What the logbook's handler areas (session-, operator-, shift-, entry-, export- and
 * integrity-handlers.ts) receive from LogbookService: a small context instead of the service
 * itself, so each area sees only what its handlers use, and the service keeps its lifecycle
 * (start and stop, verification, backups, anchors) to itself.
 */

type Methods = typeof LogbookApiMethods;

/** A handler per logbook method; params arrive validated, results are outcomes, never throws. */
export type LogbookApiHandlers = {
  [M in keyof Methods]: (params: z.infer<Methods[M]['params']>) => Promise<z.infer<Methods[M]['result']>>;
};

/** The handlers of one area: the listed methods, no more, no fewer. */
export type AreaHandlers<M extends keyof LogbookApiHandlers> = Pick<LogbookApiHandlers, M>;

/** A method's validated params. */
export type ApiParams<M extends keyof Methods> = z.infer<Methods[M]['params']>;

export interface HandlerContext {
  readonly options: LogbookServiceOptions;
  /** The workstation's operator session. */
  readonly session: ScopedSessions;
  /** Store, operator and PIN checks (operator-access.ts). */
  readonly access: OperatorAccess;
  /** Where export files are written. */
  readonly exportsDir: string;
  /** The service's clock. */
  now(): Date;
  /** Runs a handler's work and answers an outcome (outcomeOf, named `logbook <method>`). */
  run<T>(method: string, work: () => T | Promise<T>): Promise<Outcome<T>>;
  /** Who writes, on this workstation, now. */
  writeContext(actor: Actor): WriteContext;
  /** The open store or null, for the few answers that need none (logbook.integrity). */
  openStore(): LogbookStore | null;
  /** Publishes the chain head in the anchor file (never fails). */
  anchor(event: string): void;
  /** Runs an online backup (one at a time). */
  backup(reason: BackupReason): Promise<BackupInfo>;
  /** The integrity status as last verified, with the last backup. */
  integrity(): IntegrityStatus;
  /** Verifies the whole chain again (or waits for the verification running) and answers the result. */
  reverify(): Promise<IntegrityStatus>;
}

/** A UTC time stamp for file names (`20250301T130500`). */
export function fileStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
}
