import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testCamera } from '../support/camera-config';
import { runVigie, writeConfigFile } from '../support/vigie-cli';

const runCli = (args: string[], timeoutMs = 30_000) => runVigie(args, { timeoutMs });

const root = path.resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'vigie-cli-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a malformed config stops startup before anything runs', () => {
  it('names the file and the field, exits non-zero, starts nothing', async () => {
    const dataDir = path.join(work, 'data');
    const file = writeConfigFile(work, 'bad.json', {
      version: 1,
      cameras: [
        testCamera('c1', 1, 'rtsp://10.0.0.1/s'),
        {
          id: 'c2',
          number: 2,
          name: 'Port',
          commune: 'Nice',
          zone: 'Port',
          kind: 'securty',
          rtsp: { main: 'http://x' },
        },
      ],
    });
    const result = await runCli(['serve', '--config', file, '--data-dir', dataDir, '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(file);
    expect(result.stderr).toContain('cameras[1].kind');
    expect(result.stderr).toContain('cameras[1].rtsp.main');
    // Nothing started: no data dir, no log, no demo server or relay.
    expect(existsSync(dataDir)).toBe(false);
  });

  it('reports broken JSON and a missing named file the same way', async () => {
    const file = path.join(work, 'broken.json');
    writeFileSync(file, '{ "version": 1, "cameras": [ ');
    const broken = await runCli(['serve', '--config', file, '--data-dir', path.join(work, 'd2')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/not valid JSON at line 1, column 30/);
    const missing = await runCli([
      'serve',
      '--config',
      path.join(work, 'nope.json'),
      '--data-dir',
      path.join(work, 'd3'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json[\s\S]*cannot read the file \(ENOENT\)/);
  });

  it('check-config lists every problem with its path, and accepts a good file', async () => {
    const bad = writeConfigFile(work, 'layout.json', {
      version: 1,
      demo: { count: 2 },
      workstations: {
        default: {
          displays: [{ display: 1, layout: { columns: 2, rows: 1, tiles: ['demo-1', 'demo-9'] } }],
        },
      },
      extra: true,
    });
    const result = await runCli(['check-config', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'workstations.default.displays[0].layout.tiles[1]: unknown camera id "demo-9"',
    );
    expect(result.stderr).toMatch(/\(file\): Unrecognized key: "extra"|extra/);

    const config = JSON.parse(readFileSync(bad, 'utf8')) as Record<string, unknown>;
    delete config.extra;
    config.workstations = {
      default: { displays: [{ display: 1, layout: { columns: 2, rows: 1, tiles: ['demo-1', 'demo-2'] } }] },
    };
    const good = writeConfigFile(work, 'good.json', config);
    const ok = await runCli(['check-config', good]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK .*demo fleet of 2/);
  });
});

describe('serve', () => {
  it('prints exactly one line with the wall URL and stops its children on SIGTERM', async () => {
    const dataDir = path.join(work, 'serve-data');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(root, 'src-main/host/vigie-cli.ts'),
        'serve',
        '--demo',
        '2',
        '--data-dir',
        dataDir,
      ],
      { cwd: root, env: { ...process.env, VIGIE_CONFIG: '' } },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!stdout.includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(stdout).toMatch(/^Vigie listening on http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}&display=1\n$/);
    const url = new URL(stdout.trim().replace('Vigie listening on ', ''));
    const health = await fetch(`${url.origin}/api/health?token=${url.searchParams.get('token')}`);
    expect(await health.json()).toMatchObject({ ok: true, cameras: 2 });
    const demoPid = Number(
      /demo RTSP server \(pid (\d+)\)/.exec(
        readFileSync(path.join(dataDir, 'logs', 'vigie.log'), 'utf8'),
      )?.[1],
    );
    expect(demoPid).toBeGreaterThan(0);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(() => process.kill(demoPid, 0)).toThrow();
  });
});

describe('check-config reports a whole file in one pass', () => {
  it('lists schema errors, duplicates and unknown layout cameras together', async () => {
    const file = writeConfigFile(work, 'many-problems.json', {
      version: 1,
      cameras: [
        testCamera('c1', 1, 'rtsp://10.0.0.1/s'),
        { ...testCamera('c1', 1, 'rtsp://10.0.0.1/t'), kind: 'securty' },
      ],
      workstations: {
        default: { displays: [{ display: 1, layout: { columns: 1, rows: 1, tiles: ['c9'] } }] },
      },
    });
    const result = await runCli(['check-config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cameras[1].kind');
    expect(result.stderr).toContain('cameras[1].id: duplicate camera id "c1" (also cameras[0])');
    expect(result.stderr).toContain('cameras[1].number: duplicate camera number 1 (also cameras[0])');
    expect(result.stderr).toContain(
      'workstations.default.displays[0].layout.tiles[0]: unknown camera id "c9"',
    );
  });

  it('places a JSON syntax error by line and column, without quoting the text (it may hold a password)', async () => {
    const file = path.join(work, 'syntax.json');
    writeFileSync(
      file,
      '{\n  "version": 1,\n  "cameras": [\n    { "id": "c1" "password": "s3cret-Pw" }\n  ]\n}\n',
    );
    const result = await runCli(['check-config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not valid JSON at line 4, column 18/);
    expect(result.stderr).not.toContain('s3cret-Pw');
  });
});

describe('check-config and camera credentials', () => {
  const withCredentials = (security: unknown) => ({
    version: 1,
    ...(security === undefined ? {} : { security }),
    cameras: [
      testCamera('c1', 1, 'rtsp://10.0.0.1/s', {
        credentials: { username: 'vigie', password: 'clear-Pass-42' },
      }),
    ],
  });

  it('accepts security.allowObfuscatedCredentials and warns about clear-text passwords without printing them', async () => {
    const file = writeConfigFile(
      work,
      'clear-credentials.json',
      withCredentials({ allowObfuscatedCredentials: true }),
    );
    const ok = await runCli(['check-config', file]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK .*: 1 camera, 0 workstations\n$/);
    expect(ok.stderr).toMatch(
      /^warning: cameras\[0\]\.credentials \(c1\): password in clear text in the config; seal it .*--seal-credentials/,
    );
    expect(ok.stdout + ok.stderr).not.toContain('clear-Pass-42');

    const bad = writeConfigFile(
      work,
      'bad-security.json',
      withCredentials({ allowObfuscatedCredentials: 'yes' }),
    );
    const refused = await runCli(['check-config', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('security.allowObfuscatedCredentials: Invalid input: expected boolean');
  });

  it('the Node CLI cannot seal (no safeStorage) and says what to run instead', async () => {
    const result = await runCli(['--seal-credentials=creds.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/needs Electron's safeStorage.*vigie --seal-credentials=FILE/);
  });
});
