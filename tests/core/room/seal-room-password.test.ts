import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readRoomPassword, roomVaultFile } from '../../../src-main/core/room/room-credentials';
import { sealRoomPasswordCommand } from '../../../src-main/core/room/seal-room-password';
import { readLaunchArgs } from '../../../src-main/shell/launch-args';
import { fakeCipher, FakeSafeStorage } from '../../support/fake-safe-storage';
import { cipherFromSafeStorage } from '../../../src-main/core/credentials/secret-cipher';
import { scratchDir } from '../logbook/logbook-support';

/**
 * `--seal-room-password`: the shell's flag and the core command it runs, with Electron's
 * safeStorage faked (the one thing faked): the vault it writes is the one a seat with
 * `"passwordSealed": true` opens, and the password never appears in clear or in the output.
 */

const PASSWORD = 'Zq8-room-secret-4711';
const postgres = { host: '127.0.0.1', port: 5432, database: 'room', user: 'vigie_seat_poste-1' };
/** A data dir removed when the test ends. */
function dir(): string {
  const scratch = scratchDir('vigie-room-seal-');
  onTestFinished(scratch.cleanup);
  return scratch.dir;
}
const io = (files: Record<string, string>, stdin = '') => ({
  readFile: (file: string) => {
    const text = files[file];
    if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    return text;
  },
  readStdin: () => Promise.resolve(stdin),
});

describe('seal-room-password', () => {
  it('is a sealing-mode flag of the shell, with its file or "-"', () => {
    const launch = readLaunchArgs(['--seal-room-password=-', '--data-dir', '/tmp/x']);
    expect(launch.sealMode).toBe(true);
    expect(launch.usageError).toBeNull();
    expect(launch.args.sealRoomPassword).toBe('-');
    expect(readLaunchArgs(['--seal-room-password=']).usageError).toBeTruthy();
    expect(readLaunchArgs(['--data-dir', '/tmp/x']).sealMode).toBe(false);
  });

  it('seals the password file into the vault a sealed seat opens, never echoing it', async () => {
    const dataDir = dir();
    const storage = new FakeSafeStorage();
    const cipher = cipherFromSafeStorage(storage, 'linux');
    const room = { seat: 'poste-1', postgres: { ...postgres, passwordSealed: true as const } };
    const result = await sealRoomPasswordCommand(
      'poste-1.room-password',
      { config: { room }, configFile: '/etc/vigie/config.json', dataDir, cipher },
      io({ 'poste-1.room-password': `${PASSWORD}\n` }),
    );
    expect(result.exitCode).toBe(0);
    expect(result.err).toEqual([]);
    expect(result.out.join('\n')).toContain(roomVaultFile(dataDir));
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    const vault = readFileSync(roomVaultFile(dataDir), 'utf8');
    expect(vault).not.toContain(PASSWORD);
    expect(vault).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    if (process.platform !== 'win32') expect(statSync(roomVaultFile(dataDir)).mode & 0o077).toBe(0);
    expect(readRoomPassword(room.postgres, { dataDir, cipher })).toBe(PASSWORD);
  });

  it('reads stdin, and warns while the config still names a password file', async () => {
    const dataDir = dir();
    const cipher = fakeCipher();
    const room = { seat: 'poste-1', postgres: { ...postgres, passwordFile: 'poste-1.room-password' } };
    const result = await sealRoomPasswordCommand(
      '-',
      { config: { room }, configFile: 'config.json', dataDir, cipher },
      io({}, `${PASSWORD}\r\n`),
    );
    expect(result.exitCode).toBe(0);
    expect(result.err.join('\n')).toMatch(/config\.json still names a password file.*passwordSealed/);
    expect(readRoomPassword({ ...postgres, passwordSealed: true }, { dataDir, cipher })).toBe(PASSWORD);
  });

  it('refuses bad input and a missing safeStorage, writing nothing', async () => {
    const dataDir = dir();
    const request = { config: {}, configFile: null, dataDir };
    const missing = await sealRoomPasswordCommand('nope.pw', { ...request, cipher: fakeCipher() }, io({}));
    expect(missing).toMatchObject({ exitCode: 2, err: ['seal-room-password: cannot read nope.pw (ENOENT)'] });
    const twoLines = await sealRoomPasswordCommand(
      '-',
      { ...request, cipher: fakeCipher() },
      io({}, 'a\nb\n'),
    );
    expect(twoLines.exitCode).toBe(2);
    expect(twoLines.err[0]).toMatch(/on one line/);
    const empty = await sealRoomPasswordCommand('-', { ...request, cipher: fakeCipher() }, io({}, '\n'));
    expect(empty.exitCode).toBe(2);
    const unavailable = await sealRoomPasswordCommand(
      '-',
      { ...request, cipher: fakeCipher({ available: false }) },
      io({}, PASSWORD),
    );
    expect(unavailable.exitCode).toBe(1);
    expect(unavailable.err[0]).toMatch(/^seal-room-password: nothing written: refused/);
    expect(existsSync(path.join(dataDir, 'room-credentials.json'))).toBe(false);
  });
});
