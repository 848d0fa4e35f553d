import { randomUUID } from 'node:crypto';
import { ServiceError } from '../api/service-result';
import { CHEFS } from '../permissions/permission-table';
import type { AreaHandlers, HandlerContext } from './handler-context';
import { searchEntries } from './logbook-search';

type EntryMethod =
  | 'logbook.taxonomy'
  | 'logbook.taxonomyAdd'
  | 'logbook.taxonomySetActive'
  | 'logbook.prefill'
  | 'logbook.create'
  | 'logbook.amend'
  | 'logbook.followUp'
  | 'logbook.get'
  | 'logbook.search';

/**
 * The entries and what they are written with: the taxonomy, the "log this" draft from a wall
 * tile, writing, amending and following up entries, reading one and searching. Chefs de salle
 * may amend anyone's entry; everyone else their own.
 */
export function entryHandlers(ctx: HandlerContext): AreaHandlers<EntryMethod> {
  return {
    'logbook.taxonomy': () =>
      ctx.run('logbook.taxonomy', () => ctx.access.requireOperator().store.taxonomy()),
    'logbook.taxonomyAdd': ({ kind, label }) =>
      ctx.run('logbook.taxonomyAdd', () =>
        ctx.access.requireOperator('logbook.taxonomyAdd').store.addTaxonomy(kind, label),
      ),
    'logbook.taxonomySetActive': ({ id, active }) =>
      ctx.run('logbook.taxonomySetActive', () =>
        ctx.access.requireOperator('logbook.taxonomySetActive').store.setTaxonomyActive(id, active),
      ),
    'logbook.prefill': ({ cameraId, fault }) =>
      ctx.run('logbook.prefill', () => {
        // Writes nothing: a locked or empty session still gets its draft, kept in the main
        // courante window until the operator is in.
        ctx.access.requireStore();
        const camera = ctx.options.cameraLookup?.(cameraId) ?? null;
        if (!camera) throw new ServiceError('not-found', `no camera ${cameraId}`);
        const prefill = {
          observedAt: ctx.now().toISOString(),
          cameras: [camera.number],
          commune: camera.commune,
          place: camera.name,
          fault: fault
            ? (ctx.options.cameraFault?.(cameraId) ?? {
                since: ctx.now().toISOString(),
                reason: null,
                stream: null,
              })
            : null,
        };
        ctx.options.onDraft?.({ ...prefill, cameraId, draftId: randomUUID() });
        return prefill;
      }),
    'logbook.create': (draft) =>
      ctx.run('logbook.create', () => {
        const { store, actor } = ctx.access.requireOperator();
        return store.createEntry(ctx.writeContext(actor), draft, { requireShift: true });
      }),
    'logbook.amend': ({ entryId, reason, changes }) =>
      ctx.run('logbook.amend', () => {
        const { store, actor } = ctx.access.requireOperator();
        return store.amend(ctx.writeContext(actor), entryId, reason, changes, CHEFS.includes(actor.role));
      }),
    'logbook.followUp': ({ entryId, note, status, actions }) =>
      ctx.run('logbook.followUp', () => {
        const { store, actor } = ctx.access.requireOperator();
        return store.followUp(ctx.writeContext(actor), entryId, note, status, actions);
      }),
    'logbook.get': ({ id }) =>
      ctx.run('logbook.get', () => ctx.access.requireOperator().store.entryDetail(id)),
    'logbook.search': (params) =>
      ctx.run('logbook.search', () => searchEntries(ctx.access.requireOperator().store, params, ctx.now())),
  };
}
