import type { AreaHandlers, HandlerContext } from './handler-context';

type IntegrityMethod = 'logbook.integrity' | 'logbook.verify' | 'logbook.backup';

/**
 * The record's health as the UI shows it: the chain's state, a verification on demand, a manual
 * backup. The work itself stays in LogbookService, which owns verification and backups.
 */
export function integrityHandlers(ctx: HandlerContext): AreaHandlers<IntegrityMethod> {
  return {
    'logbook.integrity': () =>
      ctx.run('logbook.integrity', () => {
        // The chain as it stands now, not as verified at start: the UI shows what was written since.
        const status = ctx.integrity();
        const head = ctx.openStore()?.chain.head() ?? null;
        return head ? { ...status, head, records: head.seq } : status;
      }),
    'logbook.verify': () =>
      ctx.run('logbook.verify', () => {
        ctx.access.requireOperator('logbook.verify');
        return ctx.reverify();
      }),
    'logbook.backup': () =>
      ctx.run('logbook.backup', () => {
        ctx.access.requireOperator('logbook.backup');
        return ctx.backup('manual');
      }),
  };
}
