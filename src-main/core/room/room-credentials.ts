import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RoomPostgresConfig } from '../config/config-schema';
import { writeFileAtomic } from '../files/atomic-write';
import { registerSecret } from '../log/redact';
import { sealingPolicy, type SecretCipher } from '../credentials/secret-cipher';
import { RoomError } from './room-errors';

/**
 * Where a seat's PostgreSQL password comes from, never from the config itself.
 *
 * Two sources, as IT chooses per site: `passwordFile`, the file `vigie room init` wrote (0600, one
 * line), copied to the seat and readable only by the account that runs Vigie; or `passwordSealed`,
 * the password sealed with safeStorage in `<data dir>/room-credentials.json`, exactly like camera
 * passwords (same sealing policy: no obfuscation-only backend unless the site allows it), so a
 * copy of the data dir alone does not give the password away. Why a file of its own rather than
 * the camera vault: that vault is keyed by camera id and warns about ids the config lacks.
 *
 * Every password read is registered for log redaction before it is returned.
 */

export const ROOM_VAULT_FILE_NAME = 'room-credentials.json';
export const ROOM_VAULT_VERSION = 1;

const RoomVaultSchema = z.strictObject({
  version: z.literal(ROOM_VAULT_VERSION),
  backend: z.string().min(1).max(64),
  sealed: z.base64().min(1),
});

export function roomVaultFile(dataDir: string): string {
  return path.join(dataDir, ROOM_VAULT_FILE_NAME);
}

/** What reading a password needs besides the config. */
export interface RoomPasswordContext {
  dataDir: string;
  /** Electron's safeStorage, adapted; null on the Node host. */
  cipher: SecretCipher | null;
  /** Folder a relative `passwordFile` is relative to (the config file's); the cwd by default. */
  baseDir?: string;
}

/** Reads the seat's password from its file or its sealed vault. Throws a `room-password` RoomError. */
export function readRoomPassword(postgres: RoomPostgresConfig, context: RoomPasswordContext): string {
  if (postgres.passwordFile !== undefined) {
    const file = path.resolve(context.baseDir ?? process.cwd(), postgres.passwordFile);
    return readPasswordFile(file);
  }
  if (postgres.passwordSealed === true) return openSealedPassword(context.dataDir, context.cipher);
  throw new RoomError(
    'room-password',
    'room.postgres names no password source (passwordFile or passwordSealed)',
  );
}

/** One line, trailing newline ignored; a file any local account may read is refused. */
export function readPasswordFile(file: string): string {
  let text: string;
  try {
    if (process.platform !== 'win32' && (statSync(file).mode & 0o004) !== 0) {
      throw new RoomError(
        'room-password',
        `room password file ${file} is readable by every local account: chmod 600 it (or 640 with the Vigie group)`,
      );
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof RoomError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new RoomError('room-password', `cannot read the room password file ${file} (${code})`);
  }
  const password = text.replace(/\r?\n$/, '');
  if (password === '' || /[\r\n]/.test(password)) {
    throw new RoomError('room-password', `room password file ${file} must hold the password on one line`);
  }
  registerSecret(password);
  return password;
}

function openSealedPassword(dataDir: string, cipher: SecretCipher | null): string {
  const file = roomVaultFile(dataDir);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RoomError(
      'room-password',
      code === 'ENOENT'
        ? `room.postgres.passwordSealed is set but ${file} does not exist: seal the seat's password first`
        : `room password vault ${file} cannot be read (${code ?? 'not valid JSON'}): seal the password again`,
    );
  }
  const parsed = RoomVaultSchema.safeParse(data);
  if (!parsed.success) {
    throw new RoomError('room-password', `room password vault ${file} is malformed: seal the password again`);
  }
  if (!cipher) {
    throw new RoomError(
      'room-password',
      `room password vault ${file} is sealed with safeStorage ("${parsed.data.backend}"), which this Node host ` +
        'does not have: start the Electron app, or use room.postgres.passwordFile',
    );
  }
  if (cipher.backend !== parsed.data.backend || !cipher.isEncryptionAvailable()) {
    throw new RoomError(
      'room-password',
      `room password vault ${file} was sealed with safeStorage backend "${parsed.data.backend}", but this ` +
        `session has "${cipher.backend}": seal the password again in this operator session`,
    );
  }
  let password: string;
  try {
    password = cipher.decryptString(Buffer.from(parsed.data.sealed, 'base64'));
  } catch (error) {
    throw new RoomError(
      'room-password',
      `room password vault ${file} cannot be opened by this OS user (${(error as Error).message}): seal it again`,
    );
  }
  registerSecret(password);
  return password;
}

/**
 * Seals a seat's password into `<dataDir>/room-credentials.json` (0600, atomic), under the same
 * policy as camera passwords. Returns the policy's warning, if any. Throws a `room-password`
 * RoomError when sealing is refused; nothing is written then.
 */
export function sealRoomPassword(options: {
  dataDir: string;
  password: string;
  cipher: SecretCipher | null;
  allowObfuscatedCredentials: boolean;
}): { file: string; warning: string | null } {
  const decision = sealingPolicy(options.cipher, {
    allowObfuscatedCredentials: options.allowObfuscatedCredentials,
  });
  if (!decision.allowed || !options.cipher) {
    throw new RoomError('room-password', `refused: ${decision.allowed ? 'no safeStorage' : decision.reason}`);
  }
  const cipher = options.cipher;
  const sealed = cipher.encryptString(options.password);
  if (cipher.decryptString(sealed) !== options.password) {
    throw new RoomError(
      'room-password',
      `safeStorage backend "${cipher.backend}" did not open what it sealed`,
    );
  }
  registerSecret(options.password);
  const file = roomVaultFile(options.dataDir);
  const body = { version: ROOM_VAULT_VERSION, backend: cipher.backend, sealed: sealed.toString('base64') };
  writeFileAtomic(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600, durable: true });
  return { file, warning: decision.warning };
}
