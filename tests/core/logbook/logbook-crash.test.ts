import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LogbookStore } from '../../../src-main/core/logbook/logbook-store';
import { scratchDir } from './logbook-support';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const writer = path.join(root, 'tests/core/logbook/logbook-crash-writer.ts');
const ROUNDS = 25;

const scratch = scratchDir('vigie-logbook-crash-');
afterAll(() => scratch.cleanup());

/** Starts a writer, lets it acknowledge `acks` writes, kills it with SIGKILL mid-burst. */
function killMidBurst(file: string, acks: number): Promise<{ entries: number[]; followUps: number[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, file, 'K9'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const entries: number[] = [];
    const followUps: number[] = [];
    let buffer = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.stdout.on('data', (data: Buffer) => {
      buffer += data.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, a, b] = line.split(' ');
        if (kind === 'ENTRY') entries.push(Number(a));
        if (kind === 'FOLLOWUP') followUps.push(Number(b));
      }
      if (!killed && entries.length + followUps.length >= acks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer never reached ${acks} writes: ${stderr}`));
    }, 30_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited by itself (${code}): ${stderr}`));
      // Lines already read before the kill are acknowledged; any partial line is not.
      else resolve({ entries, followUps });
    });
  });
}

describe('kill -9 in the middle of a burst of writes', () => {
  it(`keeps every acknowledged write and a valid chain, ${ROUNDS} times over`, async () => {
    const file = path.join(scratch.dir, 'logbook.sqlite');
    const setup = LogbookStore.open(file);
    setup.addOperator(
      { name: 'Kill Neuf', badge: 'K9', role: 'operator', pinHash: 'scrypt$test' },
      null,
      new Date(),
    );
    setup.close();
    const acknowledged = { entries: [] as number[], followUps: [] as number[] };
    for (let round = 0; round < ROUNDS; round += 1) {
      const acks = 20 + ((round * 37) % 180);
      const got = await killMidBurst(file, acks);
      expect(got.entries.length + got.followUps.length).toBeGreaterThanOrEqual(acks);
      acknowledged.entries.push(...got.entries);
      acknowledged.followUps.push(...got.followUps);
      // What a restarted core sees: every acknowledged write, a chain that verifies end to end.
      const store = LogbookStore.open(file);
      try {
        const verification = store.chain.verify();
        expect(verification, `round ${round}`).toMatchObject({ ok: true });
        const present = (table: string, ids: number[]): number =>
          ids.length === 0
            ? 0
            : (
                store.db
                  .prepare(`SELECT count(*) AS n FROM ${table} WHERE id IN (${ids.map(() => '?').join(',')})`)
                  .get(...ids) as { n: number }
              ).n;
        expect(present('entries', acknowledged.entries), `round ${round}`).toBe(acknowledged.entries.length);
        expect(present('follow_ups', acknowledged.followUps), `round ${round}`).toBe(
          acknowledged.followUps.length,
        );
        // The search index never lags the records it indexes.
        const counts = store.db
          .prepare('SELECT (SELECT count(*) FROM entries) AS e, (SELECT count(*) FROM entry_view) AS v')
          .get() as { e: number; v: number };
        expect(counts.v).toBe(counts.e);
      } finally {
        store.close();
      }
    }
    expect(acknowledged.entries.length).toBeGreaterThan(ROUNDS * 10);
  }, 240_000);
});
