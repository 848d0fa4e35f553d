/**
 * `--seal-credentials=<file|->` turns a launch into a command: seal camera credentials into the
 * operator's vault with safeStorage, print one line, exit. `--seal-room-password=<file|->` does
 * the same for the seat's room password (`sealRoomPasswordCommand`, room-credentials.json). No window, no single-instance lock (a
 * running wall is left alone; it reads the vault at its next start).
 *
 * Everything but handing over `safeStorage` is in the core (`sealCredentialsCommand`, unit-tested
 * under Node); this file only feeds it Electron's cipher and the process's streams.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { app, safeStorage } from 'electron';
import { coreOptionsFromArgs } from '../core/bootstrap';
import { ConfigError } from '../core/config/load-config';
import { sealCredentialsCommand } from '../core/credentials/seal-credentials';
import { sealRoomPasswordCommand } from '../core/room/seal-room-password';
import { log, setupLogging } from '../core/log/logger';
import { cipherFromSafeStorage } from './credential-store';
import type { LaunchArgs } from './launch-args';

/** Writes lines to a stream and waits until they are handed over, so `app.exit` loses none. */
function writeLines(stream: NodeJS.WriteStream, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return Promise.resolve();
  return new Promise((resolve) => stream.write(`${lines.join('\n')}\n`, () => resolve()));
}

/**
 * Runs the sealing command once the app is ready (safeStorage needs it) and exits with its code:
 * 2 for a usage or config error, the command's own code otherwise. Must run as the operator
 * session's OS user: DPAPI and the keyring are per user, and the vault goes to that user's data dir.
 */
export async function runSealMode({ args, usageError }: LaunchArgs): Promise<void> {
  if (usageError) {
    await writeLines(process.stderr, [`seal-credentials: ${(usageError as Error).message}`]);
    app.exit(2);
    return;
  }
  let options: ReturnType<typeof coreOptionsFromArgs>;
  try {
    options = coreOptionsFromArgs(args);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    await writeLines(process.stderr, [error.message]);
    app.exit(2);
    return;
  }
  setupLogging({ dataDir: options.dataDir, consoleLevel: false });
  const request = {
    config: options.config,
    configFile: options.configFile,
    dataDir: options.dataDir,
    cipher: cipherFromSafeStorage(safeStorage, process.platform),
  };
  const io = {
    readFile: (file: string) => readFileSync(path.resolve(file), 'utf8'),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
  const result =
    args.sealRoomPassword !== undefined
      ? await sealRoomPasswordCommand(args.sealRoomPassword, request, io)
      : await sealCredentialsCommand(args.sealCredentials ?? '', request, io);
  // The log keeps what was done (never a secret: the messages carry camera ids and paths only).
  for (const line of [...result.out, ...result.err]) {
    if (result.exitCode === 0) log.info(`shell: ${line}`);
    else log.error(`shell: ${line}`);
  }
  await writeLines(process.stdout, result.out);
  await writeLines(process.stderr, result.err);
  app.exit(result.exitCode);
}

/** An unexpected failure of the sealing command: one line on stderr, exit code 1, no dialog. */
export function sealModeFailed(error: unknown): void {
  process.stderr.write(`seal-credentials: ${error instanceof Error ? error.message : String(error)}\n`);
  app.exit(1);
}
