import { describe, expect, it } from 'vitest';
import { ApiMethods, LogbookApiMethods, SessionStatusSchema, outcome } from '../../src-shared/contract';
import { LogbookService } from '../../src-main/core/logbook/logbook-service';

describe('logbook contract', () => {
  it('is part of the one API, and the service has a handler for every method', () => {
    const names = Object.keys(LogbookApiMethods);
    expect(names.length).toBeGreaterThan(25);
    for (const name of names) expect(ApiMethods).toHaveProperty([name]);
    const handlers = new LogbookService({ dataDir: '/nonexistent', workstation: 'x' }).handlers();
    expect(Object.keys(handlers).sort()).toEqual([...names].sort());
  });

  it('answers outcomes: a value or a typed error the UI can put into words', () => {
    const schema = outcome(SessionStatusSchema);
    expect(schema.safeParse({ ok: false, error: { code: 'disk-full', message: 'x' } }).success).toBe(true);
    expect(schema.safeParse({ ok: false, error: { code: 'oops', message: 'x' } }).success).toBe(false);
    expect(schema.safeParse({ ok: true, value: {} }).success).toBe(false);
  });

  it('validates what operators type before the core sees it', () => {
    const create = ApiMethods['logbook.create'].params;
    const good = {
      observedAt: '2025-03-01T22:15:00+01:00',
      category: 'rixe',
      description: '  Rixe  ',
      status: 'en cours',
    };
    expect(create.parse(good)).toMatchObject({ description: 'Rixe', cameras: [], actions: [], commune: '' });
    expect(create.safeParse({ ...good, observedAt: '01/03/2025' }).success).toBe(false);
    expect(create.safeParse({ ...good, status: 'fini' }).success).toBe(false);
    expect(create.safeParse({ ...good, description: '   ' }).success).toBe(false);
    const amend = ApiMethods['logbook.amend'].params;
    expect(amend.safeParse({ entryId: 1, reason: 'x', changes: {} }).success).toBe(false);
    expect(amend.safeParse({ entryId: 1, reason: 'x', changes: { place: 'y' } }).success).toBe(true);
    expect(ApiMethods['session.login'].params.safeParse({ badge: 'A1', pin: '12' }).success).toBe(false);
    expect(
      ApiMethods['operators.add'].params.safeParse({ name: 'X', badge: 'A1', role: 'root', pin: '1234' })
        .success,
    ).toBe(false);
  });
});
