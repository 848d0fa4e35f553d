import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { writeFileAtomic } from '../files/atomic-write';
import { registerSecret } from '../log/redact';
import { closeRoom, connectRoom, type RoomConnectionSettings } from './room-connection';
import { describeTarget, roomErrorOf } from './room-errors';
import { migrateRoomSchema, seatRoleName, SEAT_GROUP_ROLE } from './room-schema';

/**
 * What `vigie room init` does, as a function: bring the room database's schema to this build's
 * version, and give each named seat a PostgreSQL login role that may only read and insert, with a
 * fresh random password written to a file (0600) that IT copies to that seat.
 *
 * Why the password never travels in clear, even to the server: the role's password is set as a
 * SCRAM-SHA-256 verifier computed here (what `psql`'s `\password` does), so a server that logs
 * statements logs a verifier, not the password. The password itself goes only to the seat's file;
 * it is registered for redaction and never printed. Running init again for a seat issues a new
 * password (rotation): the old file stops working.
 *
 * The admin account needs to own the database (or be a superuser) and to have CREATEROLE.
 */

export interface RoomInitOptions {
  /** The admin connection (its password from a file or PGPASSWORD, never the command line). */
  admin: RoomConnectionSettings;
  /** Seats to create or to issue a new password to; may be empty (schema only). */
  seats: readonly string[];
  /** Where `<seat>.room-password` files are written (created 0700 when missing). */
  credentialsDir: string;
}

export interface SeatCredentials {
  seat: string;
  role: string;
  /** The 0600 file holding the password. */
  passwordFile: string;
  /** False when the role existed and only its password was renewed. */
  created: boolean;
}

export interface RoomInitResult {
  schema: { from: number | null; to: number };
  seats: SeatCredentials[];
}

/** The file a seat's password goes to. */
export function seatPasswordFile(credentialsDir: string, seat: string): string {
  return path.join(credentialsDir, `${seat}.room-password`);
}

/**
 * A SCRAM-SHA-256 verifier for `password` (RFC 5802/7677, PostgreSQL's stored format). The
 * passwords generated here are ASCII, for which SASLprep is the identity.
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** How long one statement of `room init` may run (a schema upgrade of a large room). */
const MIGRATION_TIMEOUT_MS = 30 * 60_000;

/** Creates or upgrades the room and issues the seats' credentials. Throws a RoomError. */
export async function initRoom(options: RoomInitOptions): Promise<RoomInitResult> {
  for (const seat of options.seats) seatRoleName(seat); // every name checked before anything changes
  // An upgrade rebuilds indexes over every entry the room holds: minutes, not the seats' 15 s.
  const client = await connectRoom({
    queryTimeoutMs: MIGRATION_TIMEOUT_MS,
    ...options.admin,
    applicationName: 'vigie room init',
  });
  try {
    const where = describeTarget(options.admin);
    const schema = await migrateRoomSchema(client, where);
    const database = pg.escapeIdentifier(options.admin.database);
    // Only seats (and the admin) connect to the room database.
    await client.query(`REVOKE CONNECT ON DATABASE ${database} FROM PUBLIC`);
    await client.query(`GRANT CONNECT ON DATABASE ${database} TO ${SEAT_GROUP_ROLE}`);
    const seats: SeatCredentials[] = [];
    for (const seat of options.seats) seats.push(await issueSeat(client, seat, options.credentialsDir));
    return { schema, seats };
  } catch (error) {
    throw roomErrorOf(error, options.admin);
  } finally {
    await closeRoom(client);
  }
}

async function issueSeat(client: pg.Client, seat: string, credentialsDir: string): Promise<SeatCredentials> {
  const role = seatRoleName(seat);
  const password = randomBytes(24).toString('base64url');
  registerSecret(password);
  const verifier = pg.escapeLiteral(scramVerifier(password));
  const quoted = pg.escapeIdentifier(role);
  // A seat role may do nothing but log in and act through the group's grants.
  const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT';
  await client.query('BEGIN');
  let created: boolean;
  try {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    created = exists.rowCount === 0;
    await client.query(
      `${created ? 'CREATE' : 'ALTER'} ROLE ${quoted} WITH ${attributes} PASSWORD ${verifier}`,
    );
    await client.query(`GRANT ${SEAT_GROUP_ROLE} TO ${quoted}`);
    await client.query('INSERT INTO seats (name, role_name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
      seat,
      role,
    ]);
    // Write the file before COMMIT: a password the server accepts is always on disk somewhere.
    const passwordFile = seatPasswordFile(credentialsDir, seat);
    writeFileAtomic(passwordFile, `${password}\n`, { mode: 0o600, durable: true });
    await client.query('COMMIT');
    return { seat, role, passwordFile, created };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
