import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  appendFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { logbookCommand } from '../../../src-main/core/logbook/logbook-cli';
import { logbookPaths } from '../../../src-main/core/logbook/logbook-service';
import { apiValue } from '../../support/api-calls';
import { startCore, TestClient, type Harness } from '../../support/core-harness';

/**
 * Log flooding by a caller without the token, and the chain heads it used to erase: 800 refused
 * socket upgrades with a 14 KB Origin, against the real core and its real log file; then the
 * anchor file that keeps every published chain head out of the log's reach, checked by the same
 * `logbook verify` IT runs.
 */
let harness: Harness;
let client: TestClient;
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vigie-attack-log-'));
  harness = await startCore(
    { version: 1, cameras: [] },
    { logbook: { scrypt: { N: 1 << 10, r: 8, p: 1 }, backup: { enabled: false } } },
  );
  client = await TestClient.connect(harness.endpoint);
});
afterAll(async () => {
  await client?.close();
  await harness?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const logFile = () => path.join(harness.dataDir, 'logs', 'vigie.log');

/** One upgrade without the token; resolves when the core has refused it. */
function refusedUpgrade(origin: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${harness.endpoint.origin.replace('http', 'ws')}/ws`, { origin });
    socket.on('error', () => resolve());
    socket.on('unexpected-response', () => {
      socket.terminate();
      resolve();
    });
    socket.on('open', () => {
      socket.close();
      resolve();
    });
  });
}

function run(argv: string[]): { code: number; out: string } {
  let out = '';
  const code = logbookCommand(argv, {
    out: (text) => (out += text),
    err: (text) => (out += text),
    readStdin: () => Promise.resolve(''),
  });
  return { code, out };
}

describe('log flooding by a caller without the token', () => {
  it('800 refused upgrades with a 14 KB Origin add a few short lines, and what came before stays', async () => {
    const before = statSync(logFile()).size;
    const origin = `http://evil.example/${'A'.repeat(14_000)}`;
    for (let batch = 0; batch < 16; batch += 1) {
      await Promise.all(Array.from({ length: 50 }, () => refusedUpgrade(origin)));
    }
    const text = readFileSync(logFile(), 'utf8');
    const grown = statSync(logFile()).size - before;
    expect(grown).toBeLessThan(4 * 1024);
    const refusals = text.split('\n').filter((line) => line.includes('socket refused'));
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    expect(refusals.length).toBeLessThanOrEqual(3);
    for (const line of refusals) expect(line.length).toBeLessThan(400);
    expect(text).toContain('Vigie core listening');
  });
});

describe('chain heads are anchored out of the log', () => {
  it('each handover appends its chain head; logbook verify checks every anchor', async () => {
    await apiValue(client, 'operators.bootstrapAdmin', { name: 'Ada Admin', badge: 'ADM1', pin: '2468' });
    await apiValue(client, 'shifts.open', {});
    await apiValue(client, 'logbook.create', {
      observedAt: new Date(Date.now() - 60_000).toISOString(),
      category: 'rixe',
      description: 'Rixe place de la Mairie',
      status: 'en cours',
    });
    const paths = logbookPaths(harness.dataDir);
    // An older copy of the database, as an attacker would put back to erase what follows.
    const old = path.join(scratch, 'old', 'logbook.sqlite');
    rmSync(path.dirname(old), { recursive: true, force: true });
    const store = harness.core.logbookService?.logbookStore;
    if (!store) throw new Error('logbook not open');
    mkdirSync(path.dirname(old), { recursive: true });
    store.db.exec(`VACUUM INTO '${old.replace(/'/g, "''")}'`);
    const handover = await apiValue<{ chainHead: { seq: number; hash: string } }>(client, 'shifts.handover', {
      note: 'RAS',
      consignes: [],
    });
    const anchors = readFileSync(paths.anchors, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { seq: number; hash: string; event: string });
    expect(anchors.at(-1)).toMatchObject({
      event: 'handover',
      seq: handover.chainHead.seq,
      hash: handover.chainHead.hash,
    });

    // The live database holds every anchor.
    const live = run(['verify', '--data-dir', harness.dataDir]);
    expect(live.out).toContain(`anchors: ${anchors.length} published chain heads all present`);
    expect(live.code).toBe(0);

    // The older copy verifies as a chain, but not against the heads published after it.
    copyFileSync(paths.anchors, path.join(path.dirname(old), 'chain-anchors.jsonl'));
    const replaced = run(['verify', '--db', old]);
    expect(replaced.out).toMatch(/^OK \d+ records/);
    expect(replaced.out).toContain(`ANCHOR MISMATCH head #${handover.chainHead.seq}`);
    expect(replaced.code).toBe(1);

    // A forged anchor is caught as well.
    appendFileSync(
      paths.anchors,
      `${JSON.stringify({ at: new Date().toISOString(), seq: 1, hash: 'f'.repeat(64), event: 'forged' })}\n`,
    );
    expect(run(['verify', '--data-dir', harness.dataDir]).code).toBe(1);
  });
});
