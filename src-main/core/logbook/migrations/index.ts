import { migration001 } from './001-initial';
import { migration002 } from './002-room-acknowledgements';
import { migration003 } from './003-handover-takeovers';

/** One schema version per file; `version` is the `user_version` the database has after it. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration in order. Append new files here; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003];

/** The schema version this build writes; a database above it is refused. */
export const SCHEMA_VERSION = MIGRATIONS.length;
