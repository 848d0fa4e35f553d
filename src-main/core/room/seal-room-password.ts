import type { VigieConfig } from '../config/config-schema';
import type { SecretCipher } from '../credentials/secret-cipher';
import { RoomError } from './room-errors';
import { sealRoomPassword } from './room-credentials';

/**
 * `--seal-room-password=<file|->` of the Electron shell: seals this seat's room password (the
 * one-line file `vigie room init` wrote) into `<data dir>/room-credentials.json` with
 * safeStorage, so the config can say `"passwordSealed": true` and no readable password file
 * stays on the workstation.
 *
 * Why in the core rather than the shell: only Electron has safeStorage, but everything else (the
 * input rules, the sealing policy, the messages, the vault's format) is tested here under plain
 * Node with a fake safeStorage; the shell only hands over its cipher and its streams. Output
 * lines never carry the password; the password must be on one line, as in a password file.
 */

export interface SealRoomPasswordRequest {
  /** The machine config: its `security` is the sealing policy, its `room` is checked for the key. */
  config: Pick<VigieConfig, 'security'> & { room?: VigieConfig['room'] };
  configFile: string | null;
  /** The operator's data dir: the vault is `<dataDir>/room-credentials.json`. */
  dataDir: string;
  /** Electron's safeStorage, adapted; null where there is none (always refused then). */
  cipher: SecretCipher | null;
}

export interface SealRoomPasswordIo {
  readFile(file: string): string;
  readStdin(): Promise<string>;
}

export interface SealRoomPasswordResult {
  exitCode: number;
  out: string[];
  err: string[];
}

const PREFIX = 'seal-room-password';

/** Reads the password (file or stdin), seals it and says so: 0 sealed, 1 refused, 2 bad input. */
export async function sealRoomPasswordCommand(
  source: string,
  request: SealRoomPasswordRequest,
  io: SealRoomPasswordIo,
): Promise<SealRoomPasswordResult> {
  let text: string;
  try {
    text = source === '-' ? await io.readStdin() : io.readFile(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { exitCode: 2, out: [], err: [`${PREFIX}: cannot read ${source} (${code})`] };
  }
  const password = text.replace(/\r?\n$/, '');
  if (password === '' || /[\r\n]/.test(password) || password.length > 1024) {
    return {
      exitCode: 2,
      out: [],
      err: [
        `${PREFIX}: ${source === '-' ? 'the input' : source} must hold the password on one line (at most 1024 characters)`,
      ],
    };
  }
  let sealed: ReturnType<typeof sealRoomPassword>;
  try {
    sealed = sealRoomPassword({
      dataDir: request.dataDir,
      password,
      cipher: request.cipher,
      allowObfuscatedCredentials: request.config.security?.allowObfuscatedCredentials === true,
    });
  } catch (error) {
    if (!(error instanceof RoomError)) throw error;
    return { exitCode: 1, out: [], err: [`${PREFIX}: nothing written: ${error.message}`] };
  }
  const err: string[] = [];
  if (sealed.warning) err.push(`${PREFIX}: warning: ${sealed.warning}`);
  const from = request.configFile ?? 'the config';
  if (!request.config.room) {
    err.push(`${PREFIX}: warning: ${from} has no "room" section yet: add one with "passwordSealed": true`);
  } else if (request.config.room.postgres.passwordSealed !== true) {
    err.push(
      `${PREFIX}: warning: ${from} still names a password file: replace "passwordFile" with "passwordSealed": true, then delete that file`,
    );
  }
  return {
    exitCode: 0,
    out: [
      `${PREFIX}: the room password is sealed in ${sealed.file} (backend "${request.cipher?.backend ?? '?'}")`,
    ],
    err,
  };
}
