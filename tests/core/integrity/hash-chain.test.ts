import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src-main/core/integrity/canonical-json';
import {
  GENESIS_HASH,
  HashChain,
  appendOnlyTriggersSql,
  chainLedgerSql,
  recordHash,
} from '../../../src-main/core/integrity/hash-chain';
import { openSqlite, type SqliteDatabase } from '../../../src-main/core/sqlite/sqlite-driver';

describe('canonical JSON', () => {
  it('sorts keys, drops whitespace and hashes -0 like 0', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'é"\n'], c: { z: -0, y: 'x' } })).toBe(
      '{"a":[true,null,"é\\"\\n"],"b":1,"c":{"y":"x","z":0}}',
    );
    expect(canonicalJson(12n)).toBe('12');
  });

  it('refuses what could hash two different records alike or differ between implementations', () => {
    expect(() => canonicalJson({ a: undefined })).toThrow(/\$\.a is undefined/);
    expect(() => canonicalJson({ a: [1.5] })).toThrow(/\$\.a\[0\]/);
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(new Date())).toThrow(/plain object/);
    expect(() => canonicalJson(Buffer.from('x'))).toThrow(/plain object/);
  });
});

/** A chain over two scratch tables, to show the mechanism is table-agnostic. */
function scratch(): {
  db: SqliteDatabase;
  chain: HashChain;
  add: (table: 'notes' | 'events', text: string) => number;
} {
  const db = openSqlite(':memory:');
  db.exec(`
    CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL, n INTEGER);
    CREATE TABLE events (id INTEGER PRIMARY KEY, what TEXT NOT NULL);
    ${appendOnlyTriggersSql('notes')}
    ${appendOnlyTriggersSql('events')}
    ${chainLedgerSql('audit_chain')}
  `);
  const chain = new HashChain(db, {
    ledger: 'audit_chain',
    name: 'test-chain',
    sources: [
      { kind: 'note', table: 'notes', idColumn: 'id', columns: ['id', 'text', 'n'] },
      { kind: 'event', table: 'events', idColumn: 'id', columns: ['id', 'what'] },
    ],
  });
  const add = (table: 'notes' | 'events', text: string): number =>
    db.transaction(() => {
      const id = Number(
        (table === 'notes'
          ? db.prepare('INSERT INTO notes (text, n) VALUES (?, ?)').run(text, text.length)
          : db.prepare('INSERT INTO events (what) VALUES (?)').run(text)
        ).lastInsertRowid,
      );
      chain.append(table === 'notes' ? 'note' : 'event', id);
      return id;
    })();
  return { db, chain, add };
}

describe('hash chain', () => {
  it('links records across tables with a formula anyone can recompute', () => {
    const { db, chain, add } = scratch();
    add('notes', 'première');
    add('events', 'ouverture');
    add('notes', 'deuxième');
    const links = db.prepare('SELECT * FROM audit_chain ORDER BY seq').all() as {
      seq: number;
      kind: string;
      ref_id: number;
      prev_hash: string;
      hash: string;
    }[];
    expect(links.map((l) => [l.seq, l.kind, l.ref_id])).toEqual([
      [1, 'note', 1],
      [2, 'event', 1],
      [3, 'note', 2],
    ]);
    expect(links[0]?.prev_hash).toBe(GENESIS_HASH);
    // Recomputed by hand, without the module's helpers.
    const body = `{"chain":"test-chain","id":1,"kind":"note","row":{"id":1,"n":8,"text":"première"},"seq":1}`;
    expect(links[0]?.hash).toBe(createHash('sha256').update(`${GENESIS_HASH}\n${body}`).digest('hex'));
    expect(links[1]?.prev_hash).toBe(links[0]?.hash);
    expect(links[2]?.hash).toBe(
      recordHash('test-chain', links[1]?.hash ?? '', 3, 'note', 2, { id: 2, text: 'deuxième', n: 8 }),
    );
    expect(chain.verify()).toEqual({ ok: true, records: 3, head: { seq: 3, hash: links[2]?.hash } });
    expect(() => chain.append('note', 1)).toThrow(/outside a transaction/);
  });

  it('names the first broken record whatever the tampering', async () => {
    const cases: [string, (db: SqliteDatabase) => void, Record<string, unknown>][] = [
      [
        'a changed row',
        (db) => db.exec(`DROP TRIGGER notes_append_only_update; UPDATE notes SET n = 99 WHERE id = 2`),
        { seq: 3, table: 'notes', refId: 2, reason: 'hash-mismatch' },
      ],
      [
        'a deleted ledger record',
        (db) => db.exec(`DROP TRIGGER audit_chain_append_only_delete; DELETE FROM audit_chain WHERE seq = 2`),
        { seq: 2, reason: 'sequence-gap' },
      ],
      [
        'a relinked record',
        (db) =>
          db.exec(
            `DROP TRIGGER audit_chain_append_only_update; UPDATE audit_chain SET prev_hash = '${GENESIS_HASH}' WHERE seq = 3`,
          ),
        { seq: 3, reason: 'prev-hash-mismatch' },
      ],
      [
        'an unknown kind',
        (db) =>
          db.exec(
            `DROP TRIGGER audit_chain_append_only_update; UPDATE audit_chain SET kind = 'x' WHERE seq = 4`,
          ),
        { seq: 4, reason: 'unknown-kind' },
      ],
      [
        'a row slipped in without a link',
        (db) => db.exec(`INSERT INTO events (what) VALUES ('forgé')`),
        { seq: null, table: 'events', refId: 3, reason: 'unchained-row' },
      ],
      [
        'a truncated ledger tail',
        (db) => db.exec(`DROP TRIGGER audit_chain_append_only_delete; DELETE FROM audit_chain WHERE seq = 4`),
        { table: 'events', refId: 2, reason: 'unchained-row' },
      ],
    ];
    for (const [what, tamper, expected] of cases) {
      const { db, chain, add } = scratch();
      add('notes', 'un');
      add('events', 'deux');
      add('notes', 'trois');
      add('events', 'quatre');
      tamper(db);
      const sync = chain.verify();
      expect(sync.ok, what).toBe(false);
      expect(!sync.ok && sync.broken, what).toMatchObject(expected);
      expect(await chain.verifyAsync(), what).toEqual(sync);
    }
  });

  it('verifies in chunks without blocking, and can be stopped', async () => {
    const { db, chain } = scratch();
    const insert = db.prepare('INSERT INTO notes (text, n) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 5000; i += 1) chain.append('note', Number(insert.run(`n${i}`, i).lastInsertRowid));
    })();
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 0);
    const result = await chain.verifyAsync();
    clearInterval(timer);
    expect(result).toMatchObject({ ok: true, records: 5000 });
    expect(ticks).toBeGreaterThan(0);
    await expect(chain.verifyAsync(() => true)).rejects.toThrow(/stopped/);
  });
});
