import type { SessionStatus } from '../../../src-shared/contract';
import { ServiceError } from '../api/service-result';
import { log } from '../log/logger';
import type { AreaHandlers, HandlerContext } from './handler-context';
import { DUMMY_PIN_HASH } from './pin-hash';

type SessionMethod = 'session.status' | 'session.login' | 'session.logout' | 'session.lock' | 'session.touch';

/**
 * Logs an operator in (or unlocks their session). An unknown badge is checked against a dummy
 * hash under the same throttle, so a wrong badge costs as long as a wrong PIN and tells nothing.
 */
async function login(
  ctx: HandlerContext,
  badge: string,
  pin: string,
  scope: 'workstation' | 'window',
): Promise<SessionStatus> {
  const store = ctx.access.requireStore();
  const operator = store.operatorByBadge(badge);
  const good = await ctx.access.checkPin(
    badge,
    pin,
    operator?.pinHash ?? DUMMY_PIN_HASH,
    () => !!operator?.active,
  );
  if (!operator || !good) {
    log.warn(`logbook: failed login for badge ${badge} on ${ctx.options.workstation}`);
    throw new ServiceError('bad-credentials', 'unknown badge or wrong PIN');
  }
  const previous = ctx.session.who();
  const actor = { id: operator.id, badge: operator.badge, name: operator.name, role: operator.role };
  ctx.session.login(actor, scope);
  log.info(
    scope === 'window'
      ? `logbook: ${operator.badge} logged in for one window on ${ctx.options.workstation} (not on duty)`
      : previous?.id === operator.id
        ? `logbook: ${operator.badge} unlocked the session on ${ctx.options.workstation}`
        : `logbook: ${operator.badge} logged in on ${ctx.options.workstation}`,
  );
  return ctx.access.status();
}

/**
 * The workstation's session: who is on duty, logging in and out, locking, and the activity
 * that keeps the session from locking. Each answers the session status the UI shows.
 */
export function sessionHandlers(ctx: HandlerContext): AreaHandlers<SessionMethod> {
  return {
    'session.status': () => ctx.run('session.status', () => ctx.access.status()),
    'session.login': ({ badge, pin, scope }) => ctx.run('session.login', () => login(ctx, badge, pin, scope)),
    'session.logout': () =>
      ctx.run('session.logout', () => {
        const who = ctx.session.who();
        if (who) log.info(`logbook: ${who.badge} logged out on ${ctx.options.workstation}`);
        ctx.session.logout();
        return ctx.access.status();
      }),
    'session.lock': () =>
      ctx.run('session.lock', () => {
        ctx.session.lock();
        return ctx.access.status();
      }),
    'session.touch': () =>
      ctx.run('session.touch', () => {
        ctx.session.touch();
        return ctx.access.status();
      }),
  };
}
