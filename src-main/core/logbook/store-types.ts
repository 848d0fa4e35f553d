import type { EntryStatus, OperatorRole, OperatorSummary } from '../../../src-shared/contract';

/*
 * The store's own input types, in a file of their own so every store area, the service and the
 * callers name them without importing the store class (and without an import cycle).
 * `logbook-store.ts` re-exports them: callers keep importing them from there.
 */

/** The logged-in operator a write is done for. */
export interface Actor {
  id: number;
  badge: string;
  name: string;
  role: OperatorRole;
}

/** Who writes, where, and when: stamped on every record. */
export interface WriteContext {
  actor: Actor;
  workstation: string;
  now: Date;
}

/** An operator as stored, PIN hash included (never leaves the core). */
export interface OperatorRecord extends OperatorSummary {
  pinHash: string;
}

/** The entry fields amendments can change, in their parsed form. */
export interface EntryFields {
  observedAt: string;
  category: string;
  commune: string;
  street: string;
  place: string;
  cameras: number[];
  description: string;
  actions: string[];
}

/** A new entry, validated by the contract (defaults applied). */
export interface NewEntry extends EntryFields {
  status: EntryStatus;
  clientRef?: string | undefined;
}

/** A validated imported line. */
export interface ImportedEntry extends Omit<NewEntry, 'clientRef'> {
  line: number;
}

/** What an import wrote: the import's record and its entries, in the file's order. */
export interface ImportResult {
  importId: number;
  entryIds: number[];
}

/** A record's link in the chain: its sequence number and hash. */
export interface ChainLink {
  seq: number;
  hash: string;
}

/** An export handed out, as its chained record describes it. */
export interface NewExport {
  format: string;
  requester: string;
  reason: string;
  /** The selection, as JSON. */
  filter: string;
  entryCount: number;
  fileName: string;
  fileSha256: string;
  /** The chain head the export was taken at (null: empty register). */
  chainHead: ChainLink | null;
}

/** The export's record and its own link in the chain. */
export interface RecordedExport {
  id: number;
  link: ChainLink;
}
