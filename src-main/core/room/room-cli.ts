import path from 'node:path';
import { parseArgs } from 'node:util';
import { processCliIo, type CliIo } from '../api/cli-io';
import { closeRoom, connectRoom, type RoomConnectionSettings } from './room-connection';
import { readPasswordFile } from './room-credentials';
import { RoomError } from './room-errors';
import { initRoom } from './room-init';
import { verifyRoomChains } from './room-verify';

/**
 * `vigie room …`, IT's commands for the room's PostgreSQL store: `init` (schema, seat roles, seat
 * password files) and `verify` (every seat's replicated chain, checked on the server). Kept beside
 * the feature with a `CliIo`, like `logbook-cli.ts`, so tests run it in-process; the host's switch
 * calls {@link runRoomCli}. Exit codes: 0 done, 1 refused or broken, 2 usage or unusable input.
 * Passwords come from a file or `PGPASSWORD`, never from the command line (it shows in `ps`), and
 * nothing here prints one.
 */

export const ROOM_USAGE = `  room init      Create or upgrade the room database's schema and issue seat credentials
                 --host HOST [--port 5432] --database DB --user ADMIN [--password-file FILE]
                 [--seat NAME ...] [--out DIR]
                 Each --seat gets a PostgreSQL role that may only read and insert, and a new
                 random password written to DIR/NAME.room-password (mode 0600; DIR defaults to
                 the current folder). Running it again for a seat issues a new password.
                 The admin password is read from --password-file or PGPASSWORD.
  room verify    Check every seat's replicated chain on the server: prints one line per seat,
                 "OK <seat> <n> records" or "BROKEN <seat> record #<seq>: ..." (exit 1)
                 --host HOST [--port 5432] --database DB --user USER [--password-file FILE]
                 [--seat NAME ...]
`;

const CONNECTION_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  database: { type: 'string' },
  user: { type: 'string' },
  'password-file': { type: 'string' },
  seat: { type: 'string', multiple: true },
} as const;

class UsageError extends Error {}

/** `vigie room <init|verify> …`; resolves to the exit code. */
export async function runRoomCli(argv: string[], io: CliIo = processCliIo): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'init') return await init(rest, io);
    if (sub === 'verify') return await verify(rest, io);
    if (sub === undefined || sub === 'help' || sub === '--help') {
      io.out(`Usage: vigie room <command>\n\n${ROOM_USAGE}`);
      return sub === undefined ? 2 : 0;
    }
    throw new UsageError(`room: unknown command "${sub}", expected "init" or "verify"`);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\n\n${ROOM_USAGE}`);
      return 2;
    }
    if (error instanceof RoomError) {
      io.err(`room: ${error.message} [${error.code}]\n`);
      return error.code === 'room-password' ? 2 : 1;
    }
    throw error;
  }
}

function connectionOf(values: {
  host?: string;
  port?: string;
  database?: string;
  user?: string;
  'password-file'?: string;
}): RoomConnectionSettings {
  for (const name of ['host', 'database', 'user'] as const) {
    if (!values[name]) throw new UsageError(`room: --${name} is required`);
  }
  const port = Number(values.port ?? '5432');
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new UsageError('room: --port must be 1-65535');
  let password: string;
  if (values['password-file']) password = readPasswordFile(path.resolve(values['password-file']));
  else if (process.env.PGPASSWORD) password = process.env.PGPASSWORD;
  else throw new UsageError('room: give the password with --password-file FILE or the PGPASSWORD variable');
  return { host: values.host!, port, database: values.database!, user: values.user!, password };
}

async function init(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...CONNECTION_OPTIONS, out: { type: 'string' } },
    strict: true,
  });
  const admin = connectionOf(values);
  const credentialsDir = path.resolve(values.out ?? '.');
  const result = await initRoom({ admin, seats: values.seat ?? [], credentialsDir });
  const { from, to } = result.schema;
  io.out(
    from === to ? `schema: version ${to}, up to date\n` : `schema: version ${from ?? 'none'} -> ${to}\n`,
  );
  for (const seat of result.seats) {
    io.out(
      `seat ${seat.seat}: role "${seat.role}" ${seat.created ? 'created' : 'given a new password'}; ` +
        `password written to ${seat.passwordFile}\n`,
    );
    io.out(
      `  config for ${seat.seat}: "room": { "seat": "${seat.seat}", "postgres": { "host": "${admin.host}", ` +
        `"port": ${admin.port}, "database": "${admin.database}", "user": "${seat.role}", ` +
        `"passwordFile": "<where you copy ${path.basename(seat.passwordFile)}>" } }\n`,
    );
  }
  return 0;
}

async function verify(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: CONNECTION_OPTIONS, strict: true });
  const settings = connectionOf(values);
  const client = await connectRoom({ ...settings, applicationName: 'vigie room verify' });
  try {
    const reports = await verifyRoomChains(client, values.seat ? { seats: values.seat } : {});
    for (const report of reports) {
      if (report.ok)
        io.out(
          `OK ${report.seat} ${report.records} records${report.head ? `, head #${report.head.seq} ${report.head.hash}` : ''}\n`,
        );
      else io.out(`BROKEN ${report.broken!.message}\n`);
    }
    return reports.every((report) => report.ok) ? 0 : 1;
  } finally {
    await closeRoom(client);
  }
}
