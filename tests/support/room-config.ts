import path from 'node:path';

/*
 * A room on a test cluster (tests/support/postgres-cluster.ts) as IT configures it (docs/room.md):
 * plain values only, so the vitest suites and the browser e2e (e2e/tsconfig.json) share them.
 */

/** The `room` section of a seat's config, its password file as `room init --out dir` wrote it. */
export function testRoomSection(
  port: number,
  credentialsDir: string,
  seat: string,
  passwordFile = path.join(credentialsDir, `${seat}.room-password`),
) {
  return {
    seat,
    postgres: { host: '127.0.0.1', port, database: 'room', user: `vigie_seat_${seat}`, passwordFile },
  };
}

/** `vigie room init|verify`'s connection arguments, as the cluster's superuser on database `room`. */
export function roomAdminArgs(port: number): string[] {
  return ['--host', '127.0.0.1', '--port', String(port), '--database', 'room', '--user', 'postgres'];
}
