import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessLedger } from '../../../src-main/core/relay/process-ledger';
import { isAlive, waitFor } from '../../support/core-harness';

const dirs: string[] = [];
const pids: number[] = [];

afterEach(() => {
  for (const pid of pids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sleeper(env: NodeJS.ProcessEnv): number {
  const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore', env });
  child.unref();
  pids.push(child.pid!);
  return child.pid!;
}

describe('ProcessLedger', () => {
  it('kills what a crashed run left behind, and only processes it owns', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-ledger-'));
    dirs.push(dataDir);
    const previousRun = new ProcessLedger(dataDir);
    previousRun.reapOrphans();
    const orphan = sleeper(previousRun.env());
    previousRun.record(orphan);
    // A PID in the ledger that now belongs to someone else (PID reuse) must survive.
    const stranger = sleeper({ ...process.env });
    previousRun.record(stranger);

    const killed = new ProcessLedger(dataDir).reapOrphans();
    expect(killed).toEqual([orphan]);
    await waitFor('the orphan to die', () => !isAlive(orphan));
    expect(isAlive(stranger)).toBe(true);
  });
});
