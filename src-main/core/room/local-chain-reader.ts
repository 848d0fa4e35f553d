import { canonicalJson } from '../integrity/canonical-json';
import { GENESIS_HASH, recordHash, type ChainHead, type LedgerRow } from '../integrity/hash-chain';
import { LOGBOOK_CHAIN_NAME, presentChainSources } from '../logbook/logbook-chain';
import { openSqlite, type SqliteDatabase, type SqliteStatement } from '../sqlite/sqlite-driver';

/**
 * Reads a seat's local main courante chain for replication, on its own read-only connection.
 *
 * Why a read-only connection of its own rather than the logbook store's: the store is the one
 * writer, and its connection runs the operator's transactions; replication must never take its
 * write lock nor wait behind it. SQLite's WAL lets this reader see every committed record while the
 * writer goes on. The covered rows are read with exactly the columns `logbook-chain.ts` declares,
 * through the same driver, so their canonical JSON is the text the local chain hashed.
 *
 * Each record read is checked against its hash and its predecessor before it is handed out: the
 * room only ever receives records that verify locally, and a seat whose own chain is broken stops
 * replicating at the break ({@link LocalChainError}) instead of spreading it.
 */

/** One chain record as it is replicated: its link and the covered row's canonical JSON. */
export interface ChainRecord {
  seq: number;
  kind: string;
  refId: number;
  prevHash: string;
  hash: string;
  rowJson: string;
}

/** The local chain does not verify at `seq`: replication stops there. */
export class LocalChainError extends Error {
  override name = 'LocalChainError';
  constructor(
    readonly seq: number,
    detail: string,
  ) {
    super(`local main courante chain broken at record #${seq}: ${detail} (run \`vigie logbook verify\`)`);
  }
}

export class LocalChainReader {
  private readonly rows = new Map<string, SqliteStatement>();
  private readonly range: SqliteStatement<LedgerRow>;
  private readonly headStmt: SqliteStatement<ChainHead>;
  private readonly hashStmt: SqliteStatement<{ hash: string }>;

  private constructor(private readonly db: SqliteDatabase) {
    for (const source of presentChainSources(db)) {
      this.rows.set(
        source.kind,
        db.prepare(`SELECT ${source.columns.join(', ')} FROM ${source.table} WHERE ${source.idColumn} = ?`),
      );
    }
    this.range = db.prepare<LedgerRow>(
      'SELECT seq, kind, ref_id, prev_hash, hash FROM logbook_chain WHERE seq > ? ORDER BY seq LIMIT ?',
    );
    this.headStmt = db.prepare<ChainHead>('SELECT seq, hash FROM logbook_chain ORDER BY seq DESC LIMIT 1');
    this.hashStmt = db.prepare<{ hash: string }>('SELECT hash FROM logbook_chain WHERE seq = ?');
  }

  /** Opens `file` read-only; throws when it does not exist yet (the replicator retries). */
  static open(file: string, options: { nativeBinding?: string } = {}): LocalChainReader {
    const db = openSqlite(file, { readonly: true, fileMustExist: true, timeout: 2000, ...options });
    try {
      return new LocalChainReader(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  head(): ChainHead | null {
    const row = this.headStmt.get();
    return row ? { seq: row.seq, hash: row.hash } : null;
  }

  hashAt(seq: number): string | null {
    return this.hashStmt.get(seq)?.hash ?? null;
  }

  /**
   * Up to `limit` records after `seq`, in order, each verified (contiguous, linked to the one
   * before, hash recomputed). Throws {@link LocalChainError} at the first that does not verify.
   */
  after(seq: number, limit: number): ChainRecord[] {
    let prevHash = seq === 0 ? GENESIS_HASH : this.hashAt(seq);
    if (prevHash === null) throw new LocalChainError(seq, 'the record is missing');
    const out: ChainRecord[] = [];
    let expected = seq + 1;
    for (const link of this.range.all(seq, limit)) {
      if (link.seq !== expected) throw new LocalChainError(expected, 'the record is missing');
      if (link.prev_hash !== prevHash)
        throw new LocalChainError(link.seq, 'does not follow the previous record');
      const statement = this.rows.get(link.kind);
      if (!statement) throw new LocalChainError(link.seq, `unknown record kind "${link.kind}"`);
      const row = statement.get(link.ref_id);
      if (!row) throw new LocalChainError(link.seq, 'the covered row was deleted');
      const hash = recordHash(LOGBOOK_CHAIN_NAME, prevHash, link.seq, link.kind, link.ref_id, row);
      if (hash !== link.hash) throw new LocalChainError(link.seq, 'the row does not match its hash');
      out.push({
        seq: link.seq,
        kind: link.kind,
        refId: link.ref_id,
        prevHash,
        hash,
        rowJson: canonicalJson(row),
      });
      prevHash = hash;
      expected += 1;
    }
    return out;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
