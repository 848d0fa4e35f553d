import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../config/paths';
import type { CliIo } from '../api/cli-io';
import { auditPaths } from './audit-options';
import { AuditStore } from './audit-store';

export const AUDIT_USAGE = `  audit verify   Check the audit trail's hash chain (access, extractions, purges): prints
                 "OK <n> records" or the first broken record (exit 1)   [--data-dir DIR] [--db FILE]
`;

/**
 * `vigie audit verify`: the audit trail's counterpart of `vigie logbook verify`, same output and
 * exit codes (0 valid, 1 broken, 2 no database or bad usage), so IT scripts treat both alike.
 * Opens the file read-only: it can run while Vigie is running, or on a copy.
 */
export function auditCommand(argv: string[], io: CliIo): number {
  const [sub, ...rest] = argv;
  if (sub !== 'verify') {
    io.err(`audit: expected "verify"\n\n${AUDIT_USAGE}`);
    return 2;
  }
  let values: { 'data-dir'?: string | undefined; db?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { 'data-dir': { type: 'string' }, db: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${AUDIT_USAGE}`);
    return 2;
  }
  const file = values.db
    ? path.resolve(values.db)
    : auditPaths(path.resolve(values['data-dir'] ?? process.env.VIGIE_DATA_DIR ?? defaultDataDir())).database;
  let store: AuditStore;
  try {
    store = AuditStore.open(file, { readonly: true });
  } catch (error) {
    io.err(`cannot open ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  try {
    const result = store.verify();
    if (result.ok) {
      io.out(`OK ${result.records} records\n`);
      if (result.head) io.out(`head #${result.head.seq} ${result.head.hash}\n`);
      return 0;
    }
    io.out(`BROKEN ${result.broken.message}\n`);
    io.out(`${result.records} records verified before it; database ${file}\n`);
    return 1;
  } catch (error) {
    io.err(`verification of ${file} failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    store.close();
  }
}
