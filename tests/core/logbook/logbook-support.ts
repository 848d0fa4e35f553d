import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EntryDraft } from '../../../src-shared/contract';
import { setupLogging } from '../../../src-main/core/log/logger';
import {
  LogbookStore,
  type Actor,
  type NewEntry,
  type WriteContext,
} from '../../../src-main/core/logbook/logbook-store';

/** Keeps test logs out of the console and out of the user's real log folder. */
export function quietLogs(): void {
  setupLogging({ dataDir: mkdtempSync(path.join(tmpdir(), 'vigie-logbook-logs-')), consoleLevel: false });
}

/** A scratch directory removed by the returned cleanup. */
export function scratchDir(prefix = 'vigie-logbook-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real logbook database file in a temp dir, with two operators and a chef de salle. */
export function scratchStore(): {
  dir: string;
  file: string;
  store: LogbookStore;
  alice: Actor;
  bruno: Actor;
  chef: Actor;
  cleanup: () => void;
} {
  const { dir, cleanup } = scratchDir();
  const file = path.join(dir, 'logbook.sqlite');
  const store = LogbookStore.open(file);
  const now = new Date();
  const add = (badge: string, name: string, role: Actor['role']): Actor => {
    const created = store.addOperator({ badge, name, role, pinHash: 'scrypt$test' }, null, now);
    return { id: created.id, badge, name, role };
  };
  const alice = add('A100', 'Alice Martin', 'operator');
  const bruno = add('B200', 'Bruno Petit', 'operator');
  const chef = add('C300', 'Chloé Chef', 'chef de salle');
  return {
    dir,
    file,
    store,
    alice,
    bruno,
    chef,
    cleanup: () => {
      store.close();
      cleanup();
    },
  };
}

export function ctx(actor: Actor, now = new Date(), workstation = 'poste-1'): WriteContext {
  return { actor, workstation, now };
}

/** A valid draft; override what a test cares about. */
export function draft(overrides: Partial<EntryDraft> = {}): NewEntry {
  return {
    observedAt: new Date(Date.now() - 60_000).toISOString(),
    category: 'rixe',
    commune: 'Vigieville',
    street: 'rue de la Gare',
    place: 'Parvis de la gare',
    cameras: [12],
    description: 'Deux individus se battent devant la gare',
    actions: ['police municipale'],
    status: 'en cours',
    ...overrides,
  };
}
