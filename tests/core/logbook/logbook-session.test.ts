import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../../src-main/core/logbook/login-throttle';
import { OperatorSession } from '../../../src-main/core/logbook/operator-session';
import { DUMMY_PIN_HASH, hashPin, verifyPin } from '../../../src-main/core/logbook/pin-hash';

const alice = { id: 1, badge: 'A1', name: 'Alice', role: 'operator' as const };
const bruno = { id: 2, badge: 'B2', name: 'Bruno', role: 'chef de salle' as const };

describe('operator session', () => {
  it('locks after inactivity, keeps the operator visible, and unlocks on login', () => {
    let now = 0;
    const session = new OperatorSession(1000, () => now);
    expect(session.state()).toBe('none');
    session.login(alice);
    expect([session.state(), session.locksAt()]).toEqual(['active', 1000]);
    now = 900;
    session.touch();
    now = 1800;
    expect(session.activeOperator()).toEqual(alice);
    now = 1900;
    expect(session.state()).toBe('locked');
    expect(session.who()).toEqual(alice);
    expect(session.activeOperator()).toBeNull();
    session.touch();
    expect(session.state()).toBe('locked');
    session.login(alice);
    expect(session.state()).toBe('active');
    session.lock();
    expect(session.state()).toBe('locked');
    session.login(bruno);
    expect(session.activeOperator()).toEqual(bruno);
    session.logout();
    expect([session.state(), session.who()]).toEqual(['none', null]);
  });

  it('throttles a badge after five wrong PINs, doubling the wait', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now, null, { globalFailures: 1000 });
    const fail = (badge: string) => {
      const reservation = throttle.reserve(badge);
      if (!reservation.ok) throw new Error(`refused ${badge}`);
      reservation.ticket.failed();
    };
    for (let i = 0; i < 4; i += 1) fail('a1');
    expect(throttle.waitFor('A1')).toBe(0);
    fail('A1');
    expect(throttle.waitFor('a1')).toBe(30_000);
    expect(throttle.reserve('a1')).toEqual({ ok: false, waitMs: 30_000 });
    now = 30_000;
    fail('a1');
    expect(throttle.waitFor('a1')).toBe(60_000);
    expect(throttle.waitFor('b2')).toBe(0);
    now = 90_000;
    const reservation = throttle.reserve('A1');
    expect(reservation.ok).toBe(true);
    if (reservation.ok) reservation.ticket.succeeded();
    expect(throttle.waitFor('a1')).toBe(0);
  });

  it('reserves attempts before hashing: a burst gets no more checks than the free attempts', () => {
    const throttle = new LoginThrottle(() => 0, null, { maxConcurrent: 1000, globalFailures: 1000 });
    const granted = Array.from({ length: 400 }, () => throttle.reserve('op01')).filter((r) => r.ok);
    expect(granted).toHaveLength(5);
    for (const reservation of granted) if (reservation.ok) reservation.ticket.failed();
    expect(throttle.reserve('op01').ok).toBe(false);
  });

  it('caps PIN checks running at once over every badge', () => {
    const throttle = new LoginThrottle(() => 0, null);
    const first = throttle.reserve('a');
    const second = throttle.reserve('b');
    expect([first.ok, second.ok, throttle.reserve('c').ok]).toEqual([true, true, false]);
    if (first.ok) first.ticket.cancel();
    expect(throttle.reserve('c').ok).toBe(true);
  });

  it('pauses every badge once wrong PINs pile up across badges', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now, null, { globalFailures: 6, freeAttempts: 5 });
    for (const badge of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const reservation = throttle.reserve(badge);
      if (reservation.ok) reservation.ticket.failed();
    }
    expect(throttle.waitFor('never-tried')).toBe(30_000);
    now = 30_000;
    expect(throttle.waitFor('never-tried')).toBe(0);
  });
});

describe('PIN hashing', () => {
  it('stores scrypt parameters and a salt, and verifies in constant time', async () => {
    const params = { N: 1 << 10, r: 8, p: 1 };
    const a = await hashPin('1234', params);
    const b = await hashPin('1234', params);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(await verifyPin('1234', a)).toBe(true);
    expect(await verifyPin('1235', a)).toBe(false);
    expect(await verifyPin('1234', 'scrypt$test')).toBe(false);
    expect(await verifyPin('1234', 'scrypt$4194304$8$1$AAAA$AAAA')).toBe(false);
    expect(await verifyPin('0000', DUMMY_PIN_HASH)).toBe(false);
  });
});
