import pg from 'pg';
import { roomErrorOf, type RoomTarget } from './room-errors';

/**
 * How the room code reaches PostgreSQL: one `pg.Client` per use, with timeouts on everything.
 *
 * Why timeouts everywhere: a seat's replicator must notice a dead server or a cut cable within
 * seconds and go to its retry loop, not hang on a socket for TCP's minutes; and a query that
 * never returns must not hold a batch forever. Why no pool: a seat has one replicator with one
 * connection; a pool would only hide reconnections that the status must show.
 */
export interface RoomConnectionSettings extends RoomTarget {
  password: string;
  /** Shown in `pg_stat_activity`, so IT sees which seat holds which connection. */
  applicationName?: string;
  /** Connecting gives up after this long (default 5 s). */
  connectTimeoutMs?: number;
  /** A query gives up after this long (default 15 s), on the client and on the server. */
  queryTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
export const DEFAULT_QUERY_TIMEOUT_MS = 15_000;

/** The pg settings of every room connection (a pool's too: room-views.ts). */
export function clientConfig(settings: RoomConnectionSettings): pg.ClientConfig {
  const queryTimeout = settings.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  return {
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    password: settings.password,
    application_name: settings.applicationName ?? 'vigie',
    connectionTimeoutMillis: settings.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    query_timeout: queryTimeout,
    statement_timeout: queryTimeout,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/**
 * A connected client, or a thrown {@link RoomError} saying why not (credentials, unreachable,
 * missing database). The client gets an `error` listener at once: pg emits `error` when the
 * server goes away between queries, which would otherwise crash the process. `onLost` is told.
 */
export async function connectRoom(
  settings: RoomConnectionSettings,
  onLost: (error: Error) => void = () => undefined,
): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(settings));
  client.on('error', onLost);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw roomErrorOf(error, settings);
  }
  return client;
}

/** Ends a client without waiting on a dead socket for long. */
export async function closeRoom(client: pg.Client | null): Promise<void> {
  if (!client) return;
  await Promise.race([
    client.end().catch(() => undefined),
    new Promise<void>((resolve) => setTimeout(resolve, 2000).unref()),
  ]);
}
