import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { apiCall, apiValue } from '../../tests/support/api-calls';
import { startCore, TestClient } from '../../tests/support/core-harness';
import type { BenchFigure, BenchSuite } from '../bench-types';

/**
 * The attacks of the hardening issue, replayed against the real core, as figures:
 *
 * - PIN checks a badge gets before its back-off under bursts of 400 simultaneous logins (the
 *   defence's promise is 5, whatever the concurrency; the code before it allowed 399);
 * - bytes the log grows by for 800 token-less socket upgrades with a 14 KB Origin (it grew by
 *   ~800 KB and rotated the log away);
 * - the socket figures (memory under a non-reading client, other sockets' latency while a 16 MB
 *   message arrives, with their same-run baseline) from bench/support/socket-attack.ts.
 */
async function pinFigures(): Promise<BenchFigure[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-pin-'));
  const harness = await startCore(
    { version: 1, cameras: [] },
    { dataDir, logbook: { scrypt: { N: 1 << 14, r: 8, p: 1 }, backup: { enabled: false } } },
  );
  const client = await TestClient.connect(harness.endpoint);
  try {
    await apiValue(client, 'operators.bootstrapAdmin', { name: 'Ada Admin', badge: 'ADM1', pin: '2468' });
    await apiValue(client, 'session.logout', {});
    let checked = 0;
    let bursts = 0;
    const started = performance.now();
    for (; bursts < 20; bursts += 1) {
      const answers = await Promise.all(
        Array.from({ length: 400 }, (_, i) =>
          apiCall(client, 'session.login', { badge: 'ADM1', pin: String(1000 + i) }),
        ),
      );
      const wrong = answers.filter((answer) => answer.error?.code === 'bad-credentials').length;
      checked += wrong;
      if (wrong === 0) break;
    }
    return [
      { name: 'pin checks before back-off (bursts of 400)', value: checked, unit: 'checks' },
      { name: 'bursts until back-off', value: bursts, unit: 'bursts' },
      { name: 'time until back-off', value: performance.now() - started, unit: 'ms' },
    ];
  } finally {
    await client.close();
    await harness.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function logFloodFigures(): Promise<BenchFigure[]> {
  const harness = await startCore({ version: 1, cameras: [] });
  const log = path.join(harness.dataDir, 'logs', 'vigie.log');
  try {
    const before = statSync(log).size;
    const origin = `http://evil.example/${'A'.repeat(14_000)}`;
    const url = `${harness.endpoint.origin.replace('http', 'ws')}/ws`;
    for (let batch = 0; batch < 16; batch += 1) {
      await Promise.all(
        Array.from(
          { length: 50 },
          () =>
            new Promise<void>((resolve) => {
              const socket = new WebSocket(url, { origin });
              socket.on('error', () => resolve());
              socket.on('unexpected-response', () => {
                socket.terminate();
                resolve();
              });
            }),
        ),
      );
    }
    const grown = statSync(log).size - before;
    const lines = readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => line.includes('socket refused')).length;
    return [
      { name: 'log growth for 800 refused 14 KB upgrades', value: grown, unit: 'bytes' },
      { name: 'log lines for 800 refused upgrades', value: lines, unit: 'lines' },
    ];
  } finally {
    await harness.close();
  }
}

export const suite: BenchSuite = {
  name: 'hardening',
  async run() {
    const figures = [...(await pinFigures()), ...(await logFloodFigures())];
    const { socketAttackFigures } = await import('../support/socket-attack');
    figures.push(...(await socketAttackFigures()));
    return figures;
  },
};
