import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/core-harness';
import { repoRoot } from '../support/demo-packages';

const work = mkdtempSync(path.join(tmpdir(), 'vigie-serve-signals-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every live process under `root` (its children, theirs…), read from /proc. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Field 4 of /proc/PID/stat is the parent; the command name before it may hold spaces.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    } catch {
      // Gone between the listing and the read.
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run serve and signals', () => {
  it('SIGTERM to npm stops the core and the demo RTSP server, orphaning nothing', async () => {
    const dataDir = path.join(work, 'data');
    const npm = spawn('npm', ['run', 'serve', '--', '--data-dir', dataDir, '--port', '0'], {
      cwd: repoRoot,
      env: { ...process.env, VIGIE_CONFIG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started: number[] = [];
    try {
      await waitFor('the core listening', () => output.includes('Vigie listening on'), 60_000);
      // The shell npm starts, the core under it, and the demo server under the core.
      const tree = await waitFor('the demo RTSP server running', () => {
        const pids = descendants(npm.pid!);
        const demo = pids.some((pid) => {
          try {
            return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('rtsp-demo-server.py');
          } catch {
            return false;
          }
        });
        return demo ? pids : null;
      });
      started.push(...tree);
      expect(tree.length).toBeGreaterThanOrEqual(3);
      npm.kill('SIGTERM');
      await waitFor('every process npm started to be gone', () => tree.every((pid) => !alive(pid)), 20_000);
      const log = readFileSync(path.join(dataDir, 'logs', 'vigie.log'), 'utf8');
      expect(log).toMatch(/stopping/);
      expect(log).toMatch(/Vigie core stopped/);
    } finally {
      for (const pid of [npm.pid!, ...started]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 120_000);
});
