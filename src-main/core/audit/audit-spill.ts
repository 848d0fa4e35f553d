import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { z } from 'zod';
import { AuditActionSchema, OperatorRoleSchema } from '../../../src-shared/contract';
import type { NewAuditEvent } from './audit-store';

const MAGIC = Buffer.from('VAS1');
const HEADER_BYTES = 8;
export const DEFAULT_SPILL_BYTES = 1024 * 1024;

const SpilledSchema = z.array(
  z.object({
    at: z.string(),
    workstation: z.string(),
    operator: z
      .object({ id: z.number(), badge: z.string(), name: z.string(), role: OperatorRoleSchema })
      .nullable(),
    action: AuditActionSchema,
    cameraId: z.string().nullable(),
    durationMs: z.number().nullable(),
    details: z.record(z.string(), z.unknown()),
  }),
);

/**
 * Where audit events that could not be written at stop wait for the next start.
 *
 * Why a file reserved in advance: the usual reason the trail cannot write is a full disk, and
 * then no new file can be created either. The spill file is filled with zeros while there is
 * room (at start), so at stop its blocks already exist and overwriting them needs no free space.
 * Layout: "VAS1", the JSON's length (u32 LE), the JSON; a zero header means empty.
 */
export class AuditSpill {
  constructor(
    readonly file: string,
    private readonly bytes = DEFAULT_SPILL_BYTES,
  ) {}

  /** Allocates the reserve if it is missing or short; throws when the disk is already full. */
  prepare(): void {
    if (existsSync(this.file) && statSync(this.file).size >= this.bytes) return;
    writeFileSync(this.file, Buffer.alloc(this.bytes), { mode: 0o600 });
  }

  /**
   * Writes the events into the reserve, oldest first; returns how many fit (the rest can only be
   * logged). Never allocates: it writes inside the existing file.
   */
  write(events: readonly NewAuditEvent[]): number {
    if (!existsSync(this.file)) return 0;
    const room = Math.min(this.bytes, statSync(this.file).size) - HEADER_BYTES;
    let count = events.length;
    let json = Buffer.from(JSON.stringify(events));
    while (json.length > room && count > 0) {
      count = Math.floor(count / 2);
      json = Buffer.from(JSON.stringify(events.slice(0, count)));
    }
    if (count === 0) return 0;
    const header = Buffer.alloc(HEADER_BYTES);
    MAGIC.copy(header, 0);
    header.writeUInt32LE(json.length, 4);
    const fd = openSync(this.file, 'r+');
    try {
      writeSync(fd, json, 0, json.length, HEADER_BYTES);
      writeSync(fd, header, 0, HEADER_BYTES, 0);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return count;
  }

  /** The events left by the last stop (empty when none); the reserve is then marked empty. */
  take(): NewAuditEvent[] {
    if (!existsSync(this.file)) return [];
    const fd = openSync(this.file, 'r+');
    try {
      const header = Buffer.alloc(HEADER_BYTES);
      readSync(fd, header, 0, HEADER_BYTES, 0);
      if (!header.subarray(0, 4).equals(MAGIC)) return [];
      const length = header.readUInt32LE(4);
      const json = Buffer.alloc(length);
      readSync(fd, json, 0, length, HEADER_BYTES);
      const events: NewAuditEvent[] = SpilledSchema.parse(JSON.parse(json.toString('utf8')));
      writeSync(fd, Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0);
      fsyncSync(fd);
      return events;
    } finally {
      closeSync(fd);
    }
  }
}
