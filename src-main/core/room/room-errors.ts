/**
 * The room store's one error class and the stable codes IT and the UI key on.
 *
 * Why codes: the message is English for the log and IT's terminal, worded for the case at hand
 * (which host, which version); a later window words each case in French from the code alone, the
 * way the logbook's `ServiceError` codes work. Every message is built without the password, and
 * the pg driver's own errors are translated here so none of their text (which can quote a
 * connection string) reaches a log unfiltered.
 */
export type RoomErrorCode =
  /** PostgreSQL refused the user name or password. */
  | 'room-credentials'
  /** No PostgreSQL answered at host:port (down, wrong address, firewall, timeout). */
  | 'room-unreachable'
  /** The room database has no Vigie schema, or one of another version. */
  | 'room-schema-version'
  /** The seat's role may UPDATE, DELETE or TRUNCATE replicated records: refused at start. */
  | 'room-seat-privileges'
  /** The seat is not registered in the room, or its role is another seat's. */
  | 'room-seat-unknown'
  /** The database named in the settings does not exist. */
  | 'room-database-missing'
  /** The seat's password cannot be read (file missing, sealed and not openable here). */
  | 'room-password'
  /** Anything else the server refused (a bug, a permission not granted by `room init`). */
  | 'room-server-error';

export class RoomError extends Error {
  override name = 'RoomError';
  constructor(
    readonly code: RoomErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** SQLSTATEs of PostgreSQL meaning "who you are was refused". */
const AUTH_STATES = new Set(['28P01', '28000']);
/** Node socket errors meaning "nobody answered there". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** Where a connection was going, for messages (never the password). */
export interface RoomTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

export function describeTarget(target: RoomTarget): string {
  return `PostgreSQL ${target.host}:${target.port}, database "${target.database}", user "${target.user}"`;
}

/**
 * Translates what `pg` threw while connecting or querying into a {@link RoomError}. A RoomError
 * passes through unchanged.
 */
export function roomErrorOf(error: unknown, target: RoomTarget): RoomError {
  if (error instanceof RoomError) return error;
  const where = describeTarget(target);
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  if (typeof code === 'string' && AUTH_STATES.has(code)) {
    return new RoomError(
      'room-credentials',
      `${where}: the server refused the user name or password (check the seat's password file, ` +
        'or run `vigie room init --seat NAME` again to issue a new one)',
    );
  }
  if (code === '3D000') {
    return new RoomError(
      'room-database-missing',
      `${where}: the database does not exist (create it, then run \`vigie room init\`)`,
    );
  }
  if (
    (typeof code === 'string' && (NETWORK_CODES.has(code) || code === '57P03' || code === '57P01')) ||
    /timeout|terminated|Connection ended|not queryable/i.test(text)
  ) {
    const detail = typeof code === 'string' && NETWORK_CODES.has(code) ? code : oneLine(text);
    return new RoomError('room-unreachable', `${where}: the server cannot be reached (${detail})`);
  }
  return new RoomError('room-server-error', `${where}: ${oneLine(text)}`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
