import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NewOperatorSchema, type OperatorRole } from '../../../src-shared/contract';
import type { CliIo } from '../api/cli-io';
import { defaultDataDir } from '../config/paths';
import { ChainAnchors } from '../integrity/chain-anchors';
import type { HashChain } from '../integrity/hash-chain';
import { logbookChain } from './logbook-chain';
import { openLogbookDatabase } from './logbook-db';
import { storageError } from '../api/service-result';
import { validateImport } from './logbook-import';
import { logbookPaths } from './logbook-service';
import { LogbookStore } from './logbook-store';
import { hashPin } from './pin-hash';

/**
 * The IT side of the main courante, without the GUI: `vigie logbook verify`, `vigie logbook
 * import` and `vigie operator add`. Each returns its exit code (0 done, 1 refused or broken,
 * 2 usage or unusable input) and writes results to `out`, problems to `err`, so the CLI stays a thin switch and
 * tests can run the same code in-process.
 */

export const LOGBOOK_USAGE = `  logbook verify Check the main courante's hash chain: prints "OK <n> records" or the first
                 broken record (exit 1)   [--data-dir DIR] [--db FILE]
  logbook import Import entries from a CSV file, all or nothing
                 FILE.csv --operator BADGE [--data-dir DIR] [--workstation NAME]
  operator add   Create an operator account; the PIN is read from stdin
                 --name NAME --badge BADGE --role operator|"chef de salle"|admin --pin-stdin [--data-dir DIR]
`;

function dataDirOf(flag: string | undefined): string {
  return path.resolve(flag ?? process.env.VIGIE_DATA_DIR ?? defaultDataDir());
}

function databaseOf(values: { 'data-dir'?: string | undefined; db?: string | undefined }): string {
  return values.db ? path.resolve(values.db) : logbookPaths(dataDirOf(values['data-dir'])).database;
}

function describe(error: unknown): string {
  return storageError(error)?.message ?? (error as Error).message;
}

/** Opens (creating as needed) the data dir's logbook for a writing command; null once told why not. */
function openStore(dataDir: string | undefined, io: CliIo): LogbookStore | null {
  const paths = logbookPaths(dataDirOf(dataDir));
  try {
    mkdirSync(paths.dir, { recursive: true });
    return LogbookStore.open(paths.database);
  } catch (error) {
    io.err(`cannot open ${paths.database}: ${describe(error)}\n`);
    return null;
  }
}

/** `vigie logbook <verify|import> …` */
export function logbookCommand(argv: string[], io: CliIo): number {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'verify') return verify(rest, io);
    if (sub === 'import') return importFile(rest, io);
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\n\n${LOGBOOK_USAGE}`);
      return 2;
    }
    throw error;
  }
  io.err(`logbook: expected "verify" or "import"\n\n${LOGBOOK_USAGE}`);
  return 2;
}

function verify(argv: string[], io: CliIo): number {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, db: { type: 'string' } },
    strict: true,
  });
  const file = databaseOf(values);
  let db;
  try {
    db = openLogbookDatabase(file, { readonly: true });
  } catch (error) {
    io.err(`cannot open ${file}: ${describe(error)}\n`);
    return 2;
  }
  try {
    const chain = logbookChain(db);
    const result = chain.verify();
    if (result.ok) {
      io.out(`OK ${result.records} records\n`);
      if (result.head) io.out(`head #${result.head.seq} ${result.head.hash}\n`);
      return checkAnchors(new ChainAnchors(path.join(path.dirname(file), 'chain-anchors.jsonl')), chain, io);
    }
    io.out(`BROKEN ${result.broken.message}\n`);
    io.out(`${result.records} records verified before it; database ${file}\n`);
    return 1;
  } catch (error) {
    io.err(`verification of ${file} failed: ${describe(error)}\n`);
    return 1;
  } finally {
    db.close();
  }
}

/**
 * Every chain head the core published (start, handover) must still be in the chain: a database
 * put back from an older copy, or rebuilt, passes its own verification but not this.
 */
function checkAnchors(anchors: ChainAnchors, chain: HashChain, io: CliIo): number {
  const check = anchors.check((seq) => chain.hashAt(seq));
  for (const line of check.malformed) io.out(`anchor line ${line} of ${anchors.file} unreadable\n`);
  if (check.mismatches.length === 0) {
    io.out(`anchors: ${check.checked} published chain heads all present\n`);
    return 0;
  }
  for (const { anchor, found } of check.mismatches) {
    io.out(
      `ANCHOR MISMATCH head #${anchor.seq} published ${anchor.at} (${anchor.event}) ${anchor.hash}, database has ${found ?? 'no such record'}\n`,
    );
  }
  return 1;
}

function importFile(argv: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      operator: { type: 'string' },
      'data-dir': { type: 'string' },
      workstation: { type: 'string' },
    },
    strict: true,
  });
  const csvFile = positionals[0];
  if (!csvFile || !values.operator) {
    io.err(`logbook import needs FILE.csv and --operator BADGE\n\n${LOGBOOK_USAGE}`);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.resolve(csvFile));
  } catch (error) {
    io.err(`cannot read ${csvFile}: ${(error as Error).message}\n`);
    return 2;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    io.err(`${csvFile} is not UTF-8 text: save it as "CSV UTF-8" and retry. Nothing imported.\n`);
    return 1;
  }
  const store = openStore(values['data-dir'], io);
  if (!store) return 2;
  try {
    const operator = store.operatorByBadge(values.operator);
    if (!operator?.active) {
      io.err(`no active operator with badge ${values.operator}. Nothing imported.\n`);
      return 1;
    }
    const now = new Date();
    const checked = validateImport(text, (typed) => store.resolveCategory(typed, false), now);
    if (!checked.ok) {
      for (const issue of checked.issues) {
        const where = [issue.line ? `line ${issue.line}` : null, issue.field ?? null]
          .filter(Boolean)
          .join(', ');
        io.err(`${where ? `${where}: ` : ''}${issue.message}\n`);
      }
      const lines = new Set(checked.issues.map((issue) => issue.line)).size;
      io.err(`Nothing imported: ${checked.issues.length} problem(s) on ${lines} line(s) of ${csvFile}.\n`);
      return 1;
    }
    const { importId, entryIds } = store.importEntries(
      {
        actor: { id: operator.id, badge: operator.badge, name: operator.name, role: operator.role },
        workstation: values.workstation ?? process.env.VIGIE_WORKSTATION ?? hostname(),
        now,
      },
      { name: path.basename(csvFile), sha256: createHash('sha256').update(bytes).digest('hex') },
      checked.rows,
    );
    io.out(
      `Imported ${entryIds.length} entries from ${csvFile} as import #${importId}` +
        (entryIds.length ? ` (entries ${entryIds[0]}–${entryIds.at(-1)})` : '') +
        '\n',
    );
    return 0;
  } catch (error) {
    io.err(`import failed, nothing imported: ${describe(error)}\n`);
    return 1;
  } finally {
    store.close();
  }
}

const ROLE_ALIASES: Record<string, OperatorRole> = {
  operator: 'operator',
  operateur: 'operator',
  'chef de salle': 'chef de salle',
  'chef-de-salle': 'chef de salle',
  chef_de_salle: 'chef de salle',
  admin: 'admin',
};

/** `vigie operator add …` */
export async function operatorCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'add') {
    io.err(`operator: expected "add"\n\n${LOGBOOK_USAGE}`);
    return 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        name: { type: 'string' },
        badge: { type: 'string' },
        role: { type: 'string' },
        'pin-stdin': { type: 'boolean' },
        'data-dir': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${LOGBOOK_USAGE}`);
    return 2;
  }
  if (!values['pin-stdin']) {
    io.err('operator add reads the PIN from stdin, never from the command line: pass --pin-stdin\n');
    return 2;
  }
  const pin = (await io.readStdin()).split(/\r?\n/, 1)[0]?.trim() ?? '';
  const role = ROLE_ALIASES[(values.role ?? '').trim().toLowerCase()];
  const parsed = NewOperatorSchema.safeParse({ name: values.name, badge: values.badge, role, pin });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.join('.');
      const message = field === 'role' ? 'expected operator, "chef de salle" or admin' : issue.message;
      io.err(`--${field === 'pin' ? 'pin-stdin' : field}: ${message}\n`);
    }
    return 2;
  }
  const store = openStore(values['data-dir'], io);
  if (!store) return 2;
  try {
    const { pin: secret, ...operator } = parsed.data;
    const created = store.addOperator({ ...operator, pinHash: await hashPin(secret) }, null, new Date());
    io.out(`Added operator ${created.badge} (${created.name}, ${created.role})\n`);
    return 0;
  } catch (error) {
    io.err(`operator not added: ${describe(error)}\n`);
    return 1;
  } finally {
    store.close();
  }
}
