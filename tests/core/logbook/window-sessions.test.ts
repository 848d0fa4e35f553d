import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, SessionStatus } from '../../../src-shared/contract';
import { apiCall, apiValue } from '../../support/api-calls';
import { startCore, TestClient, waitFor, type Harness } from '../../support/core-harness';

/**
 * Who is on duty, against a real core: the wall and the main courante share the workstation's
 * operator; an administrator in the administration window logs in for that window only, so the
 * seat, the wall's viewing and the other windows stay the operator on duty's.
 */
describe('the operator on duty and a window of its own', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startCore(
      { version: 1, demo: { count: 1 } },
      { logbook: { scrypt: { N: 1 << 10, r: 8, p: 1 }, backup: { enabled: false } } },
    );
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('an admin in their window is not on duty: the seat, the wall and its viewing stay the operator’s', async () => {
    const wall = await TestClient.connect(harness.endpoint);
    await apiValue(wall, 'operators.bootstrapAdmin', { name: 'Ada Admin', badge: 'ADM1', pin: '2468' });
    await apiValue(wall, 'operators.add', { name: 'Olga Op', badge: 'OP1', role: 'operator', pin: '1357' });
    const onDuty = await apiValue<SessionStatus>(wall, 'session.login', { badge: 'OP1', pin: '1357' });
    expect(onDuty).toMatchObject({
      operator: { badge: 'OP1' },
      scope: 'workstation',
      onDuty: { badge: 'OP1' },
    });

    const admin = await TestClient.connect(harness.endpoint);
    // Before logging in, the administration window sees who is on duty, and is not them.
    expect(await apiValue(admin, 'session.status')).toMatchObject({
      scope: 'workstation',
      onDuty: { badge: 'OP1' },
    });
    const mine = await apiValue<SessionStatus>(admin, 'session.login', {
      badge: 'ADM1',
      pin: '2468',
      scope: 'window',
    });
    expect(mine).toMatchObject({ operator: { badge: 'ADM1' }, scope: 'window', onDuty: { badge: 'OP1' } });
    // The admin's rights in their window; the operator's everywhere else.
    expect(await apiCall(admin, 'audit.query', { limit: 10 })).toMatchObject({ ok: true });
    expect(await apiCall(wall, 'audit.query', { limit: 10 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await apiValue(wall, 'session.status')).toMatchObject({
      operator: { badge: 'OP1' },
      scope: 'workstation',
    });

    // The wall's viewing after the admin's login is still charged to the operator on duty.
    wall.watch(1, 'demo-1');
    await waitFor('video', () => wall.bytes(1) > 10_000, 30_000);
    wall.unwatch(1);
    const events = async () =>
      (await apiValue<{ events: AuditEvent[] }>(admin, 'audit.query', { limit: 100, cameraId: 'demo-1' }))
        .events;
    const start = await waitFor('the view recorded', async () =>
      (await events()).find((event) => event.action === 'tile.start'),
    );
    expect(start.operator?.badge).toBe('OP1');
    // The admin's login is recorded as for their window, replacing nobody.
    const logins = (
      await apiValue<{ events: AuditEvent[] }>(admin, 'audit.query', { limit: 100 })
    ).events.filter((event) => event.action === 'session.login' && event.operator?.badge === 'ADM1');
    expect(logins.at(0)?.details).toEqual({ scope: 'window' });

    // What the admin does there is recorded as theirs, not the operator's.
    await apiValue(admin, 'audit.export', { filter: {}, format: 'csv' });
    const exported = await waitFor('the export recorded', async () =>
      (await apiValue<{ events: AuditEvent[] }>(admin, 'audit.query', { limit: 100 })).events.find(
        (event) => event.action === 'audit.export',
      ),
    );
    expect(exported.operator?.badge).toBe('ADM1');

    // Logging out of the window ends the admin's session only; closing it ends it too.
    expect(await apiValue(admin, 'session.logout')).toMatchObject({
      operator: { badge: 'OP1' },
      scope: 'workstation',
    });
    expect(await apiValue(wall, 'session.status')).toMatchObject({
      state: 'active',
      operator: { badge: 'OP1' },
    });
    await apiValue(admin, 'session.login', { badge: 'ADM1', pin: '2468', scope: 'window' });
    await admin.close();
    const again = await TestClient.connect(harness.endpoint);
    expect(await apiValue(again, 'session.status')).toMatchObject({
      operator: { badge: 'OP1' },
      scope: 'workstation',
    });
    await again.close();
    await wall.close();
  }, 90_000);
});
