import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cipherFromSafeStorage } from '../../../src-main/core/credentials/secret-cipher';
import {
  readRoomPassword,
  roomVaultFile,
  sealRoomPassword,
} from '../../../src-main/core/room/room-credentials';
import { RoomError } from '../../../src-main/core/room/room-errors';
import { FakeSafeStorage } from '../../support/fake-safe-storage';
import { scratchDir } from '../logbook/logbook-support';

const postgres = { host: 'pg', port: 5432, database: 'room', user: 'vigie_seat_poste-1' };
let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});
function dir(): string {
  const d = scratchDir('vigie-room-cred-');
  cleanups.push(d.cleanup);
  return d.dir;
}
function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RoomError);
    return (error as RoomError).code;
  }
  return 'no error';
}

describe('the seat password', () => {
  it('is read from its file, one line, and a world-readable file is refused', () => {
    const d = dir();
    const file = path.join(d, 'poste-1.room-password');
    writeFileSync(file, 'abc123secret\n', { mode: 0o600 });
    expect(readRoomPassword({ ...postgres, passwordFile: file }, { dataDir: d, cipher: null })).toBe(
      'abc123secret',
    );
    chmodSync(file, 0o644);
    expect(
      code(() => readRoomPassword({ ...postgres, passwordFile: file }, { dataDir: d, cipher: null })),
    ).toBe('room-password');
    expect(
      code(() =>
        readRoomPassword({ ...postgres, passwordFile: path.join(d, 'absent') }, { dataDir: d, cipher: null }),
      ),
    ).toBe('room-password');
  });

  it('is sealed with safeStorage like camera passwords, never in clear, and opens only for that user', () => {
    const d = dir();
    const cipher = cipherFromSafeStorage(new FakeSafeStorage(), 'linux');
    sealRoomPassword({ dataDir: d, password: 'room-pass-42', cipher, allowObfuscatedCredentials: false });
    const text = readFileSync(roomVaultFile(d), 'utf8');
    expect(text).not.toContain('room-pass-42');
    expect(text).not.toContain(Buffer.from('room-pass-42').toString('base64'));
    expect(readRoomPassword({ ...postgres, passwordSealed: true }, { dataDir: d, cipher })).toBe(
      'room-pass-42',
    );
    const other = cipherFromSafeStorage(new FakeSafeStorage(), 'linux');
    expect(
      code(() => readRoomPassword({ ...postgres, passwordSealed: true }, { dataDir: d, cipher: other })),
    ).toBe('room-password');
    expect(
      code(() => readRoomPassword({ ...postgres, passwordSealed: true }, { dataDir: d, cipher: null })),
    ).toBe('room-password');
    const obfuscating = cipherFromSafeStorage(new FakeSafeStorage({ backend: 'basic_text' }), 'linux');
    expect(
      code(() =>
        sealRoomPassword({
          dataDir: dir(),
          password: 'x1234',
          cipher: obfuscating,
          allowObfuscatedCredentials: false,
        }),
      ),
    ).toBe('room-password');
  });
});
