import { spawn } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../src-shared/contract';
import type { CameraConfig } from '../../../src-main/core/config/config-schema';
import { ConfigError, validateConfig } from '../../../src-main/core/config/load-config';
import { DemoFleet } from '../../../src-main/core/demo/demo-fleet';
import { apiCall, apiValue } from '../../support/api-calls';
import { demoSpec, testCamera } from '../../support/camera-config';
import { FAST_RELAY, startCore, TestClient, waitFor, type Harness } from '../../support/core-harness';
import { runVigie, writeConfigFile, type CliResult } from '../../support/vigie-cli';

/**
 * Security review, items 4 and 8: what a config file can make Vigie leak or expose, checked
 * against the real CLI (a child process), the real core, the real relay (ffmpeg against the demo
 * RTSP server) and the real socket.
 */
const root = path.resolve(import.meta.dirname, '..', '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'vigie-attack-config-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const runCli = (args: string[], timeoutMs = 30_000) => runVigie(args, { env: cliEnv(), timeoutMs });

function cliEnv(): NodeJS.ProcessEnv {
  // A renderer folder newer than every source: `serve` does not rebuild the bundle for this test.
  const rendererDir = path.join(work, `renderer-${Date.now()}`);
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>test</title>');
  return { ...process.env, VIGIE_CONFIG: '', VIGIE_RENDERER_DIR: rendererDir };
}

/** Runs `vigie serve` until it prints its URL, then stops it with SIGTERM; returns what it wrote. */
async function serveOnce(args: string[]): Promise<CliResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'src-main/host/vigie-cli.ts'), 'serve', '--port', '0', ...args],
    { cwd: root, env: cliEnv() },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await waitFor('serve to listen', () => stdout.includes('\n'), 60_000);
  } finally {
    child.kill('SIGTERM');
  }
  const code = await exited;
  return { code, stdout, stderr };
}

/** A TCP port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('item 4: passwords in an RTSP query string', () => {
  const PASSWORD = 'Qs-Passwd-4f7k';
  const USER = 'qs-user-8c2m';

  it('check-config refuses them like userinfo, says to use "credentials", exits 2, never prints them', async () => {
    const file = writeConfigFile(work, 'query-credentials.json', {
      version: 1,
      cameras: [
        testCamera('c1', 1, `rtsp://10.0.0.5:554/cam/realmonitor?channel=1&user=${USER}&passwd=${PASSWORD}`),
        testCamera('c2', 2, 'rtsp://10.0.0.6/live?channel=1&subtype=0', {
          rtsp: { main: 'rtsp://10.0.0.6/live', sub: `rtsp://10.0.0.6/sub?PWD=${PASSWORD}` },
        }),
      ],
    });
    const result = await runCli(['check-config', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(file);
    expect(result.stderr).toMatch(
      /cameras\[0\]\.rtsp\.main: credentials must go in "credentials", not in the URL: remove "user", "passwd" from the query string and set "credentials"/,
    );
    expect(result.stderr).toMatch(/cameras\[1\]\.rtsp\.sub: credentials must go in "credentials".*"PWD"/);
    expect(result.stderr).not.toContain(PASSWORD);
    expect(result.stderr).not.toContain(USER);
  });

  describe('through the real relay, every output masks them (a URL that got past the schema)', () => {
    let fleet: DemoFleet;
    let harness: Harness;
    let client: TestClient;
    const AUTH_PASSWORD = 'Demo-Auth-6t1v';
    const PWD = 'Qs-Pwd-2h9x';
    let tamperedCameras: CameraConfig[] = [];

    beforeAll(async () => {
      fleet = new DemoFleet([demoSpec('locked', { auth: { username: 'op', password: AUTH_PASSWORD } })]);
      const ports = await fleet.start();
      const down = await closedPort();
      const clean = {
        version: 1,
        cameras: [
          testCamera('qs-auth', 1, `rtsp://127.0.0.1:${ports.authPort}/locked`),
          testCamera('qs-down', 2, `rtsp://127.0.0.1:${down}/cam`),
        ],
      };
      tamperedCameras = [
        testCamera('qs-auth', 1, `rtsp://127.0.0.1:${ports.authPort}/locked?user=${USER}&passwd=${PASSWORD}`),
        testCamera('qs-down', 2, `rtsp://127.0.0.1:${down}/cam?usr=${USER}&pwd=${PWD}`),
      ];
      // The schema is the first line (the check-config test above); redaction is the second: the
      // core is handed the URLs directly, as if the schema had missed them.
      harness = await startCore(clean, {
        config: { ...validateConfig(clean, '(test)'), cameras: tamperedCameras },
        relay: FAST_RELAY,
      });
      client = await TestClient.connect(harness.endpoint);
    });
    afterAll(async () => {
      await client?.close();
      await harness?.close();
      await fleet?.stop();
    });

    it('the schema refuses these very URLs', () => {
      expect(() => validateConfig({ version: 1, cameras: tamperedCameras }, '(test)')).toThrow(ConfigError);
    });

    it('stream detail, /api/streams, /api/diagnostics and vigie.log never carry the query-string secrets', async () => {
      client.watch(1, 'qs-auth');
      client.watch(2, 'qs-down');
      await waitFor('401 from the camera', () => client.sawState('qs-auth', 'reconnecting', 'credentials'));
      await waitFor('camera unreachable', () => client.sawState('qs-down', 'reconnecting', 'unreachable'));
      const get = async (route: string): Promise<string> =>
        (await fetch(`${harness.endpoint.origin}${route}?token=${harness.endpoint.token}`)).text();
      // ffmpeg did echo the URLs (masked): the checks below have something to catch.
      const diagnostics = await waitFor('diagnostics with the echoed URLs', async () => {
        const text = await get('/api/diagnostics');
        return text.includes('/locked?user=') && text.includes('/cam?usr=') ? text : null;
      });
      expect(diagnostics).toContain('/locked?user=***&passwd=***');
      expect(diagnostics).toContain('/cam?usr=***&pwd=***');
      const details = client.messages.flatMap((m: ServerMessage) =>
        m.type === 'stream-status' && m.status.detail ? [m.status.detail] : [],
      );
      expect(details.some((detail) => detail.includes('passwd=***'))).toBe(true);
      const outputs = {
        'stream-status detail sent to windows': JSON.stringify(client.messages),
        '/api/streams': await get('/api/streams'),
        '/api/diagnostics': diagnostics,
        'vigie.log': readFileSync(path.join(harness.dataDir, 'logs', 'vigie.log'), 'utf8'),
      };
      for (const [where, text] of Object.entries(outputs)) {
        for (const secret of [PASSWORD, PWD, USER]) {
          expect(text.includes(secret), `${where} contains ${secret}`).toBe(false);
        }
      }
    });
  });
});

describe('item 8a: the data dir is private (0700 folders, 0600 files) whatever the umask', () => {
  let previousUmask: number;
  beforeAll(() => {
    // The loosest umask there is: every mode below must come from Vigie, not from the session.
    previousUmask = process.umask(0o000);
  });
  afterAll(() => {
    process.umask(previousUmask);
  });

  /** Every path under `dir` (itself included) that group or other may read, write or enter. */
  function shared(dir: string): string[] {
    const out: string[] = [];
    const visit = (entry: string): void => {
      const stat = lstatSync(entry);
      if ((stat.mode & 0o077) !== 0) out.push(`${entry} ${(stat.mode & 0o777).toString(8)}`);
      if (stat.isDirectory()) for (const name of readdirSync(entry)) visit(path.join(entry, name));
    };
    visit(dir);
    return out;
  }

  function listing(dir: string): string[] {
    const out: string[] = [];
    const visit = (entry: string): void => {
      out.push(path.relative(dir, entry));
      if (lstatSync(entry).isDirectory())
        for (const name of readdirSync(entry)) visit(path.join(entry, name));
    };
    visit(dir);
    return out;
  }

  const fastLogbook = { scrypt: { N: 1 << 10, r: 8, p: 1 }, backup: { enabled: false } };

  it.skipIf(process.platform === 'win32')(
    'a fresh data dir, its logbook database with -wal/-shm, its backup, logs and state: nothing shared',
    async () => {
      const dataDir = path.join(mkdtempSync(path.join(work, 'fresh-')), 'nested', 'vigie');
      const harness = await startCore({ version: 1, cameras: [] }, { dataDir, logbook: fastLogbook });
      const client = await TestClient.connect(harness.endpoint);
      try {
        await apiValue(client, 'operators.bootstrapAdmin', { name: 'Ada Admin', badge: 'ADM1', pin: '2468' });
        await apiValue(client, 'shifts.open', {});
        await apiValue(client, 'logbook.create', {
          observedAt: new Date().toISOString(),
          category: 'rixe',
          description: 'Rixe place de la Mairie',
          status: 'en cours',
        });
        await apiValue(client, 'logbook.backup', {});
        const names = listing(dataDir);
        // What the check covers exists: the database with its WAL, a backup, the log.
        expect(names).toEqual(
          expect.arrayContaining([
            path.join('logbook', 'logbook.sqlite'),
            path.join('logbook', 'logbook.sqlite-wal'),
            path.join('logbook', 'logbook.sqlite-shm'),
            path.join('logs', 'vigie.log'),
          ]),
        );
        expect(names.some((name) => /^logbook\/backups\/logbook-.*-manual\.sqlite$/.test(name))).toBe(true);
        expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
        expect(shared(dataDir)).toEqual([]);
      } finally {
        await client.close();
        await harness.close();
      }
    },
  );

  it.skipIf(process.platform === 'win32')(
    'an existing data dir left 0755/0644 by an older version is tightened at start, with a warning',
    async () => {
      const dataDir = mkdtempSync(path.join(work, 'loose-'));
      chmodSync(dataDir, 0o755);
      mkdirSync(path.join(dataDir, 'logbook'), { mode: 0o755 });
      chmodSync(path.join(dataDir, 'logbook'), 0o755);
      writeFileSync(path.join(dataDir, 'wall-state.json'), '{"version":1,"displays":{}}', { mode: 0o644 });
      chmodSync(path.join(dataDir, 'wall-state.json'), 0o644);
      const harness = await startCore({ version: 1, cameras: [] }, { dataDir, logbook: fastLogbook });
      try {
        expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
        expect(lstatSync(path.join(dataDir, 'wall-state.json')).mode & 0o777).toBe(0o600);
        expect(shared(dataDir)).toEqual([]);
        const log = readFileSync(path.join(dataDir, 'logs', 'vigie.log'), 'utf8');
        expect(log).toMatch(/data dir: 3 path\(s\) other local accounts could read, made private/);
        expect(log).toContain(path.join(dataDir, 'wall-state.json'));
      } finally {
        await harness.close();
      }
    },
  );
});

describe('item 8b and 8d: check-config and serve on a config file', () => {
  const CLEAR = 'Clear-Text-Pw-31q';
  const withPassword = {
    version: 1,
    cameras: [
      testCamera('c1', 1, 'rtsp://10.0.0.1/s', { credentials: { username: 'vigie', password: CLEAR } }),
    ],
  };

  it('check-config exits 2 on an invalid file, as the README and `serve` say', async () => {
    const file = writeConfigFile(work, 'invalid.json', { version: 1, cameras: [{ id: 'c1' }], extra: true });
    const invalid = await runCli(['check-config', file]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(`Invalid configuration ${file}`);
    const broken = path.join(work, 'broken.json');
    writeFileSync(broken, '{ "version": 1, ');
    expect((await runCli(['check-config', broken])).code).toBe(2);
    expect((await runCli(['check-config', path.join(work, 'missing.json')])).code).toBe(2);
  });

  it.skipIf(process.platform === 'win32')(
    'check-config warns when a config holding a password is readable by every account (0644), not at 0640',
    async () => {
      const file = writeConfigFile(work, 'world-readable.json', withPassword);
      chmodSync(file, 0o644);
      const open = await runCli(['check-config', file]);
      expect(open.code).toBe(0);
      expect(open.stderr).toContain(
        `warning: config: ${file} holds camera passwords and is readable by every local account (mode 644)`,
      );
      expect(open.stdout + open.stderr).not.toContain(CLEAR);
      chmodSync(file, 0o640);
      const closed = await runCli(['check-config', file]);
      expect(closed.code).toBe(0);
      expect(closed.stderr).not.toContain('readable by every local account');
    },
  );

  it.skipIf(process.platform === 'win32')(
    'vigie serve prints the same warning at start (not only the Electron shell)',
    async () => {
      const file = writeConfigFile(work, 'serve-world-readable.json', withPassword);
      chmodSync(file, 0o644);
      const result = await serveOnce(['--config', file, '--data-dir', path.join(work, 'serve-data')]);
      expect(result.stdout).toMatch(/^Vigie listening on http:\/\/127\.0\.0\.1:\d+\//);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(
        `config: ${file} holds camera passwords and is readable by every local account (mode 644)`,
      );
      expect(result.stderr).not.toContain(CLEAR);
    },
  );
});

describe('item 8c and 8e over the real socket', () => {
  let harness: Harness;
  let client: TestClient;

  beforeAll(async () => {
    harness = await startCore(
      { version: 1, cameras: [testCamera('cam-1', 1, 'rtsp://192.0.2.1:554/live')] },
      { logbook: { scrypt: { N: 1 << 10, r: 8, p: 1 }, backup: { enabled: false } } },
    );
    client = await TestClient.connect(harness.endpoint);
  });
  afterAll(async () => {
    await client?.close();
    await harness?.close();
  });

  it('spot.send to an unknown camera answers not-found in the envelope, and logs no stack', async () => {
    expect(await apiCall(client, 'spot.send', { display: 2, cameraId: 'cam-404' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'unknown camera cam-404' },
    });
    // A known camera still goes through, and its line proves the log was written since.
    expect(await apiValue(client, 'spot.send', { display: 2, cameraId: 'cam-1' })).toEqual({ delivered: 1 });
    const logFile = path.join(harness.dataDir, 'logs', 'vigie.log');
    const log = await waitFor('the delivered spot in the log', () => {
      const text = readFileSync(logFile, 'utf8');
      return text.includes('spot: display 2 ← cam-1') ? text : null;
    });
    expect(log).not.toMatch(/spot\.send failed/);
    expect(log).not.toMatch(/^\s+at /m);
  });

  it('logbook.integrity reports the chain as it is now, not its start-up record count', async () => {
    const integrity = async (): Promise<{ records: number; head: { seq: number } | null }> =>
      apiValue(client, 'logbook.integrity', {});
    await harness.core.logbookService?.whenVerified();
    expect(await integrity()).toMatchObject({ records: 0, head: null });
    expect(
      await apiCall(client, 'operators.bootstrapAdmin', { name: 'Ada Admin', badge: 'ADM1', pin: '2468' }),
    ).toMatchObject({ ok: true });
    await apiValue(client, 'shifts.open', {});
    for (const description of ['Rixe place de la Mairie', 'Véhicule suspect']) {
      await apiValue(client, 'logbook.create', {
        observedAt: new Date().toISOString(),
        category: 'rixe',
        description,
        status: 'en cours',
      });
    }
    const head = harness.core.logbookService?.logbookStore?.chain.head();
    expect(head?.seq).toBeGreaterThanOrEqual(3);
    expect(await integrity()).toMatchObject({ records: head?.seq, head: { seq: head?.seq } });
  });
});
