import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

/** One published chain head: "at this moment the chain had `seq` records ending in `hash`". */
export interface ChainAnchor {
  at: string;
  seq: number;
  hash: string;
  /** What published it: the core's start, a handover, a backup. */
  event: string;
}

const AnchorSchema = z.object({
  at: z.string(),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  event: z.string().max(40),
});

export interface AnchorCheck {
  checked: number;
  /** Anchors the chain contradicts: the record is gone, or its hash differs. */
  mismatches: { anchor: ChainAnchor; found: string | null }[];
  /** Lines that are not anchors (a hand edit, a torn last line after a power cut). */
  malformed: number[];
}

/**
 * An append-only file of chain heads, beside the database.
 *
 * Why not the log: chain heads written only to vigie.log disappear with its rotation, and an
 * unauthenticated caller could once make the core log fast enough to rotate them away in a
 * second. This file is only ever appended to (O_APPEND), by the core alone, a few lines a shift,
 * so it keeps every head for the life of the logbook; `vigie logbook verify` checks each one
 * against the chain, which shows a database rewritten from an older copy.
 */
export class ChainAnchors {
  constructor(readonly file: string) {}

  append(anchor: ChainAnchor): void {
    appendFileSync(this.file, `${JSON.stringify(AnchorSchema.parse(anchor))}\n`, { mode: 0o600, flag: 'a' });
  }

  read(): { anchors: ChainAnchor[]; malformed: number[] } {
    if (!existsSync(this.file)) return { anchors: [], malformed: [] };
    const anchors: ChainAnchor[] = [];
    const malformed: number[] = [];
    readFileSync(this.file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (!line.trim()) return;
        try {
          anchors.push(AnchorSchema.parse(JSON.parse(line)));
        } catch {
          malformed.push(index + 1);
        }
      });
    return { anchors, malformed };
  }

  /** Checks every anchor against the chain's own record at that position. */
  check(hashAt: (seq: number) => string | null): AnchorCheck {
    const { anchors, malformed } = this.read();
    const mismatches: AnchorCheck['mismatches'] = [];
    for (const anchor of anchors) {
      const found = hashAt(anchor.seq);
      if (found !== anchor.hash) mismatches.push({ anchor, found });
    }
    return { checked: anchors.length, mismatches, malformed };
  }
}
