import { hostname } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from '../api/cli-io';
import { ConfigError, loadConfigFile } from '../config/load-config';
import { defaultDataDir, resolveConfigPath } from '../config/paths';
import { logbookPaths } from '../logbook/service-options';
import { LocalChainReader } from './local-chain-reader';
import { closeRoom, connectRoom } from './room-connection';
import { RoomError } from './room-errors';
import { configDirOf, roomSeatConnection } from './room-service';
import { compareSeatWithReplica, verifyRoomChains } from './room-verify';

/**
 * `vigie logbook verify --room`: what a chef de salle or IT runs on a seat to know the room's
 * record holds. Three checks, each printed on its own line so a script reads them:
 * 1. this seat's local chain (the plain `logbook verify`, run by the caller);
 * 2. every seat's replica, recomputed on the server (`ROOM OK <seat> …` / `ROOM BROKEN …`);
 * 3. this seat's local chain against its replica, record by record (`SEAT OK` / `SEAT DIVERGED`).
 * It connects with the seat's own read-and-insert role from the config, so it needs nothing IT
 * does not already have there. Exit 0 when all hold, 1 when one does not, 2 for unusable input.
 */

export const LOGBOOK_ROOM_USAGE = `  logbook verify --room
                 Also verify the room: every seat's replica on the server, and this seat's
                 local chain against its replica   [--config FILE] [--data-dir DIR]
                 [--workstation NAME] (exit 1 on a broken replica or a divergence)
`;

const OPTIONS = {
  room: { type: 'boolean' },
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  db: { type: 'string' },
  workstation: { type: 'string' },
} as const;

/** True when `argv` (after `logbook`) asks for the room verification. */
export function wantsRoomVerify(argv: readonly string[]): boolean {
  return argv[0] === 'verify' && argv.includes('--room');
}

/**
 * Runs `localVerify` on the local flags, then the room checks. `localVerify` is the logbook's own
 * `verify` (passed in: the room feature does not reach into the logbook's CLI).
 */
export async function verifyWithRoom(
  argv: string[],
  io: CliIo,
  localVerify: (argv: string[], io: CliIo) => number,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv.slice(1), options: OPTIONS, strict: true }));
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${LOGBOOK_ROOM_USAGE}`);
    return 2;
  }
  const dataDir = path.resolve(values['data-dir'] ?? process.env.VIGIE_DATA_DIR ?? defaultDataDir());
  const localArgs = ['verify', '--data-dir', dataDir, ...(values.db ? ['--db', values.db] : [])];
  const local = localVerify(localArgs, io);
  if (local === 2) return 2;
  const configFile = resolveConfigPath(values.config).file;
  let room;
  try {
    room = loadConfigFile(configFile).room;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (!room) {
    io.err(`logbook verify --room: ${configFile} has no "room" section: this seat is local only\n`);
    return 2;
  }
  const seat = room.seat ?? values.workstation ?? process.env.VIGIE_WORKSTATION ?? hostname();
  try {
    const settings = roomSeatConnection({
      room,
      seat,
      dataDir,
      configDir: configDirOf(configFile),
      cipher: null,
    });
    const client = await connectRoom({ ...settings, applicationName: `vigie verify ${seat}` });
    try {
      const reports = await verifyRoomChains(client);
      for (const report of reports) {
        io.out(
          report.ok
            ? `ROOM OK ${report.seat} ${report.records} records\n`
            : `ROOM BROKEN ${report.broken!.message}\n`,
        );
      }
      const reader = LocalChainReader.open(
        values.db ? path.resolve(values.db) : logbookPaths(dataDir).database,
      );
      let comparison;
      try {
        comparison = await compareSeatWithReplica(client, reader, seat);
      } finally {
        reader.close();
      }
      if (comparison.divergence) io.out(`SEAT DIVERGED ${comparison.divergence.message}\n`);
      else
        io.out(
          `SEAT OK ${seat}: ${comparison.compared} records match the room` +
            (comparison.pending ? `, ${comparison.pending} not replicated yet` : '') +
            '\n',
        );
      const roomOk = reports.every((report) => report.ok) && comparison.divergence === null;
      return local === 0 && roomOk ? 0 : 1;
    } finally {
      await closeRoom(client);
    }
  } catch (error) {
    if (error instanceof RoomError) {
      io.err(`room: ${error.message} [${error.code}]\n`);
      return error.code === 'room-password' ? 2 : 1;
    }
    throw error;
  }
}
