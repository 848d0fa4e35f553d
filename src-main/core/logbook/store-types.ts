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
