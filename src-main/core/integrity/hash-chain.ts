import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * A tamper-evident chain over rows of ordinary SQLite tables.
 *
 * Why a separate ledger table rather than hash columns in each table: one chain must run across
 * several tables (entries, amendments, shift events…) in the order things happened, and the same
 * mechanism must serve other record kinds later (the audit trail) without reshaping their tables.
 * The ledger holds, per record, its position (`seq`, contiguous from 1), which row it covers
 * (`kind`, `ref_id`), the previous link's hash and its own:
 *
 *   hash = SHA-256( prev_hash + "\n" + canonicalJson({ chain, seq, kind, id, row }) )
 *
 * where `row` holds the declared columns of the covered row as SQLite returns them. Changing a
 * covered row, deleting it, inserting a row without a link, or rewriting a link breaks the chain
 * at that record, and verification names it. Rewriting a whole tail consistently is only caught
 * against a head published elsewhere (shift reports, exports, backups carry it): that is the
 * limit of any hash chain, and why heads are printed.
 *
 * Appends must happen inside the caller's write transaction, so a row and its link commit or
 * vanish together and two writers can never fork the chain.
 */

/** The structural subset of a better-sqlite3 database the chain needs. */
export interface ChainDatabase {
  prepare(sql: string): ChainStatement;
  readonly inTransaction: boolean;
}

/** The structural subset of a better-sqlite3 statement the chain needs. */
export interface ChainStatement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** One kind of chained record: which table and which of its columns are covered. */
export interface ChainSource {
  kind: string;
  table: string;
  /** The table's integer key (`id`). */
  idColumn: string;
  /**
   * Covered columns, frozen once records exist: adding a name here would change every old
   * record's hash. A later schema adds new columns to a new kind instead.
   */
  columns: readonly string[];
}

export interface HashChainOptions {
  /** Name of the ledger table (created by `chainLedgerSql`). */
  ledger: string;
  /** Chain name mixed into every hash, so records cannot be replayed between chains. */
  name: string;
  sources: readonly ChainSource[];
}

/** prev_hash of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface ChainLink extends ChainHead {
  kind: string;
  refId: number;
  prevHash: string;
}

export type ChainBreakReason =
  'sequence-gap' | 'prev-hash-mismatch' | 'hash-mismatch' | 'row-missing' | 'unknown-kind' | 'unchained-row';

/** The first broken record, described well enough for an operator to find it. */
export interface ChainBreak {
  /** Ledger position, null for a row that has no link at all. */
  seq: number | null;
  kind: string;
  table: string | null;
  refId: number | null;
  reason: ChainBreakReason;
  /** One line, e.g. `record #42 (entries id 17): row content does not match its hash`. */
  message: string;
}

export type ChainVerification =
  | { ok: true; records: number; head: ChainHead | null }
  | { ok: false; records: number; head: ChainHead | null; broken: ChainBreak };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`hash chain: "${name}" is not a plain SQL identifier`);
  return name;
}

/** Triggers refusing UPDATE and DELETE on `table`: append-only at the database level. */
export function appendOnlyTriggersSql(table: string): string {
  const t = identifier(table);
  return `
CREATE TRIGGER ${t}_append_only_update BEFORE UPDATE ON ${t}
BEGIN SELECT RAISE(ABORT, 'append-only: ${t} rows cannot be updated'); END;
CREATE TRIGGER ${t}_append_only_delete BEFORE DELETE ON ${t}
BEGIN SELECT RAISE(ABORT, 'append-only: ${t} rows cannot be deleted'); END;
`;
}

/** The ledger table for one chain, append-only like the rows it covers. */
export function chainLedgerSql(ledger: string): string {
  const t = identifier(ledger);
  return `
CREATE TABLE ${t} (
  seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  ref_id INTEGER NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  UNIQUE (kind, ref_id)
);
${appendOnlyTriggersSql(t)}`;
}

/** Computes one record's hash; exported so tests and external checkers use the exact formula. */
export function recordHash(
  chain: string,
  prevHash: string,
  seq: number,
  kind: string,
  refId: number,
  row: Record<string, unknown>,
): string {
  const body = canonicalJson({ chain, seq, kind, id: refId, row });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** One ledger row as SQLite returns it; shared with readers of a chain outside this class. */
export interface LedgerRow {
  seq: number;
  kind: string;
  ref_id: number;
  prev_hash: string;
  hash: string;
}

interface PreparedSource {
  source: ChainSource;
  row: ChainStatement;
}

/** Records verified per step of `verifyAsync` before yielding to the event loop. */
const VERIFY_CHUNK = 2000;

/** A hash chain over the sources' tables, recorded in one ledger table. See the module comment. */
export class HashChain {
  private readonly sources = new Map<string, PreparedSource>();
  private readonly headStmt: ChainStatement;
  private readonly insertStmt: ChainStatement;
  private readonly linkStmt: ChainStatement;
  private readonly rangeStmt: ChainStatement;
  private readonly hashStmt: ChainStatement;
  private readonly ledger: string;
  private readonly appended = new Set<() => void>();
  private notifyQueued = false;

  constructor(
    private readonly db: ChainDatabase,
    private readonly options: HashChainOptions,
  ) {
    this.ledger = identifier(options.ledger);
    for (const source of options.sources) {
      const columns = source.columns.map(identifier);
      const row = db.prepare(
        `SELECT ${columns.join(', ')} FROM ${identifier(source.table)} WHERE ${identifier(source.idColumn)} = ?`,
      );
      this.sources.set(source.kind, { source, row });
    }
    this.headStmt = db.prepare(`SELECT seq, hash FROM ${this.ledger} ORDER BY seq DESC LIMIT 1`);
    this.insertStmt = db.prepare(
      `INSERT INTO ${this.ledger} (seq, kind, ref_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?)`,
    );
    this.linkStmt = db.prepare(
      `SELECT seq, kind, ref_id, prev_hash, hash FROM ${this.ledger} WHERE kind = ? AND ref_id = ?`,
    );
    this.hashStmt = db.prepare(`SELECT hash FROM ${this.ledger} WHERE seq = ?`);
    this.rangeStmt = db.prepare(
      `SELECT seq, kind, ref_id, prev_hash, hash FROM ${this.ledger} WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
    );
  }

  /** Chains the row `refId` of `kind`; must run inside the transaction that wrote the row. */
  append(kind: string, refId: number): ChainLink {
    if (!this.db.inTransaction) throw new Error('hash chain: append outside a transaction');
    const prepared = this.sources.get(kind);
    if (!prepared) throw new Error(`hash chain: unknown kind "${kind}"`);
    const row = prepared.row.get(refId) as Record<string, unknown> | undefined;
    if (!row) throw new Error(`hash chain: ${prepared.source.table} id ${refId} does not exist`);
    const head = this.head();
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const hash = recordHash(this.options.name, prevHash, seq, kind, refId, row);
    this.insertStmt.run(seq, kind, refId, prevHash, hash);
    this.queueAppended();
    return { seq, kind, refId, prevHash, hash };
  }

  /**
   * Calls `listener` after records were appended, once per burst and only after the event loop
   * turns: the appending transaction is synchronous, so by then it has committed (or rolled
   * back, and the listener finds nothing new). The room replicator uses it to copy a record
   * as soon as it exists instead of at its next poll. Returns the unsubscribe.
   */
  onAppended(listener: () => void): () => void {
    this.appended.add(listener);
    return () => this.appended.delete(listener);
  }

  private queueAppended(): void {
    if (this.notifyQueued || this.appended.size === 0) return;
    this.notifyQueued = true;
    setImmediate(() => {
      this.notifyQueued = false;
      for (const listener of this.appended) listener();
    });
  }

  /** The last link, or null for an empty chain. */
  head(): ChainHead | null {
    const row = this.headStmt.get() as ChainHead | undefined;
    return row ? { seq: row.seq, hash: row.hash } : null;
  }

  /** The hash of record `seq`, or null if the chain has no such record (anchors are checked with it). */
  hashAt(seq: number): string | null {
    const row = this.hashStmt.get(seq) as { hash: string } | undefined;
    return row?.hash ?? null;
  }

  /** The link covering one row, if any. */
  link(kind: string, refId: number): ChainLink | null {
    const row = this.linkStmt.get(kind, refId) as LedgerRow | undefined;
    return row ? toLink(row) : null;
  }

  /** Verifies the whole chain in one go (CLI, tests). Blocks for the duration. */
  verify(): ChainVerification {
    const steps = this.steps();
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
    }
  }

  /**
   * Verifies the chain in chunks, yielding to the event loop between them, so a core with a
   * million records keeps relaying video while it checks. Records appended meanwhile are
   * outside the run (the head is fixed when it starts); existing rows cannot change under it
   * because they are append-only. `shouldStop` ends the run early (the core is stopping).
   */
  async verifyAsync(shouldStop: () => boolean = () => false): Promise<ChainVerification> {
    const steps = this.steps();
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (shouldStop()) throw new Error('hash chain: verification stopped');
    }
  }

  private *steps(): Generator<void, ChainVerification> {
    const head = this.head();
    const last = head?.seq ?? 0;
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let records = 0;
    const fail = (broken: ChainBreak): ChainVerification => ({ ok: false, records, head, broken });
    while (expectedSeq <= last) {
      const rows = this.rangeStmt.all(expectedSeq - 1, last, VERIFY_CHUNK) as LedgerRow[];
      if (rows.length === 0) break;
      for (const link of rows) {
        const prepared = this.sources.get(link.kind);
        const table = prepared?.source.table ?? null;
        const where = `record #${link.seq} (${table ?? link.kind} id ${link.ref_id})`;
        const broken = (reason: ChainBreakReason, what: string): ChainVerification =>
          fail({
            seq: link.seq,
            kind: link.kind,
            table,
            refId: link.ref_id,
            reason,
            message: `${where}: ${what}`,
          });
        if (link.seq !== expectedSeq) {
          return fail({
            seq: expectedSeq,
            kind: link.kind,
            table,
            refId: null,
            reason: 'sequence-gap',
            message: `record #${expectedSeq} is missing from the ledger (next is #${link.seq})`,
          });
        }
        if (link.prev_hash !== prevHash)
          return broken('prev-hash-mismatch', 'does not follow the previous record');
        if (!prepared) return broken('unknown-kind', `unknown record kind "${link.kind}"`);
        const row = prepared.row.get(link.ref_id) as Record<string, unknown> | undefined;
        if (!row) return broken('row-missing', 'the row was deleted');
        let hash: string;
        try {
          hash = recordHash(this.options.name, prevHash, link.seq, link.kind, link.ref_id, row);
        } catch (error) {
          return broken('hash-mismatch', `row content cannot be hashed (${(error as Error).message})`);
        }
        if (hash !== link.hash) {
          return broken('hash-mismatch', 'row content does not match its hash (the row was modified)');
        }
        prevHash = link.hash;
        expectedSeq += 1;
        records += 1;
      }
      yield;
    }
    if (records !== last) {
      return fail({
        seq: expectedSeq,
        kind: '',
        table: null,
        refId: null,
        reason: 'sequence-gap',
        message: `record #${expectedSeq} is missing from the ledger`,
      });
    }
    const unchained = this.firstUnchainedRow();
    if (unchained) return fail(unchained);
    return { ok: true, records, head };
  }

  /**
   * A covered row with no link: inserted behind the chain's back (or its link was deleted).
   * Rows committed by a concurrent writer during the run carry their link (same transaction),
   * so they are never mistaken for orphans.
   */
  private firstUnchainedRow(): ChainBreak | null {
    for (const { source } of this.sources.values()) {
      const table = identifier(source.table);
      const id = identifier(source.idColumn);
      const rows = (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      const links = (
        this.db.prepare(`SELECT count(*) AS n FROM ${this.ledger} WHERE kind = ?`).get(source.kind) as {
          n: number;
        }
      ).n;
      if (rows <= links) continue;
      const orphan = this.db
        .prepare(
          `SELECT t.${id} AS id FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM ${this.ledger} l WHERE l.kind = ? AND l.ref_id = t.${id}) ORDER BY t.${id} LIMIT 1`,
        )
        .get(source.kind) as { id: number } | undefined;
      if (!orphan) continue;
      return {
        seq: null,
        kind: source.kind,
        table: source.table,
        refId: orphan.id,
        reason: 'unchained-row',
        message: `${source.table} id ${orphan.id}: row is not in the chain (inserted behind its back)`,
      };
    }
    return null;
  }
}

function toLink(row: LedgerRow): ChainLink {
  return { seq: row.seq, kind: row.kind, refId: row.ref_id, prevHash: row.prev_hash, hash: row.hash };
}
