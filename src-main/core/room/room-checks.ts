import type pg from 'pg';
import { closeRoom, connectRoom, type RoomConnectionSettings } from './room-connection';
import { describeTarget, RoomError, roomErrorOf } from './room-errors';
import {
  assertRoomSchemaVersion,
  assertSeatName,
  readRoomSchemaVersion,
  REPLICA_TABLES,
  type RoomClient,
} from './room-schema';

/**
 * What a seat checks before it replicates anything: that it reached the right server as the right
 * seat, on a schema it understands, with a role that cannot rewrite history.
 *
 * Why refuse a role that may UPDATE or DELETE: the room's integrity promise is that no seat can
 * change a replicated record, whatever runs on it. A seat configured with the admin's account, a
 * superuser, or a role someone granted more than `room init` did, would make that promise false
 * without anyone noticing; so the seat refuses to start replicating and says why, with a stable
 * code (`room-seat-privileges`). The triggers still refuse such changes, but a superuser can switch
 * triggers off, and the check is what tells IT before it matters.
 *
 * Every refusal is a {@link RoomError} with an English message for IT: `room-credentials`,
 * `room-unreachable`, `room-database-missing`, `room-schema-version`, `room-seat-unknown`,
 * `room-seat-privileges`.
 */

interface PrivilegeRow {
  may_select: boolean;
  may_insert: boolean;
  may_update: boolean;
  may_delete: boolean;
  may_truncate: boolean;
  may_update_column: boolean;
}

interface RoleRow {
  user_name: string;
  rolsuper: boolean;
  rolbypassrls: boolean;
}

/** Runs every start-up check on a connected client; throws the first refusal. */
export async function checkRoomSeat(
  client: RoomClient,
  settings: RoomConnectionSettings,
  seat: string,
): Promise<void> {
  assertSeatName(seat);
  const where = describeTarget(settings);
  try {
    assertRoomSchemaVersion(await readRoomSchemaVersion(client), where);

    const role = (
      await client.query<RoleRow>(
        `SELECT current_user AS user_name, r.rolsuper, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user`,
      )
    ).rows[0];
    const registered = (
      await client.query<{ role_name: string }>('SELECT role_name FROM seats WHERE name = $1', [seat])
    ).rows[0];
    if (!registered) {
      throw new RoomError(
        'room-seat-unknown',
        `${where}: seat "${seat}" is not registered in the room: run \`vigie room init --seat ${seat}\``,
      );
    }
    if (role && registered.role_name !== role.user_name) {
      throw new RoomError(
        'room-seat-unknown',
        `${where}: seat "${seat}" logs in as role "${registered.role_name}", but these settings use ` +
          `"${role.user_name}": set room.postgres.user to "${registered.role_name}"`,
      );
    }

    const refused: string[] = [];
    if (role?.rolsuper) refused.push('is a superuser');
    if (role?.rolbypassrls) refused.push('bypasses row-level security');
    for (const table of REPLICA_TABLES) {
      const p = (
        await client.query<PrivilegeRow>(
          `SELECT has_table_privilege(current_user, $1, 'SELECT') AS may_select,
                  has_table_privilege(current_user, $1, 'INSERT') AS may_insert,
                  has_table_privilege(current_user, $1, 'UPDATE') AS may_update,
                  has_table_privilege(current_user, $1, 'DELETE') AS may_delete,
                  has_table_privilege(current_user, $1, 'TRUNCATE') AS may_truncate,
                  has_any_column_privilege(current_user, $1, 'UPDATE') AS may_update_column`,
          [table],
        )
      ).rows[0];
      if (!p) continue;
      if (p.may_update || p.may_update_column) refused.push(`may UPDATE ${table}`);
      if (p.may_delete) refused.push(`may DELETE from ${table}`);
      if (p.may_truncate) refused.push(`may TRUNCATE ${table}`);
      if (!refused.length && (!p.may_select || !p.may_insert)) {
        throw new RoomError(
          'room-server-error',
          `${where}: role "${role?.user_name ?? settings.user}" may not ${p.may_insert ? 'read' : 'insert into'} ` +
            `${table}: run \`vigie room init --seat ${seat}\` again`,
        );
      }
    }
    if (refused.length > 0) {
      throw new RoomError(
        'room-seat-privileges',
        `${where}: refused to start: the seat's role "${role?.user_name ?? settings.user}" ${refused.join(', ')}. ` +
          'A seat may only insert and read replicated records: give it the role `vigie room init` created, ' +
          'or revoke the extra privileges',
      );
    }
  } catch (error) {
    throw roomErrorOf(error, settings);
  }
}

/** Connects as the seat and runs {@link checkRoomSeat}; the client is closed when a check refuses. */
export async function openRoomSeat(
  settings: RoomConnectionSettings,
  seat: string,
  onLost?: (error: Error) => void,
): Promise<pg.Client> {
  const client = await connectRoom(settings, onLost);
  try {
    await checkRoomSeat(client, settings, seat);
    return client;
  } catch (error) {
    await closeRoom(client);
    throw error;
  }
}
