/**
 * Child process of logbook-crash.test.ts: writes entries and follow-ups as fast as it can into the
 * logbook at argv[2], printing one line per acknowledged write (after its commit returned), until
 * the parent kills it with SIGKILL. stdout to a pipe is synchronous on Linux, so every line the
 * parent reads was committed before it was printed.
 */
import { LogbookStore } from '../../../src-main/core/logbook/logbook-store';

const file = process.argv[2];
const badge = process.argv[3];
if (!file || !badge) throw new Error('usage: logbook-crash-writer FILE BADGE');
const store = LogbookStore.open(file);
const operator = store.operatorByBadge(badge);
if (!operator) throw new Error(`no operator ${badge}`);
const actor = { id: operator.id, badge: operator.badge, name: operator.name, role: operator.role };
process.stdout.write('READY\n');
let last = 0;
for (let i = 0; ; i += 1) {
  const ctx = { actor, workstation: 'poste-crash', now: new Date() };
  if (last && i % 4 === 3) {
    const detail = store.followUp(ctx, last, `suivi ${i}`, i % 8 === 7 ? 'clos' : 'en cours', []);
    process.stdout.write(`FOLLOWUP ${last} ${detail.followUps.at(-1)?.id ?? 0}\n`);
  } else {
    const detail = store.createEntry(
      ctx,
      {
        observedAt: new Date(Date.now() - 1000).toISOString(),
        category: 'autre',
        commune: 'Vigieville',
        street: '',
        place: `Lieu ${i}`,
        cameras: [i % 50],
        description: `Écriture ${i} du processus ${process.pid} ${'x'.repeat(i % 200)}`,
        actions: [],
        status: 'en cours',
      },
      { requireShift: false },
    );
    last = detail.entry.id;
    process.stdout.write(`ENTRY ${last}\n`);
  }
}
