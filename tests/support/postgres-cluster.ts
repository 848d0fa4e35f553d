import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port';

/**
 * A private PostgreSQL 15 cluster for one test file, from Debian's own binaries (the `postgresql`
 * apt package, which `.ci/run` installs): a fresh `initdb` in a temp dir, one `postgres` process
 * on a free 127.0.0.1 port with its unix sockets in that temp dir, stopped by its PID and the
 * temp dir removed. Real PostgreSQL, no mock: the room store's promises (grants, triggers, full
 * text in French) are PostgreSQL's, so only PostgreSQL can prove them.
 *
 * initdb and postgres refuse to run as root. This machine and CI run as root, so there the
 * cluster belongs to the existing `postgres` system user: the temp dir is chowned to it and the
 * binaries are spawned with its uid/gid (libuv drops root's supplementary groups). Run as a normal
 * user, everything runs as that user.
 *
 * The superuser `postgres` has a random password; TCP connections need it (scram-sha-256), as a
 * real server would, so wrong-password tests meet PostgreSQL's own refusal.
 */

export const POSTGRES_BIN = process.env.VIGIE_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

const LOOPBACK = '127.0.0.1';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

interface SystemUser {
  uid: number;
  gid: number;
}

/** The `postgres` system user when this process is root (initdb refuses root), else null. */
function clusterOwner(): SystemUser | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const fields = line?.split(':');
  if (!fields || fields.length < 4) {
    throw new Error('running as root, but there is no "postgres" system user: apt-get install postgresql');
  }
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Connection settings for pg, as the tests and the code under test take them. */
export interface ClusterConnection {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

export class PostgresCluster {
  private server: ChildProcess | null = null;
  private exited: Promise<void> | null = null;
  private stderrTail = '';
  private readonly onExit = () => this.killNow();

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly superuserPassword: string,
    private readonly owner: SystemUser | null,
  ) {}

  /** initdb in a fresh temp dir, then start the server on a free loopback port. */
  static async start(): Promise<PostgresCluster> {
    const initdb = path.join(POSTGRES_BIN, 'initdb');
    if (!existsSync(initdb)) {
      throw new Error(`${initdb} not found: apt-get install postgresql (PostgreSQL 15, Debian)`);
    }
    const owner = clusterOwner();
    const dir = mkdtempSync(path.join(tmpdir(), 'vigie-pg-'));
    const password = randomBytes(18).toString('base64url');
    try {
      for (const sub of ['data', 'sock']) mkdirSync(path.join(dir, sub), { mode: 0o700 });
      writeFileSync(path.join(dir, 'pwfile'), `${password}\n`, { mode: 0o600 });
      if (owner) {
        for (const entry of [dir, 'data', 'sock', 'pwfile'])
          chownSync(entry === dir ? dir : path.join(dir, entry), owner.uid, owner.gid);
      }
      const init = spawnSync(
        initdb,
        [
          '-D',
          path.join(dir, 'data'),
          '-U',
          'postgres',
          '--pwfile',
          path.join(dir, 'pwfile'),
          '--auth-host=scram-sha-256',
          '--auth-local=trust',
          '--encoding=UTF8',
          '--no-locale',
          '--no-sync',
        ],
        { encoding: 'utf8', ...(owner ? { uid: owner.uid, gid: owner.gid } : {}), timeout: 120_000 },
      );
      rmSync(path.join(dir, 'pwfile'), { force: true });
      if (init.status !== 0) {
        throw new Error(`initdb failed (${init.status ?? init.signal}): ${init.stderr || init.stdout}`);
      }
      // The port is free when picked; another process may take it before postgres binds, so retry.
      for (let attempt = 1; ; attempt += 1) {
        const cluster = new PostgresCluster(dir, await freePort(), password, owner);
        try {
          await cluster.startServer();
          return cluster;
        } catch (error) {
          if (attempt >= 3 || !/could not bind|address already in use/i.test(String(error))) throw error;
        }
      }
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The postmaster's PID while it runs, else null. */
  get pid(): number | null {
    return this.server?.pid ?? null;
  }

  /** Settings for a connection as the superuser. */
  superuser(database = 'postgres'): ClusterConnection {
    return { host: LOOPBACK, port: this.port, database, user: 'postgres', password: this.superuserPassword };
  }

  /** Settings for a connection as `user`. */
  connection(user: string, password: string, database: string): ClusterConnection {
    return { host: LOOPBACK, port: this.port, database, user, password };
  }

  /** Runs one statement as the superuser on `database` and returns its rows. */
  async query<Row extends pg.QueryResultRow = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
    database = 'postgres',
  ): Promise<Row[]> {
    const client = new pg.Client({ ...this.superuser(database), connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      return (await client.query<Row>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  /** A login role with a password; `superuser` for tests that need one that may do anything. */
  async createRole(
    name: string,
    password: string,
    options: { superuser?: boolean; createRole?: boolean } = {},
  ): Promise<void> {
    const flags = [
      'LOGIN',
      options.superuser ? 'SUPERUSER' : 'NOSUPERUSER',
      options.createRole ? 'CREATEROLE' : '',
    ].join(' ');
    await this.query(
      `CREATE ROLE ${pg.escapeIdentifier(name)} ${flags} PASSWORD ${pg.escapeLiteral(password)}`,
    );
  }

  /** A new database, owned by `owner` (the superuser by default). */
  async createDatabase(name: string, owner = 'postgres'): Promise<void> {
    await this.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} OWNER ${pg.escapeIdentifier(owner)}`);
  }

  /**
   * Starts the server on the cluster's port (again, after {@link stopServer}): the data survives.
   * Resolves once it accepts connections.
   */
  async startServer(): Promise<void> {
    if (this.server) throw new Error('postgres is already running');
    const child = spawn(
      path.join(POSTGRES_BIN, 'postgres'),
      [
        '-D',
        path.join(this.dir, 'data'),
        '-p',
        String(this.port),
        '-c',
        `listen_addresses=${LOOPBACK}`,
        '-c',
        `unix_socket_directories=${path.join(this.dir, 'sock')}`,
        // A test cluster: small, no fsync (a crash loses a throwaway dir), quiet.
        '-c',
        'fsync=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'shared_buffers=16MB',
        '-c',
        'max_connections=40',
        '-c',
        'logging_collector=off',
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        ...(this.owner ? { uid: this.owner.uid, gid: this.owner.gid } : {}),
      },
    );
    this.server = child;
    this.stderrTail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-4000);
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    process.once('exit', this.onExit);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        this.server = null;
        process.off('exit', this.onExit);
        throw new Error(`postgres exited at start: ${this.stderrTail}`);
      }
      try {
        await this.query('SELECT 1');
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          await this.stopServer();
          throw new Error(
            `postgres not ready after ${READY_TIMEOUT_MS} ms: ${String(error)}\n${this.stderrTail}`,
          );
        }
        await sleep(100);
      }
    }
  }

  /**
   * Stops the server by its PID with SIGINT, PostgreSQL's fast shutdown (what `pg_ctl stop -m
   * fast` sends): clients are disconnected, the data stays for {@link startServer}.
   */
  async stopServer(): Promise<void> {
    const child = this.server;
    if (!child?.pid) return;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const stopped = await Promise.race([
        this.exited!.then(() => true),
        sleep(STOP_TIMEOUT_MS).then(() => false),
      ]);
      if (!stopped) {
        child.kill('SIGKILL');
        await this.exited;
      }
    }
    this.server = null;
    process.off('exit', this.onExit);
  }

  /** Stops the server and removes the temp dir. */
  async stop(): Promise<void> {
    await this.stopServer();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The server's last stderr lines (its log), for a failing test's message. */
  logTail(): string {
    return this.stderrTail;
  }

  /** Last resort when the test process exits without stop(): never leave a postgres behind. */
  private killNow(): void {
    const pid = this.server?.pid;
    if (pid === undefined) return;
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      // Already gone.
    }
  }
}
