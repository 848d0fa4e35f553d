import { ServiceError } from '../api/service-result';
import { log } from '../log/logger';
import type { AreaHandlers, HandlerContext } from './handler-context';
import { publicOperator } from './operator-access';
import { DEFAULT_SCRYPT, hashPin } from './pin-hash';

type OperatorMethod =
  | 'operators.bootstrapAdmin'
  | 'operators.list'
  | 'operators.add'
  | 'operators.setPin'
  | 'operators.setActive';

/**
 * Operator accounts: the first admin on an empty logbook, then adding operators, changing PINs
 * and disabling accounts. PINs are hashed here, before the store sees them; every change is
 * logged with who made it.
 */
export function operatorHandlers(ctx: HandlerContext): AreaHandlers<OperatorMethod> {
  const scrypt = ctx.options.scrypt ?? DEFAULT_SCRYPT;
  return {
    'operators.bootstrapAdmin': ({ name, badge, pin, scope }) =>
      ctx.run('operators.bootstrapAdmin', async () => {
        const store = ctx.access.requireStore();
        if (store.operatorCount() > 0) {
          throw new ServiceError(
            'already-initialized',
            'operators already exist: ask an admin for an account',
          );
        }
        const pinHash = await hashPin(pin, scrypt);
        const admin = store.addOperator({ name, badge, role: 'admin', pinHash }, null, ctx.now(), true);
        log.info(`logbook: first admin ${admin.badge} created on ${ctx.options.workstation}`);
        ctx.session.login({ id: admin.id, badge: admin.badge, name: admin.name, role: admin.role }, scope);
        return ctx.access.status();
      }),
    'operators.list': () =>
      ctx.run('operators.list', () => ctx.access.requireOperator().store.listOperators()),
    'operators.add': (input) =>
      ctx.run('operators.add', async () => {
        const { store, actor } = ctx.access.requireOperator('operators.add');
        const pinHash = await hashPin(input.pin, scrypt);
        const created = store.addOperator({ ...input, pinHash }, actor.id, ctx.now());
        log.info(`logbook: ${actor.badge} added operator ${created.badge} (${created.role})`);
        return created;
      }),
    'operators.setPin': ({ badge, currentPin, newPin }) =>
      ctx.run('operators.setPin', async () => {
        const { store, actor } = ctx.access.requireOperator();
        const target = store.operatorByBadge(badge);
        if (!target) throw new ServiceError('not-found', `no operator with badge ${badge}`);
        if (target.id === actor.id) {
          if (!currentPin || !(await ctx.access.checkPin(target.badge, currentPin, target.pinHash))) {
            throw new ServiceError('bad-credentials', 'the current PIN is wrong', [
              { field: 'currentPin', message: 'wrong PIN', reason: 'wrong-pin' },
            ]);
          }
        } else if (actor.role !== 'admin') {
          throw new ServiceError('forbidden', "only an admin sets another operator's PIN");
        }
        store.setPinHash(target.id, await hashPin(newPin, scrypt));
        log.info(`logbook: ${actor.badge} changed the PIN of ${target.badge}`);
        return publicOperator(target);
      }),
    'operators.setActive': ({ badge, active }) =>
      ctx.run('operators.setActive', () => {
        const { store, actor } = ctx.access.requireOperator('operators.setActive');
        const target = store.operatorByBadge(badge);
        if (!target) throw new ServiceError('not-found', `no operator with badge ${badge}`);
        if (target.id === actor.id && !active)
          throw new ServiceError('conflict', 'you cannot disable yourself', undefined, {
            reason: 'self-disable',
          });
        store.setOperatorActive(target.id, active);
        log.info(`logbook: ${actor.badge} ${active ? 'enabled' : 'disabled'} operator ${target.badge}`);
        return { ...publicOperator(target), active };
      }),
  };
}
